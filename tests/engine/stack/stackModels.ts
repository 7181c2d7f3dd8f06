/** Seeded random deep and bidirectional networks for the stack's tests. */
import type { Nonlinearity } from '../../../src/engine/cells/index';
import { cellOf } from '../../../src/engine/cells/index';
import type { Inputs, Sizes } from '../../../src/engine/model';
import { createRng } from '../../../src/engine/rng';
import type { StackShape } from '../../../src/engine/stack/names';
import { stackParamNames, stackParamShape } from '../../../src/engine/stack/names';
import type { StackModel } from '../../../src/engine/stack/stack';

/** What a random stack is drawn as. */
export interface Draw extends StackShape {
  readonly cell: string;
  readonly nonlinearity?: Nonlinearity;
  readonly readout: 'every' | 'last';
  readonly dense: boolean;
  readonly truncation?: number | null;
  readonly sizes?: Sizes;
  readonly tau?: number;
}

/** A seeded random stack: every parameter uniform in +-0.8, inputs and targets drawn. */
export function randomStack(seed: number, d: Draw): StackModel {
  const rng = createRng(seed);
  const cell = cellOf(d.cell)!;
  const sizes = d.sizes ?? { input: 3, hidden: 3, output: 3 };
  const tau = d.tau ?? 4;
  const params: Record<string, Float64Array> = {};
  for (const name of stackParamNames(cell, d)) {
    const [rows, cols] = stackParamShape(cell, sizes, d, name);
    params[name] = Float64Array.from({ length: rows * cols }, () => rng.uniform(-0.8, 0.8));
  }
  const inputs: Inputs = d.dense
    ? { kind: 'dense', values: Float64Array.from({ length: tau * sizes.input }, () => rng.uniform(-1, 1)) }
    : { kind: 'tokens', ids: Int32Array.from({ length: tau }, () => rng.int(sizes.input)) };
  const targets = Int32Array.from({ length: d.readout === 'last' ? 1 : tau }, () => rng.int(sizes.output));
  return {
    cell, sizes, layers: d.layers, bidirectional: d.bidirectional, params, sequence: { length: tau, inputs, targets },
    truncation: d.truncation ?? null, readout: d.readout, nonlinearity: d.nonlinearity ?? 'tanh',
  };
}

export const describeDraw = (d: Draw) => `${d.cell}${d.nonlinearity === 'relu' ? '/relu' : ''} D=${d.layers}${d.bidirectional ? ' bidirectional' : ''} ${d.readout} ${d.dense ? 'dense' : 'tokens'}${d.truncation ? ` k=${d.truncation}` : ''}`;

/** Every cell a stack can be made of: the Elman cell with tanh and ReLU, the LSTM, the GRU. */
export const CELLS: readonly { readonly cell: string; readonly nonlinearity?: Nonlinearity }[] = [{ cell: 'elman' }, { cell: 'elman', nonlinearity: 'relu' }, { cell: 'lstm' }, { cell: 'gru' }];
