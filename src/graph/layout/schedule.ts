/**
 * How the cursor sets the look of an unfolded graph's nodes and edges, behind one face for the
 * view: one cell's pass (./animation.ts: position 0..2 tau, a column per step) or a deep or
 * bidirectional network's sweeps (./stackStates.ts: position 0..2F, a layer and direction at a
 * time). At each position the view asks for a Moment once and reads every element from it.
 */
import type { Cursor, EdgeState, NodeState } from './animation';
import { cursorAt, edgeState, nodeState } from './animation';
import type { LayoutEdge, LayoutNode } from './layout';

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
