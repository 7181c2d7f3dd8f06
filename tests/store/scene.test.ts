/** The scene the controls describe: text and tokens to ids, limits, length edits, and imported models. */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/index';
import { LIMITS, exportModel, initModel } from '../../src/engine/index';
import type { SceneConfig } from '../../src/store/scene';
import { DEFAULT_SCENE, SceneError, buildModel, configFromModel, sequenceLength, withLength } from '../../src/store/scene';
import { createAppStore } from '../../src/store/store';

/** The default scene with another text. */
const text = (t: string, more: Partial<SceneConfig> = {}): SceneConfig => ({ ...DEFAULT_SCENE, ...more, sequence: { mode: 'text', text: t } });
const tokens = (inputs: number[], targets: number[], more: Partial<SceneConfig> = {}): SceneConfig =>
  ({ ...DEFAULT_SCENE, ...more, sequence: { mode: 'tokens', inputs, targets } });

/** The SceneError thrown by `run`. */
function refusal(run: () => unknown): SceneError {
  try {
    run();
  } catch (e) {
    if (e instanceof SceneError) return e;
    throw e;
  }
  throw new Error('expected a SceneError');
}

/** The bytes of every parameter and of the sequence, for bit-for-bit comparisons. */
function bytes(model: Model): number[][] {
  const p = model.params;
  const inputs = model.sequence.inputs;
  return [p.U!, p.W!, p.V!, p.b!, p.c!, p.h0 ?? new Float64Array(0), inputs.kind === 'tokens' ? inputs.ids : inputs.values, model.sequence.targets]
    .map((a) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

describe('buildModel from text', () => {
  it('turns "hello" into ids of its sorted characters, each target the next character', () => {
    const model = buildModel(text('hello'));
    // vocabulary e h l o -> 0 1 2 3; x = h e l l, y = e l l o
    expect(model.labels).toEqual({ input: ['e', 'h', 'l', 'o'], output: ['e', 'h', 'l', 'o'] });
    expect(model.sizes).toEqual({ input: 4, hidden: 8, output: 4 });
    expect(model.sequence.length).toBe(4);
    expect(model.sequence.inputs).toEqual({ kind: 'tokens', ids: Int32Array.of(1, 0, 2, 2) });
    expect(Array.from(model.sequence.targets)).toEqual([0, 2, 2, 3]);
    expect(model.variant).toBe('elman');
    expect(model.feedback).toBeNull();
    expect(model.truncation).toBeNull();
  });

  it('gives the single-output network the last character as its one target', () => {
    const model = buildModel(text('hello', { variant: 'single-output' }));
    expect(model.sequence.inputs).toEqual({ kind: 'tokens', ids: Int32Array.of(1, 0, 2, 2) });
    expect(Array.from(model.sequence.targets)).toEqual([3]);
  });

  it('uses the feedback for jordan only, and the truncation', () => {
    expect(buildModel(text('hello', { variant: 'jordan', feedback: 'teacher' })).feedback).toBe('teacher');
    expect(buildModel(text('hello', { feedback: 'teacher' })).feedback).toBeNull();
    expect(buildModel(text('hello', { truncation: 2 })).truncation).toBe(2);
    expect('h0' in buildModel(text('hello', { variant: 'jordan' })).params).toBe(false);
  });

  it('counts an emoji as one symbol and sorts by code point', () => {
    const model = buildModel(text('a😀b😀'));
    expect(model.labels?.input).toEqual(['a', 'b', '😀']);
    expect(model.sequence.length).toBe(3);
    expect(model.sequence.inputs).toEqual({ kind: 'tokens', ids: Int32Array.of(0, 2, 1) });
    expect(Array.from(model.sequence.targets)).toEqual([2, 1, 2]);
    // U+FF5E sorts before U+1F600, though its UTF-16 code unit is larger than a surrogate's.
    expect(buildModel(text('😀～')).labels?.input).toEqual(['～', '😀']);
  });

  it('refuses a text without 2 different characters', () => {
    for (const t of ['', 'a', 'aaaa', '😀😀']) {
      const error = refusal(() => buildModel(text(t)));
      expect(error.field).toBe('sequence.text');
      expect(error.message).toMatch(/^sequence\.text: needs at least 2 different characters/);
    }
  });

  it('gives the same model bit for bit for the same config', () => {
    expect(bytes(buildModel(DEFAULT_SCENE))).toEqual(bytes(buildModel({ ...DEFAULT_SCENE })));
    expect(exportModel(buildModel(DEFAULT_SCENE))).toEqual(exportModel(buildModel(DEFAULT_SCENE)));
    expect(bytes(buildModel({ ...DEFAULT_SCENE, seed: 2 }))).not.toEqual(bytes(buildModel(DEFAULT_SCENE)));
  });

  it('keeps hostile characters as plain labels', () => {
    const model = buildModel(text('<img src=x onerror=alert(1)>'));
    expect(model.labels?.input).toContain('<');
    expect(model.labels?.input?.join('')).not.toContain('<img');
  });
});

describe('buildModel from tokens', () => {
  it('sizes n and K from the largest ids, at least 2 each', () => {
    const model = buildModel(tokens([0, 4, 1], [2, 0, 1]));
    expect(model.sizes).toEqual({ input: 5, hidden: 8, output: 3 });
    expect(model.sequence.inputs).toEqual({ kind: 'tokens', ids: Int32Array.of(0, 4, 1) });
    expect(Array.from(model.sequence.targets)).toEqual([2, 0, 1]);
    expect(model.labels).toBeNull();
    expect(buildModel(tokens([0, 0], [0, 0])).sizes).toEqual({ input: 2, hidden: 8, output: 2 });
  });

  it('gives the single-output network the last target', () => {
    expect(Array.from(buildModel(tokens([0, 1, 2], [1, 0, 3], { variant: 'single-output' })).sequence.targets)).toEqual([3]);
  });

  it('refuses lists of different lengths, empty lists and bad ids', () => {
    expect(refusal(() => buildModel(tokens([0, 1], [1]))).message).toBe('sequence.targets: expected 2 class ids (one per input), got 1');
    expect(refusal(() => buildModel(tokens([], []))).field).toBe('sequence.inputs');
    expect(refusal(() => buildModel(tokens([0, -1], [0, 1]))).message).toBe('sequence.inputs[1]: expected a token id (an integer in 0..1023), got -1');
    expect(refusal(() => buildModel(tokens([0, 1.5], [0, 1]))).field).toBe('sequence.inputs[1]');
    expect(refusal(() => buildModel(tokens([0, 1], [0, 1024]))).field).toBe('sequence.targets[1]');
  });
});

describe('limits', () => {
  it.each([
    ['hidden', { hidden: 0 }, 'hidden: expected an integer in 1..512, got 0'],
    ['hidden', { hidden: 513 }, 'hidden: expected an integer in 1..512, got 513'],
    ['hidden', { hidden: 2.5 }, 'hidden: expected an integer in 1..512, got 2.5'],
    ['seed', { seed: -1 }, 'seed: expected an integer in 0..4294967295, got -1'],
    ['seed', { seed: 2 ** 32 }, 'seed: expected an integer in 0..4294967295, got 4294967296'],
    ['seed', { seed: Number.NaN }, 'seed: expected an integer in 0..4294967295, got NaN'],
    ['truncation', { truncation: 0 }, 'truncation: expected an integer in 1..2048, got 0'],
    ['truncation', { truncation: 2049 }, 'truncation: expected an integer in 1..2048, got 2049'],
  ] as const)('refuses a bad %s', (field, change, message) => {
    const error = refusal(() => buildModel({ ...DEFAULT_SCENE, ...change }));
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  it('accepts the extremes', () => {
    expect(buildModel({ ...DEFAULT_SCENE, hidden: 1, seed: 0, truncation: 1 }).sizes.hidden).toBe(1);
    expect(buildModel({ ...DEFAULT_SCENE, hidden: LIMITS.hidden, seed: 2 ** 32 - 1, truncation: LIMITS.length }).sizes.hidden).toBe(512);
    expect(buildModel(withLength(DEFAULT_SCENE, LIMITS.length)).sequence.length).toBe(LIMITS.length);
  });

  it('refuses a text longer than tau = 2048 steps, and too many different characters', () => {
    expect(refusal(() => buildModel(text('ab'.repeat(1025)))).message).toBe('sequence.text: expected at most 2049 characters (tau = 2048 steps), got 2050');
    expect(refusal(() => buildModel(text('ab'.repeat(100_000)))).field).toBe('sequence.text');
    const many = Array.from({ length: 1025 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(refusal(() => buildModel(text(many))).message).toContain('1025 different characters');
    expect(refusal(() => buildModel(tokens(Array<number>(2049).fill(0), Array<number>(2049).fill(0)))).field).toBe('sequence.inputs');
  });
});

describe('sequenceLength and withLength', () => {
  it('reads tau', () => {
    expect(sequenceLength(DEFAULT_SCENE)).toBe(10);
    expect(sequenceLength(text('a😀b'))).toBe(2);
    expect(sequenceLength(text(''))).toBe(0);
    expect(sequenceLength(tokens([1, 2, 3], [0, 0, 0]))).toBe(3);
  });

  it('cuts or cycles the text to tau + 1 characters', () => {
    expect(withLength(text('hello'), 2).sequence).toEqual({ mode: 'text', text: 'hel' });
    expect(withLength(text('hello'), 11).sequence).toEqual({ mode: 'text', text: 'hellohellohe' });
    expect(withLength(text('a😀'), 4).sequence).toEqual({ mode: 'text', text: 'a😀a😀a' });
    for (const n of [1, 7, 100]) expect(buildModel(withLength(DEFAULT_SCENE, n)).sequence.length).toBe(n);
  });

  it('cuts or cycles token lists in pairs', () => {
    expect(withLength(tokens([1, 2, 3], [4, 5, 6]), 5).sequence).toEqual({ mode: 'tokens', inputs: [1, 2, 3, 1, 2], targets: [4, 5, 6, 4, 5] });
    expect(withLength(tokens([1, 2, 3], [4, 5, 6]), 1).sequence).toEqual({ mode: 'tokens', inputs: [1], targets: [4] });
  });

  it('keeps everything else and refuses a bad length', () => {
    const config = text('hello', { variant: 'jordan', hidden: 3, seed: 9, truncation: 2 });
    expect({ ...withLength(config, 3), sequence: config.sequence }).toEqual(config);
    expect(refusal(() => withLength(config, 0)).message).toBe('length: expected an integer in 1..2048, got 0');
    expect(refusal(() => withLength(config, 2049)).field).toBe('length');
    expect(refusal(() => withLength(text(''), 3)).field).toBe('sequence.text');
  });
});

describe('configFromModel', () => {
  it('round-trips a text scene of every variant', () => {
    for (const variant of ['elman', 'jordan', 'single-output'] as const) {
      const config = text('hello world!', { variant, feedback: 'softmax', hidden: 5, seed: 42, truncation: 3 });
      const model = buildModel(config);
      const back = configFromModel(model, 42);
      expect(back.sequence).toEqual({ mode: 'text', text: 'hello world!' });
      expect(bytes(buildModel(back))).toEqual(bytes(model));
      expect(exportModel(buildModel(back))).toEqual(exportModel(model));
      expect(back).toEqual(variant === 'jordan' ? config : { ...config, feedback: 'logits' });
    }
  });

  it('round-trips a token scene', () => {
    const model = buildModel(tokens([0, 3, 1], [1, 1, 2], { seed: 5 }));
    const back = configFromModel(model, 5);
    expect(back.sequence).toEqual({ mode: 'tokens', inputs: [0, 3, 1], targets: [1, 1, 2] });
    expect(bytes(buildModel(back))).toEqual(bytes(model));
  });

  it('gives token lists for a model without character labels, or whose targets are not the next input', () => {
    const random = initModel({ variant: 'single-output', input: 3, hidden: 2, output: 4, length: 5, seed: 3 });
    const config = configFromModel(random, 7);
    expect(config).toMatchObject({ variant: 'single-output', hidden: 2, seed: 7, truncation: null });
    const ids = random.sequence.inputs.kind === 'tokens' ? Array.from(random.sequence.inputs.ids) : [];
    const y = random.sequence.targets[0]!;
    expect(config.sequence).toEqual({ mode: 'tokens', inputs: ids, targets: ids.map(() => y) });
    expect(Array.from(buildModel(config).sequence.targets)).toEqual([y]);

    const hello = buildModel(text('hello'));
    const shuffled: Model = { ...hello, sequence: { ...hello.sequence, targets: Int32Array.of(3, 2, 1, 0) } };
    expect(configFromModel(shuffled, 1).sequence.mode).toBe('tokens');
    const unlabelled: Model = { ...hello, labels: { input: ['e', 'h', 'l', 'o'], output: ['E', 'H', 'L', 'O'] } };
    expect(configFromModel(unlabelled, 1).sequence.mode).toBe('tokens');
  });

  it('reads dense inputs as the token of each largest entry', () => {
    const dense = initModel({ variant: 'elman', input: 3, hidden: 2, output: 2, length: 4, seed: 1, inputs: 'dense' });
    const config = configFromModel(dense, 1);
    expect(config.sequence.mode).toBe('tokens');
    expect(buildModel(config).sequence.length).toBe(4);
  });
});

describe('a refused scene in either language', () => {
  it('keeps the field as a path and puts the problem in the chosen language', () => {
    const store = createAppStore();
    const before = store.getState().model;
    store.getState().setLanguage('zh');
    expect(store.getState().editConfig({ hidden: 0 })).toBe(false);
    expect(store.getState().error).toBe('hidden: 应为 1..512 之间的整数，实际为 0');
    expect(store.getState().model).toBe(before);
    store.getState().setLanguage('en');
    store.getState().editConfig({ sequence: { mode: 'text', text: 'aaaa' } });
    expect(store.getState().error).toBe('sequence.text: needs at least 2 different characters, got 1');
  });
});
