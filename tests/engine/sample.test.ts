/**
 * Free running (src/engine/sample.ts): greedy is the argmax of o(t); a seed reproduces a sample
 * and another seed gives another; a temperature near 0 is greedy; at T = 1 the draws follow
 * yhat(t) (a chi-square bound over many seeded draws); running the model on the sampled sequence
 * gives the yhat's each token was drawn from (a deep network's: its whole pass, stackGradients);
 * every refusal names why, a bidirectional network's too.
 */
import { describe, expect, it } from 'vitest';
import type { Model, Nonlinearity, SampleProblem, SampleSpec, Variant } from '../../src/engine/index';
import { SampleError, forward, initModel, sample, sampledModel, stackGradients, stackModelOf } from '../../src/engine/index';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';

const hello = (): Model => buildModel(DEFAULT_SCENE);
const greedy = (prompt: number, length: number): SampleSpec => ({ prompt, length, rule: { kind: 'greedy' }, seed: 0 });
const draw = (prompt: number, length: number, temperature: number, seed: number): SampleSpec => ({ prompt, length, rule: { kind: 'draw', temperature }, seed });

/** The message of what `run` throws, checked to be a SampleError. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(SampleError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

/** What `run` refuses, as data. */
function refusedWhy(run: () => unknown): SampleProblem {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(SampleError);
    return (e as SampleError).why;
  }
  throw new Error('expected a refusal');
}

/** The cells a deep network is made of: Elman's with tanh and ReLU, the LSTM, the GRU. */
const DEEP_CELLS: readonly { readonly variant: Variant; readonly nonlinearity?: Nonlinearity }[] = [
  { variant: 'elman' }, { variant: 'elman', nonlinearity: 'relu' }, { variant: 'lstm' }, { variant: 'gru' },
];

/** A seeded random deep network over 5 symbols (n = K = 5, H = 4), every parameter drawn (biases and initial states too). */
const deepModel = (c: (typeof DEEP_CELLS)[number], layers: number, seed: number, bidirectional = false): Model => initModel({
  variant: c.variant, ...(c.nonlinearity ? { nonlinearity: c.nonlinearity } : {}), input: 5, hidden: 4, output: 5, length: 6, seed,
  scheme: 'uniform', layers, ...(bidirectional ? { bidirectional } : {}),
});

const deepName = (c: (typeof DEEP_CELLS)[number], layers: number) => `${c.variant}${c.nonlinearity === 'relu' ? '/relu' : ''} D=${layers}`;

