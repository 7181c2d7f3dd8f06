/**
 * The vectors of one step read from a trace (views of its buffers, or small new arrays for
 * the products the equations show), and which cross-time gradient terms reach a step.
 */
import type { Model, Trace } from '../../engine/index';
import { feedsBack } from '../../engine/index';
import { matTVecAdd, matVecAdd } from '../../engine/kernels';
import { outputRow, teacherForced } from '../../engine/pass/pass';
import { truncationCut } from '../../engine/cells/index';

/** Entries r*len .. (r+1)*len of a buffer, as a view. */
const row = (buf: Float64Array, r: number, len: number): Float64Array => buf.subarray(r * len, (r + 1) * len);

/** The step vectors of a trace over a model. */
export interface StepVectors {
  /** h(t), H entries; h(0) = h0 (zeros for Jordan). */
  h(t: number): Float64Array;
  /** a(t), H entries, t >= 1. */
  a(t: number): Float64Array;
  /** o(t), K entries, or null where step t has no output. */
  o(t: number): Float64Array | null;
  /** yhat(t), K entries, or null where step t has no output. */
  yhat(t: number): Float64Array | null;
  /** L(t), or NaN where step t has no output. */
  loss(t: number): number;
  /** x(t), n entries (the one-hot of the token for token inputs). */
  x(t: number): Float64Array;
  /** Jordan's f(t-1): o(t-1), yhat(t-1) or onehot(y(t-1)); zeros at t = 1. K entries. */
  f(t: number): Float64Array;
  /** dL/dh(t), dL/da(t), H entries, t >= 1. */
  gH(t: number): Float64Array;
  gA(t: number): Float64Array;
  /** dL/do(t), K entries, or null where step t has no output. */
  gO(t: number): Float64Array | null;
  /** W^T dL/da(t): what step t sends back across time (H entries, Jordan K). */
  back(t: number): Float64Array;
  /** M v for a rows x cols matrix M. */
  mul(M: Float64Array, rows: number, cols: number, v: Float64Array): Float64Array;
  /** M^T g for a rows x cols matrix M. */
  mulT(M: Float64Array, rows: number, cols: number, g: Float64Array): Float64Array;
}

/** The step vectors of `trace`, a pass over `model`. */
export function stepVectors(model: Model, trace: Trace): StepVectors {
  const { input: n, hidden: H, output: K } = model.sizes;
  const width = feedsBack(model.variant) ? K : H;
  const out = (t: number, buf: Float64Array): Float64Array | null => {
    const r = outputRow(model, t);
    return r < 0 ? null : row(buf, r, K);
  };
  const onehotOf = (id: number, size: number): Float64Array => {
    const v = new Float64Array(size);
    if (id >= 0 && id < size) v[id] = 1;
    return v;
  };
  const vectors: StepVectors = {
    h: (t) => row(trace.h, t, H),
    a: (t) => row(trace.a, t - 1, H),
    o: (t) => out(t, trace.o),
    yhat: (t) => out(t, trace.yhat),
    loss: (t) => {
      const r = outputRow(model, t);
      return r < 0 ? NaN : trace.stepLosses[r]!;
    },
    x: (t) => {
      const inputs = model.sequence.inputs;
      return inputs.kind === 'tokens' ? onehotOf(inputs.ids[t - 1]!, n) : row(inputs.values, t - 1, n);
    },
    f: (t) => {
      if (t <= 1) return new Float64Array(K);
      if (model.feedback === 'teacher') return onehotOf(model.sequence.targets[t - 2]!, K);
      return row(model.feedback === 'softmax' ? trace.yhat : trace.o, t - 2, K);
    },
    gH: (t) => row(trace.gH, t - 1, H),
    gA: (t) => row(trace.gA, t - 1, H),
    gO: (t) => out(t, trace.gO),
    back: (t) => row(trace.back, t - 1, width),
    mul: (M, rows, cols, v) => {
      const r = new Float64Array(rows);
      matVecAdd(r, 0, M, rows, cols, v, 0);
      return r;
    },
    mulT: (M, rows, cols, g) => {
      const r = new Float64Array(cols);
      matTVecAdd(r, 0, M, rows, cols, g, 0);
      return r;
    },
  };
  return vectors;
}

/**
 * What happens to the cross-time term at step t (MODEL.md, BPTT and truncated BPTT): `last` at
 * t = tau (nothing comes back), `teacher` (Jordan with teacher forcing: no path back), `truncation`
 * (t is a multiple of the window k), else `kept`.
 */
export type CrossTime = 'last' | 'teacher' | 'truncation' | 'kept';

/** The fate of the cross-time gradient term arriving at step t (0 <= t <= tau). */
export function crossTime(model: Model, t: number): CrossTime {
  if (t >= model.sequence.length) return 'last';
  if (teacherForced(model)) return 'teacher';
  if (truncationCut(model.truncation, t)) return 'truncation';
  return 'kept';
}

/** The words under a cut term: why no gradient crosses here. */
export function cutReason(model: Model, fate: CrossTime): string {
  return fate === 'teacher' ? 'cut: teacher forcing' : `cut: truncation, k = ${model.truncation ?? 0}`;
}
