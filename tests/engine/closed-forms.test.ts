/** Cases whose gradients are known in closed form, or must equal another computation exactly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/index';
import { gradients, initModel, paramNames, runPass } from '../../src/engine/index';
import { smallModel } from './arbitraries';

const close = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 13);
};
const softmax = (o: number[]): number[] => {
  const m = Math.max(...o);
  const e = o.map((v) => Math.exp(v - m));
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((v) => v / s);
};
const withTruncation = (m: Model, truncation: number | null): Model => ({ ...m, truncation });
const bits = (a: Float64Array | undefined): string => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex') : 'absent');

describe('closed forms', () => {
  it('tau = 1 (Elman, token input): every gradient as written out by hand', () => {
    const m = initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 1, seed: 11, scheme: 'uniform' });
    const U = m.params.U!, W = m.params.W!, V = m.params.V!, b = m.params.b!, c = m.params.c!, h0 = m.params.h0!;
    const x = m.sequence.inputs.kind === 'tokens' ? m.sequence.inputs.ids[0]! : -1;
    const y = m.sequence.targets[0]!;
    const H = 4, K = 3, n = 3;
    const a = Array.from({ length: H }, (_, i) => b[i]! + U[i * n + x]! + Array.from({ length: H }, (_, j) => W[i * H + j]! * h0[j]!).reduce((s, v) => s + v, 0));
    const h = a.map(Math.tanh);
    const o = Array.from({ length: K }, (_, k) => c[k]! + h.reduce((s, hj, j) => s + V[k * H + j]! * hj, 0));
    const p = softmax(o);
    const gO = p.map((v, k) => v - (k === y ? 1 : 0));
    const gH = h.map((_, j) => gO.reduce((s, g, k) => s + V[k * H + j]! * g, 0));
    const gA = gH.map((g, i) => (1 - h[i]! ** 2) * g);
    const r = gradients(m);
    expect(r.loss).toBeCloseTo(-Math.log(p[y]!), 14);
    close(r.grads.c!, gO);
    close(r.grads.V!, gO.flatMap((g) => h.map((hj) => g * hj)));
    close(r.grads.b!, gA);
    close(r.grads.U!, gA.flatMap((g) => Array.from({ length: n }, (_, j) => (j === x ? g : 0))));
    close(r.grads.W!, gA.flatMap((g) => Array.from(h0, (v) => g * v)));
    close(r.grads.h0!, Array.from({ length: H }, (_, j) => gA.reduce((s, g, i) => s + W[i * H + j]! * g, 0)));
  });

  it('zero weights: h = tanh(b), yhat = softmax(c); only b, c and V get gradients', () => {
    for (const variant of ['elman', 'jordan', 'single-output'] as const) {
      const m = initModel({ variant, input: 3, hidden: 5, output: 4, length: 6, seed: 5, scheme: 'uniform' });
      m.params.U!.fill(0);
      m.params.W!.fill(0);
      m.params.V!.fill(0);
      const r = gradients(m);
      const p = softmax(Array.from(m.params.c!));
      const targets = Array.from(m.sequence.targets);
      expect(r.loss).toBeCloseTo(targets.reduce((s, y) => s - Math.log(p[y]!), 0), 12);
      close(r.grads.c!, p.map((pk, k) => targets.reduce((s, y) => s + pk - (y === k ? 1 : 0), 0)));
      const h = Array.from(m.params.b!, Math.tanh);
      close(r.grads.V!, Array.from(r.grads.c!).flatMap((g) => h.map((hj) => g * hj)));
      for (const name of ['U', 'W', 'b', 'h0'] as const) {
        const g = r.grads[name];
        if (g) expect(Array.from(g).every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('teacher forcing: no gradient crosses time; dL/dh(t) = V^T dL/do(t) with dL/do(t) = yhat(t) - onehot(y(t))', () => {
    const m = initModel({ variant: 'jordan', feedback: 'teacher', input: 3, hidden: 4, output: 3, length: 7, seed: 3, scheme: 'uniform' });
    const { forward: f, backward: g } = runPass(m);
    const H = 4, K = 3;
    for (let t = 1; t <= 7; t++) {
      const y = m.sequence.targets[t - 1]!;
      const gO = Array.from({ length: K }, (_, k) => f.yhat[(t - 1) * K + k]! - (k === y ? 1 : 0));
      expect(Array.from(g.gO.subarray((t - 1) * K, t * K))).toEqual(gO);
      const gH = Array.from({ length: H }, (_, j) => gO.reduce((s, v, k) => s + m.params.V![k * H + j]! * v, 0));
      close(g.gH.subarray((t - 1) * H, t * H), gH);
    }
  });

  it('truncation with k >= tau equals full BPTT, bit for bit', () => {
    fc.assert(fc.property(smallModel(), fc.integer({ min: 0, max: 5 }), (m, extra) => {
      const full = gradients(withTruncation(m, null));
      const cut = gradients(withTruncation(m, m.sequence.length + extra));
      for (const name of paramNames(m.variant)) expect(bits(cut.grads[name])).toBe(bits(full.grads[name]));
    }), { seed: 1, numRuns: 100 });
  });

  it('truncation with k = 1: no gradient crosses a step (dL/dh(t) comes from step t alone)', () => {
    fc.assert(fc.property(smallModel(), (m0) => {
      const m = withTruncation(m0, 1);
      const { forward: f, backward: g } = runPass(m);
      const { hidden: H, output: K } = m.sizes;
      const tau = m.sequence.length;
      for (let t = 1; t <= tau; t++) {
        const row = m.variant === 'single-output' ? (t === tau ? 0 : -1) : t - 1;
        const gO = row < 0 ? [] : Array.from({ length: K }, (_, k) => f.yhat[row * K + k]! - (k === m.sequence.targets[row] ? 1 : 0));
        if (row >= 0) close(g.gO.subarray(row * K, (row + 1) * K), gO);
        const gH = Array.from({ length: H }, (_, j) => gO.reduce((s, v, k) => s + m.params.V![k * H + j]! * v, 0));
        close(g.gH.subarray((t - 1) * H, t * H), gH);
      }
    }), { seed: 2, numRuns: 100 });
  });

  it('single output with tau = 1 equals Elman with tau = 1, bit for bit', () => {
    fc.assert(fc.property(fc.nat(), fc.constantFrom('tokens' as const, 'dense' as const), (seed, inputs) => {
      const elman = initModel({ variant: 'elman', input: 3, hidden: 5, output: 3, length: 1, seed, scheme: 'uniform', inputs });
      const a = gradients(elman);
      const b = gradients({ ...elman, variant: 'single-output' });
      expect(b.loss).toBe(a.loss);
      for (const name of paramNames('elman')) expect(bits(b.grads[name])).toBe(bits(a.grads[name]));
    }), { seed: 3, numRuns: 100 });
  });
});
