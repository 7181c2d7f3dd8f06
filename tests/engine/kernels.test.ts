/** The unrolled kernels agree with plain loops for every row count (multiples of 4 and not). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matTVecAdd, matVecAdd, matVecAdd3, matVecAdd4, outerAdd, outerAddAndMatTVecAdd, softmaxLoss } from '../../src/engine/kernels';

const vec = (len: number): fc.Arbitrary<Float64Array> =>
  fc.float64Array({ minLength: len, maxLength: len, noNaN: true, noDefaultInfinity: true, min: -10, max: 10 });
const shape = fc.record({ rows: fc.integer({ min: 1, max: 11 }), cols: fc.integer({ min: 1, max: 9 }) });

describe('kernels', () => {
  it('matVecAdd is out += M v', () => {
    fc.assert(fc.property(shape.chain(({ rows, cols }) => fc.tuple(vec(rows * cols), vec(cols), vec(rows)).map((t) => ({ rows, cols, t }))), ({ rows, cols, t: [M, v, out0] }) => {
      const out = out0.slice();
      matVecAdd(out, 0, M, rows, cols, v, 0);
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += M[i * cols + j]! * v[j]!;
        expect(out[i]).toBeCloseTo(out0[i]! + s, 9);
      }
    }), { seed: 1, numRuns: 200 });
  });

  it('outerAddAndMatTVecAdd is dM += g v^T and gv += M^T g; matTVecAdd gives the same gv bits', () => {
    fc.assert(fc.property(shape.chain(({ rows, cols }) => fc.tuple(vec(rows * cols), vec(rows), vec(cols)).map((t) => ({ rows, cols, t }))), ({ rows, cols, t: [M, g, v] }) => {
      const dM = new Float64Array(rows * cols);
      const gv = new Float64Array(cols);
      outerAddAndMatTVecAdd(dM, gv, 0, M, rows, cols, g, 0, v, 0);
      const gv2 = new Float64Array(cols);
      matTVecAdd(gv2, 0, M, rows, cols, g, 0);
      expect(Array.from(gv2)).toEqual(Array.from(gv));
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(dM[i * cols + j]).toBe(0 + g[i]! * v[j]!);
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let i = 0; i < rows; i++) s += M[i * cols + j]! * g[i]!;
        expect(gv[j]).toBeCloseTo(s, 9);
      }
    }), { seed: 2, numRuns: 200 });
  });

  it('softmaxLoss is stable for huge logits and returns -log softmax(o)[y]', () => {
    const p = new Float64Array(3);
    const loss = softmaxLoss(p, 0, Float64Array.from([1000, 1000, -1000]), 0, 3, 1);
    expect(Array.from(p)).toEqual([0.5, 0.5, 0]);
    expect(loss).toBeCloseTo(Math.log(2), 14);
    expect(softmaxLoss(p, 0, Float64Array.from([1000, 1000, -1000]), 0, 3, 2)).toBeCloseTo(2000 + Math.log(2), 10);
  });

  it('softmaxLoss keeps the digits of a loss near 0: (max o - o[y]) first, then log sum exp(o - max o)', () => {
    // o = (30, 30 - 34): the loss is log(1 + e^-34) = 1.713e-15, which 30 + log(1 + e^-34) - 30 rounds to 0.
    const o = Float64Array.from([30, -4]);
    const loss = softmaxLoss(new Float64Array(2), 0, o, 0, 2, 0);
    expect(loss).toBeGreaterThan(0);
    expect(Math.abs(loss - Math.exp(-34)) / Math.exp(-34)).toBeLessThan(0.2);
    expect(30 + Math.log(1 + Math.exp(-34)) - 30).toBe(0);
  });

});

/** Whether two arrays hold the same bits, entry by entry (NaN as NaN, -0 apart from 0). */
const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/**
 * The plain loops the unrolled kernels must match bit for bit, in the order each kernel
 * documents: a row's sum over j from 0, then added to out; M^T g by groups of four rows, then the
 * rows left over one by one.
 */
function plainMatVecAdd(out: Float64Array, oo: number, M: Float64Array, rows: number, cols: number, v: Float64Array, vo: number): void {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += M[i * cols + j]! * v[vo + j]!;
    out[oo + i] = out[oo + i]! + s;
  }
}
function plainOuterAndMatT(dM: Float64Array, gv: Float64Array, gvo: number, M: Float64Array, rows: number, cols: number, g: Float64Array, go: number, v: Float64Array, vo: number): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dM[i * cols + j] = dM[i * cols + j]! + g[go + i]! * v[vo + j]!;
  const grouped = rows - (rows % 4);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < grouped; i += 4) {
      let s = M[i * cols + j]! * g[go + i]!;
      for (let d = 1; d < 4; d++) s += M[(i + d) * cols + j]! * g[go + i + d]!;
      gv[gvo + j] = gv[gvo + j]! + s;
    }
    for (let i = grouped; i < rows; i++) gv[gvo + j] = gv[gvo + j]! + M[i * cols + j]! * g[go + i]!;
  }
}

/** Sizes across every unrolled path: groups of eight, four and single rows; groups of four and two columns and what is left; offsets. */
const layout = fc.record({
  rows: fc.integer({ min: 1, max: 19 }), cols: fc.integer({ min: 1, max: 13 }),
  oo: fc.integer({ min: 0, max: 5 }), vo: fc.integer({ min: 0, max: 5 }), go: fc.integer({ min: 0, max: 5 }),
});
const four = (len: number) => fc.tuple(vec(len), vec(len), vec(len), vec(len));

