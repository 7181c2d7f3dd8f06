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
 *
 * Step Jacobian over the state [h; s] (2H), with sigma' = sigma (1 - sigma), tanh' = 1 - tanh^2:
 *
 *     ds(t)/ds(t-1) = diag(f(t))                            the direct path: no squashing
 *     ds(t)/dh(t-1) = diag(s(t-1) f') Wf + diag(z g') Wg + diag(g z') W
 *     dh(t)/ds(t-1) = diag(q tanh'(s(t)) f(t))
 *     dh(t)/dh(t-1) = diag(q tanh'(s(t))) ds(t)/dh(t-1) + diag(tanh(s(t)) q') Wq
 *
 * Over a span, the s-s block of the product is the product of the forget gates plus every path
 * that leaves s through h into the gates and the candidate.
 */
import type { Cell, CellPass, PassJacobian } from './cell';
import { applyNudge } from './cell';
import { factorAt, isEdge, nodeAt, stateAt } from './graph';
import { sigmoid } from './input';
import { unitBackward, unitSet, unitsForward } from './unit';

/** The three gates and the candidate: node, input weights, recurrent weights, bias, factor. */
const UNITS = [
  { node: 'f', U: 'Uf', W: 'Wf', b: 'bf', d: 'dpf' },
  { node: 'g', U: 'Ug', W: 'Wg', b: 'bg', d: 'dpg' },
  { node: 'q', U: 'Uq', W: 'Wq', b: 'bq', d: 'dpq' },
  { node: 'z', U: 'U', W: 'W', b: 'b', d: 'dpz' },
] as const;

/**
 * out = d[h(t); s(t)] / d[h(t-1); s(t-1)], 2H x 2H row-major: the blocks [dh/dh, dh/ds; ds/dh, ds/ds]
 * (rows h(t) then s(t), columns h(t-1) then s(t-1)) from the gates, s(t-1) and s(t) of a pass.
 */
function stepJacobianAt(p: CellPass, t: number, out: Float64Array): void {
  const H = p.sizes.hidden;
  const S = 2 * H;
  const ro = (t - 1) * H;
  const { f, g, q, z, s } = p.nodes as Record<string, Float64Array>;
  const { Wf, Wg, Wq, W } = p.params as Record<string, Float64Array>;
  out.fill(0);
  for (let i = 0; i < H; i++) {
    const fi = f![ro + i]!, gi = g![ro + i]!, qi = q![ro + i]!, zi = z![ro + i]!;
    const ts = Math.tanh(s![ro + H + i]!);
    // ds(t)_i/d(pre-activation) of f, g and z; dh(t)_i/ds(t)_i; dh(t)_i/d(pre-activation of q).
    const cf = s![ro + i]! * fi * (1 - fi), cg = zi * gi * (1 - gi), cz = gi * (1 - zi * zi);
    const hs = qi * (1 - ts * ts), cq = ts * qi * (1 - qi);
    const hRow = i * S, sRow = (H + i) * S, wRow = i * H;
    for (let j = 0; j < H; j++) {
      const dsdh = cf * Wf![wRow + j]! + cg * Wg![wRow + j]! + cz * W![wRow + j]!;
      out[sRow + j] = dsdh;
      out[hRow + j] = hs * dsdh + cq * Wq![wRow + j]!;
    }
    out[sRow + H + i] = fi;
    out[hRow + H + i] = hs * fi;
  }
}

/** The LSTM's step Jacobian over a pass: set by the gates at every step, no constant matrix. */
const stepJacobian = (p: CellPass): PassJacobian => ({ loop: 'gated', M: null, step: (t, out) => stepJacobianAt(p, t, out) });

/** The four units for the forward step: their W h(t-1) products in one pass over h(t-1). */
const FORWARD = unitSet(UNITS);

export const lstm: Cell = {
  name: 'lstm',
  // nn.LSTM's blocks i, f, g, o: the input gate, the forget gate, the candidate, the output gate.
  torch: { module: 'nn.LSTM', blocks: [{ U: 'Ug', W: 'Wg', b: 'bg' }, { U: 'Uf', W: 'Wf', b: 'bf' }, { U: 'U', W: 'W', b: 'b' }, { U: 'Uq', W: 'Wq', b: 'bq' }] },
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
    { name: 'f', doc: 'f(t) = sigma(bf + Uf x(t) + Wf h(t-1)), the forget gate', gate: true },
    { name: 'g', doc: 'g(t) = sigma(bg + Ug x(t) + Wg h(t-1)), the input gate', gate: true },
    { name: 'q', doc: 'q(t) = sigma(bq + Uq x(t) + Wq h(t-1)), the output gate', gate: true },
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
  jacobian: { states: ['h', 's'], first: 0, direct: { state: 's', gate: 'f' }, of: stepJacobian },

  // Closed, the cell shows s(t) and h(t): x(t) and h(t-1) reach s(t) through f, g, z and h(t)
  // through q. Opened, every gate and the candidate, with the weights each one carries.
  graph: {
    rows: [{ nodes: ['f', 'g', 'z', 'q'], inner: true }, { nodes: ['s'] }, { nodes: ['h'] }],
    edges: [
      { from: 'x', to: 's', params: ['Uf', 'Ug', 'U'], shown: 'closed' },
      { from: 'x', to: 'h', params: ['Uq'], shown: 'closed' },
      { from: 'h', to: 's', prev: true, params: ['Wf', 'Wg', 'W'], shown: 'closed' },
      { from: 'h', to: 'h', prev: true, params: ['Wq'], shown: 'closed' },
      ...UNITS.flatMap((u) => [
        { from: 'x', to: u.node, params: [u.U], shown: 'opened' as const },
        { from: 'h', to: u.node, prev: true as const, params: [u.W], shown: 'opened' as const },
      ]),
      { from: 'f', to: 's', params: [], shown: 'opened' },
      { from: 'g', to: 's', params: [], shown: 'opened' },
      { from: 'z', to: 's', params: [], shown: 'opened' },
      { from: 'q', to: 'h', params: [], shown: 'opened' },
      { from: 's', to: 's', prev: true, params: [] },
      { from: 's', to: 'h', params: [] },
    ],
  },

  equations: {
    ...Object.fromEntries(UNITS.map((u) => [u.node, {
      forward: { act: u.node === 'z' ? 'tanh' : 'sigma', terms: [{ param: u.b }, { param: u.U, times: { node: 'x' } }, { param: u.W, times: { node: 'h', prev: true } }] },
      backward: [{ tex: { f: 'g_{s@t} \\odot s@t-1', g: 'g_{s@t} \\odot z@t', q: 'g_{h@t} \\odot \\tanh(s@t)', z: 'g_{s@t} \\odot g@t' }[u.node] }],
    }] as const)),
    s: {
      forward: { act: null, terms: [{ product: [{ node: 'f' }, { node: 's', prev: true }] }, { product: [{ node: 'g' }, { node: 'z' }] }] },
      backward: [{ tex: 'g_{h@t} \\odot q@t \\odot \\left(1 - \\tanh^2(s@t)\\right)' }, { tex: 'g_{s@t+1} \\odot f@t+1', next: true }],
    },
    h: {
      forward: { act: null, terms: [{ product: [{ node: 's', of: 'tanh' }, { node: 'q' }] }] },
      backward: [{ tex: 'V^\\top g_{o@t}' }, { tex: 'W_f^\\top g_{a_f@t+1} + W_g^\\top g_{a_g@t+1} + W_q^\\top g_{a_q@t+1} + W^\\top g_{a_z@t+1}', next: true }],
    },
  },

  nodeGradient(v, node, t, i) {
    const ds = factorAt(v, 'ds', t, i);
    switch (node) {
      case 'f': return ds * stateAt(v, 's', t - 1, i);
      case 'g': return ds * nodeAt(v, 'z', t, i);
      case 'z': return ds * nodeAt(v, 'g', t, i);
      case 'q': return factorAt(v, 'dh', t, i) * Math.tanh(stateAt(v, 's', t, i));
      case 's': return ds;
      default: return factorAt(v, 'dh', t, i);
    }
  },

  edgeGradient(v, edge, t, out) {
    const H = v.sizes.hidden;
    if (isEdge(edge, 's', 's', true)) {
      // The cell state's own path: dL/ds(t-1) gets dL/ds(t) * f(t), no squashing on the way.
      for (let i = 0; i < H; i++) out[i] = out[i]! + factorAt(v, 'ds', t, i) * nodeAt(v, 'f', t, i);
    } else if (isEdge(edge, 's', 'h')) {
      for (let i = 0; i < H; i++) {
        const ts = Math.tanh(stateAt(v, 's', t, i));
        out[i] = out[i]! + factorAt(v, 'dh', t, i) * nodeAt(v, 'q', t, i) * (1 - ts * ts);
      }
    } else if (edge.params.length === 0) {
      // A gate's or the candidate's only way on: its whole gradient.
      for (let i = 0; i < H; i++) out[i] = out[i]! + this.nodeGradient(v, edge.from, t, i);
    }
  },

  forward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    unitsForward(p, FORWARD, t);
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
