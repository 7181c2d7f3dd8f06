/**
 * A deep network in one direction, forward one step at a time (free running, ../sample.ts): step
 * t runs every layer's cell step t, bottom to top, then the output layer, before step t + 1 runs.
 * The same cell steps and output layer as the whole pass (./stack.ts), taken in another order, so
 * the same numbers bit for bit. Each layer's cell pass reads its input at its step: layer 0 x(t) of
 * the sequence (so x(t) may be written just before step t runs), layer l > 0 z(t) of the layer
 * under, which that layer's step t has just written. A bidirectional network cannot run this way:
 * its reverse direction's first step reads x(tau), the sequence's end.
 */
import type { CellModelPass } from '../cells/index';
import { cellOutputRow, createCellPass } from '../cells/index';
import type { Inputs } from '../model';
import { describeStack } from './names';
import type { StackModel, StackNonFinite } from './stack';
import { expectStackable, layerForwardStep, layerModel, noteCell, outputForwardRow } from './stack';

/** A one-direction stack's forward pass, filled a step at a time. */
export interface StackSteps {
  readonly model: StackModel;
  /** The cell pass of each layer, bottom to top, its steps the sequence's. */
  readonly cells: readonly CellModelPass[];
  /** z(t) of each layer, tau x H, row t-1: the layer's h(t), which the layer above (or the output layer) reads. */
  readonly z: readonly Float64Array[];
  /** o(t), yhat(t): m x K with m output steps, row t-1 (read at the end: o(tau) in row 0). */
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  /** L(t), m entries, each scored against y(t) as it was when step t ran. */
  readonly stepLosses: Float64Array;
  /** L(1) + ... + L(t) over the steps done so far. */
  loss: number;
  /** The first value that stopped being finite, in the steps' order (step t's layers bottom to top, then its output). */
  nonFinite: StackNonFinite | null;
}

/** Allocates the buffers of a one-direction stack's forward pass (z(t) all zeros); throws for a bidirectional one. */
export function createStackSteps(model: StackModel): StackSteps {
  expectStackable(model);
  if (model.bidirectional) throw new RangeError(`${describeStack(model.cell, model)} cannot run a step at a time: its reverse direction reads the sequence from its end`);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const cells: CellModelPass[] = [];
  const z: Float64Array[] = [];
  let below: Inputs = model.sequence.inputs;
  for (let l = 0; l < model.layers; l++) {
    cells.push(createCellPass(layerModel(model, l, false, below)));
    const out = new Float64Array(tau * H);
    z.push(out);
    below = { kind: 'dense', values: out };
  }
  const m = model.readout === 'last' ? 1 : tau;
  return { model, cells, z, o: new Float64Array(m * K), yhat: new Float64Array(m * K), stepLosses: new Float64Array(m), loss: 0, nonFinite: null };
}

/** Row of o, yhat and L holding step t, or -1 when step t has no output. */
export const stackOutputRow = (model: StackModel, t: number): number => cellOutputRow(model.readout, model.sequence.length, t);

/**
 * Forward step t (1..tau, after steps 1..t-1): each layer's h(t) (and the cell's other nodes)
 * into z(t) of the layer, bottom to top; then, where step t has an output, o(t) = c + V z(t) of
 * the top layer, yhat(t) and L(t).
 */
export function stackForwardStep(steps: StackSteps, t: number): void {
  const { model, cells, z } = steps;
  cells.forEach((pass, l) => {
    layerForwardStep(model, pass, 0, z[l]!, t);
    noteCell(steps, pass, l, false);
  });
  const r = stackOutputRow(model, t);
  if (r >= 0) steps.loss += outputForwardRow(model, steps, r, t, z[model.layers - 1]!, (t - 1) * model.sizes.hidden, null, steps);
}