describe('kernels, unrolled: the same bits as the plain loops', () => {
  it('matVecAdd at any offsets', () => {
    fc.assert(fc.property(layout.chain((l) => fc.tuple(fc.constant(l), vec(l.rows * l.cols), vec(l.vo + l.cols), vec(l.oo + l.rows))), ([l, M, v, out0]) => {
      const out = out0.slice();
      matVecAdd(out, l.oo, M, l.rows, l.cols, v, l.vo);
      const want = out0.slice();
      plainMatVecAdd(want, l.oo, M, l.rows, l.cols, v, l.vo);
      expect(sameBits(out, want)).toBe(true);
    }), { seed: 3, numRuns: 300 });
  });

  it('matVecAdd4 and matVecAdd3: each product the same bits as matVecAdd, the rest of each output untouched', () => {
    fc.assert(fc.property(layout.chain((l) => fc.tuple(fc.constant(l), four(l.rows * l.cols), vec(l.vo + l.cols), four(l.oo + l.rows + 2))), ([l, Ms, v, outs0]) => {
      const outs = outs0.map((o) => o.slice());
      matVecAdd4(outs[0]!, outs[1]!, outs[2]!, outs[3]!, l.oo, ...Ms, l.rows, l.cols, v, l.vo);
      const three = outs0.map((o) => o.slice());
      matVecAdd3(three[0]!, three[1]!, three[2]!, l.oo, Ms[0], Ms[1], Ms[2], l.rows, l.cols, v, l.vo);
      for (let k = 0; k < 4; k++) {
        const want = outs0[k]!.slice();
        matVecAdd(want, l.oo, ([...Ms] as Float64Array[])[k]!, l.rows, l.cols, v, l.vo);
        expect(sameBits(outs[k]!, want), `matVecAdd4 output ${k}`).toBe(true);
        expect(sameBits(three[k]!, k < 3 ? want : outs0[k]!), `matVecAdd3 output ${k}`).toBe(true);
      }
    }), { seed: 4, numRuns: 300 });
  });

  it('outerAddAndMatTVecAdd at any offsets, onto gradients already summed', () => {
    fc.assert(fc.property(layout.chain((l) => fc.tuple(fc.constant(l), vec(l.rows * l.cols), vec(l.rows * l.cols), vec(l.go + l.rows), vec(l.vo + l.cols), vec(l.oo + l.cols))), ([l, M, dM0, g, v, gv0]) => {
      const dM = dM0.slice();
      const gv = gv0.slice();
      outerAddAndMatTVecAdd(dM, gv, l.oo, M, l.rows, l.cols, g, l.go, v, l.vo);
      const wantM = dM0.slice();
      const wantV = gv0.slice();
      plainOuterAndMatT(wantM, wantV, l.oo, M, l.rows, l.cols, g, l.go, v, l.vo);
      expect(sameBits(dM, wantM), 'dM').toBe(true);
      expect(sameBits(gv, wantV), 'gv').toBe(true);
      const gv2 = gv0.slice();
      matTVecAdd(gv2, l.oo, M, l.rows, l.cols, g, l.go);
      expect(sameBits(gv2, wantV), 'matTVecAdd').toBe(true);
    }), { seed: 5, numRuns: 300 });
  });

  it('outerAdd at any offsets, onto a sum already there: each entry dM + g_i v_j', () => {
    fc.assert(fc.property(layout.chain((l) => fc.tuple(fc.constant(l), vec(l.rows * l.cols), vec(l.go + l.rows), vec(l.vo + l.cols))), ([l, dM0, g, v]) => {
      const dM = dM0.slice();
      outerAdd(dM, l.rows, l.cols, g, l.go, v, l.vo);
      const want = dM0.map((x, k) => x + g[l.go + Math.floor(k / l.cols)]! * v[l.vo + (k % l.cols)]!);
      expect(sameBits(dM, want)).toBe(true);
    }), { seed: 6, numRuns: 300 });
  });

  it('a size or offset that is negative, fractional or beyond 2^29 - 1 is a RangeError naming the kernel, not a wrong sum', () => {
    const M = new Float64Array(4);
    const v = new Float64Array(2);
    const out = new Float64Array(2);
    expect(() => matVecAdd(out, -1, M, 2, 2, v, 0)).toThrow(/matVecAdd: .*integers from 0 to 2\^29 - 1/);
    expect(() => matVecAdd4(out, out, out, out, 0, M, M, M, M, 2, 2.5, v, 0)).toThrow(/matVecAdd4: /);
    expect(() => matVecAdd3(out, out, out, 0, M, M, M, 2, 2, v, 2 ** 29)).toThrow(/matVecAdd3: /);
    expect(() => outerAddAndMatTVecAdd(M, v, 0, M, 2 ** 15, 2 ** 15, v, 0, v, 0)).toThrow(RangeError);
    expect(() => outerAddAndMatTVecAdd(M, v, 0, M, 2, 2, v, -3, v, 0)).toThrow(/outerAddAndMatTVecAdd: /);
    expect(() => outerAdd(M, 2, 2, v, 0, v, 0.5)).toThrow(/outerAdd: /);
  });
});

