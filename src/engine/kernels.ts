/**
 * The hot loops of the engine. Every kernel works on flat row-major Float64Arrays addressed by
 * (array, offset), allocates nothing, and handles four matrix rows per pass over the vector so
 * that each vector entry is loaded once for four rows.
 */

/**
 * out[oo + i] += sum_j M[i*cols + j] * v[vo + j] for i < rows: out += M v.
 */
export function matVecAdd(
  out: Float64Array, oo: number,
  M: Float64Array, rows: number, cols: number,
  v: Float64Array, vo: number,
): void {
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

/**
 * The backward kernel of y = M v, fused: given g = dL/dy (rows entries at g[go..]),
 * accumulates dL/dM += g v^T into dM, and dL/dv += M^T g into gv. Both walk M row by row.
 */
export function outerAddAndMatTVecAdd(
  dM: Float64Array, gv: Float64Array, gvo: number,
  M: Float64Array, rows: number, cols: number,
  g: Float64Array, go: number,
  v: Float64Array, vo: number,
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

/** dM += g v^T (a rank-one update; dM is rows x cols). */
export function outerAdd(
  dM: Float64Array, rows: number, cols: number,
  g: Float64Array, go: number,
  v: Float64Array, vo: number,
): void {
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    const gi = g[go + i]!;
    for (let j = 0; j < cols; j++) dM[r + j] = dM[r + j]! + gi * v[vo + j]!;
  }
}

/** dM[:, col] += g: the rank-one update g onehot(col)^T of a one-hot input. */
export function columnAdd(dM: Float64Array, rows: number, cols: number, col: number, g: Float64Array, go: number): void {
  for (let i = 0; i < rows; i++) dM[i * cols + col] = dM[i * cols + col]! + g[go + i]!;
}

/** out[oo + i] += v[vo + i] for i < len. */
export function vecAdd(out: Float64Array, oo: number, v: Float64Array, vo: number, len: number): void {
  for (let i = 0; i < len; i++) out[oo + i] = out[oo + i]! + v[vo + i]!;
}

/** <u, v> over len entries. */
export function dot(u: Float64Array, uo: number, v: Float64Array, vo: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += u[uo + i]! * v[vo + i]!;
  return s;
}

/**
 * p[po..po+len) = softmax(o[oo..oo+len)), computed with the maximum subtracted; returns
 * log sum_k exp(o_k), so that -log softmax(o)[y] = logSumExp - o[y] without log(0).
 */
export function softmaxInto(p: Float64Array, po: number, o: Float64Array, oo: number, len: number): number {
  let max = -Infinity;
  for (let k = 0; k < len; k++) if (o[oo + k]! > max) max = o[oo + k]!;
  let sum = 0;
  for (let k = 0; k < len; k++) {
    const e = Math.exp(o[oo + k]! - max);
    p[po + k] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let k = 0; k < len; k++) p[po + k] = p[po + k]! * inv;
  return max + Math.log(sum);
}

/**
 * Index of the first entry that is NaN or infinite in v[vo..vo+len), or -1. Finite x gives
 * x * 0 === 0, anything else NaN, so the common all-finite case costs one multiply-add per entry.
 */
export function firstNonFinite(v: Float64Array, vo: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[vo + i]! * 0;
  if (s === 0) return -1;
  for (let i = 0; i < len; i++) if (!Number.isFinite(v[vo + i]!)) return i;
  return -1;
}

/**
 * gv[gvo + j] += sum_i M[i*cols + j] * g[go + i]: gv += M^T g, grouping rows four at a time
 * exactly as `outerAddAndMatTVecAdd` does, so both give the same bits.
 */
export function matTVecAdd(
  gv: Float64Array, gvo: number,
  M: Float64Array, rows: number, cols: number,
  g: Float64Array, go: number,
): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    const g0 = g[go + i]!, g1 = g[go + i + 1]!, g2 = g[go + i + 2]!, g3 = g[go + i + 3]!;
    for (let j = 0; j < cols; j++) {
      gv[gvo + j] = gv[gvo + j]! + (M[r0 + j]! * g0 + M[r1 + j]! * g1 + M[r2 + j]! * g2 + M[r3 + j]! * g3);
    }
  }
  for (; i < rows; i++) {
    const r = i * cols;
    const gi = g[go + i]!;
    for (let j = 0; j < cols; j++) gv[gvo + j] = gv[gvo + j]! + M[r + j]! * gi;
  }
}
