/**
 * The peer of `npm run bench`'s cells row: the section 10.2 pass as it was before the engine ran
 * on cells (src/engine/pass.ts at the commit before "the engine's pass runs on the cells"), one
 * function per variant's case, frozen here so that each run times it beside the cell pass.
 * Not used by the app. `gradientsBefore(model)` runs forward 1..tau and backward tau..1.
 */
import {
  columnAdd, dot, firstNonFinite, matVecAdd, outerAdd, outerAddAndMatTVecAdd, softmaxLoss, vecAdd,
} from '../src/engine/kernels';
import type { Model, Params } from '../src/engine/model';
import { outputSteps } from '../src/engine/model';
import type { NonFinite, NonFiniteNode } from '../src/engine/pass/nonfinite';

/** dL/d(parameter) for each parameter the variant has, shaped like it; Jordan has no h0. */
export type ParamGrads = Params;

/** The forward states of every step, filled left to right. */
export interface ForwardStates {
  /** a(t) = b + W f(t-1) + U x(t), tau x H: row t-1. */
  readonly a: Float64Array;
  /** h(t) = tanh(a(t)), (tau+1) x H: row t; row 0 is h(0) = h0 (zeros for Jordan, which has none). */
  readonly h: Float64Array;
  /** o(t) = c + V h(t), m x K with m output steps: row t-1 (single output: o(tau) in row 0). */
  readonly o: Float64Array;
  /** yhat(t) = softmax(o(t)), m x K, rows as for o. */
  readonly yhat: Float64Array;
  /** L(t) = -log yhat(t)[y(t)], m entries. */
  readonly stepLosses: Float64Array;
}

/** The per-step backward factors, filled right to left, from which every gradient is made. */
export interface BackwardFactors {
  /** dL/do(t), m x K, Jordan's feedback term included: row as for o. */
  readonly gO: Float64Array;
  /** dL/dh(t), tau x H: row t-1. */
  readonly gH: Float64Array;
  /** dL/da(t) = (1 - h(t)^2) * dL/dh(t), tau x H: row t-1. */
  readonly gA: Float64Array;
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
}

/** Allocates the buffers of one pass (all zeros; h(0) = h0). */
export function createPass(model: Model): Pass {
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const m = outputSteps(model);
  const p = model.params;
  const h = new Float64Array((tau + 1) * H);
  if (p.h0 !== undefined) h.set(p.h0);
  return {
    model,
    forward: {
      a: new Float64Array(tau * H), h, o: new Float64Array(m * K),
      yhat: new Float64Array(m * K), stepLosses: new Float64Array(m),
    },
    backward: {
      gO: new Float64Array(m * K), gH: new Float64Array(tau * H), gA: new Float64Array(tau * H),
      grads: {
        U: new Float64Array(p.U!.length), W: new Float64Array(p.W!.length), V: new Float64Array(p.V!.length),
        b: new Float64Array(p.b!.length), c: new Float64Array(p.c!.length), ...(p.h0 === undefined ? {} : { h0: new Float64Array(p.h0.length) }),
      },
      carry: new Float64Array(model.variant === 'jordan' ? K : H),
    },
    loss: 0,
    nonFinite: null,
  };
}

/** Row of o, yhat, L and dL/do holding step t, or -1 when step t has no output. */
export function outputRow(model: Model, t: number): number {
  if (model.variant !== 'single-output') return t - 1;
  return t === model.sequence.length ? 0 : -1;
}

/** Whether the cross-time gradient from step t+1 reaches step t (1 <= t < tau) under truncation. */
export function crossesBack(model: Model, t: number): boolean {
  if (t >= model.sequence.length) return false;
  if (model.variant === 'jordan' && model.feedback === 'teacher') return false;
  return model.truncation === null || t % model.truncation !== 0;
}

