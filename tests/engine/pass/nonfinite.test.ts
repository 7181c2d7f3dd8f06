/** Values that stop being finite are detected and named where they first appear. */
import { describe, expect, it } from 'vitest';
import { describeNonFinite, gradients, initModel } from '../../../src/engine/index';

describe('non-finite values', () => {
  it('a logit that overflows is named with its step and node', () => {
    const m = initModel({ variant: 'elman', input: 2, hidden: 3, output: 2, length: 5, seed: 2, scheme: 'uniform' });
    m.params.V!.fill(1e308);
    m.params.b!.fill(5);
    m.params.W!.fill(0);
    m.params.U!.fill(0);
    const r = gradients(m);
    expect(r.nonFinite).toMatchObject({ pass: 'forward', step: 1, node: 'o', index: 0, value: Infinity });
    expect(describeNonFinite(r.nonFinite!)).toBe('forward step 1: o(1)[0] is Infinity');
  });

  it('a NaN put into a parameter shows up at the first node it reaches', () => {
    const m = initModel({ variant: 'jordan', input: 2, hidden: 3, output: 2, length: 5, seed: 2 });
    m.params.c![1] = NaN;
    const r = gradients(m);
    expect(r.nonFinite).toMatchObject({ pass: 'forward', step: 1, node: 'o', index: 1 });
    expect(Number.isNaN(r.nonFinite!.value)).toBe(true);
  });

  it('a parameter gradient that overflows names the parameter and the step that tipped it', () => {
    const m = initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 2, seed: 3, inputs: 'dense' });
    // h(t) = 0 and dL/da(t) = [-1, -1] at both steps; each step's dL/dU = dL/da(t) x(t)^T is
    // finite (-1e308), their sum is not.
    for (const p of [m.params.U!, m.params.W!, m.params.b!, m.params.c!, m.params.h0!]) p.fill(0);
    m.params.V!.set([1, 1, -1, -1]);
    m.sequence.targets.fill(0);
    if (m.sequence.inputs.kind !== 'dense') throw new Error('dense inputs expected');
    m.sequence.inputs.values.set([1e308, 0, 1e308, 0]);
    const r = gradients(m);
    expect(r.nonFinite).toEqual({ pass: 'backward', step: 1, node: 'U', index: 0, value: -Infinity });
    expect(describeNonFinite(r.nonFinite!)).toBe("backward step 1: dL/dU[0], adding step 1's contribution, is -Infinity");
  });

  it('a backward factor that overflows is named as the gradient of its node', () => {
    const m = initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 2, seed: 3 });
    for (const p of [m.params.U!, m.params.W!, m.params.b!, m.params.c!, m.params.h0!]) p.fill(0);
    // h(t) = 0; dL/dh(2) = V^T dL/do(2) = [-1e308, -1e308] is finite, W^T dL/da(2) is not.
    m.params.V!.set([1e308, 1e308, -1e308, -1e308]);
    m.params.W!.set([2, 0, 0, 2]);
    m.sequence.targets.fill(0);
    const r = gradients(m);
    expect(r.nonFinite).toEqual({ pass: 'backward', step: 1, node: 'h', index: 0, value: -Infinity });
    expect(describeNonFinite(r.nonFinite!)).toBe('backward step 1: dL/dh(1)[0] is -Infinity');
  });

  it('a finite pass reports nothing', () => {
    expect(gradients(initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 4, seed: 3 })).nonFinite).toBeNull();
  });
});
