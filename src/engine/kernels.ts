/**
 * The hot loops of the engine. Every kernel works on flat row-major Float64Arrays addressed by
 * (array, offset) and allocates nothing. In V8 the cost of these loops is the work around each
 * element access (index arithmetic, bounds and map checks, reloading the array's data pointer
 * after every back edge), far more than the multiply-adds: so the matrix kernels take four or
 * eight matrix rows per pass over the vector (each vector entry loaded once for them) and two or
 * four columns per iteration (the checks and reloads of each array paid once for them), and
 * matVecAdd4 / matVecAdd3 take one row of each of several matrices with the same index.
 * Unrolled, each sums in the order its plain loop does: the same bits.
 */

/**
 * The largest size or offset a matrix kernel takes: 2^29 - 1 entries (a Float64Array of 4 GiB).
 * The kernels mask their sizes and offsets with it (x & SMALL) after checking that this changes
 * nothing: V8's optimizing compiler then knows every index to be a small non-negative integer and
 * drops the sign extensions (and some overflow checks) from the inner loops, about a tenth of a
 * kernel's time in Node 20.
 */
const SMALL = 0x1fffffff;

/** Throws unless every size and offset, and rows * cols, is an integer in [0, SMALL]: the kernels' masks are then no-ops. */
function checkSizes(kernel: string, rows: number, cols: number, a: number, b: number, c = 0): void {
  if ((rows & SMALL) === rows && (cols & SMALL) === cols && rows * cols <= SMALL && (a & SMALL) === a && (b & SMALL) === b && (c & SMALL) === c) return;
  throw new RangeError(`${kernel}: a ${rows} x ${cols} matrix at offsets ${a}, ${b}, ${c}: sizes and offsets must be integers from 0 to 2^29 - 1`);
}

/**
 * out[oo + i] += sum_j M[i*cols + j] * v[vo + j] for i < rows: out += M v. Each row's sum is
 * taken over j in order from 0, then added to out.
 */
export function matVecAdd(
  out: Float64Array, oo: number,
  M: Float64Array, rows: number, cols: number,
  v: Float64Array, vo: number,
): void {
  checkSizes('matVecAdd', rows, cols, oo, vo);
  const c = cols & SMALL;
  const vb = vo & SMALL;
  const even = c & (SMALL - 1);
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = (i * c) & SMALL;
    const r1 = (r0 + c) & SMALL;
    const r2 = (r1 + c) & SMALL;
    const r3 = (r2 + c) & SMALL;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let j = 0;
    for (; j < even; j += 2) {
      const x = v[vb + j]!, y = v[vb + j + 1]!;
      s0 = s0 + M[r0 + j]! * x + M[r0 + j + 1]! * y;
      s1 = s1 + M[r1 + j]! * x + M[r1 + j + 1]! * y;
      s2 = s2 + M[r2 + j]! * x + M[r2 + j + 1]! * y;
      s3 = s3 + M[r3 + j]! * x + M[r3 + j + 1]! * y;
    }
    if (j < c) {
      const x = v[vb + j]!;
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
    const r = i * c;
    let s = 0;
    for (let j = 0; j < c; j++) s += M[r + j]! * v[vb + j]!;
    out[oo + i] = out[oo + i]! + s;
  }
}

/**
 * Four matrix-vector products over one vector, in one pass over it: oK[oo + i] += sum_j
 * MK[i*cols + j] * v[vo + j] for K = 0..3 and i < rows, each the same bits as
 * matVecAdd(oK, oo, MK, rows, cols, v, vo). Row i of the four matrices is read in one loop with
 * one index, four columns per iteration: the LSTM's Wf, Wg, Wq and W times h(t-1).
 */
