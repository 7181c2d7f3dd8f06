/**
 * One forward + BPTT pass over a model, as the buffers of a pass over its cell (./cells: Elman's
 * for Elman and single output, Jordan's, the LSTM's, the GRU's) and the two step functions that
 * fill them: `forwardStep(pass, t)` for t = 1..tau, then `backwardStep(pass, t)` for t = tau..1
 * (shared/MODEL.md). The session and the one-shot `gradients` both run exactly these steps, so
 * they agree bit for bit. The names a, h, dL/da, dL/dh are the section 10.2 networks' views, which
 * the page reads; every cell's nodes and factors are in `forward.nodes` and `backward.factors`.
 */
import type { CellModel, CellModelPass, Nudge } from '../cells/index';
import { cellBackwardStep, cellCrossesBack, cellForwardStep, cellOutputRow, createCellPass } from '../cells/index';
import type { Model, Params } from '../model';
import { cellOfVariant, expectOneCell, paramNames, readoutKindOf } from '../model';
import type { NonFinite } from './nonfinite';

export type { Nudge } from '../cells/index';

/** dL/d(parameter) for each parameter the variant has (paramNames), shaped like it; Jordan has no h0. */
export type ParamGrads = Params;

/** The forward states of every step, filled left to right. */
export interface ForwardStates {
  /** a(t) = b + W f(t-1) + U x(t), tau x H: row t-1 (empty for the gated cells, whose nodes are in `nodes`). */
  readonly a: Float64Array;
  /** h(t) = tanh(a(t)), (tau+1) x H: row t; row 0 is h(0) = h0 (zeros for Jordan, which has none). */
  readonly h: Float64Array;
  /** o(t) = c + V h(t), m x K with m output steps: row t-1 (single output: o(tau) in row 0). */
  readonly o: Float64Array;
  /** yhat(t) = softmax(o(t)), m x K, rows as for o. */
  readonly yhat: Float64Array;
  /** L(t) = -log yhat(t)[y(t)], m entries. */
  readonly stepLosses: Float64Array;
  /** Every node of the model's cell by name (Elman and Jordan: a and h; the LSTM: f, g, q, z, s, h), rows as in ./cells/cell.ts. */
  readonly nodes: Readonly<Record<string, Float64Array>>;
}

/** The per-step backward factors, filled right to left, from which every gradient is made. */
export interface BackwardFactors {
  /** dL/do(t), m x K, Jordan's feedback term included: row as for o. */
  readonly gO: Float64Array;
  /** dL/dh(t), tau x H: row t-1. */
  readonly gH: Float64Array;
  /** dL/da(t) = (1 - h(t)^2) * dL/dh(t), tau x H: row t-1 (empty for the gated cells, whose factors are in `factors`). */
  readonly gA: Float64Array;
  /** Every backward factor of the model's cell by name (`dh`, `da`; the LSTM's `ds`, `dpf` ...), rows as in ./cells/cell.ts. */
  readonly factors: Readonly<Record<string, Float64Array>>;
  /** dL/d(parameter), summed over the steps done so far (t = tau down to the cursor). */
  readonly grads: ParamGrads;
  /**
   * The cross-time gradient that step t sends back to step t-1: W^T dL/da(t), H entries
   * (dL/dh(t-1) through W; Elman, single output) or K entries (dL/df(t-1); Jordan).
   */
  readonly carry: Float64Array;
}

/** A model with the buffers of one pass over it. */
export interface Pass {
  readonly model: Model;
  readonly forward: ForwardStates;
  readonly backward: BackwardFactors;
  /** L(1) + ... + L(t): the sum of the step losses of the forward steps done so far, from t = 1 up. */
  loss: number;
  /** The first value that was not finite, if any. */
  nonFinite: NonFinite | null;
  /** The cell pass the step functions run; null for a pass rebuilt from a trace's buffers, which cannot step. */
  readonly cells: CellModelPass | null;
}

/** The cell a model runs on. */
const cellFor = (model: Pick<Model, 'variant'>) => cellOfVariant(model.variant);

/** Whether nothing crosses time in this model at all: Jordan's teacher forcing. */
export const teacherForced = (model: Pick<Model, 'variant' | 'feedback'>): boolean => cellFor(model).throughOutput?.crosses(model.feedback) === false;

/** A model as its cell's model (absent nonlinearity: tanh). */
export function cellModelOf(model: Model): CellModel {
  const params: Record<string, Float64Array> = {};
  for (const name of paramNames(model.variant)) params[name] = model.params[name]!;
  return {
    cell: cellFor(model), sizes: model.sizes, params, sequence: model.sequence, truncation: model.truncation,
    readout: readoutKindOf(model), nonlinearity: model.nonlinearity ?? 'tanh', feedback: model.feedback,
  };
}

/**
 * The a(t) and dL/da(t) of a cell that has none: a new empty array for each pass, never one
 * shared (a pass's buffers are transferred to another thread, which detaches them).
 */
const none = (): Float64Array => new Float64Array(0);

/** Allocates the buffers of one pass (all zeros; h(0) = h0), with a nudge for finite differences of dL/d(node). */
export function createPass(model: Model, nudge: Nudge | null = null): Pass {
  expectOneCell(model);
  const cells = createCellPass(cellModelOf(model), nudge);
  const { nodes, factors, grads, carry } = cells.cell;
  return {
    model,
    forward: { a: nodes.a ?? none(), h: nodes.h!, o: cells.o, yhat: cells.yhat, stepLosses: cells.stepLosses, nodes },
    backward: {
      gO: cells.gO, gH: factors.dh!, gA: factors.da ?? none(), factors,
      grads,
      carry: carry.f ?? carry.h!,
    },
    get loss() { return cells.loss; },
    set loss(v: number) { cells.loss = v; },
    get nonFinite() { return cells.nonFinite as NonFinite | null; },
    set nonFinite(v: NonFinite | null) { cells.nonFinite = v; },
    cells,
  };
}

/** Row of o, yhat, L and dL/do holding step t, or -1 when step t has no output. */
export function outputRow(model: Model, t: number): number {
  return cellOutputRow(readoutKindOf(model), model.sequence.length, t);
}

/** y(t): the class id that step t's output is scored against (step t must have an output). */
export function targetAt(model: Model, t: number): number {
  return model.sequence.targets[outputRow(model, t)]!;
}

/** Whether the cross-time gradient from step t+1 reaches step t (1 <= t < tau) under truncation. */
export function crossesBack(model: Model, t: number): boolean {
  return cellCrossesBack({ cell: cellFor(model), feedback: model.feedback, truncation: model.truncation, sequence: model.sequence }, t);
}

/** The cell pass of a pass that can step. */
function stepping(pass: Pass): CellModelPass {
  if (!pass.cells) throw new Error('a pass rebuilt from a trace cannot step');
  return pass.cells;
}

/** Forward step t (1..tau): a(t), h(t), and where step t has an output, o(t), yhat(t), L(t). */
export function forwardStep(pass: Pass, t: number): void {
  cellForwardStep(stepping(pass), t);
}

/**
 * Backward step t (tau..1), after every forward step and the backward steps t+1..tau:
 * dL/do(t), dL/dh(t), dL/da(t), step t's contribution to every parameter gradient, and the
 * carry W^T dL/da(t) for step t-1 (for Elman and single output at t = 1, dL/dh0).
 */
export function backwardStep(pass: Pass, t: number): void {
  cellBackwardStep(stepping(pass), t);
}
