/** The stepping session: forward one step at a time, then BPTT one step at a time. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Gradients, Model } from '../../../src/engine/index';
import { createSession, gradients, initModel, paramNames } from '../../../src/engine/index';
import { smallModel } from '../arbitraries';

const bits = (a: Float64Array | undefined): string => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex') : 'absent');
const sameBits = (m: Model, a: Gradients, b: Gradients): void => {
  expect(Object.is(a.loss, b.loss)).toBe(true);
  expect(bits(a.stepLosses)).toBe(bits(b.stepLosses));
  for (const name of paramNames(m.variant)) expect(bits(a.grads[name])).toBe(bits(b.grads[name]));
};

describe('stepping session', () => {
  it('a finished session gives the one-shot numbers, bit for bit', () => {
    fc.assert(fc.property(smallModel({ truncation: true }), (m) => {
      const s = createSession(m);
      while (s.step()) { /* every step, one at a time */ }
      sameBits(m, s.result()!, gradients(m));
    }), { seed: 4, numRuns: 200 });
  });

  it('walks forward t = 1..tau, then backward t = tau..1, and has no result before the end', () => {
    const m = initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 3, seed: 1 });
    const s = createSession(m);
    const cursors = [s.cursor()];
    while (s.step()) {
      cursors.push(s.cursor());
      if (s.position < s.end) expect(s.result()).toBeNull();
    }
    expect(cursors).toEqual([
      { phase: 'start', t: 0 },
      { phase: 'forward', t: 1 }, { phase: 'forward', t: 2 }, { phase: 'forward', t: 3 },
      { phase: 'backward', t: 3 }, { phase: 'backward', t: 2 }, { phase: 'backward', t: 1 },
    ]);
    expect(s.step()).toBe(false);
    expect(s.position).toBe(6);
  });

  it('holds the states BPTT needs: growing by h(t), yhat(t) per forward step, released to zero by BPTT', () => {
    const H = 5, K = 3, tau = 4;
    const cases: [Model, number, number][] = [
      // [model, numbers held at the start, numbers per step]
      [initModel({ variant: 'elman', input: 2, hidden: H, output: K, length: tau, seed: 1 }), H, H + K],
      [initModel({ variant: 'jordan', feedback: 'softmax', input: 2, hidden: H, output: K, length: tau, seed: 1 }), 0, H + K],
      // The LSTM holds h0 and s0, then its gates f, g, q, z, s(t) and h(t); the GRU h0, then u, r, m, z, h(t).
      [initModel({ variant: 'lstm', input: 2, hidden: H, output: K, length: tau, seed: 1 }), 2 * H, 6 * H + K],
      [initModel({ variant: 'gru', input: 2, hidden: H, output: K, length: tau, seed: 1 }), H, 5 * H + K],
    ];
    for (const [m, start, perStep] of cases) {
      const s = createSession(m);
      const seen = [s.held().numbers];
      while (s.step()) seen.push(s.held().numbers);
      expect(seen).toEqual([0, 1, 2, 3, 4, 3, 2, 1, 0].map((k, i) => (i === 8 ? 0 : start + k * perStep)));
      expect(s.held().bytes).toBe(0);
    }
    const single = createSession(initModel({ variant: 'single-output', input: 2, hidden: H, output: K, length: tau, seed: 1 }));
    for (let i = 0; i < tau; i++) single.step();
    expect(single.held()).toEqual({ numbers: H + tau * H + K, bytes: 8 * (H + tau * H + K) });
    const logits = createSession(initModel({ variant: 'jordan', input: 2, hidden: H, output: K, length: tau, seed: 1 }));
    for (let i = 0; i < tau; i++) logits.step();
    // h(t) and yhat(t) for every step, and o(t) = f(t) for the steps that feed one forward.
    expect(logits.held().numbers).toBe(tau * (H + K) + (tau - 1) * K);
  });

  it('seeking back and forth reproduces the same buffers exactly', () => {
    fc.assert(fc.property(smallModel(), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (m, targets) => {
      const s = createSession(m);
      for (const target of targets) {
        const p = target % (s.end + 1);
        s.seek(p);
        const fresh = createSession(m);
        fresh.seek(p);
        expect(s.position).toBe(p);
        expect(s.held()).toEqual(fresh.held());
        expect(bits(s.pass.forward.h)).toBe(bits(fresh.pass.forward.h));
        expect(bits(s.pass.backward.gA)).toBe(bits(fresh.pass.backward.gA));
        expect(bits(s.pass.backward.grads.W)).toBe(bits(fresh.pass.backward.grads.W));
      }
    }), { seed: 5, numRuns: 60 });
  });

  it('refuses a position outside 0..2 tau', () => {
    const s = createSession(initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 3, seed: 1 }));
    expect(() => s.seek(7)).toThrow('position must be an integer in 0..6, got 7');
    expect(() => s.seek(-1)).toThrow(RangeError);
    expect(() => s.seek(1.5)).toThrow(RangeError);
  });
});
