/**
 * The Jordan cell (shared/MODEL.md "Jordan", book fig. 10.4): the only recurrence is the
 * previous step's output fed back,
 *
 *     a(t) = b + W f(t-1) + U x(t)        W is H x K, f(0) = 0
 *     h(t) = tanh(a(t))
 *
 * with f(t-1) = o(t-1) ("logits"), yhat(t-1) ("softmax") or onehot(y(t-1)) ("teacher", teacher
 * forcing: no gradient crosses time, so every step trains on its own). Backward:
 * dL/da(t) = (1 - h(t)^2) dL/dh(t); step t sends dL/df(t-1) = W^T dL/da(t) back, which reaches
 * dL/do(t-1) as itself (logits) or through the softmax's Jacobian, yhat (g - <yhat, g>).
 *
 * Step Jacobian, through the output fed back (f(t-1) = o(t-1) = c + V h(t-1)), D(t) = diag(1 - h(t)^2):
 *
 *     logits:   dh(t)/dh(t-1) = D(t) W V
 *     softmax:  dh(t)/dh(t-1) = D(t) W (diag(p) - p p^T) V     p = yhat(t-1)
 *     teacher:  dh(t)/dh(t-1) = 0: f(t-1) = onehot(y(t-1)) is data, nothing crosses time
 */
import { columnAdd, dot, matVecAdd, outerAddAndMatTVecAdd, vecAdd } from '../kernels';
import type { Cell, CellPass, PassJacobian } from './cell';
import { applyNudge } from './cell';
import { affineGraph } from './graph';
import { unitBackward, unitForward } from './unit';

/** b + U x(t): a(t) before the feedback term W f(t-1), which runs from the output (K entries), not from h. */
const INPUT_UNIT = { b: 'b', U: 'U' } as const;

/** Where f(t-1) lives for logits (o) and softmax (yhat) feedback. */
const fedBack = (p: CellPass) => (p.feedback === 'logits' ? p.output.o : p.output.yhat);

/** out += W F, H x H, for W (H x K) and F (K x H). */
function addWTimes(out: Float64Array, W: Float64Array, F: Float64Array, H: number, K: number): void {
  for (let i = 0; i < H; i++) for (let l = 0; l < K; l++) {
    const w = W[i * K + l]!;
    for (let j = 0; j < H; j++) out[i * H + j] = out[i * H + j]! + w * F[l * H + j]!;
  }
}

/** dh(t)/dh(t-1) over a pass (t >= 2: h(1) is the first state), through f(t-1) and the output layer. */
function stepJacobian(p: CellPass): PassJacobian {
  const { hidden: H, output: K } = p.sizes;
  const W = p.params.W!, V = p.params.V!, h = p.nodes.h!, yhat = p.output.yhat;
  /** max_i (1 - h(t)_i^2): the largest tanh' at step t. */
  const slope = (t: number): number => {
    let m = 0;
    for (let i = 0; i < H; i++) m = Math.max(m, 1 - h[t * H + i]! ** 2);
    return m;
  };
  /** out = D(t) M. */
  const scaleRows = (out: Float64Array, M: Float64Array, t: number): void => {
    for (let i = 0; i < H; i++) {
      const d = 1 - h[t * H + i]! ** 2;
      for (let j = 0; j < H; j++) out[i * H + j] = d * M[i * H + j]!;
    }
  };
  if (p.feedback === 'teacher') return { loop: 'cut', M: null, step: (_t, out) => { out.fill(0); }, slope };
  if (p.feedback === 'logits') {
    const M = new Float64Array(H * H);
    addWTimes(M, W, V, H, K);
    return { loop: 'WV', M, step: (t, out) => scaleRows(out, M, t), slope };
  }
  const pV = new Float64Array(H), SV = new Float64Array(K * H), M = new Float64Array(H * H);
  return {
    loop: 'softmax',
    M: null,
    step(t, out) {
      // (diag(p) - p p^T) V, K x H, then W times it: H x H.
      const po = (t - 2) * K;
      pV.fill(0);
      for (let l = 0; l < K; l++) for (let j = 0; j < H; j++) pV[j] = pV[j]! + yhat[po + l]! * V[l * H + j]!;
      for (let l = 0; l < K; l++) for (let j = 0; j < H; j++) SV[l * H + j] = yhat[po + l]! * (V[l * H + j]! - pV[j]!);
      M.fill(0);
      addWTimes(M, W, SV, H, K);
      scaleRows(out, M, t);
    },
  };
}