/** Records the first non-finite entry of v[vo..vo+len) as `node` at step t, if none was seen yet. */
function check(pass: Pass, direction: NonFinite['pass'], t: number, node: NonFiniteNode, v: Float64Array, vo: number, len: number): void {
  if (pass.nonFinite) return;
  const i = firstNonFinite(v, vo, len);
  if (i >= 0) pass.nonFinite = { pass: direction, step: t, node, index: i, value: v[vo + i]! };
}

/** Where Jordan's f(t-1) lives for logits (o(t-1)) and softmax (yhat(t-1)) feedback. */
function feedbackStates(pass: Pass): Float64Array {
  return pass.model.feedback === 'logits' ? pass.forward.o : pass.forward.yhat;
}

/** A small change to one entry of one node at one step, for finite differences of dL/d(node). */
export interface Nudge {
  readonly node: 'a' | 'h' | 'o';
  readonly t: number;
  readonly index: number;
  /** Added to the entry right after it is computed, before anything reads it. */
  readonly eps: number;
}

/** Adds the nudge to v[offset + index] when it is for this node and step. */
function applyNudge(nudge: Nudge | null, node: Nudge['node'], t: number, v: Float64Array, offset: number): void {
  if (nudge !== null && nudge.node === node && nudge.t === t) v[offset + nudge.index] = v[offset + nudge.index]! + nudge.eps;
}

/**
 * Forward step t (1..tau): a(t), h(t), and where step t has an output, o(t), yhat(t), L(t).
 * A nudge (finite differences only) changes one entry of a(t), h(t) or o(t) as it is computed.
 */
export function forwardStep(pass: Pass, t: number, nudge: Nudge | null = null): void {
  const { model, forward: f } = pass;
  const { input: n, hidden: H, output: K } = model.sizes;
  const U = model.params.U!, W = model.params.W!, V = model.params.V!, b = model.params.b!, c = model.params.c!;
  const inputs = model.sequence.inputs;
  const ao = (t - 1) * H;
  f.a.set(b, ao);
  if (inputs.kind === 'tokens') {
    const id = inputs.ids[t - 1]!;
    for (let i = 0; i < H; i++) f.a[ao + i] = f.a[ao + i]! + U[i * n + id]!;
  } else {
    matVecAdd(f.a, ao, U, H, n, inputs.values, (t - 1) * n);
  }
  if (model.variant !== 'jordan') {
    matVecAdd(f.a, ao, W, H, H, f.h, (t - 1) * H);
  } else if (model.feedback === 'teacher') {
    if (t > 1) {
      const y = model.sequence.targets[t - 2]!;
      for (let i = 0; i < H; i++) f.a[ao + i] = f.a[ao + i]! + W[i * K + y]!;
    }
  } else {
    if (t > 1) matVecAdd(f.a, ao, W, H, K, feedbackStates(pass), (t - 2) * K);
  }
  applyNudge(nudge, 'a', t, f.a, ao);
  const ho = t * H;
  for (let i = 0; i < H; i++) f.h[ho + i] = Math.tanh(f.a[ao + i]!);
  applyNudge(nudge, 'h', t, f.h, ho);
  check(pass, 'forward', t, 'a', f.a, ao, H);
  check(pass, 'forward', t, 'h', f.h, ho, H);

  const row = outputRow(model, t);
  if (row < 0) return;
  const oo = row * K;
  f.o.set(c, oo);
  matVecAdd(f.o, oo, V, K, H, f.h, ho);
  applyNudge(nudge, 'o', t, f.o, oo);
  f.stepLosses[row] = softmaxLoss(f.yhat, oo, f.o, oo, K, model.sequence.targets[row]!);
  check(pass, 'forward', t, 'o', f.o, oo, K);
  check(pass, 'forward', t, 'yhat', f.yhat, oo, K);
  check(pass, 'forward', t, 'L', f.stepLosses, row, 1);
  // The sum of finite step losses can still overflow.
  pass.loss += f.stepLosses[row]!;
  if (!pass.nonFinite && !Number.isFinite(pass.loss)) pass.nonFinite = { pass: 'forward', step: t, node: 'loss', index: 0, value: pass.loss };
}

