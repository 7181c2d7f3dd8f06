/**
 * The GRU cell (shared/MODEL.md "GRU", book eq. 10.45-10.47 in PyTorch's form, nn.GRU):
 *
 *     u(t) = sigma(bu + Uu x(t) + Wu h(t-1))           update gate
 *     r(t) = sigma(br + Ur x(t) + Wr h(t-1))           reset gate
 *     m(t) = W h(t-1) + bh                             the candidate's recurrent part
 *     z(t) = tanh(b + U x(t) + r(t) * m(t))            candidate
 *     h(t) = u(t) * h(t-1) + (1 - u(t)) * z(t)
 *
 * The reset gate scales W h(t-1) + bh (PyTorch, cuDNN); the book resets h(t-1) before W.
 * Backward, with dh = dL/dh(t): du = dh (h(t-1) - z), dz = dh (1 - u), the candidate's
 * pre-activation gradient dpz = dz (1 - z^2), dr = dpz m, dm = dpz r; h(t-1) receives dh u plus
 * Wu^T, Wr^T and W^T of the gradients of u's and r's pre-activations and of m.
 *
 * Step Jacobian, with sigma' = sigma (1 - sigma), z' = 1 - z^2:
 *
 *     dh(t)/dh(t-1) = diag(u(t))                            the direct path: no squashing
 *                   + diag((h(t-1) - z) u') Wu
 *                   + diag((1 - u) z') (diag(r) W + diag(m r') Wr)
 */
import type { Cell, CellPass, PassJacobian } from './cell';
import { applyNudge } from './cell';
import { factorAt, isEdge, nodeAt, stateAt } from './graph';
import { sigmoid } from './input';
import { unitBackward, unitSet, unitsForward } from './unit';

/**
 * The units, in the order backward adds their W^T terms to dL/dh(t-1): the candidate's input
 * part (z's pre-activation less r * m), m, and the two gates; each with its node and the factor of
 * its pre-activation.
 */
const UNITS = [
  { node: 'z', b: 'b', U: 'U', d: 'dpz' },
  { node: 'm', b: 'bh', W: 'W', d: 'dm' },
  { node: 'u', b: 'bu', U: 'Uu', W: 'Wu', d: 'dpu' },
  { node: 'r', b: 'br', U: 'Ur', W: 'Wr', d: 'dpr' },
] as const;

/** out = dh(t)/dh(t-1), H x H row-major, from the gates, m(t), z(t) and h(t-1) of a pass. */
function stepJacobianAt(p: CellPass, t: number, out: Float64Array): void {
  const H = p.sizes.hidden;
  const ro = (t - 1) * H;
  const { u, r, m, z, h } = p.nodes as Record<string, Float64Array>;
  const { Wu, Wr, W } = p.params as Record<string, Float64Array>;
  for (let i = 0; i < H; i++) {
    const ui = u![ro + i]!, ri = r![ro + i]!, zi = z![ro + i]!;
    // dh(t)_i/d(pre-activation of u), and dh(t)_i/d(pre-activation of z) times r and times m r'.
    const cu = (h![ro + i]! - zi) * ui * (1 - ui);
    const cz = (1 - ui) * (1 - zi * zi);
    const cw = cz * ri, cr = cz * m![ro + i]! * ri * (1 - ri);
    const row = i * H;
    for (let j = 0; j < H; j++) out[row + j] = cu * Wu![row + j]! + cw * W![row + j]! + cr * Wr![row + j]!;
    out[row + i] = out[row + i]! + ui;
  }
}

/** The GRU's step Jacobian over a pass: set by the gates at every step, no constant matrix. */
const stepJacobian = (p: CellPass): PassJacobian => ({ loop: 'gated', M: null, step: (t, out) => stepJacobianAt(p, t, out) });

/** The units for the forward step: the W h(t-1) products of m, u and r in one pass over h(t-1). */
const FORWARD = unitSet(UNITS);

