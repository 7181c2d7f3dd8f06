/**
 * What the unfolded graph shows at a cursor position, as a pure function of the layout and the
 * position: which nodes hold a value or a gradient, which step is active, which edges carry the
 * forward flow or the gradient, and in what order the active step's numbers travel along them.
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

/**
 * The order in which a step's edges carry their numbers: what the cursor's step computes, wave by
 * wave. Forward, a value leaves a node once the node is computed (h(t-1) and x(t) at once, h(t)
 * after them, o(t) after h(t)...); in BPTT a gradient goes the other way, from L(t) back to
 * h(t-1). A node's level counts the waves before everything it waits for has arrived; an edge
 * travels in the wave just before its destination's level, so that all that a node waits for
 * arrives together (y(t) reaches L(t) with yhat(t)).
 */
export interface StepFlow {
  /** Per flowing edge id (state 'forward' or 'backward'): its wave, 0 first. */
  readonly edges: ReadonlyMap<string, number>;
  /** Per node id that a flowing edge reaches: its level, the number of waves before it is computed (forward) or has its gradient (BPTT). */
  readonly nodes: ReadonlyMap<string, number>;
  /** How many waves the step has (0: nothing flows). */
  readonly waves: number;
  /** Which way the numbers travel: values from an edge's source, or gradients from its destination. */
  readonly phase: Cursor['phase'];
}

/** The flow of the cursor's step through `edges` (the edges entering step c.t, or any superset). */
export function stepFlow(edges: readonly LayoutEdge[], c: Cursor): StepFlow {
  const flowing = c.phase === 'forward' ? 'forward' : 'backward';
  // Each flow as (origin, destination): a value goes from -> to, a gradient to -> from.
  const flows = edges.filter((e) => edgeState(e, c) === flowing)
    .map((e) => (c.phase === 'forward' ? { id: e.id, origin: e.from, dest: e.to } : { id: e.id, origin: e.to, dest: e.from }));
  const into = new Map<string, string[]>();
  for (const f of flows) into.set(f.dest, [...(into.get(f.dest) ?? []), f.origin]);
  const levels = new Map<string, number>();
  // A step's flows form no cycle (the graph is unrolled), so the recursion ends; a node nothing flows into is at level 0.
  const level = (id: string): number => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    const origins = into.get(id);
    const l = origins ? 1 + Math.max(...origins.map(level)) : 0;
    levels.set(id, l);
    return l;
  };
  const waves = new Map(flows.map((f) => [f.id, level(f.dest) - 1]));
  const nodes = new Map([...into.keys()].map((id) => [id, level(id)]));
  return { edges: waves, nodes, waves: Math.max(0, ...nodes.values()), phase: c.phase };
}

/** How long one wave takes when stepping by hand, ms. */
export const WAVE_MS = 280;
/** While playing, the step's motion takes at most this share of the time between steps. */
const MOTION_SHARE = 0.8;
/** A wave shorter than this is not shown: the motion would be a flicker. */
export const MIN_WAVE_MS = 45;

/**
 * How long each of a step's `waves` takes, ms, when the next step comes in `stepMs` (Infinity
 * when stepping by hand); null when there is nothing to move or it would be too quick to see.
 */
export function waveMs(waves: number, stepMs: number): number | null {
  if (waves === 0) return null;
  const ms = Math.min(WAVE_MS, (MOTION_SHARE * stepMs) / waves);
  return ms >= MIN_WAVE_MS ? ms : null;
}

/** The state of every node and edge at a position, keyed by id. */
export function graphState(layout: UnfoldedLayout, position: number, tau: number): { nodes: Map<string, NodeState>; edges: Map<string, EdgeState> } {
  const c = cursorAt(position, tau);
  return {
    nodes: new Map(layout.nodes.map((n) => [n.id, nodeState(n, c)])),
    edges: new Map(layout.edges.map((e) => [e.id, edgeState(e, c)])),
  };
}
