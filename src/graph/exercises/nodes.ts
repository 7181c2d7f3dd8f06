/**
 * A gated cell's node values as the inspector shows them, read from a trace in the engine's row
 * layout (cellNodeRow) and from the cell's own equation data (the terms of graph/tex), so that no
 * exercise writes a cell's rule again.
 */
import type { Model, Trace } from '../../engine/index';
import { cellNodeRow, cellOfVariant } from '../../engine/index';
import { cellTermValues } from '../tex/index';

/** Entry i of node `kind` at step t (a carried state at t = 0 is its initial state). */
export function nodeEntry(model: Model, trace: Trace, kind: string, t: number, i: number): number {
  const H = model.sizes.hidden;
  return trace.nodes[kind]![cellNodeRow(cellOfVariant(model.variant), kind, t) * H + i]!;
}

/** Entry i of each term of node `kind`'s forward equation at step t, in the equation's order (s(t): f ⊙ s(t-1), then g ⊙ z). */
export function termEntries(model: Model, trace: Trace, kind: string, t: number, i: number): number[] {
  const equation = cellOfVariant(model.variant).equations?.[kind];
  if (!equation) throw new RangeError(`${kind}: a ${model.variant} cell has no equation for it`);
  return cellTermValues(model, trace, equation, t).map((v) => v[i]!);
}