export const gru: Cell = {
  name: 'gru',
  // nn.GRU's blocks r, z, n; the n block's bias_hh stays apart (bh, inside the reset).
  torch: { module: 'nn.GRU', blocks: [{ U: 'Ur', W: 'Wr', b: 'br' }, { U: 'Uu', W: 'Wu', b: 'bu' }, { U: 'U', W: 'W', b: 'b', bh: 'bh' }] },
  params: [
    { name: 'Uu', factor: 'dpu', kind: 'input', doc: 'Uu, H x n: the update gate\'s input weights' },
    { name: 'Ur', factor: 'dpr', kind: 'input', doc: 'Ur, H x n: the reset gate\'s input weights' },
    { name: 'U', factor: 'dpz', kind: 'input', doc: 'U, H x n: the candidate\'s input weights' },
    { name: 'Wu', factor: 'dpu', kind: 'recurrent', doc: 'Wu, H x H: the update gate\'s recurrent weights' },
    { name: 'Wr', factor: 'dpr', kind: 'recurrent', doc: 'Wr, H x H: the reset gate\'s recurrent weights' },
    { name: 'W', factor: 'dm', kind: 'recurrent', doc: 'W, H x H: the candidate\'s recurrent weights' },
    { name: 'bu', factor: 'dpu', kind: 'bias', doc: 'bu, H: the update gate\'s bias' },
    { name: 'br', factor: 'dpr', kind: 'bias', doc: 'br, H: the reset gate\'s bias' },
    { name: 'b', factor: 'dpz', kind: 'bias', doc: 'b, H: the candidate\'s input bias' },
    { name: 'bh', factor: 'dm', kind: 'bias', doc: 'bh, H: the candidate\'s recurrent bias, inside the reset' },
    { name: 'h0', kind: 'initial', doc: 'h0, H: the initial state h(0)' },
  ],
  nodes: [
    { name: 'u', doc: 'u(t) = sigma(bu + Uu x(t) + Wu h(t-1)), the update gate', gate: true },
    { name: 'r', doc: 'r(t) = sigma(br + Ur x(t) + Wr h(t-1)), the reset gate', gate: true },
    { name: 'm', doc: 'm(t) = W h(t-1) + bh, the candidate\'s recurrent part' },
    { name: 'z', doc: 'z(t) = tanh(b + U x(t) + r(t) * m(t)), the candidate' },
    { name: 'h', doc: 'h(t) = u(t) * h(t-1) + (1 - u(t)) * z(t), the hidden state' },
  ],
  factors: [
    { name: 'dpu', doc: 'dL/d(bu + Uu x(t) + Wu h(t-1)) = dL/du(t) * u(t) (1 - u(t))' },
    { name: 'dpr', doc: 'dL/d(br + Ur x(t) + Wr h(t-1)) = dL/dr(t) * r(t) (1 - r(t))' },
    { name: 'dm', doc: 'dL/dm(t) = dL/d(pre-activation of z)(t) * r(t)' },
    { name: 'dpz', doc: 'dL/d(b + U x(t) + r(t) * m(t)) = dL/dz(t) * (1 - z(t)^2)' },
  ],
  carried: [{ state: 'h', initial: 'h0' }],
  held: ['u', 'r', 'm', 'z', 'h'],
  jacobian: { states: ['h'], first: 0, direct: { state: 'h', gate: 'u' }, of: stepJacobian },

  // Closed, the cell shows h(t) alone; opened, the gates u and r, the candidate z and its
  // recurrent part m, with the weights each one carries, and h(t-1)'s own path through u.
  graph: {
    rows: [{ nodes: ['u', 'm', 'z', 'r'], inner: true }, { nodes: ['h'] }],
    edges: [
      { from: 'x', to: 'h', params: ['Uu', 'Ur', 'U'], shown: 'closed' },
      { from: 'h', to: 'h', prev: true, params: ['Wu', 'Wr', 'W'], shown: 'closed' },
      { from: 'x', to: 'u', params: ['Uu'], shown: 'opened' },
      { from: 'x', to: 'r', params: ['Ur'], shown: 'opened' },
      { from: 'x', to: 'z', params: ['U'], shown: 'opened' },
      { from: 'h', to: 'u', prev: true, params: ['Wu'], shown: 'opened' },
      { from: 'h', to: 'r', prev: true, params: ['Wr'], shown: 'opened' },
      { from: 'h', to: 'm', prev: true, params: ['W'], shown: 'opened' },
      { from: 'r', to: 'z', params: [], shown: 'opened' },
      { from: 'm', to: 'z', params: [], shown: 'opened' },
      { from: 'u', to: 'h', params: [], shown: 'opened' },
      { from: 'z', to: 'h', params: [], shown: 'opened' },
      { from: 'h', to: 'h', prev: true, params: [], shown: 'opened' },
    ],
  },

  equations: {
    u: {
      forward: { act: 'sigma', terms: [{ param: 'bu' }, { param: 'Uu', times: { node: 'x' } }, { param: 'Wu', times: { node: 'h', prev: true } }] },
      backward: [{ tex: 'g_{h@t} \\odot \\left(h@t-1 - z@t\\right)' }],
    },
    r: {
      forward: { act: 'sigma', terms: [{ param: 'br' }, { param: 'Ur', times: { node: 'x' } }, { param: 'Wr', times: { node: 'h', prev: true } }] },
      backward: [{ tex: 'g_{a_z@t} \\odot m@t' }],
    },
    m: {
      forward: { act: null, terms: [{ param: 'bh' }, { param: 'W', times: { node: 'h', prev: true } }] },
      backward: [{ tex: 'g_{a_z@t} \\odot r@t' }],
    },
    z: {
      forward: { act: 'tanh', terms: [{ param: 'b' }, { param: 'U', times: { node: 'x' } }, { product: [{ node: 'r' }, { node: 'm' }] }] },
      backward: [{ tex: 'g_{h@t} \\odot \\left(1 - u@t\\right)' }],
    },
    h: {
      forward: { act: null, terms: [{ product: [{ node: 'u' }, { node: 'h', prev: true }] }, { product: [{ node: 'u', of: 'oneMinus' }, { node: 'z' }] }] },
      backward: [{ tex: 'V^\\top g_{o@t}' }, { tex: 'g_{h@t+1} \\odot u@t+1 + W_u^\\top g_{a_u@t+1} + W_r^\\top g_{a_r@t+1} + W^\\top g_{m@t+1}', next: true }],
    },
  },

  nodeGradient(v, node, t, i) {
    switch (node) {
      case 'u': return factorAt(v, 'dh', t, i) * (stateAt(v, 'h', t - 1, i) - nodeAt(v, 'z', t, i));
      case 'r': return factorAt(v, 'dpz', t, i) * nodeAt(v, 'm', t, i);
      case 'm': return factorAt(v, 'dm', t, i);
      case 'z': return factorAt(v, 'dh', t, i) * (1 - nodeAt(v, 'u', t, i));
      default: return factorAt(v, 'dh', t, i);
    }
  },

  edgeGradient(v, edge, t, out) {
    const H = v.sizes.hidden;
    if (isEdge(edge, 'h', 'h', true)) {
      // h(t-1)'s own path: dL/dh(t) * u(t), what the update gate keeps.
      for (let i = 0; i < H; i++) out[i] = out[i]! + factorAt(v, 'dh', t, i) * nodeAt(v, 'u', t, i);
    } else if (edge.params.length === 0) {
      // A gate's or the candidate's only way on: its whole gradient.
      for (let i = 0; i < H; i++) out[i] = out[i]! + this.nodeGradient(v, edge.from, t, i);
    }
  },

  forward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    const { u, r, m, z, h } = p.nodes as Record<string, Float64Array>;
    unitsForward(p, FORWARD, t);
    for (let i = 0; i < H; i++) {
      u![ro + i] = sigmoid(u![ro + i]!);
      r![ro + i] = sigmoid(r![ro + i]!);
    }
    applyNudge(p, 'u', t, u!, ro);
    applyNudge(p, 'r', t, r!, ro);
    applyNudge(p, 'm', t, m!, ro);
    for (let i = 0; i < H; i++) z![ro + i] = Math.tanh(z![ro + i]! + r![ro + i]! * m![ro + i]!);
    applyNudge(p, 'z', t, z!, ro);
    for (let i = 0; i < H; i++) h![ro + H + i] = u![ro + i]! * h![ro + i]! + (1 - u![ro + i]!) * z![ro + i]!;
    applyNudge(p, 'h', t, h!, ro + H);
  },

  backward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    const { u, r, m, z, h } = p.nodes as Record<string, Float64Array>;
    const { dh, dpu, dpr, dm, dpz } = p.factors as Record<string, Float64Array>;
    const carryH = p.carry.h!;
    for (let i = 0; i < H; i++) {
      const ui = u![ro + i]!, ri = r![ro + i]!, zi = z![ro + i]!;
      const dhi = dh![ro + i]!;
      const dz = dhi * (1 - ui) * (1 - zi * zi);
      dpz![ro + i] = dz;
      dm![ro + i] = dz * ri;
      dpr![ro + i] = dz * m![ro + i]! * ri * (1 - ri);
      dpu![ro + i] = dhi * (h![ro + i]! - zi) * ui * (1 - ui);
      carryH[i] = dhi * ui;
    }
    for (const unit of UNITS) unitBackward(p, unit, p.factors[unit.d]!, t, carryH);
  },
};