describe('sample', () => {
  it('keeps the prompt, generates L tokens, and its targets are the next tokens', () => {
    const model = hello();
    const s = sample(model, draw(3, 10, 1, 5));
    expect(s.inputs.length).toBe(13);
    expect(Array.from(s.inputs.subarray(0, 3))).toEqual(Array.from(model.sequence.inputs.kind === 'tokens' ? model.sequence.inputs.ids.subarray(0, 3) : []));
    for (let t = 1; t < 13; t++) expect(s.targets[t - 1]).toBe(s.inputs[t]);
    expect(s.targets[12]).toBeGreaterThanOrEqual(0);
    expect(s.targets[12]).toBeLessThan(model.sizes.output);
  });

  it('is greedy: each generated token is the argmax of yhat(t-1), ties to the lowest id', () => {
    for (const variant of ['elman', 'jordan', 'lstm', 'gru'] as const) {
      const model = buildModel({ ...DEFAULT_SCENE, variant, feedback: 'softmax' });
      const s = sample(model, greedy(2, 12));
      const K = model.sizes.output;
      for (let t = 2; t <= 14; t++) {
        const row = Array.from(s.yhat.subarray((t - 1) * K, t * K));
        const best = row.indexOf(Math.max(...row));
        expect(s.targets[t - 1], `${variant} t = ${t}`).toBe(best);
      }
    }
  });

  it('gives the yhat of a pass over prompt + generated tokens, on every cell and feedback', () => {
    const models: Model[] = [
      hello(),
      buildModel({ ...DEFAULT_SCENE, variant: 'jordan', feedback: 'logits' }),
      buildModel({ ...DEFAULT_SCENE, variant: 'jordan', feedback: 'softmax' }),
      buildModel({ ...DEFAULT_SCENE, variant: 'jordan', feedback: 'teacher' }),
      buildModel({ ...DEFAULT_SCENE, variant: 'lstm' }),
      buildModel({ ...DEFAULT_SCENE, variant: 'gru' }),
    ];
    for (const model of models) {
      const s = sample(model, draw(4, 20, 0.8, 11));
      const again = forward(sampledModel(model, s));
      expect(again.nonFinite).toBeNull();
      expect(Array.from(again.states.yhat)).toEqual(Array.from(s.yhat));
    }
  });

  it('reproduces with the same seed and changes with another', () => {
    const model = hello();
    const a = sample(model, draw(1, 40, 1, 7));
    const b = sample(model, draw(1, 40, 1, 7));
    const c = sample(model, draw(1, 40, 1, 8));
    expect(Array.from(b.inputs)).toEqual(Array.from(a.inputs));
    expect(Array.from(c.inputs)).not.toEqual(Array.from(a.inputs));
  });

  it('approaches greedy as the temperature falls', () => {
    const model = hello();
    const g = Array.from(sample(model, greedy(1, 30)).targets);
    for (let seed = 0; seed < 20; seed++) expect(Array.from(sample(model, draw(1, 30, 1e-3, seed)).targets)).toEqual(g);
    // At T = 1 the untrained model's draws are not greedy's.
    const differs = Array.from({ length: 20 }, (_, seed) => Array.from(sample(model, draw(1, 30, 1, seed)).targets)).some((d) => d.join() !== g.join());
    expect(differs).toBe(true);
  });

  it('draws x(p+1) from yhat(p) at T = 1 (chi-square over 4000 seeded draws)', () => {
    const model = hello();
    const K = model.sizes.output;
    const draws = 4000;
    const counts = new Array<number>(K).fill(0);
    let probs: number[] = [];
    for (let seed = 0; seed < draws; seed++) {
      const s = sample(model, draw(3, 1, 1, seed));
      probs = Array.from(s.yhat.subarray(2 * K, 3 * K));
      counts[s.inputs[3]!]! += 1;
    }
    let chi2 = 0;
    for (let j = 0; j < K; j++) chi2 += (counts[j]! - draws * probs[j]!) ** 2 / (draws * probs[j]!);
    // K - 1 = 7 degrees of freedom: P(chi2 > 24.3) = 0.001. Seeded, so the figure is fixed; the bound says it is a fair draw.
    expect(chi2).toBeLessThan(24.3);
    // And a wrong distribution is caught by the same bound: the uniform one.
    let wrong = 0;
    for (let j = 0; j < K; j++) wrong += (counts[j]! - draws / K) ** 2 / (draws / K);
    expect(Math.max(...probs) - Math.min(...probs)).toBeGreaterThan(0.02);
    expect(wrong).toBeGreaterThan(24.3);
  });

  it('refuses a model whose classes are not its inputs, naming n and K', () => {
    const model = initModel({ variant: 'elman', input: 5, hidden: 4, output: 3, length: 6, seed: 1, scheme: 'glorot-uniform' });
    expect(refusal(() => sample(model, greedy(1, 3)))).toBe('sampling needs the classes to be the input symbols: n = 5, K = 3');
  });

  it('refuses labels that differ, dense inputs, a network read out at the end (single output, or an LSTM read at the end)', () => {
    const model = hello();
    const relabelled: Model = { ...model, labels: { input: model.labels!.input!, output: model.labels!.output!.map((l, i) => (i === 2 ? 'Z' : l)) } };
    expect(refusal(() => sample(relabelled, greedy(1, 3)))).toMatch(/input 2 is "e", class 2 is "Z"/);
    const dense = initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 6, seed: 1, scheme: 'glorot-uniform', inputs: 'dense' });
    expect(refusal(() => sample(dense, greedy(1, 3)))).toMatch(/token inputs/);
    const single = buildModel({ ...DEFAULT_SCENE, variant: 'single-output' });
    expect(refusal(() => sample(single, greedy(1, 3)))).toMatch(/output at every step/);
    const lstmAtEnd = buildModel({ ...DEFAULT_SCENE, variant: 'lstm', readout: 'last' });
    expect(lstmAtEnd.readout).toBe('last');
    expect(refusal(() => sample(lstmAtEnd, greedy(1, 3)))).toMatch(/output at every step/);
  });

  it('refuses a prompt, length, temperature or seed out of range', () => {
    const model = hello();
    expect(refusal(() => sample(model, greedy(0, 3)))).toBe('prompt: expected an integer in 1..10, got 0');
    expect(refusal(() => sample(model, greedy(11, 3)))).toBe('prompt: expected an integer in 1..10, got 11');
    expect(refusal(() => sample(model, greedy(2, 2047)))).toBe('length: expected an integer in 1..2046, got 2047');
    expect(refusal(() => sample(model, greedy(2, 0)))).toMatch(/^length:/);
    expect(refusal(() => sample(model, draw(2, 3, 0, 1)))).toMatch(/^temperature:.*got 0$/);
    expect(refusal(() => sample(model, draw(2, 3, Number.NaN, 1)))).toMatch(/^temperature:/);
    expect(refusal(() => sample(model, draw(2, 3, 1, -1)))).toMatch(/^seed:/);
    expect(sample(model, greedy(2, 2046)).inputs.length).toBe(2048);
  });

  it('refuses a yhat that is not finite, naming the step', () => {
    const model = hello();
    const V = model.params.V!.slice();
    const broken: Model = { ...model, params: { ...model.params, V } };
    // o(t) = c + V h(t): an infinite V makes every o infinite, so yhat(1) is NaN.
    V.fill(Infinity);
    expect(refusal(() => sample(broken, greedy(3, 3)))).toBe('yhat(1) is not finite: nothing can be drawn from it');
  });
});

