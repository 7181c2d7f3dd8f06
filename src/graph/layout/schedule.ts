/**
 * How the cursor sets the look of an unfolded graph's nodes and edges, behind one face for the
 * view: one cell's pass (./animation.ts: position 0..2 tau, a column per step) or a deep or
 * bidirectional network's sweeps (./stackSchedule.ts: position 0..2F, a layer and direction at a
 * time). At each position the view asks for a Moment once and reads every element from it.
 */
import type { StackShape } from '../../engine/index';
import type { Cursor, EdgeState, NodeState } from './animation';
import { cursorAt, edgeState, nodeState } from './animation';
import type { LayoutEdge, LayoutNode, UnfoldedLayout } from './layout';
import type { NodeTimes } from './stackSchedule';
import { forwardPositions, stackCursorAt, stackEdgeState, stackNodeState, stackPlaceOf, stackTimes } from './stackSchedule';

/** The schedule read at one position. */
export interface Moment {
  node: (node: LayoutNode) => NodeState;
  edge: (edge: LayoutEdge) => EdgeState;
  /**
   * A small number per column t: equal at two positions only when every node and edge of column t
   * looks the same at both (the view redraws the columns whose key changed).
   */
  key: (t: number) => number;
  /** The column of what the cursor computes (kept in view while stepping). */
  readonly column: number;
  /** One cell's cursor, whose step's numbers move along its edges (stepMotion); null where nothing moves (a stack's sweeps). */
  readonly cursor: Cursor | null;
}

export interface Schedule {
  /** The last position: BPTT done. */
  readonly end: number;
  at: (position: number) => Moment;
}

/**
 * One cell's pass: a node's and an edge's state depend on the cursor only through the phase and
 * where their step lies relative to the cursor's (h(0) also on whether BPTT has reached step 1).
 */
export function cellSchedule(tau: number): Schedule {
  return {
    end: 2 * tau,
    at: (position) => {
      const c = cursorAt(position, tau);
      return {
        node: (n) => nodeState(n, c),
        edge: (e) => edgeState(e, c),
        key: (t) => (c.phase === 'backward' ? 4 : 0) + Math.sign(t - c.t) + 1 + (t === 0 && c.t === 1 ? 8 : 0),
        column: c.t,
        cursor: c,
      };
    },
  };
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
