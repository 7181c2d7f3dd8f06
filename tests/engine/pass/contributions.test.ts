/** Weight sharing made visible: the per-step contributions sum to each parameter gradient. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initModel, paramNames, runPass, stepContribution } from '../../../src/engine/index';
import { smallModel } from '../arbitraries';

describe('per-step contributions', () => {
  it('summed from t = tau down to 1, give every parameter gradient bit for bit, for every variant', () => {
    fc.assert(fc.property(smallModel({ truncation: true }), (m) => {
      const pass = runPass(m);
      for (const name of paramNames(m.variant)) {
        const total = pass.backward.grads[name]!;
        const sum = new Float64Array(total.length);
        for (let t = m.sequence.length; t >= 1; t--) {
          const c = stepContribution(pass, name, t);
          for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + c[i]!;
        }
        expect(Array.from(sum)).toEqual(Array.from(total));
      }
    }), { seed: 6, numRuns: 200 });
  });

  it('gives each step its own share: dL/dV at step t is dL/do(t) h(t)^T, zero where there is no output', () => {
    const m = initModel({ variant: 'single-output', input: 3, hidden: 2, output: 2, length: 3, seed: 9, scheme: 'uniform' });
    const pass = runPass(m);
    expect(Array.from(stepContribution(pass, 'V', 1))).toEqual([0, 0, 0, 0]);
    const gO = pass.backward.gO;
    const h3 = pass.forward.h.subarray(6, 8);
    expect(Array.from(stepContribution(pass, 'V', 3))).toEqual([gO[0]! * h3[0]!, gO[0]! * h3[1]!, gO[1]! * h3[0]!, gO[1]! * h3[1]!]);
    expect(Array.from(stepContribution(pass, 'h0', 2))).toEqual([0, 0]);
  });
});