export function matVecAdd4(
  o0: Float64Array, o1: Float64Array, o2: Float64Array, o3: Float64Array, oo: number,
  M0: Float64Array, M1: Float64Array, M2: Float64Array, M3: Float64Array, rows: number, cols: number,
  v: Float64Array, vo: number,
): void {
  checkSizes('matVecAdd4', rows, cols, oo, vo);
  const c = cols & SMALL;
  const vb = vo & SMALL;
  const quad = c & (SMALL - 3);
  for (let i = 0; i < rows; i++) {
    const r = (i * c) & SMALL;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let j = 0;
    for (; j < quad; j += 4) {
      const q = vb + j;
      const x0 = v[q]!, x1 = v[q + 1]!, x2 = v[q + 2]!, x3 = v[q + 3]!;
      const k = r + j;
      s0 = s0 + M0[k]! * x0 + M0[k + 1]! * x1 + M0[k + 2]! * x2 + M0[k + 3]! * x3;
      s1 = s1 + M1[k]! * x0 + M1[k + 1]! * x1 + M1[k + 2]! * x2 + M1[k + 3]! * x3;
      s2 = s2 + M2[k]! * x0 + M2[k + 1]! * x1 + M2[k + 2]! * x2 + M2[k + 3]! * x3;
      s3 = s3 + M3[k]! * x0 + M3[k + 1]! * x1 + M3[k + 2]! * x2 + M3[k + 3]! * x3;
    }
    for (; j < c; j++) {
      const x = v[vb + j]!;
      s0 += M0[r + j]! * x;
      s1 += M1[r + j]! * x;
      s2 += M2[r + j]! * x;
      s3 += M3[r + j]! * x;
    }
    o0[oo + i] = o0[oo + i]! + s0;
    o1[oo + i] = o1[oo + i]! + s1;
    o2[oo + i] = o2[oo + i]! + s2;
    o3[oo + i] = o3[oo + i]! + s3;
  }
}

/**
 * Three matrix-vector products over one vector, in one pass over it: oK[oo + i] += sum_j
 * MK[i*cols + j] * v[vo + j] for K = 0..2 and i < rows, each the same bits as matVecAdd; as
 * matVecAdd4, for the GRU's Wu, Wr and W times h(t-1).
 */
export function matVecAdd3(
  o0: Float64Array, o1: Float64Array, o2: Float64Array, oo: number,
  M0: Float64Array, M1: Float64Array, M2: Float64Array, rows: number, cols: number,
  v: Float64Array, vo: number,
): void {
  checkSizes('matVecAdd3', rows, cols, oo, vo);
  const c = cols & SMALL;
  const vb = vo & SMALL;
  const quad = c & (SMALL - 3);
  for (let i = 0; i < rows; i++) {
    const r = (i * c) & SMALL;
    let s0 = 0, s1 = 0, s2 = 0;
    let j = 0;
    for (; j < quad; j += 4) {
      const q = vb + j;
      const x0 = v[q]!, x1 = v[q + 1]!, x2 = v[q + 2]!, x3 = v[q + 3]!;
      const k = r + j;
      s0 = s0 + M0[k]! * x0 + M0[k + 1]! * x1 + M0[k + 2]! * x2 + M0[k + 3]! * x3;
      s1 = s1 + M1[k]! * x0 + M1[k + 1]! * x1 + M1[k + 2]! * x2 + M1[k + 3]! * x3;
      s2 = s2 + M2[k]! * x0 + M2[k + 1]! * x1 + M2[k + 2]! * x2 + M2[k + 3]! * x3;
    }
    for (; j < c; j++) {
      const x = v[vb + j]!;
      s0 += M0[r + j]! * x;
      s1 += M1[r + j]! * x;
      s2 += M2[r + j]! * x;
    }
    o0[oo + i] = o0[oo + i]! + s0;
    o1[oo + i] = o1[oo + i]! + s1;
    o2[oo + i] = o2[oo + i]! + s2;
  }
}

/**
 * The backward kernel of y = M v, fused: given g = dL/dy (rows entries at g[go..]),
 * accumulates dL/dM += g v^T into dM, and dL/dv += M^T g into gv (which must not overlap v).
 * Both walk M eight rows (then four, then one) and four columns at a time; gv[gvo + j] gains
 * (M[i][j] g[i] + ... + M[i+3][j] g[i+3]) per group of four rows in row order, then
 * M[i][j] g[i] for each row left over (the same bits as matTVecAdd).
 */
