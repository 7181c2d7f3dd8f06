/**
 * What the cells' graph functions read of a finished pass (./cell.ts CellValues), one rule each:
 * a backward factor's entry, and a node's entry at its row (a carried state's row t, any other
 * node's row t-1).
 */
import type { Cell, CellValues, GraphEdge } from './cell';

/** d(t)[i] of the backward factor `name` (tau x H, row t-1). */
export const factorAt = (v: CellValues, name: string, t: number, i: number): number => v.factors[name]![(t - 1) * v.sizes.hidden + i]!;

/** node(t)[i] of a node that does not cross time (tau x H, row t-1). */
export const nodeAt = (v: CellValues, name: string, t: number, i: number): number => v.nodes[name]![(t - 1) * v.sizes.hidden + i]!;

/** state(t)[i] of a carried state ((tau+1) x H, row t; row 0 the initial state). */
export const stateAt = (v: CellValues, name: string, t: number, i: number): number => v.nodes[name]![t * v.sizes.hidden + i]!;

/** Whether an edge is from `from` (of step t-1 when `prev`) to `to`. */
export const isEdge = (edge: GraphEdge, from: string, to: string, prev = false): boolean =>
  edge.from === from && edge.to === to && (edge.prev === true) === prev;

/** The key of an edge of a cell's graph, e.g. `h@-1->f:opened` (from step t-1, drawn in the opened cell) or `s->h`: how a trace stores what it carries. */
export const graphEdgeKey = (edge: GraphEdge): string => `${edge.from}${edge.prev ? '@-1' : ''}->${edge.to}${edge.shown ? `:${edge.shown}` : ''}`;

/** The graph functions of a cell whose every node's gradient is a kept factor and whose edges carry weights alone (Elman's, Jordan's). */
export const affineGraph = {
  nodeGradient: (v: CellValues, node: string, t: number, i: number): number => factorAt(v, `d${node}`, t, i),
  edgeGradient: (): void => undefined,
};

/** dL/d(node)(t) as a vector of H entries (Cell.nodeGradient entry by entry), for the inspector, its equations and the Check. */
export const nodeGradientOf = (cell: Cell, v: CellValues, node: string, t: number): Float64Array =>
  Float64Array.from({ length: v.sizes.hidden }, (_, i) => cell.nodeGradient(v, node, t, i));
