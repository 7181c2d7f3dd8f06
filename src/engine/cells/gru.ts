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
 */
import { matVecAdd, outerAddAndMatTVecAdd, vecAdd } from '../kernels';
import type { Cell } from './cell';
import { applyNudge } from './cell';
import { addInput, addInputGrad, sigmoid } from './input';

/** The two gates: node, input weights, recurrent weights, bias, and the factor of its pre-activation. */
const GATES = [
  { node: 'u', U: 'Uu', W: 'Wu', b: 'bu', d: 'dpu' },
  { node: 'r', U: 'Ur', W: 'Wr', b: 'br', d: 'dpr' },
] as const;

export const gru: Cell = {
  name: 'gru',
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
    { name: 'u', doc: 'u(t) = sigma(bu + Uu x(t) + Wu h(t-1)), the update gate' },
    { name: 'r', doc: 'r(t) = sigma(br + Ur x(t) + Wr h(t-1)), the reset gate' },
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

  forward(p, t) {
    const { input: n, hidden: H } = p.sizes;
    const ro = (t - 1) * H;
    const { u, r, m, z, h } = p.nodes as Record<string, Float64Array>;
    const P = p.params;
    for (const gate of GATES) {
      const node = p.nodes[gate.node]!;
      node.set(P[gate.b]!, ro);
      addInput(node, ro, P[gate.U]!, H, n, p.inputs, t);
      matVecAdd(node, ro, P[gate.W]!, H, H, h!, ro);
    }
    m!.set(P.bh!, ro);
    matVecAdd(m!, ro, P.W!, H, H, h!, ro);
    z!.set(P.b!, ro);
    addInput(z!, ro, P.U!, H, n, p.inputs, t);
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
    const { input: n, hidden: H } = p.sizes;
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
    const P = p.params;
    const G = p.grads;
    vecAdd(G.b!, 0, dpz!, ro, H);
    addInputGrad(G.U!, H, n, p.inputs, t, dpz!, ro);
    vecAdd(G.bh!, 0, dm!, ro, H);
    outerAddAndMatTVecAdd(G.W!, carryH, 0, P.W!, H, H, dm!, ro, h!, ro);
    for (const gate of GATES) {
      const d = p.factors[gate.d]!;
      vecAdd(G[gate.b]!, 0, d, ro, H);
      addInputGrad(G[gate.U]!, H, n, p.inputs, t, d, ro);
      outerAddAndMatTVecAdd(G[gate.W]!, carryH, 0, P[gate.W]!, H, H, d, ro, h!, ro);
    }
  },
};