export function outerAddAndMatTVecAdd(
  dM: Float64Array, gv: Float64Array, gvo: number,
  M: Float64Array, rows: number, cols: number,
  g: Float64Array, go: number,
  v: Float64Array, vo: number,
): void {
  checkSizes('outerAddAndMatTVecAdd', rows, cols, gvo, vo, go);
  const c = cols & SMALL;
  const vb = vo & SMALL;
  const ob = gvo & SMALL;
  const quad = c & (SMALL - 3);
  let i = 0;
  for (; i + 7 < rows; i += 8) {
    const r0 = (i * c) & SMALL;
    const r1 = (r0 + c) & SMALL;
    const r2 = (r1 + c) & SMALL;
    const r3 = (r2 + c) & SMALL;
    const r4 = (r3 + c) & SMALL;
    const r5 = (r4 + c) & SMALL;
    const r6 = (r5 + c) & SMALL;
    const r7 = (r6 + c) & SMALL;
    const g0 = g[go + i]!, g1 = g[go + i + 1]!, g2 = g[go + i + 2]!, g3 = g[go + i + 3]!;
    const g4 = g[go + i + 4]!, g5 = g[go + i + 5]!, g6 = g[go + i + 6]!, g7 = g[go + i + 7]!;
    let j = 0;
    for (; j < quad; j += 4) {
      const q = vb + j;
      const o = ob + j;
      const k0 = r0 + j, k1 = r1 + j, k2 = r2 + j, k3 = r3 + j, k4 = r4 + j, k5 = r5 + j, k6 = r6 + j, k7 = r7 + j;
      const x0 = v[q]!, x1 = v[q + 1]!, x2 = v[q + 2]!, x3 = v[q + 3]!;
      dM[k0] = dM[k0]! + g0 * x0; dM[k0 + 1] = dM[k0 + 1]! + g0 * x1; dM[k0 + 2] = dM[k0 + 2]! + g0 * x2; dM[k0 + 3] = dM[k0 + 3]! + g0 * x3;
      dM[k1] = dM[k1]! + g1 * x0; dM[k1 + 1] = dM[k1 + 1]! + g1 * x1; dM[k1 + 2] = dM[k1 + 2]! + g1 * x2; dM[k1 + 3] = dM[k1 + 3]! + g1 * x3;
      dM[k2] = dM[k2]! + g2 * x0; dM[k2 + 1] = dM[k2 + 1]! + g2 * x1; dM[k2 + 2] = dM[k2 + 2]! + g2 * x2; dM[k2 + 3] = dM[k2 + 3]! + g2 * x3;
      dM[k3] = dM[k3]! + g3 * x0; dM[k3 + 1] = dM[k3 + 1]! + g3 * x1; dM[k3 + 2] = dM[k3 + 2]! + g3 * x2; dM[k3 + 3] = dM[k3 + 3]! + g3 * x3;
      dM[k4] = dM[k4]! + g4 * x0; dM[k4 + 1] = dM[k4 + 1]! + g4 * x1; dM[k4 + 2] = dM[k4 + 2]! + g4 * x2; dM[k4 + 3] = dM[k4 + 3]! + g4 * x3;
      dM[k5] = dM[k5]! + g5 * x0; dM[k5 + 1] = dM[k5 + 1]! + g5 * x1; dM[k5 + 2] = dM[k5 + 2]! + g5 * x2; dM[k5 + 3] = dM[k5 + 3]! + g5 * x3;
      dM[k6] = dM[k6]! + g6 * x0; dM[k6 + 1] = dM[k6 + 1]! + g6 * x1; dM[k6 + 2] = dM[k6 + 2]! + g6 * x2; dM[k6 + 3] = dM[k6 + 3]! + g6 * x3;
      dM[k7] = dM[k7]! + g7 * x0; dM[k7 + 1] = dM[k7 + 1]! + g7 * x1; dM[k7 + 2] = dM[k7 + 2]! + g7 * x2; dM[k7 + 3] = dM[k7 + 3]! + g7 * x3;
      gv[o] = gv[o]! + (M[k0]! * g0 + M[k1]! * g1 + M[k2]! * g2 + M[k3]! * g3) + (M[k4]! * g4 + M[k5]! * g5 + M[k6]! * g6 + M[k7]! * g7);
      gv[o + 1] = gv[o + 1]! + (M[k0 + 1]! * g0 + M[k1 + 1]! * g1 + M[k2 + 1]! * g2 + M[k3 + 1]! * g3) + (M[k4 + 1]! * g4 + M[k5 + 1]! * g5 + M[k6 + 1]! * g6 + M[k7 + 1]! * g7);
      gv[o + 2] = gv[o + 2]! + (M[k0 + 2]! * g0 + M[k1 + 2]! * g1 + M[k2 + 2]! * g2 + M[k3 + 2]! * g3) + (M[k4 + 2]! * g4 + M[k5 + 2]! * g5 + M[k6 + 2]! * g6 + M[k7 + 2]! * g7);
      gv[o + 3] = gv[o + 3]! + (M[k0 + 3]! * g0 + M[k1 + 3]! * g1 + M[k2 + 3]! * g2 + M[k3 + 3]! * g3) + (M[k4 + 3]! * g4 + M[k5 + 3]! * g5 + M[k6 + 3]! * g6 + M[k7 + 3]! * g7);
    }
    for (; j < c; j++) {
      const x = v[vb + j]!;
      dM[r0 + j] = dM[r0 + j]! + g0 * x;
      dM[r1 + j] = dM[r1 + j]! + g1 * x;
      dM[r2 + j] = dM[r2 + j]! + g2 * x;
      dM[r3 + j] = dM[r3 + j]! + g3 * x;
      dM[r4 + j] = dM[r4 + j]! + g4 * x;
      dM[r5 + j] = dM[r5 + j]! + g5 * x;
      dM[r6 + j] = dM[r6 + j]! + g6 * x;
      dM[r7 + j] = dM[r7 + j]! + g7 * x;
      gv[ob + j] = gv[ob + j]! + (M[r0 + j]! * g0 + M[r1 + j]! * g1 + M[r2 + j]! * g2 + M[r3 + j]! * g3) + (M[r4 + j]! * g4 + M[r5 + j]! * g5 + M[r6 + j]! * g6 + M[r7 + j]! * g7);
    }
  }
  for (; i + 3 < rows; i += 4) {
    const r0 = (i * c) & SMALL;
    const r1 = (r0 + c) & SMALL;
    const r2 = (r1 + c) & SMALL;
    const r3 = (r2 + c) & SMALL;
    const g0 = g[go + i]!, g1 = g[go + i + 1]!, g2 = g[go + i + 2]!, g3 = g[go + i + 3]!;
    let j = 0;
    for (; j < quad; j += 4) {
      const q = vb + j;
      const o = ob + j;
      const k0 = r0 + j, k1 = r1 + j, k2 = r2 + j, k3 = r3 + j;
      const x0 = v[q]!, x1 = v[q + 1]!, x2 = v[q + 2]!, x3 = v[q + 3]!;
      dM[k0] = dM[k0]! + g0 * x0; dM[k0 + 1] = dM[k0 + 1]! + g0 * x1; dM[k0 + 2] = dM[k0 + 2]! + g0 * x2; dM[k0 + 3] = dM[k0 + 3]! + g0 * x3;
      dM[k1] = dM[k1]! + g1 * x0; dM[k1 + 1] = dM[k1 + 1]! + g1 * x1; dM[k1 + 2] = dM[k1 + 2]! + g1 * x2; dM[k1 + 3] = dM[k1 + 3]! + g1 * x3;
      dM[k2] = dM[k2]! + g2 * x0; dM[k2 + 1] = dM[k2 + 1]! + g2 * x1; dM[k2 + 2] = dM[k2 + 2]! + g2 * x2; dM[k2 + 3] = dM[k2 + 3]! + g2 * x3;
      dM[k3] = dM[k3]! + g3 * x0; dM[k3 + 1] = dM[k3 + 1]! + g3 * x1; dM[k3 + 2] = dM[k3 + 2]! + g3 * x2; dM[k3 + 3] = dM[k3 + 3]! + g3 * x3;
      gv[o] = gv[o]! + (M[k0]! * g0 + M[k1]! * g1 + M[k2]! * g2 + M[k3]! * g3);
      gv[o + 1] = gv[o + 1]! + (M[k0 + 1]! * g0 + M[k1 + 1]! * g1 + M[k2 + 1]! * g2 + M[k3 + 1]! * g3);
      gv[o + 2] = gv[o + 2]! + (M[k0 + 2]! * g0 + M[k1 + 2]! * g1 + M[k2 + 2]! * g2 + M[k3 + 2]! * g3);
      gv[o + 3] = gv[o + 3]! + (M[k0 + 3]! * g0 + M[k1 + 3]! * g1 + M[k2 + 3]! * g2 + M[k3 + 3]! * g3);
    }
    for (; j < c; j++) {
      const x = v[vb + j]!;
      dM[r0 + j] = dM[r0 + j]! + g0 * x;
      dM[r1 + j] = dM[r1 + j]! + g1 * x;
      dM[r2 + j] = dM[r2 + j]! + g2 * x;
      dM[r3 + j] = dM[r3 + j]! + g3 * x;
      gv[ob + j] = gv[ob + j]! + (M[r0 + j]! * g0 + M[r1 + j]! * g1 + M[r2 + j]! * g2 + M[r3 + j]! * g3);
    }
  }
  for (; i < rows; i++) {
    const r = i * c;
    const gi = g[go + i]!;
    for (let j = 0; j < c; j++) {
      dM[r + j] = dM[r + j]! + gi * v[vb + j]!;
      gv[ob + j] = gv[ob + j]! + M[r + j]! * gi;
    }
  }
}

