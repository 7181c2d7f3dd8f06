/**
 * The Elman cell (shared/MODEL.md "Elman", book fig. 10.3; PyTorch's nn.RNN):
 *
 *     a(t) = b + W h(t-1) + U x(t)        W is H x H
 *     h(t) = tanh(a(t))                   or max(0, a(t)) with "nonlinearity": "relu"
 *
 * Backward, with dh = dL/dh(t): dL/da(t) = (1 - h(t)^2) dh (ReLU: [a(t) > 0] dh), and h(t-1)
 * receives W^T dL/da(t). Read out at every step it is figure 10.3; read once at the end, the
 * single-output network of figure 10.5.
 *
 * Step Jacobian: dh(t)/dh(t-1) = D(t) W, D(t) = diag(1 - h(t)^2) (ReLU: diag([h(t) > 0])).
 */
import type { Cell, CellPass, PassJacobian } from './cell';
import { applyNudge } from './cell';
import { affineGraph } from './graph';
import { unitBackward, unitForward } from './unit';

/** a(t) = b + U x(t) + W h(t-1). */
const UNIT = { b: 'b', U: 'U', W: 'W' } as const;

/** dh_i/da_i at step t, read from h(t)_i: tanh' = 1 - h^2, or ReLU' = [a > 0] = [h > 0]. */
const slopeOf = (relu: boolean, hi: number): number => (relu ? (hi > 0 ? 1 : 0) : 1 - hi * hi);

/** dh(t)/dh(t-1) = D(t) W over a pass: the loop's matrix is W, D(t) the slopes of step t. */
function stepJacobian(p: CellPass): PassJacobian {
  const H = p.sizes.hidden;
  const W = p.params.W!, h = p.nodes.h!;
  const relu = p.nonlinearity === 'relu';
  return {
    loop: 'W',
    M: W,
    step(t, out) {
      for (let i = 0; i < H; i++) {
        const d = slopeOf(relu, h[t * H + i]!);
        for (let j = 0; j < H; j++) out[i * H + j] = d * W[i * H + j]!;
      }
    },
    slope(t) {
      let m = 0;
      for (let i = 0; i < H; i++) m = Math.max(m, slopeOf(relu, h[t * H + i]!));
      return m;
    },
  };
}

export const elman: Cell = {
  name: 'elman',
  // nn.RNN: one block, its bias the sum of bias_ih and bias_hh.
  torch: { module: 'nn.RNN', blocks: [{ U: 'U', W: 'W', b: 'b' }] },
  params: [
    { name: 'U', factor: 'da', kind: 'input', doc: 'U, H x n: input-to-hidden weights' },
    { name: 'W', factor: 'da', kind: 'recurrent', doc: 'W, H x H: hidden-to-hidden weights' },
    { name: 'b', factor: 'da', kind: 'bias', doc: 'b, H: the hidden bias' },
    { name: 'h0', kind: 'initial', doc: 'h0, H: the initial state h(0)' },
  ],
  nodes: [
    { name: 'a', doc: 'a(t) = b + W h(t-1) + U x(t)' },
    { name: 'h', doc: 'h(t) = tanh(a(t)) (ReLU: max(0, a(t)))' },
  ],
  factors: [{ name: 'da', doc: 'dL/da(t) = (1 - h(t)^2) * dL/dh(t) (ReLU: [a(t) > 0] * dL/dh(t))' }],
  carried: [{ state: 'h', initial: 'h0' }],
  held: ['h'],
  takesNonlinearity: true,
  jacobian: { states: ['h'], first: 0, of: stepJacobian },

  // a(t) is drawn inside h(t), whose inspector shows it.
  graph: { rows: [{ nodes: ['h'] }], edges: [
      { from: 'x', to: 'h', params: ['U'] },
      { from: 'h', to: 'h', prev: true, params: ['W'] },
    ] },
  ...affineGraph,

  forward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    const { a, h } = p.nodes as Record<string, Float64Array>;
    unitForward(p, UNIT, a!, t);
    applyNudge(p, 'a', t, a!, ro);
    if (p.nonlinearity === 'relu') for (let i = 0; i < H; i++) h![ro + H + i] = Math.max(0, a![ro + i]!);
    else for (let i = 0; i < H; i++) h![ro + H + i] = Math.tanh(a![ro + i]!);
    applyNudge(p, 'h', t, h!, ro + H);
  },

  backward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    const { h } = p.nodes as Record<string, Float64Array>;
    const { dh, da } = p.factors as Record<string, Float64Array>;
    if (p.nonlinearity === 'relu') {
      // max(0, a)' = [a > 0] = [h > 0]: read from h(t), the one node BPTT holds.
      for (let i = 0; i < H; i++) da![ro + i] = h![ro + H + i]! > 0 ? dh![ro + i]! : 0;
    } else {
      for (let i = 0; i < H; i++) {
        const hi = h![ro + H + i]!;
        da![ro + i] = (1 - hi * hi) * dh![ro + i]!;
      }
    }
    const carry = p.carry.h!;
    carry.fill(0);
    unitBackward(p, UNIT, da!, t, carry);
  },
};
