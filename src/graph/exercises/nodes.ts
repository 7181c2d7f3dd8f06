/**
 * A gated cell's node values as the inspector shows them, read from a trace in the engine's row
 * layout (cellNodeRow) and from the cell's own equation data (the terms of graph/tex), so that no
 * exercise writes a cell's rule again.
 */
import type { Model, Trace, Variant } from '../../engine/index';
import { cellNodeRow, cellOfVariant, initModel, traceOf } from '../../engine/index';
import { cellTermValues } from '../tex/index';
import { drawOf } from './draw';

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

/** A gated cell's state update to work out by hand: a seeded model over tau = 3..6 steps, the step t >= 2 and the entry i asked about, and entry i of any node at any step. */
export interface GatedStep {
  readonly model: Model;
  readonly trace: Trace;
  readonly t: number;
  readonly i: number;
  /** Entry i of node `kind` at step `step`. */
  readonly at: (kind: string, step: number) => number;
}

/** The gated step of a seed: the model (H 2..4, n and K 3..4) and t and i, drawn in that order. */
export function gatedStep(seed: number, variant: Variant): GatedStep {
  const draw = drawOf(seed);
  const tau = draw.int(3, 6);
  const H = draw.int(2, 4);
  const model = initModel({ variant, input: draw.int(3, 4), hidden: H, output: draw.int(3, 4), length: tau, seed: draw.seed() });
  const t = draw.int(2, tau);
  const i = draw.int(0, H - 1);
  const trace = traceOf(model);
  return { model, trace, t, i, at: (kind, step) => nodeEntry(model, trace, kind, step, i) };
}
