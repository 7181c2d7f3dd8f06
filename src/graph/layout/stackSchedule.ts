/**
 * The cursor over a deep or bidirectional network's pass (book sections 10.3 and 10.5), in the
 * order the engine computes it (engine/stack): forward, one sweep per layer and direction, layer
 * by layer and in each layer the forward direction then the reverse (whose steps run from tau
 * down to 1); the output layer at each step as the last sweep reaches it. BPTT runs the same
 * sweeps backwards: the last sweep first, each from its last own step to its first, so that a
 * node's gradient is computed after the gradient of everything that reads it. Position 0..2F,
 * F = layers x directions x tau: forward positions 1..F, BPTT F+1..2F. One layer in one
 * direction is the schedule of ./animation.ts (F = tau).
 *
 * Each node has the position at which its value is computed and the one at which its gradient
 * is; a node and an edge show what the cursor has reached of them.
 */
import type { StackShape } from '../../engine/index';
import { directionsOf } from '../../engine/index';
import type { EdgeState, NodeState } from './animation';
import type { LayoutEdge, LayoutNode, UnfoldedLayout } from './layout';

/** One sweep: a layer in one direction. */
export interface Sweep {
  readonly layer: number;
  readonly reverse: boolean;
}

/** The forward sweeps in the order they run: layer by layer, forward then reverse. */
export function sweepsOf(shape: StackShape): Sweep[] {
  const out: Sweep[] = [];
  for (let layer = 0; layer < shape.layers; layer++) for (let d = 0; d < directionsOf(shape); d++) out.push({ layer, reverse: d === 1 });
  return out;
}

/** The number of forward positions, F: a position per step of every sweep. */
export const forwardPositions = (shape: StackShape, tau: number): number => sweepsOf(shape).length * tau;

/** Where the cursor is: the phase, the sweep it is in (its index among the forward sweeps), and the own steps of that sweep done. */
export interface StackCursor {
  readonly phase: 'forward' | 'backward';
  /** Index into sweepsOf: forward, the sweep running; BPTT, the forward sweep being run backwards. */
  readonly sweep: number;
  /** Own steps done in that sweep: 0..tau (forward: steps 1..k; BPTT: own steps tau..tau - k + 1). */
  readonly steps: number;
  readonly position: number;
}

/** The cursor at a position 0..2F. */
export function stackCursorAt(position: number, tau: number, shape: StackShape): StackCursor {
  const S = sweepsOf(shape).length;
  const F = S * tau;
  if (position <= F) {
    if (position === 0) return { phase: 'forward', sweep: 0, steps: 0, position };
    return { phase: 'forward', sweep: Math.floor((position - 1) / tau), steps: ((position - 1) % tau) + 1, position };
  }
  const j = Math.floor((position - F - 1) / tau);
  return { phase: 'backward', sweep: S - 1 - j, steps: ((position - F - 1) % tau) + 1, position };
}

/** Where the cursor is, as a learner reads it: the phase, the layer and direction running, and the column (the sequence's step) it computes; column 0 before anything is. */
export interface StackPlace extends Sweep {
  readonly phase: 'forward' | 'backward';
  readonly column: number;
}

/** The place of a cursor: forward, a sweep's own step k is column k (the reverse's: tau + 1 - k); BPTT runs each sweep's own steps from tau down. */
export function stackPlaceOf(c: StackCursor, tau: number, shape: StackShape): StackPlace {
  const sweep = sweepsOf(shape)[c.sweep]!;
  const own = c.phase === 'forward' ? c.steps : tau + 1 - c.steps;
  const column = c.position === 0 ? 0 : sweep.reverse ? tau + 1 - own : own;
  return { phase: c.phase, ...sweep, column };
}

/** When a node's value and its gradient are computed: positions (0: known from the start; Infinity: never). */
export interface NodeTimes {
  readonly value: number;
  readonly gradient: number;
}

/**
 * Every node's times in a stack's layout: a cell's node at own step s of sweep i is computed at
 * i tau + s and gets its gradient at F + (S - 1 - i) tau + (tau + 1 - s); an initial state (own
 * step 0) is known from the start and gets its gradient with own step 1; data (x, y) is known
 * from the start and has none; o(t), yhat(t) and L(t) come with the last sweep's step at t (read
 * once at the end, `readout` 'last': once every sweep is done, and first in BPTT).
 */
export function stackTimes(layout: UnfoldedLayout, tau: number, shape: StackShape, readout: 'every' | 'last'): Map<string, NodeTimes> {
  const sweeps = sweepsOf(shape);
  const S = sweeps.length;
  const F = S * tau;
  const indexOf = (layer: number, reverse: boolean): number => sweeps.findIndex((s) => s.layer === layer && s.reverse === reverse);
  const ownStep = (reverse: boolean, t: number): number => (reverse ? tau + 1 - t : t);
  const at = (i: number, s: number): NodeTimes => ({
    value: s === 0 ? 0 : i * tau + s,
    gradient: F + (S - 1 - i) * tau + (tau + 1 - Math.max(s, 1)),
  });
  const last = sweeps[S - 1]!;
  const times = new Map<string, NodeTimes>();
  for (const n of layout.nodes) {
    if (n.kind === 'x' || n.kind === 'y') times.set(n.id, { value: 0, gradient: Infinity });
    else if (n.layer === undefined) times.set(n.id, readout === 'last' ? { value: F, gradient: F + 1 } : at(S - 1, ownStep(last.reverse, n.t)));
    else times.set(n.id, at(indexOf(n.layer, n.reverse === true), ownStep(n.reverse === true, n.t)));
  }
  return times;
}

/** A node's state at a cursor, from its times. */
export function stackNodeState(node: LayoutNode, times: NodeTimes, c: StackCursor): NodeState {
  const value = c.position >= times.value;
  const gradient = c.position >= times.gradient && node.kind !== 'x' && node.kind !== 'y';
  const active = c.position > 0 && (c.position === times.value || c.position === times.gradient);
  return { value, gradient, active };
}

/** An edge's state at a cursor: it flows into its destination when that is computed (forward) or sends back when that gets its gradient (BPTT). */
export function stackEdgeState(edge: LayoutEdge, to: NodeTimes, c: StackCursor): EdgeState {
  if (c.phase === 'forward') {
    if (!edge.carriesForward) return 'cut';
    if (c.position === to.value) return 'forward';
    return c.position > to.value ? 'forward-done' : 'idle';
  }
  if (edge.cut !== null) return 'cut';
  if (!edge.carriesGradient) return 'forward-done';
  if (c.position === to.gradient) return 'backward';
  return c.position > to.gradient ? 'backward-done' : 'forward-done';
}
