/**
 * The live numbers behind the explanations of section 10.2's margin questions: why o(t) is
 * "unnormalised log-probabilities", how the loss is a sum of per-step negative log-likelihoods,
 * and what BPTT costs. Pure: from the model and its trace.
 */
import type { Model, Trace } from '../../engine/index';
import { outputRow, outputSteps, peakHeld, teacherForced } from '../../engine/index';

/** softmax(o(t)) and log yhat(t) beside o(t): o = log yhat + logsumexp(o). */
export interface SoftmaxDemo {
  /** The step t. */
  readonly t: number;
  /** o(t), yhat(t) = softmax(o(t)), log yhat(t): all K entries. */
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  readonly logYhat: Float64Array;
  /** c = logsumexp(o(t)) = log sum_i exp(o_i): the constant o(t) - log yhat(t) equals entry by entry. */
  readonly constant: number;
  /** max_i |o_i - log yhat_i - c|: zero up to rounding. */
  readonly deviation: number;
  /** sum_i yhat_i: 1 up to rounding. */
  readonly total: number;
  /** max_i |softmax(o(t) + shift)_i - yhat_i|: adding a constant to o changes nothing. */
  readonly shiftChange: number;
  readonly shift: number;
}

/** Row of trace.o / trace.yhat holding step t, or -1 (single output: only t = tau). */
const rowOf = (model: Model, t: number): number => (t >= 1 && t <= model.sequence.length ? outputRow(model, t) : -1);

/** softmax of v, computed here (max-shifted), independent of the engine's. */
function softmax(v: Float64Array): Float64Array {
  const max = Math.max(...v);
  const e = v.map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** The softmax demonstration at step t, or null when step t has no output. */
export function softmaxDemo(model: Model, trace: Trace, t: number, shift = 5): SoftmaxDemo | null {
  const row = rowOf(model, t);
  if (row < 0) return null;
  const K = model.sizes.output;
  const o = trace.o.slice(row * K, (row + 1) * K);
  const yhat = trace.yhat.slice(row * K, (row + 1) * K);
  const logYhat = yhat.map(Math.log);
  const max = Math.max(...o);
  const constant = max + Math.log(o.reduce((a, x) => a + Math.exp(x - max), 0));
  let deviation = 0;
  for (let i = 0; i < K; i++) deviation = Math.max(deviation, Math.abs(o[i]! - logYhat[i]! - constant));
  const moved = softmax(o.map((x) => x + shift));
  let shiftChange = 0;
  for (let i = 0; i < K; i++) shiftChange = Math.max(shiftChange, Math.abs(moved[i]! - yhat[i]!));
  return { t, o, yhat, logYhat, constant, deviation, total: yhat.reduce((a, b) => a + b, 0), shiftChange, shift };
}

/** One term of the loss: -log p_model(y(t) | x(1..t)) = -log yhat(t)[y(t)]. */
export interface LossTerm {
  readonly t: number;
  /** y(t), a class id. */
  readonly target: number;
  /** yhat(t)[y(t)]. */
  readonly p: number;
  /** L(t) as the engine computed it. */
  readonly loss: number;
}

export interface LossSum {
  readonly terms: readonly LossTerm[];
  /** L = sum_t L(t). */
  readonly total: number;
  /** prod_t yhat(t)[y(t)] = p_model(y(1..tau) | x(1..tau)), and exp(-L), which equals it. */
  readonly product: number;
  readonly expMinusTotal: number;
}

/** The loss as the sum of the per-step negative log-likelihoods. */
export function lossSum(model: Model, trace: Trace): LossSum {
  const K = model.sizes.output;
  const m = outputSteps(model);
  const tau = model.sequence.length;
  const terms = Array.from({ length: m }, (_, row) => {
    const target = model.sequence.targets[row]!;
    return { t: m === 1 ? tau : row + 1, target, p: trace.yhat[row * K + target]!, loss: trace.stepLosses[row]! };
  });
  const total = terms.reduce((a, x) => a + x.loss, 0);
  return { terms, total, product: terms.reduce((a, x) => a * x.p, 1), expMinusTotal: Math.exp(-total) };
}

/** What BPTT holds and why it runs in order. */
export interface BpttCost {
  readonly tau: number;
  /** Numbers BPTT holds at the turn from the forward to the backward pass, for tau and for 2 tau steps. */
  readonly held: number;
  readonly heldDouble: number;
  /** Whether step t's forward pass needs step t-1's (all but teacher forcing). */
  readonly chained: boolean;
}

export function bpttCost(model: Model): BpttCost {
  const tau = model.sequence.length;
  const doubled = { ...model, sequence: { ...model.sequence, length: 2 * tau } };
  return { tau, held: peakHeld(model), heldDouble: peakHeld(doubled), chained: !teacherForced(model) };
}