/** dM += g v^T (a rank-one update; dM is rows x cols), four rows and four columns per iteration. */
export function outerAdd(
  dM: Float64Array, rows: number, cols: number,
  g: Float64Array, go: number,
  v: Float64Array, vo: number,
): void {
  checkSizes('outerAdd', rows, cols, go, vo);
  const c = cols & SMALL;
  const vb = vo & SMALL;
  const quad = c & (SMALL - 3);
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = (i * c) & SMALL;
    const r1 = (r0 + c) & SMALL;
    const r2 = (r1 + c) & SMALL;
    const r3 = (r2 + c) & SMALL;
    const g0 = g[go + i]!, g1 = g[go + i + 1]!, g2 = g[go + i + 2]!, g3 = g[go + i + 3]!;
    let j = 0;
    for (; j < quad; j += 4) {
      const q = vb + j;
      const k0 = r0 + j, k1 = r1 + j, k2 = r2 + j, k3 = r3 + j;
      const x0 = v[q]!, x1 = v[q + 1]!, x2 = v[q + 2]!, x3 = v[q + 3]!;
      dM[k0] = dM[k0]! + g0 * x0; dM[k0 + 1] = dM[k0 + 1]! + g0 * x1; dM[k0 + 2] = dM[k0 + 2]! + g0 * x2; dM[k0 + 3] = dM[k0 + 3]! + g0 * x3;
      dM[k1] = dM[k1]! + g1 * x0; dM[k1 + 1] = dM[k1 + 1]! + g1 * x1; dM[k1 + 2] = dM[k1 + 2]! + g1 * x2; dM[k1 + 3] = dM[k1 + 3]! + g1 * x3;
      dM[k2] = dM[k2]! + g2 * x0; dM[k2 + 1] = dM[k2 + 1]! + g2 * x1; dM[k2 + 2] = dM[k2 + 2]! + g2 * x2; dM[k2 + 3] = dM[k2 + 3]! + g2 * x3;
      dM[k3] = dM[k3]! + g3 * x0; dM[k3 + 1] = dM[k3 + 1]! + g3 * x1; dM[k3 + 2] = dM[k3 + 2]! + g3 * x2; dM[k3 + 3] = dM[k3 + 3]! + g3 * x3;
    }
    for (; j < c; j++) {
      const x = v[vb + j]!;
      dM[r0 + j] = dM[r0 + j]! + g0 * x;
      dM[r1 + j] = dM[r1 + j]! + g1 * x;
      dM[r2 + j] = dM[r2 + j]! + g2 * x;
      dM[r3 + j] = dM[r3 + j]! + g3 * x;
    }
  }
  for (; i < rows; i++) {
    const r = i * c;
    const gi = g[go + i]!;
    for (let j = 0; j < c; j++) dM[r + j] = dM[r + j]! + gi * v[vb + j]!;
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
 * p[po..po+len) = softmax(o[oo..oo+len)), computed with the maximum subtracted; returns the
 * cross-entropy -log softmax(o)[y] = (max o - o[y]) + log sum_k exp(o_k - max o), as PyTorch's
 * log_softmax orders it: no log(0), and a loss near 0 (a saturated softmax) keeps its digits
 * rather than vanishing into the rounding of max o + log(sum).
 */
export function softmaxLoss(p: Float64Array, po: number, o: Float64Array, oo: number, len: number, y: number): number {
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
  return (max - o[oo + y]!) + Math.log(sum);
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
