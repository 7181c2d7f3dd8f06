/**
 * What the unfolded graph shows at a cursor position, as a pure function of (layout, position,
 * time): which nodes hold a value or a gradient, which step is active, which edges carry the
 * forward flow or the gradient, and the dash offset of the flow at time `ms`.
 */
import type { LayoutEdge, LayoutNode, UnfoldedLayout } from './layout';
import { mirror } from '../../engine/index';

/** The pass the cursor is in, and the step it just computed (0 at the start). */
export interface Cursor {
  readonly phase: 'forward' | 'backward';
  readonly t: number;
}

/** Position 0..2 tau as a phase and step: forward t = p for p <= tau, then backward t = 2 tau - p + 1. */
export function cursorAt(position: number, tau: number): Cursor {
  return position <= tau ? { phase: 'forward', t: position } : { phase: 'backward', t: mirror(tau, position) };
}

/** What one node shows. */
export interface NodeState {
  /** Its value is computed (inputs and targets are known from the start... of their step). */
  readonly value: boolean;
  /** dL/d(node) is computed (BPTT has reached its step). */
  readonly gradient: boolean;
  /** It belongs to the step just computed. */
  readonly active: boolean;
}

/** What one edge shows. */
export type EdgeState = 'idle' | 'forward' | 'forward-done' | 'backward' | 'backward-done' | 'cut';

/** Whether the forward pass has computed step t at this cursor (h(0) always). */
const forwardReached = (c: Cursor, t: number): boolean => t === 0 || c.phase === 'backward' || t <= c.t;
/** Whether BPTT has reached step t at this cursor. */
const backwardReached = (c: Cursor, t: number): boolean => c.phase === 'backward' && t >= c.t;

/** The state of a node at a cursor. h(0) gets its gradient, dL/dh0, with step 1. */
export function nodeState(node: LayoutNode, c: Cursor): NodeState {
  const value = forwardReached(c, node.t);
  const gradientStep = node.t === 0 ? 1 : node.t;
  const gradient = backwardReached(c, gradientStep) && node.kind !== 'x' && node.kind !== 'y';
  const active = c.t > 0 && (node.t === c.t || (c.phase === 'backward' && c.t === 1 && node.t === 0));
  return { value, gradient, active };
}

/** The state of an edge at a cursor: flowing into the active step, done before it, or cut. */
export function edgeState(edge: LayoutEdge, c: Cursor): EdgeState {
  if (c.phase === 'forward') {
    if (!edge.carriesForward) return 'cut';
    if (edge.t === c.t) return 'forward';
    return edge.t < c.t ? 'forward-done' : 'idle';
  }
  if (edge.cut !== null) return 'cut';
  if (!edge.carriesGradient) return 'forward-done';
  if (edge.t === c.t) return 'backward';
  return edge.t > c.t ? 'backward-done' : 'forward-done';
}

/** Period of the flow's dashes, in user units. */
export const DASH_PERIOD = 16;

/**
 * The stroke-dashoffset of a flowing edge at time `ms`: dashes move from `from` to `to` in the
 * forward pass and back in BPTT, one period every 400 ms.
 */
export function flowDashOffset(state: EdgeState, ms: number): number {
  const phase = ((ms % 400) / 400) * DASH_PERIOD;
  if (state === 'forward') return DASH_PERIOD - phase;
  if (state === 'backward') return phase;
  return 0;
}

/** The state of every node and edge at a position, keyed by id. */
export function graphState(layout: UnfoldedLayout, position: number, tau: number): { nodes: Map<string, NodeState>; edges: Map<string, EdgeState> } {
  const c = cursorAt(position, tau);
  return {
    nodes: new Map(layout.nodes.map((n) => [n.id, nodeState(n, c)])),
    edges: new Map(layout.edges.map((e) => [e.id, edgeState(e, c)])),
  };
}
