/**
 * When each node of a deep or bidirectional network's graph is computed and what it and its edges
 * show at a cursor (the order of ./stackSchedule.ts), and the view's Schedule of it (./schedule.ts).
 * Outside the layout's index, imported where a stack is drawn: only that chunk carries it.
 */
import type { StackShape } from '../../engine/index';
import { readoutKindOf } from '../../engine/index';
import type { EdgeState, NodeState } from './animation';
import type { LayoutEdge, LayoutInput, LayoutNode, UnfoldedLayout } from './layout';
import { unfoldedLayout } from './layout';
import type { Schedule } from './schedule';
import type { StackCursor } from './stackSchedule';
import { forwardPositions, stackCursorAt, stackPlaceOf, sweepsOf } from './stackSchedule';

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

/**
 * A stack's sweeps (stackTimes). A column's look depends on the cursor through the sweep and
 * phase, where the column lies against the cursor's column in that sweep, whether an initial
 * state's gradient arrives now (own step 1: column 1, or tau for the reverse), and whether the
 * cursor is at F or F + 1 (a single output is read once every sweep is done, and first in BPTT).
 */
export function stackSchedule(layout: UnfoldedLayout, tau: number, shape: StackShape, readout: 'every' | 'last'): Schedule {
  const times = stackTimes(layout, tau, shape, readout);
  const F = forwardPositions(shape, tau);
  const timesOf = (id: string): NodeTimes => times.get(id)!;
  return {
    end: 2 * F,
    at: (position) => {
      const c = stackCursorAt(position, tau, shape);
      const { column } = stackPlaceOf(c, tau, shape);
      const edge = position === F ? 1 : position === F + 1 ? 2 : 0;
      const base = 1 + 12 * (3 * (2 * c.sweep + (c.phase === 'backward' ? 1 : 0)) + edge);
      return {
        node: (n) => stackNodeState(n, timesOf(n.id), c),
        edge: (e) => stackEdgeState(e, timesOf(e.to), c),
        key: (t) => (position === 0 ? 0 : base + 4 * (Math.sign(t - column) + 1) + (t === 0 || t === tau + 1 ? 1 + Number(t === 0 ? column === 1 : column === tau) : 0)),
        column,
        cursor: null,
      };
    },
  };
}

/**
 * What the graph and the inspector of a stacked model draw, from its shape alone (a trained
 * version, other parameters, draws the same): its layout (`input`: its cell opened or not, a
 * generated sequence's inputs drawn from the outputs before them) and the schedule of its sweeps.
 */
export function stackDrawing(input: LayoutInput & { readonly stack: StackShape }): { readonly layout: UnfoldedLayout; readonly schedule: Schedule } {
  const layout = unfoldedLayout(input);
  return { layout, schedule: stackSchedule(layout, input.tau, input.stack, readoutKindOf(input)) };
}