export const jordan: Cell = {
  name: 'jordan',
  params: [
    { name: 'U', factor: 'da', kind: 'input', doc: 'U, H x n: input-to-hidden weights' },
    { name: 'W', factor: 'da', kind: 'feedback', doc: 'W, H x K: output-to-hidden weights, from f(t-1)' },
    { name: 'b', factor: 'da', kind: 'bias', doc: 'b, H: the hidden bias' },
  ],
  nodes: [
    { name: 'a', doc: 'a(t) = b + W f(t-1) + U x(t)' },
    { name: 'h', doc: 'h(t) = tanh(a(t))' },
  ],
  factors: [{ name: 'da', doc: 'dL/da(t) = (1 - h(t)^2) * dL/dh(t), dL/dh(t) = V^T dL/do(t)' }],
  carried: [],
  jacobian: { states: ['h'], first: 1, of: stepJacobian },
  // h(t); the logits feedback also holds o(t) = f(t), which the pass counts (heldByStep).
  held: ['h'],

  throughOutput: {
    crosses: (feedback) => feedback !== 'teacher',
    backward(p, oo) {
      const K = p.sizes.output;
      const { gO, yhat } = p.output;
      const g = p.carry.f!;
      if (p.feedback === 'logits') {
        vecAdd(gO, oo, g, 0, K);
      } else {
        const mean = dot(yhat, oo, g, 0, K);
        for (let k = 0; k < K; k++) gO[oo + k] = gO[oo + k]! + yhat[oo + k]! * (g[k]! - mean);
      }
    },
  },

  // a(t) is drawn inside h(t); the feedback edge from o(t-1) (or y(t-1)) is the output layer's, drawn by the layout.
  graph: { rows: [{ nodes: ['h'] }], edges: [{ from: 'x', to: 'h', params: ['U'] }] },
  ...affineGraph,

  forward(p, t) {
    const { hidden: H, output: K } = p.sizes;
    const ro = (t - 1) * H;
    const { a, h } = p.nodes as Record<string, Float64Array>;
    const W = p.params.W!;
    unitForward(p, INPUT_UNIT, a!, t);
    if (t > 1) {
      if (p.feedback === 'teacher') {
        const y = p.targets[t - 2]!;
        for (let i = 0; i < H; i++) a![ro + i] = a![ro + i]! + W[i * K + y]!;
      } else {
        matVecAdd(a!, ro, W, H, K, fedBack(p), (t - 2) * K);
      }
    }
    applyNudge(p, 'a', t, a!, ro);
    for (let i = 0; i < H; i++) h![ro + H + i] = Math.tanh(a![ro + i]!);
    applyNudge(p, 'h', t, h!, ro + H);
  },

  backward(p, t) {
    const { hidden: H, output: K } = p.sizes;
    const ro = (t - 1) * H;
    const { h } = p.nodes as Record<string, Float64Array>;
    const { dh, da } = p.factors as Record<string, Float64Array>;
    for (let i = 0; i < H; i++) {
      const hi = h![ro + H + i]!;
      da![ro + i] = (1 - hi * hi) * dh![ro + i]!;
    }
    const carry = p.carry.f!;
    carry.fill(0);
    unitBackward(p, INPUT_UNIT, da!, t, carry);
    if (t === 1) return;
    if (p.feedback === 'teacher') columnAdd(p.grads.W!, H, K, p.targets[t - 2]!, da!, ro);
    else outerAddAndMatTVecAdd(p.grads.W!, carry, 0, p.params.W!, H, K, da!, ro, fedBack(p), (t - 2) * K);
  },
};