describe('sample on a deep network (one direction)', () => {
  let seed = 100;
  for (const c of DEEP_CELLS) {
    for (const layers of [2, 3]) {
      const name = deepName(c, layers);
      const model = deepModel(c, layers, seed++);

      it(`${name}: gives the yhat of the stack's whole pass over prompt + generated tokens, bit for bit`, () => {
        for (const spec of [draw(3, 14, 1, 9), draw(1, 20, 0.5, 4), greedy(6, 10)]) {
          const s = sample(model, spec);
          const again = stackGradients(stackModelOf(sampledModel(model, s)));
          expect(again.nonFinite, name).toBeNull();
          expect(again.yhat.length).toBe(s.yhat.length);
          expect(Array.from(again.yhat), name).toEqual(Array.from(s.yhat));
        }
      });

      it(`${name}: greedy picks the argmax of the stack's yhat(t-1), ties to the lowest id`, () => {
        const s = sample(model, greedy(2, 16));
        const yhat = stackGradients(stackModelOf(sampledModel(model, s))).yhat;
        const K = model.sizes.output;
        for (let t = 2; t <= 18; t++) {
          const row = Array.from(yhat.subarray((t - 1) * K, t * K));
          expect(s.targets[t - 1], `${name} t = ${t}`).toBe(row.indexOf(Math.max(...row)));
        }
      });

      it(`${name}: reproduces with the same seed, and its draws are not one layer's`, () => {
        const a = sample(model, draw(1, 40, 1, 7));
        const b = sample(model, draw(1, 40, 1, 7));
        expect(Array.from(b.inputs)).toEqual(Array.from(a.inputs));
        expect(Array.from(b.yhat)).toEqual(Array.from(a.yhat));
        // The layers above layer 0 matter: layer 0 alone (its parameters, V and c) gives another yhat(1).
        const shallow = sample({ ...model, layers: 1 }, draw(1, 40, 1, 7));
        expect(Array.from(shallow.yhat.subarray(0, 5))).not.toEqual(Array.from(a.yhat.subarray(0, 5)));
      });
    }
  }

  it('refuses a bidirectional network, one layer or more, naming why', () => {
    for (const c of DEEP_CELLS) {
      for (const layers of [1, 2]) {
        const model = deepModel(c, layers, 3, true);
        expect(refusedWhy(() => sample(model, greedy(1, 3))), deepName(c, layers)).toEqual({ kind: 'bidirectional' });
      }
    }
    expect(refusal(() => sample(deepModel(DEEP_CELLS[0]!, 2, 3, true), greedy(1, 3)))).toMatch(/bidirectional network's backward direction reads the steps after t/);
  });
});
