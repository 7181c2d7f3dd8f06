/**
 * The peer of bench/cells.bench.ts's "before" column: the LSTM's and GRU's forward and backward
 * steps as they were before their gate matrices were stacked into fused kernels (src/engine/cells/
 * lstm.ts, gru.ts and unit.ts at commit 9e05f83, with the kernels they called), frozen here so
 * that each run times them beside the current cells. Each is the current cell with these two step
 * functions: the same parameters, nodes and factors, so the pass (cellGradients) runs either.
 * Not used by the app.
 */
import type { Cell, CellPass } from '../src/engine/cells/cell';
import { applyNudge } from '../src/engine/cells/cell';
import { gru } from '../src/engine/cells/gru';
import { sigmoid } from '../src/engine/cells/input';
import { lstm } from '../src/engine/cells/lstm';

/** out += M v, four rows per pass over v (kernels.ts matVecAdd at 9e05f83). */
function matVecAdd(out: Float64Array, oo: number, M: Float64Array, rows: number, cols: number, v: Float64Array, vo: number): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < cols; j++) {
      const x = v[vo + j]!;
      s0 += M[r0 + j]! * x;
      s1 += M[r1 + j]! * x;
      s2 += M[r2 + j]! * x;
      s3 += M[r3 + j]! * x;
    }
    out[oo + i] = out[oo + i]! + s0;
    out[oo + i + 1] = out[oo + i + 1]! + s1;
    out[oo + i + 2] = out[oo + i + 2]! + s2;
    out[oo + i + 3] = out[oo + i + 3]! + s3;
  }
  for (; i < rows; i++) {
    const r = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += M[r + j]! * v[vo + j]!;
    out[oo + i] = out[oo + i]! + s;
  }
}

/** dM += g v^T and gv += M^T g, four rows per pass (kernels.ts outerAddAndMatTVecAdd at 9e05f83). */
function outerAddAndMatTVecAdd(
  dM: Float64Array, gv: Float64Array, gvo: number, M: Float64Array, rows: number, cols: number,
  g: Float64Array, go: number, v: Float64Array, vo: number,
): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    const g0 = g[go + i]!, g1 = g[go + i + 1]!, g2 = g[go + i + 2]!, g3 = g[go + i + 3]!;
    for (let j = 0; j < cols; j++) {
      const x = v[vo + j]!;
      dM[r0 + j] = dM[r0 + j]! + g0 * x;
      dM[r1 + j] = dM[r1 + j]! + g1 * x;
      dM[r2 + j] = dM[r2 + j]! + g2 * x;
      dM[r3 + j] = dM[r3 + j]! + g3 * x;
      gv[gvo + j] = gv[gvo + j]! + (M[r0 + j]! * g0 + M[r1 + j]! * g1 + M[r2 + j]! * g2 + M[r3 + j]! * g3);
    }
  }
  for (; i < rows; i++) {
    const r = i * cols;
    const gi = g[go + i]!;
    for (let j = 0; j < cols; j++) {
      dM[r + j] = dM[r + j]! + gi * v[vo + j]!;
      gv[gvo + j] = gv[gvo + j]! + M[r + j]! * gi;
    }
  }
}

/** dM += g v^T. */
function outerAdd(dM: Float64Array, rows: number, cols: number, g: Float64Array, go: number, v: Float64Array, vo: number): void {
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    const gi = g[go + i]!;
    for (let j = 0; j < cols; j++) dM[r + j] = dM[r + j]! + gi * v[vo + j]!;
  }
}

/** out[oo..] += v[vo..], len entries. */
function vecAdd(out: Float64Array, oo: number, v: Float64Array, vo: number, len: number): void {
  for (let i = 0; i < len; i++) out[oo + i] = out[oo + i]! + v[vo + i]!;
}

/** A unit's parameter names (unit.ts at 9e05f83). */
interface Unit { readonly b: string; readonly U?: string; readonly W?: string }

