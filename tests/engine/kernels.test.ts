/** The unrolled kernels agree with plain loops for every row count (multiples of 4 and not). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matTVecAdd, matVecAdd, outerAddAndMatTVecAdd, softmaxInto } from '../../src/engine/kernels';

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

  it('softmaxInto is stable for huge logits and returns log-sum-exp', () => {
    const p = new Float64Array(3);
    const lse = softmaxInto(p, 0, Float64Array.from([1000, 1000, -1000]), 0, 3);
    expect(Array.from(p)).toEqual([0.5, 0.5, 0]);
    expect(lse).toBeCloseTo(1000 + Math.log(2), 10);
  });
});