/**
 * Backward step t (tau..1), after every forward step and the backward steps t+1..tau:
 * dL/do(t), dL/dh(t), dL/da(t), step t's contribution to every parameter gradient, and the
 * carry W^T dL/da(t) for step t-1 (for Elman and single output at t = 1, dL/dh0).
 */
export function backwardStep(pass: Pass, t: number): void {
  const { model, forward: f, backward: g } = pass;
  const { input: n, hidden: H, output: K } = model.sizes;
  const W = model.params.W!, V = model.params.V!;
  const inputs = model.sequence.inputs;
  const jordan = model.variant === 'jordan';
  const crossing = crossesBack(model, t);
  const ho = t * H;
  const ro = (t - 1) * H;

  const row = outputRow(model, t);
  if (row >= 0) {
    const oo = row * K;
    for (let k = 0; k < K; k++) g.gO[oo + k] = f.yhat[oo + k]!;
    g.gO[oo + model.sequence.targets[row]!] = g.gO[oo + model.sequence.targets[row]!]! - 1;
    if (jordan && crossing) {
      // g_f = W^T dL/da(t+1) is in carry; add its path through f(t) = o(t) or yhat(t).
      if (model.feedback === 'logits') {
        vecAdd(g.gO, oo, g.carry, 0, K);
      } else {
        const mean = dot(f.yhat, oo, g.carry, 0, K);
        for (let k = 0; k < K; k++) g.gO[oo + k] = g.gO[oo + k]! + f.yhat[oo + k]! * (g.carry[k]! - mean);
      }
    }
    check(pass, 'backward', t, 'o', g.gO, oo, K);
    vecAdd(g.grads.c!, 0, g.gO, oo, K);
    outerAddAndMatTVecAdd(g.grads.V!, g.gH, ro, V, K, H, g.gO, oo, f.h, ho);
  }
  if (!jordan && crossing) vecAdd(g.gH, ro, g.carry, 0, H);
  check(pass, 'backward', t, 'h', g.gH, ro, H);

  for (let i = 0; i < H; i++) {
    const hi = f.h[ho + i]!;
    g.gA[ro + i] = (1 - hi * hi) * g.gH[ro + i]!;
  }
  check(pass, 'backward', t, 'a', g.gA, ro, H);
  vecAdd(g.grads.b!, 0, g.gA, ro, H);
  if (inputs.kind === 'tokens') columnAdd(g.grads.U!, H, n, inputs.ids[t - 1]!, g.gA, ro);
  else outerAdd(g.grads.U!, H, n, g.gA, ro, inputs.values, (t - 1) * n);

  g.carry.fill(0);
  if (!jordan) {
    outerAddAndMatTVecAdd(g.grads.W!, g.carry, 0, W, H, H, g.gA, ro, f.h, (t - 1) * H);
    if (t === 1 && g.grads.h0 !== undefined) vecAdd(g.grads.h0, 0, g.carry, 0, H);
  } else if (model.feedback === 'teacher') {
    if (t > 1) columnAdd(g.grads.W!, H, K, model.sequence.targets[t - 2]!, g.gA, ro);
  } else {
    if (t > 1) outerAddAndMatTVecAdd(g.grads.W!, g.carry, 0, W, H, K, g.gA, ro, feedbackStates(pass), (t - 2) * K);
  }
}

/** Forward 1..tau and backward tau..1 on a fresh pass: its gradients. */
export function gradientsBefore(model: Model): ParamGrads {
  const pass = createPass(model);
  const tau = model.sequence.length;
  for (let t = 1; t <= tau; t++) forwardStep(pass, t);
  for (let t = tau; t >= 1; t--) backwardStep(pass, t);
  return pass.backward.grads;
}
