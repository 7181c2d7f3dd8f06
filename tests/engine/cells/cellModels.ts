/**
 * Cell models for the cell tests: read from a shared fixture's JSON (the model file's layout:
 * matrices as arrays of rows), or drawn at random from a seed.
 */
import type { Cell, CellModel, Nonlinearity } from '../../../src/engine/cells/index';
import { cellOf, cellParamNames, cellParamShape } from '../../../src/engine/cells/index';
import type { Feedback, Inputs, Sizes } from '../../../src/engine/model';
import { createRng } from '../../../src/engine/rng';

interface FixtureModel {
  variant: string;
  nonlinearity?: Nonlinearity;
  feedback?: Feedback;
  sizes: Sizes;
  params: Record<string, number[] | number[][]>;
  sequence: { inputs: number[] | number[][]; /** One class id for the single-output network. */ targets: number[] | number };
  truncation?: number;
}

/** A fixture's model as a cell model (`single-output`: the Elman cell read out at the end). */
export function cellModelOfFixture(json: FixtureModel): CellModel {
  const last = json.variant === 'single-output';
  const cell = cellOf(last ? 'elman' : json.variant);
  if (!cell) throw new Error(`no cell ${json.variant}`);
  const params: Record<string, Float64Array> = {};
  for (const name of cellParamNames(cell)) params[name] = Float64Array.from(json.params[name]!.flat());
  const first = json.sequence.inputs[0];
  const inputs: Inputs = Array.isArray(first)
    ? { kind: 'dense', values: Float64Array.from((json.sequence.inputs as number[][]).flat()) }
    : { kind: 'tokens', ids: Int32Array.from(json.sequence.inputs as number[]) };
  return {
    cell, sizes: json.sizes, params,
    sequence: { length: json.sequence.inputs.length, inputs, targets: Int32Array.from([json.sequence.targets].flat()) },
    truncation: json.truncation ?? null, readout: last ? 'last' : 'every', nonlinearity: json.nonlinearity ?? 'tanh', feedback: json.feedback ?? null,
  };
}

export interface RandomOptions {
  readonly n: number;
  readonly H: number;
  readonly K: number;
  readonly tau: number;
  readonly dense: boolean;
  readonly truncation: number | null;
  readonly readout: CellModel['readout'];
  /** Default tanh. */
  readonly nonlinearity?: Nonlinearity;
  /** Jordan's; default logits. */
  readonly feedback?: Feedback;
  /** Scale of every parameter, drawn uniform in +-scale. */
  readonly scale?: number;
}

/** A seeded random model of a cell: every parameter (biases and initial states too) uniform in +-scale. */
export function randomCellModel(cell: Cell, seed: number, o: RandomOptions): CellModel {
  const rng = createRng(seed);
  const sizes: Sizes = { input: o.n, hidden: o.H, output: o.K };
  const scale = o.scale ?? 0.8;
  const params: Record<string, Float64Array> = {};
  for (const name of cellParamNames(cell)) {
    const [rows, cols] = cellParamShape(cell, sizes, name);
    params[name] = Float64Array.from({ length: rows * cols }, () => rng.uniform(-scale, scale));
  }
  const inputs: Inputs = o.dense
    ? { kind: 'dense', values: Float64Array.from({ length: o.tau * o.n }, () => rng.uniform(-1, 1)) }
    : { kind: 'tokens', ids: Int32Array.from({ length: o.tau }, () => rng.int(o.n)) };
  const targets = Int32Array.from({ length: o.readout === 'last' ? 1 : o.tau }, () => rng.int(o.K));
  return { cell, sizes, params, sequence: { length: o.tau, inputs, targets }, truncation: o.truncation, readout: o.readout, nonlinearity: o.nonlinearity ?? 'tanh',
    feedback: cell.throughOutput ? (o.feedback ?? 'logits') : null,
  };
}
