/** SGD and Adam against steps computed by hand, on a flat vector and over a model's parameters. */
import { describe, expect, it } from 'vitest';
import { adamUpdate, copyParams, createOptimizer, initModel, paramCount, paramNames, sgdUpdate } from '../../../src/engine/index';
import type { Params } from '../../../src/engine/index';

const close = (got: ArrayLike<number>, want: readonly number[]): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-15);
};

describe('SGD: p -= lr g', () => {
  it('three steps on a three-entry vector, by hand', () => {
    const p = Float64Array.of(1, -2, 0.5);
    sgdUpdate(p, Float64Array.of(0.5, -1, 0), p, 0.1);
    close(p, [0.95, -1.9, 0.5]);
    sgdUpdate(p, Float64Array.of(-2, 4, 1), p, 0.1);
    close(p, [1.15, -2.3, 0.4]);
    const out = new Float64Array(3);
    sgdUpdate(p, Float64Array.of(1, 1, 1), out, 0.5);
    close(out, [0.65, -2.8, -0.1]);
    close(p, [1.15, -2.3, 0.4]);
  });
});

describe('Adam (b1 0.9, b2 0.999, eps 1e-8)', () => {
  it('two steps on a three-entry vector, by hand', () => {
    const p = Float64Array.of(1, -2, 0.5);
    const m = new Float64Array(3), v = new Float64Array(3);
    // Step 1, g = (0.5, -1, 0): m = 0.1 g, v = 0.001 g^2, mhat = g, vhat = g^2.
    adamUpdate(p, Float64Array.of(0.5, -1, 0), p, 3, m, v, m, v, 0, 1, 0.1);
    close(m, [0.05, -0.1, 0]);
    close(v, [0.00025, 0.001, 0]);
    close(p, [1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 + 0.1 * 1 / (1 + 1e-8), 0.5]);
    const p1 = Array.from(p);
    // Step 2, g = (-2, 4, 1): m = 0.9 m + 0.1 g, v = 0.999 v + 0.001 g^2,
    // mhat = m / (1 - 0.81), vhat = v / (1 - 0.998001).
    adamUpdate(p, Float64Array.of(-2, 4, 1), p, 3, m, v, m, v, 0, 2, 0.1);
    const m2 = [0.045 - 0.2, -0.09 + 0.4, 0.1];
    const v2 = [0.00024975 + 0.004, 0.000999 + 0.016, 0.001];
    close(m, m2);
    close(v, v2);
    const c1 = 1 - 0.81, c2 = 1 - 0.998001;
    close(p, p1.map((x, i) => x - (0.1 * (m2[i]! / c1)) / (Math.sqrt(v2[i]! / c2) + 1e-8)));
    // By hand: entry 2 has had g = 0 then 1, so mhat = 0.1 / 0.19, vhat = 0.001 / 0.001999.
    expect(Math.abs(p[2]! - (0.5 - (0.1 * (0.1 / 0.19)) / (Math.sqrt(0.001 / 0.001999) + 1e-8)))).toBeLessThanOrEqual(1e-15);
  });

  it('over a model: state is flat in paramNames order, propose changes nothing until commit', () => {
    const model = initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 1, seed: 5, scheme: 'uniform' });
    const size = paramCount(model);
    expect(size).toBe(4 + 4 + 4 + 2 + 2 + 2);
    const g = copyParams(model.params);
    for (const name of paramNames('elman')) g[name]!.forEach((x, i, a) => { a[i] = x * 3 - i; });
    const opt = createOptimizer(model, 'adam');
    const out: Params = { U: new Float64Array(4), W: new Float64Array(4), V: new Float64Array(4), b: new Float64Array(2), c: new Float64Array(2), h0: new Float64Array(2) };
    opt.propose(model.params, g, out, 0.01);
    expect(opt.steps).toBe(0);
    expect(Array.from(opt.m!)).toEqual(new Array(size).fill(0));
    opt.commit();
    expect(opt.steps).toBe(1);
    let off = 0;
    for (const name of paramNames('elman')) {
      const gi = g[name]!;
      close(opt.m!.subarray(off, off + gi.length), Array.from(gi, (x) => 0.1 * x));
      close(out[name]!, Array.from(model.params[name]!, (x, i) => x - (0.01 * gi[i]!) / (Math.abs(gi[i]!) + 1e-8)));
      off += gi.length;
    }
    const sgd = createOptimizer(model, 'sgd');
    sgd.step(out, g, 0.5);
    expect(sgd.steps).toBe(1);
    expect(sgd.m).toBeNull();
  });

  it('jordan has no h0: its state holds only U, W, V, b, c', () => {
    const model = initModel({ variant: 'jordan', input: 2, hidden: 3, output: 2, length: 2, seed: 1 });
    expect(paramCount(model)).toBe(6 + 6 + 6 + 3 + 2);
    expect(createOptimizer(model, 'adam').m!.length).toBe(23);
  });
});
