/** Seeded initialisation: a seed reproduces a model exactly; schemes draw what they say. */
import { describe, expect, it } from 'vitest';
import { createRng, initModel } from '../../../src/engine/index';

describe('seeded initialisation', () => {
  it('the same options and seed give the same model, bit for bit; another seed another model', () => {
    const o = { variant: 'elman', input: 5, hidden: 7, output: 3, length: 9, seed: 42 } as const;
    expect(initModel(o)).toEqual(initModel(o));
    expect(initModel({ ...o, seed: 43 }).params.W).not.toEqual(initModel(o).params.W);
  });

  it('the random stream is fixed: a seed gives the same first numbers everywhere', () => {
    const r = createRng(1);
    const first = [r.next(), r.next(), r.next()];
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
    // mulberry32(1): frozen so that a change of generator is seen.
    expect(first.map((v) => v.toFixed(8))).toEqual(['0.62707394', '0.00273572', '0.52744704']);
  });

  it('glorot-uniform: U, W, V within +-sqrt(6 / (fan_in + fan_out)); b, c, h0 zero', () => {
    const m = initModel({ variant: 'elman', input: 10, hidden: 20, output: 5, length: 3, seed: 1 });
    const within = (a: Float64Array, limit: number): boolean => a.every((v) => Math.abs(v) <= limit);
    expect(within(m.params.U!, Math.sqrt(6 / 30))).toBe(true);
    expect(within(m.params.W!, Math.sqrt(6 / 40))).toBe(true);
    expect(within(m.params.V!, Math.sqrt(6 / 25))).toBe(true);
    expect(Math.max(...m.params.W!.map(Math.abs))).toBeGreaterThan(0.5 * Math.sqrt(6 / 40));
    for (const v of [m.params.b!, m.params.c!, m.params.h0!]) expect(v.every((x) => x === 0)).toBe(true);
  });

  it('uniform: every parameter in [-0.5, 0.5), biases too; jordan has no h0 and W of H x K', () => {
    const m = initModel({ variant: 'jordan', input: 3, hidden: 4, output: 6, length: 2, seed: 7, scheme: 'uniform', inputs: 'dense' });
    expect('h0' in m.params).toBe(false);
    expect(m.params.W!.length).toBe(24);
    expect(m.feedback).toBe('logits');
    expect(m.params.b!.some((v) => v !== 0) && m.params.b!.every((v) => v >= -0.5 && v < 0.5)).toBe(true);
    expect(m.sequence.inputs.kind).toBe('dense');
  });

  it('draws token ids and class ids in range; single output has one target', () => {
    const m = initModel({ variant: 'single-output', input: 3, hidden: 2, output: 4, length: 50, seed: 3 });
    expect(m.sequence.targets.length).toBe(1);
    if (m.sequence.inputs.kind !== 'tokens') throw new Error('tokens expected');
    expect(m.sequence.inputs.ids.every((id) => id >= 0 && id < 3)).toBe(true);
    expect(new Set(m.sequence.inputs.ids).size).toBe(3);
  });

  it('refuses bad options, naming the option', () => {
    const o = { variant: 'elman', input: 2, hidden: 2, output: 2, length: 2, seed: 1 } as const;
    expect(() => initModel({ ...o, hidden: 513 })).toThrow('hidden: expected an integer in 1..512, got 513');
    expect(() => initModel({ ...o, output: 1 })).toThrow('output: expected an integer in 2..1024, got 1');
    expect(() => initModel({ ...o, length: 0 })).toThrow(/^length: /);
    expect(() => initModel({ ...o, seed: -1 })).toThrow(/^seed: /);
    expect(() => initModel({ ...o, truncation: 0 })).toThrow(/^truncation: /);
    expect(() => initModel({ ...o, feedback: 'softmax' })).toThrow('feedback: only a jordan network has feedback');
  });
});
