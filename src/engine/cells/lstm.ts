/**
 * The LSTM cell (shared/MODEL.md "LSTM", book eq. 10.40-10.44, PyTorch's nn.LSTM):
 *
 *     f(t) = sigma(bf + Uf x(t) + Wf h(t-1))      forget gate
 *     g(t) = sigma(bg + Ug x(t) + Wg h(t-1))      input gate
 *     q(t) = sigma(bq + Uq x(t) + Wq h(t-1))      output gate
 *     z(t) = tanh(b + U x(t) + W h(t-1))          candidate
 *     s(t) = f(t) * s(t-1) + g(t) * z(t)          cell state
 *     h(t) = tanh(s(t)) * q(t)
 *
 * Both h and s cross time. Backward, with dh = dL/dh(t) and ds = dL/ds(t) (what s(t+1) sends,
 * f(t+1) * dL/ds(t+1), plus the path through h(t)): dq = dh tanh(s), ds += dh q (1 - tanh(s)^2),
 * df = ds s(t-1), dg = ds z, dz = ds g; each gate's pre-activation gradient is its derivative
 * times that; s(t-1) receives ds f(t), and h(t-1) the sum of W*^T over the four gates.
 */
import type { Cell } from './cell';
import { applyNudge } from './cell';
import { sigmoid } from './input';
import { unitBackward, unitForward } from './unit';

/** The three gates and the candidate: node, input weights, recurrent weights, bias, factor. */
const UNITS = [
  { node: 'f', U: 'Uf', W: 'Wf', b: 'bf', d: 'dpf' },
  { node: 'g', U: 'Ug', W: 'Wg', b: 'bg', d: 'dpg' },
  { node: 'q', U: 'Uq', W: 'Wq', b: 'bq', d: 'dpq' },
  { node: 'z', U: 'U', W: 'W', b: 'b', d: 'dpz' },
] as const;

export const lstm: Cell = {
  name: 'lstm',
  params: [
    { name: 'Uf', factor: 'dpf', kind: 'input', doc: 'Uf, H x n: the forget gate\'s input weights' },
    { name: 'Ug', factor: 'dpg', kind: 'input', doc: 'Ug, H x n: the input gate\'s input weights' },
    { name: 'Uq', factor: 'dpq', kind: 'input', doc: 'Uq, H x n: the output gate\'s input weights' },
    { name: 'U', factor: 'dpz', kind: 'input', doc: 'U, H x n: the candidate\'s input weights' },
    { name: 'Wf', factor: 'dpf', kind: 'recurrent', doc: 'Wf, H x H: the forget gate\'s recurrent weights' },
    { name: 'Wg', factor: 'dpg', kind: 'recurrent', doc: 'Wg, H x H: the input gate\'s recurrent weights' },
    { name: 'Wq', factor: 'dpq', kind: 'recurrent', doc: 'Wq, H x H: the output gate\'s recurrent weights' },
    { name: 'W', factor: 'dpz', kind: 'recurrent', doc: 'W, H x H: the candidate\'s recurrent weights' },
    // Starts at 1, as practitioners do (Jozefowicz et al. 2015): the cell keeps s(t-1) from the first iteration.
    { name: 'bf', factor: 'dpf', kind: 'bias', start: 1, doc: 'bf, H: the forget gate\'s bias (starts at 1: remember by default)' },
    { name: 'bg', factor: 'dpg', kind: 'bias', doc: 'bg, H: the input gate\'s bias' },
    { name: 'bq', factor: 'dpq', kind: 'bias', doc: 'bq, H: the output gate\'s bias' },
    { name: 'b', factor: 'dpz', kind: 'bias', doc: 'b, H: the candidate\'s bias' },
    { name: 'h0', kind: 'initial', doc: 'h0, H: the initial state h(0)' },
    { name: 's0', kind: 'initial', doc: 's0, H: the initial cell state s(0)' },
  ],
  nodes: [
    { name: 'f', doc: 'f(t) = sigma(bf + Uf x(t) + Wf h(t-1)), the forget gate' },
    { name: 'g', doc: 'g(t) = sigma(bg + Ug x(t) + Wg h(t-1)), the input gate' },
    { name: 'q', doc: 'q(t) = sigma(bq + Uq x(t) + Wq h(t-1)), the output gate' },
    { name: 'z', doc: 'z(t) = tanh(b + U x(t) + W h(t-1)), the candidate' },
    { name: 's', doc: 's(t) = f(t) * s(t-1) + g(t) * z(t), the cell state' },
    { name: 'h', doc: 'h(t) = tanh(s(t)) * q(t), the hidden state' },
  ],
  factors: [
    { name: 'dpf', doc: 'dL/d(bf + Uf x(t) + Wf h(t-1)) = dL/df(t) * f(t) (1 - f(t))' },
    { name: 'dpg', doc: 'dL/d(bg + Ug x(t) + Wg h(t-1)) = dL/dg(t) * g(t) (1 - g(t))' },
    { name: 'dpq', doc: 'dL/d(bq + Uq x(t) + Wq h(t-1)) = dL/dq(t) * q(t) (1 - q(t))' },
    { name: 'dpz', doc: 'dL/d(b + U x(t) + W h(t-1)) = dL/dz(t) * (1 - z(t)^2)' },
  ],
  carried: [{ state: 'h', initial: 'h0' }, { state: 's', initial: 's0' }],
  held: ['f', 'g', 'q', 'z', 's', 'h'],

  forward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    for (const unit of UNITS) unitForward(p, unit, p.nodes[unit.node]!, t);
    const { f, g, q, z, s, h } = p.nodes as Record<string, Float64Array>;
    for (let i = ro; i < ro + H; i++) {
      f![i] = sigmoid(f![i]!);
      g![i] = sigmoid(g![i]!);
      q![i] = sigmoid(q![i]!);
      z![i] = Math.tanh(z![i]!);
    }
    for (const unit of UNITS) applyNudge(p, unit.node, t, p.nodes[unit.node]!, ro);
    for (let i = 0; i < H; i++) s![ro + H + i] = f![ro + i]! * s![ro + i]! + g![ro + i]! * z![ro + i]!;
    applyNudge(p, 's', t, s!, ro + H);
    for (let i = 0; i < H; i++) h![ro + H + i] = Math.tanh(s![ro + H + i]!) * q![ro + i]!;
    applyNudge(p, 'h', t, h!, ro + H);
  },

  backward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    const { f, g, q, z, s } = p.nodes as Record<string, Float64Array>;
    const { dh, ds, dpf, dpg, dpq, dpz } = p.factors as Record<string, Float64Array>;
    const carryS = p.carry.s!;
    for (let i = 0; i < H; i++) {
      const ts = Math.tanh(s![ro + H + i]!);
      const fi = f![ro + i]!, gi = g![ro + i]!, qi = q![ro + i]!, zi = z![ro + i]!;
      const dhi = dh![ro + i]!;
      const dsi = ds![ro + i]! + dhi * qi * (1 - ts * ts);
      ds![ro + i] = dsi;
      dpf![ro + i] = dsi * s![ro + i]! * fi * (1 - fi);
      dpg![ro + i] = dsi * zi * gi * (1 - gi);
      dpq![ro + i] = dhi * ts * qi * (1 - qi);
      dpz![ro + i] = dsi * gi * (1 - zi * zi);
      carryS[i] = dsi * fi;
    }
    const carryH = p.carry.h!;
    carryH.fill(0);
    for (const unit of UNITS) unitBackward(p, unit, p.factors[unit.d]!, t, carryH);
  },
};
