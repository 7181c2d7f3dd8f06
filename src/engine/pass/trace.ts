/**
 * A whole finished pass as plain buffers for the graph panels: every forward state, every
 * backward factor, the parameter gradients, and the cross-time gradient each step sends back;
 * with what the stepping session shows at any position that the buffers alone do not tell (the
 * size of each parameter gradient summed so far, and where sums stopped being finite), so that
 * the snapshot at every position is read from the trace (snapshotOfTrace).
 */
import { euclideanNorm, frobeniusNorm } from '../train/clip';
import { matTVecAdd } from '../kernels';
import { outputSteps, paramNames } from '../model';
import type { NonFinite } from './nonfinite';
import type { ParamGrads, Pass } from './pass';
import { backwardStep } from './pass';
import { nonFiniteGradients } from './contributions';
import { runForward, totalLoss } from './gradients';
import type { Model } from '../model';

/** The buffers of a pass over a model (row layouts as in ForwardStates and BackwardFactors). */
export interface Trace {
  /** a(t), tau x H. */
  readonly a: Float64Array;
  /** h(t), (tau+1) x H; row 0 is h(0). */
  readonly h: Float64Array;
  /** o(t), yhat(t): m x K (single output: one row, for t = tau). */
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  /** L(t), m entries. */
  readonly stepLosses: Float64Array;
  /** dL/do(t) m x K, dL/dh(t) tau x H, dL/da(t) tau x H. */
  readonly gO: Float64Array;
  readonly gH: Float64Array;
  readonly gA: Float64Array;
  /**
   * W^T dL/da(t), tau rows of H (Elman, single output: toward h(t-1)) or K (Jordan: toward f(t-1)):
   * what step t sends back across time, whether or not truncation lets it arrive.
   */
  readonly back: Float64Array;
  /** ||dL/dx(t)|| = ||U^T dL/da(t)||, tau entries: the size of the gradient the U edge of step t carries back. */
  readonly inputGradNorms: Float64Array;
  /** ||V^T dL/do(t)||, m entries (rows as for o): the size of the gradient the V edge of step t carries back to h(t). */
  readonly outputGradNorms: Float64Array;
  /** dL/d(parameter), summed over every step. */
  readonly grads: ParamGrads;
  /**
   * ||dL/d(param)|| (frobeniusNorm) of each gradient summed over backward steps tau..t, tau rows
   * of one entry per parameter in paramNames order: row t-1 after backward step t.
   */
  readonly gradNormsByStep: Float64Array;
  /** The first value of a node, of dL/d(node) or of the loss's sum that was not finite, in the order the pass computes them; null if none. */
  readonly nodeFault: NonFinite | null;
  /** Each parameter gradient whose sum over the steps stopped being finite, at the step that made it so, in paramNames order. */
  readonly sumFaults: readonly NonFinite[];
  /** The first non-finite value of the pass: nodeFault, else the first of sumFaults; null if none. */
  readonly nonFinite: NonFinite | null;
}

/** The trace of a full pass over a model: the pass run forward, then backward one step at a time with the sums' norms taken after each. */
export function traceOf(model: Model): Trace {
  const pass = runForward(model);
  const { input: n, hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const names = paramNames(model.variant);
  const P = names.length;
  const { grads } = pass.backward;
  const gradNormsByStep = new Float64Array(tau * P);
  for (let t = tau; t >= 1; t--) {
    backwardStep(pass, t);
    for (let j = 0; j < P; j++) gradNormsByStep[(t - 1) * P + j] = frobeniusNorm(grads[names[j]!]!);
  }
  const { forward: f, backward: g } = pass;
  const width = model.variant === 'jordan' ? K : H;
  const back = new Float64Array(tau * width);
  for (let t = 1; t <= tau; t++) matTVecAdd(back, (t - 1) * width, model.params.W!, H, width, g.gA, (t - 1) * H);
  const nodeFault = pass.nonFinite;
  const sumFaults = nonFiniteGradients(pass);
  return {
    a: f.a, h: f.h, o: f.o, yhat: f.yhat, stepLosses: f.stepLosses,
    gO: g.gO, gH: g.gH, gA: g.gA, back,
    inputGradNorms: rowNormsOfProduct(model.params.U!, H, n, g.gA, tau),
    outputGradNorms: rowNormsOfProduct(model.params.V!, K, H, g.gO, outputSteps(model)),
    grads, gradNormsByStep, nodeFault, sumFaults, nonFinite: nodeFault ?? sumFaults[0] ?? null,
  };
}

/** ||M^T g_r|| for each of the `count` rows g_r of G (M is rows x cols; G is count x rows), scaled as the global norm is. */
function rowNormsOfProduct(M: Float64Array, rows: number, cols: number, G: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  const v = new Float64Array(cols);
  for (let r = 0; r < count; r++) {
    v.fill(0);
    matTVecAdd(v, 0, M, rows, cols, G, r * rows);
    out[r] = euclideanNorm([v]);
  }
  return out;
}

/** The buffers of a trace, to transfer with postMessage. */
export function traceTransfer(trace: Trace): ArrayBuffer[] {
  const { a, h, o, yhat, stepLosses, gO, gH, gA, back, inputGradNorms, outputGradNorms, grads, gradNormsByStep } = trace;
  return [a, h, o, yhat, stepLosses, gO, gH, gA, back, inputGradNorms, outputGradNorms, gradNormsByStep, ...Object.values(grads)]
    .map((v) => v.buffer as ArrayBuffer);
}

/** A finished Pass over the trace's buffers, so that pass functions (e.g. stepContribution) read a trace. */
export function passOfTrace(model: Model, trace: Trace): Pass {
  const width = model.variant === 'jordan' ? model.sizes.output : model.sizes.hidden;
  return {
    model,
    forward: { a: trace.a, h: trace.h, o: trace.o, yhat: trace.yhat, stepLosses: trace.stepLosses, nodes: { a: trace.a, h: trace.h } },
    backward: { gO: trace.gO, gH: trace.gH, gA: trace.gA, factors: { dh: trace.gH, da: trace.gA }, grads: trace.grads, carry: new Float64Array(width) },
    loss: totalLoss(trace.stepLosses),
    nonFinite: trace.nonFinite,
    cells: null,
  };
}