/** out[(t-1) H ..] = b + U x(t) + W h(t-1). */
function unitForward(p: CellPass, unit: Unit, out: Float64Array, t: number): void {
  const { input: n, hidden: H } = p.sizes;
  const ro = (t - 1) * H;
  out.set(p.params[unit.b]!, ro);
  if (unit.U) {
    const U = p.params[unit.U]!;
    if (p.inputs.kind === 'tokens') {
      const id = p.inputs.ids[t - 1]!;
      for (let i = 0; i < H; i++) out[ro + i] = out[ro + i]! + U[i * n + id]!;
    } else {
      matVecAdd(out, ro, U, H, n, p.inputs.values, (t - 1) * n);
    }
  }
  if (unit.W) matVecAdd(out, ro, p.params[unit.W]!, H, H, p.nodes.h!, ro);
}

/** db += d, dU += d x(t)^T, dW += d h(t-1)^T, carry += W^T d. */
function unitBackward(p: CellPass, unit: Unit, d: Float64Array, t: number, carry: Float64Array): void {
  const { input: n, hidden: H } = p.sizes;
  const ro = (t - 1) * H;
  vecAdd(p.grads[unit.b]!, 0, d, ro, H);
  if (unit.U) {
    const dU = p.grads[unit.U]!;
    if (p.inputs.kind === 'tokens') {
      const col = p.inputs.ids[t - 1]!;
      for (let i = 0; i < H; i++) dU[i * n + col] = dU[i * n + col]! + d[ro + i]!;
    } else {
      outerAdd(dU, H, n, d, ro, p.inputs.values, (t - 1) * n);
    }
  }
  if (unit.W) outerAddAndMatTVecAdd(p.grads[unit.W]!, carry, 0, p.params[unit.W]!, H, H, d, ro, p.nodes.h!, ro);
}

const LSTM_UNITS = [
  { node: 'f', U: 'Uf', W: 'Wf', b: 'bf', d: 'dpf' },
  { node: 'g', U: 'Ug', W: 'Wg', b: 'bg', d: 'dpg' },
  { node: 'q', U: 'Uq', W: 'Wq', b: 'bq', d: 'dpq' },
  { node: 'z', U: 'U', W: 'W', b: 'b', d: 'dpz' },
] as const;

/** The LSTM cell with its step functions as at 9e05f83. */
export const lstmBefore: Cell = {
  ...lstm,
  forward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    for (const unit of LSTM_UNITS) unitForward(p, unit, p.nodes[unit.node]!, t);
    const { f, g, q, z, s, h } = p.nodes as Record<string, Float64Array>;
    for (let i = ro; i < ro + H; i++) {
      f![i] = sigmoid(f![i]!);
      g![i] = sigmoid(g![i]!);
      q![i] = sigmoid(q![i]!);
      z![i] = Math.tanh(z![i]!);
    }
    for (const unit of LSTM_UNITS) applyNudge(p, unit.node, t, p.nodes[unit.node]!, ro);
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
    for (const unit of LSTM_UNITS) unitBackward(p, unit, p.factors[unit.d]!, t, carryH);
  },
};

const GRU_UNITS = [
  { node: 'z', b: 'b', U: 'U', d: 'dpz' },
  { node: 'm', b: 'bh', W: 'W', d: 'dm' },
  { node: 'u', b: 'bu', U: 'Uu', W: 'Wu', d: 'dpu' },
  { node: 'r', b: 'br', U: 'Ur', W: 'Wr', d: 'dpr' },
] as const;

/** The GRU cell with its step functions as at 9e05f83. */
export const gruBefore: Cell = {
  ...gru,
  forward(p, t) {
    const H = p.sizes.hidden;
    const ro = (t - 1) * H;
    const { u, r, m, z, h } = p.nodes as Record<string, Float64Array>;
    for (const unit of GRU_UNITS) unitForward(p, unit, p.nodes[unit.node]!, t);
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
    for (const unit of GRU_UNITS) unitBackward(p, unit, p.factors[unit.d]!, t, carryH);
  },
};
