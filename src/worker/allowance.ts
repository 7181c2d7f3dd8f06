/** How long the worker may honestly take over a model: the size of its pass, and the watchdog's extra time for one. */
import type { ModelFile } from '../engine/index';
import { VARIANTS, cellOfVariant } from '../engine/index';
import type { Model, Variant } from '../engine/model';

/**
 * Extra watchdog time for one pass over a model: its flops, 6 tau (u H^2 + H K) with u affine
 * units per step (Elman 1, GRU 3, LSTM 4), at a pessimistic 0.2 GFLOP/s (the engine does about 3
 * on the benchmark machine), so that the largest model (about 10 GFLOP for Elman, four times
 * that for the LSTM) is not mistaken for a hang.
 */
export function passAllowanceMs(size: PassSize): number {
  const { hidden: H, output: K, length, units } = size;
  return (6 * length * (units * H * H + H * K)) / 2e5;
}

/** What the cost of one pass depends on: H, K, tau and the cell's affine units per step. */
export interface PassSize {
  readonly hidden: number;
  readonly output: number;
  readonly length: number;
  /** The cell's affine units b + U x(t) + W h(t-1) per step: one per input weight matrix. */
  readonly units: number;
}

/** The affine units per step of a variant's cell (1 for a file's variant the engine does not know: the worker refuses it). */
const unitsOf = (variant: Variant): number =>
  (VARIANTS.includes(variant) ? cellOfVariant(variant).params.filter((p) => p.kind === 'input').length : 1);

/** The pass size of a model file. */
export const passSizeOf = (file: ModelFile): PassSize =>
  ({ hidden: file.sizes.hidden, output: file.sizes.output, length: file.sequence.inputs.length, units: unitsOf(file.variant) });

/** The pass size of a model. */
export const passSizeOfModel = (model: Model): PassSize =>
  ({ hidden: model.sizes.hidden, output: model.sizes.output, length: model.sequence.length, units: unitsOf(model.variant) });
