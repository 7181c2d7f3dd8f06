/**
 * Short share links ('#c=1.'): a scene still at its seeded initialisation is shared by its
 * settings alone, in under 300 characters, and read back to the sharer's model bit for bit;
 * any other model keeps the full link; every corrupt or hostile short link is refused with a
 * StateError naming the problem, never another kind of exception.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/index';
import { FEEDBACKS, LIMITS, NONLINEARITIES, VARIANTS, compactModelText, exportModel, initModel } from '../../src/engine/index';
import { PRESETS } from '../../src/store/presets';
import type { SceneConfig } from '../../src/store/scene';
import { DEFAULT_SCENE, buildModel, sequenceLength } from '../../src/store/scene';
import { encodeSceneShare, isSceneModel } from '../../src/store/sceneLink';
import type { SharedState } from '../../src/store/share';
import { SHARE_MAX_CHARS, StateError, encodeShare, isShareHash, serializeState } from '../../src/store/share';
import { decodeShare, parseState } from '../../src/store/stateRead';

/** A short hash made independently of the module: node's zlib and Buffer's base64url. */
const hashOf = (data: string | Uint8Array, version = 1): string => `#c=${version}.${deflateSync(data).toString('base64url')}`;

/** The default scene's state at a position, with a node selected. */
const base = (more: Partial<SharedState> = {}): SharedState =>
  ({ model: buildModel(DEFAULT_SCENE), config: DEFAULT_SCENE, position: 3, selected: 'h@2', ...more });

/** The short form's JSON of the default scene's state, edited, as a short link. */
function editedHash(edit: (json: Record<string, unknown>) => void): string {
  const json: Record<string, unknown> = { config: structuredClone(DEFAULT_SCENE), position: 3, selected: 'h@2' };
  edit(json);
  return hashOf(JSON.stringify(json));
}

/** The short hash of a state; fails the test when there is none. */
async function shortHash(state: SharedState): Promise<string> {
  const encoded = await encodeSceneShare(state);
  if (encoded === null) throw new Error('expected a short link');
  return encoded.hash;
}

/** The StateError decodeShare gives for a hash; any other outcome fails the test. */
async function refusal(hash: string): Promise<StateError> {
  let decoded: unknown;
  try {
    decoded = await decodeShare(hash);
  } catch (e) {
    if (e instanceof StateError) {
      expect(e.message).toBe(`link: ${e.problem}`);
      expect(e.message).not.toMatch(/[\r\n]/);
      return e;
    }
    throw e;
  }
  throw new Error(`expected a StateError, got ${decoded === null ? 'null' : 'a state'}`);
}

/** The bytes of every typed array of a model, by name. */
function bytes(model: Model): Record<string, number[]> {
  const inputs = model.sequence.inputs;
  const arrays: Record<string, ArrayBufferView> = { ...model.params, inputs: inputs.kind === 'tokens' ? inputs.ids : inputs.values, targets: model.sequence.targets };
  return Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))]));
}

/** Decoding gives back exactly what was shared. */
function expectSame(back: SharedState | null, state: SharedState): void {
  expect(back).not.toBeNull();
  if (back === null) return;
  expect(bytes(back.model)).toEqual(bytes(state.model));
  expect(exportModel(back.model)).toEqual(exportModel(state.model));
  expect(back.model.labels).toEqual(state.model.labels);
  expect(back.model.truncation).toBe(state.model.truncation);
  expect(back.model.feedback).toBe(state.model.feedback);
  expect(back.model.nonlinearity).toBe(state.model.nonlinearity);
  expect(isSceneModel(back.model, state.config!)).toBe(true);
  expect(back.config).toEqual(state.config);
  expect(back.position).toBe(state.position);
  expect(back.selected).toBe(state.selected);
}

describe('a scene at its seeded initialisation', () => {
  it.each(PRESETS.map((p) => [p.id, p.config] as const))('%s: a short link under 300 characters that reads back bit for bit', async (_, config) => {
    const tau = sequenceLength(config);
    const state: SharedState = { model: buildModel(config), config, position: tau + 1, selected: `h@${Math.max(1, tau - 1)}` };
    const hash = await shortHash(state);
    expect(hash).toMatch(/^#c=1\.[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(300);
    expect(isShareHash(hash)).toBe(true);
    expectSame(await decodeShare(hash), state);
  });

  it('the default scene: about a twentieth of its full link', async () => {
    const hash = await shortHash(base());
    const full = await encodeShare(base());
    if (!('hash' in full)) throw new Error('expected a full link');
    expect(full.hash.length).toBeGreaterThan(2000);
    expect(hash.length).toBeLessThan(full.hash.length / 10);
  });

  it('seeded initialisation is the same on every machine: the default scene\'s model is frozen bit for bit', () => {
    // mulberry32 is integer arithmetic; glorot-uniform draws use +, -, *, / and Math.sqrt, which
    // IEEE 754 rounds correctly (no sin, exp or log), so these digests hold in every engine. A change of generator,
    // scheme or draw order (which would break every short link shared before) shows here.
    const digest = (config: SceneConfig) => createHash('sha256').update(compactModelText(buildModel(config))).digest('hex');
    expect(digest(DEFAULT_SCENE)).toBe('cffb5ffbde8c6017242347eb02f0fe70a811eded6c68c0beba5af450a38ade0f');
    expect(digest(PRESETS.find((p) => p.id === 'long-echo-lstm')!.config)).toBe('a19ad4eef8d122cae8a8dbebbc44cbcadf260de87ca5570adf2736a94ff7c7c3');
    expect(buildModel(DEFAULT_SCENE).params.W![0]).toBe(0.451546465737116);
  });

  it('random scenes (every cell, text or tokens, truncation, relu, W = s I) read back bit for bit', async () => {
    const scene: fc.Arbitrary<SceneConfig> = fc.record({
      variant: fc.constantFrom(...VARIANTS),
      feedback: fc.constantFrom(...FEEDBACKS),
      nonlinearity: fc.constantFrom(...NONLINEARITIES),
      hidden: fc.integer({ min: 1, max: 12 }),
      seed: fc.nat({ max: 2 ** 32 - 1 }),
      truncation: fc.option(fc.integer({ min: 1, max: 20 })),
      recurrence: fc.double({ min: -100, max: 100, noNaN: true }),
      sequence: fc.oneof(
        fc.array(fc.constantFrom('a', 'b', ' ', '😀', '<', '"', '\n'), { minLength: 1, maxLength: 30 }).map((chars) => ({ mode: 'text' as const, text: `ab${chars.join('')}` })),
        fc.integer({ min: 1, max: 20 }).chain((tau) => fc.record({
          mode: fc.constant('tokens' as const),
          inputs: fc.array(fc.nat({ max: 9 }), { minLength: tau, maxLength: tau }),
          targets: fc.array(fc.nat({ max: 6 }), { minLength: tau, maxLength: tau }),
        })),
      ),
    }, { requiredKeys: ['variant', 'feedback', 'hidden', 'seed', 'truncation', 'sequence'] });
    await fc.assert(fc.asyncProperty(scene, fc.nat(), async (config, p) => {
      const state: SharedState = { model: buildModel(config), config, position: p % (2 * sequenceLength(config) + 1), selected: null };
      expectSame(await decodeShare(await shortHash(state)), state);
    }), { seed: 20_250_112, numRuns: 50 });
  });

  it('keeps hostile text as a plain string', async () => {
    const config: SceneConfig = { ...DEFAULT_SCENE, sequence: { mode: 'text', text: '<img src=x onerror=alert(1)>' } };
    const back = await decodeShare(await shortHash({ model: buildModel(config), config, position: 0, selected: null }));
    expect(back?.config?.sequence).toEqual({ mode: 'text', text: '<img src=x onerror=alert(1)>' });
    expect(back?.model.labels?.input).toContain('<');
  });

  it('a full link of an untrained scene, opened, is shared short again', async () => {
    const full = await encodeShare(base());
    if (!('hash' in full)) throw new Error('expected a full link');
    const opened = await decodeShare(full.hash);
    expect(opened).not.toBeNull();
    expectSame(await decodeShare(await shortHash(opened!)), base());
  });
});

describe('any other model keeps the full link', () => {
  /** The default scene's state with its model edited in place, or replaced by what `edit` returns. */
  const edited = (edit: (m: Model) => Model | undefined): SharedState => {
    const model = buildModel(DEFAULT_SCENE);
    return base({ model: edit(model) ?? model });
  };

  it.each([
    ['one parameter changed (a step of training)', edited((m) => { m.params.W![5]! += 1e-12; return undefined; })],
    ['a zero bias set to -0 (bits, not values)', edited((m) => { m.params.b![0] = -0; return undefined; })],
    ['another seed\'s parameters', base({ model: buildModel({ ...DEFAULT_SCENE, seed: 2 }) })],
    ['a relabelled model', edited((m) => ({ ...m, labels: { ...m.labels, input: m.labels!.input!.map((s) => s.toUpperCase()) } }))],
    ['a truncated model', edited((m) => ({ ...m, truncation: 3 }))],
    ['another target', edited((m) => { m.sequence.targets[0] = 1; return undefined; })],
    ['an imported model with no scene', base({ model: initModel({ variant: 'elman', input: 3, hidden: 2, output: 3, length: 4, seed: 1 }), config: null, selected: null })],
  ])('%s', async (_, state) => {
    expect(await encodeSceneShare(state)).toBeNull();
    const full = await encodeShare(state);
    if (!('hash' in full)) throw new Error('expected a full link');
    expect(full.hash).toMatch(/^#s=1\./);
    const back = await decodeShare(full.hash);
    expect(bytes(back!.model)).toEqual(bytes(state.model));
  });

  it('an imported model whose config was made up from it (as loadState does) is not its scene', async () => {
    const model = buildModel(DEFAULT_SCENE);
    model.params.U![0] = 0.5;
    expect(isSceneModel(model, DEFAULT_SCENE)).toBe(false);
    expect(isSceneModel(buildModel(DEFAULT_SCENE), DEFAULT_SCENE)).toBe(true);
  });

  it('a scene that does not build has no short link (and its state no link of either form)', async () => {
    const config: SceneConfig = { ...DEFAULT_SCENE, hidden: 0 };
    expect(await encodeSceneShare(base({ config }))).toBeNull();
  });
});

describe('decodeShare refuses a corrupt or hostile short link', () => {
  it.each([
    ['garbage', '#c=garbage', 'not an Unroll link'],
    ['no version', '#c=.abc', 'not an Unroll link'],
    ['version 0', '#c=0.abc', 'not an Unroll link'],
    ['a future version', '#c=2.abc', 'version 2 is newer than this app'],
    ['a huge version', '#c=999999999.abc', 'version 999999999 is newer than this app'],
    ['no data', '#c=1.', 'no data'],
    ['characters outside base64url', '#c=1.ab+c/d', 'unexpected character "+"'],
    ['a lone last character', '#c=1.abcde', 'cut short'],
    ['text that is not deflate data', '#c=1.bm90IGEgbGluaw', 'does not decompress'],
    ['too long', `#c=1.${'A'.repeat(SHARE_MAX_CHARS)}`, `too long: expected at most ${SHARE_MAX_CHARS} characters`],
  ])('%s', async (_, hash, words) => {
    expect((await refusal(hash)).problem).toContain(words);
  });

  it('refuses a truncated link', async () => {
    const hash = await shortHash(base());
    for (const cut of [5, 6, 20, Math.floor(hash.length / 2), hash.length - 3]) await refusal(hash.slice(0, cut));
  });

  it('refuses a link with any one bit flipped, but for the unused bits that end the deflate data (the state is then the same)', async () => {
    const data = Buffer.from((await shortHash(base())).slice(5), 'base64url');
    let same = 0;
    for (let bit = 0; bit < data.length * 8; bit++) {
      const flipped = Buffer.from(data);
      flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
      const hash = `#c=1.${flipped.toString('base64url')}`;
      // The last byte before the 4-byte Adler-32 checksum ends the deflate stream; its unused bits are not data.
      if ((bit >> 3) === data.length - 5) {
        const back = await decodeShare(hash).catch((e: unknown) => (e instanceof StateError ? null : Promise.reject(e)));
        if (back !== null) {
          expectSame(back, base());
          same++;
        }
      } else {
        await refusal(hash);
      }
    }
    expect(same).toBeLessThan(8);
  }, 30_000);

  it('refuses data that is not UTF-8, not JSON, or not an object', async () => {
    expect((await refusal(hashOf(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)))).problem).toBe('damaged: the data is not UTF-8 text');
    expect((await refusal(hashOf('hello, not json'))).problem).toMatch(/^not valid JSON \(/);
    expect((await refusal(hashOf('[1, 2]'))).problem).toBe('not an Unroll link');
    expect((await refusal(hashOf('"hello"'))).problem).toBe('not an Unroll link');
  });

  it('stops inflating a huge payload', async () => {
    const bomb = hashOf(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(SHARE_MAX_CHARS);
    expect((await refusal(bomb)).problem).toBe('too large: the data inflates past 4 MiB');
  });

  it('refuses a full state put in a short link, and a short state put in a full one', async () => {
    expect((await refusal(hashOf(serializeState(base())))).problem).toBe('state: unknown field "format"');
    const short = `#s=1.${(await shortHash(base())).slice(5)}`;
    expect((await refusal(short)).problem).toBe('not an Unroll link');
  });

  const config = (edit: (c: Record<string, unknown>) => void) => editedHash((j) => edit(j['config'] as Record<string, unknown>));
  it.each([
    ['an extra field', () => editedHash((j) => { j['model'] = {}; }), 'state: unknown field "model"'],
    ['a misspelt field', () => editedHash((j) => { j['positon'] = 3; delete j['position']; }), 'state: unknown field "positon"'],
    ['an extra field in the scene', () => config((c) => { c['params'] = [1]; }), 'config: unknown field "params"'],
    ['an extra field in the sequence', () => config((c) => { c['sequence'] = { mode: 'text', text: 'hello', html: '<b>' }; }), 'config.sequence: unknown field "html"'],
    ['no config', () => editedHash((j) => { delete j['config']; }), 'config: missing'],
    ['a null config', () => editedHash((j) => { j['config'] = null; }), 'config: expected an object, got null'],
    ['a config of the wrong type', () => editedHash((j) => { j['config'] = 'elman'; }), 'config: expected an object, got "elman"'],
    ['an unknown variant', () => config((c) => { c['variant'] = 'transformer'; }), 'config.variant: expected one of elman, jordan, single-output, lstm, gru, got "transformer"'],
    ['no hidden size', () => config((c) => { delete c['hidden']; }), 'config.hidden: missing'],
    ['a hidden size of 0', () => config((c) => { c['hidden'] = 0; }), `config.hidden: expected an integer in 1..${LIMITS.hidden}, got 0`],
    ['a hidden size past the limit', () => config((c) => { c['hidden'] = LIMITS.hidden + 1; }), `config.hidden: expected an integer in 1..${LIMITS.hidden}, got ${LIMITS.hidden + 1}`],
    ['a huge hidden size', () => config((c) => { c['hidden'] = 1e300; }), 'config.hidden: expected an integer, got 1e+300'],
    ['a fractional hidden size', () => config((c) => { c['hidden'] = 2.5; }), 'config.hidden: expected an integer, got 2.5'],
    ['a hidden size as text', () => config((c) => { c['hidden'] = '8'; }), 'config.hidden: expected an integer, got "8"'],
    ['a negative seed', () => config((c) => { c['seed'] = -1; }), 'config.seed: expected an integer in 0..4294967295, got -1'],
    ['a seed past 32 bits', () => config((c) => { c['seed'] = 2 ** 32; }), 'config.seed: expected an integer in 0..4294967295, got 4294967296'],
    ['a truncation of 0', () => config((c) => { c['truncation'] = 0; }), `config.truncation: expected an integer in 1..${LIMITS.length}, got 0`],
    ['a recurrence past 100', () => config((c) => { c['recurrence'] = 1e6; }), 'config.recurrence: expected a number in -100..100, got 1000000'],
    ['a bad nonlinearity', () => config((c) => { c['nonlinearity'] = 'sigmoid'; }), 'config.nonlinearity: expected one of tanh, relu, got "sigmoid"'],
    ['a text of one character', () => config((c) => { c['sequence'] = { mode: 'text', text: 'aaa' }; }), 'config.sequence.text: needs at least 2 different characters, got 1'],
    ['a text past the limit', () => config((c) => { c['sequence'] = { mode: 'text', text: 'ab'.repeat(3000) }; }), `config.sequence.text: expected at most ${LIMITS.length + 1} characters, got 6000`],
    ['too many tokens', () => config((c) => { c['sequence'] = { mode: 'tokens', inputs: Array(LIMITS.length + 1).fill(0), targets: [0] }; }),
      `config.sequence.inputs: expected at most ${LIMITS.length} token ids, got ${LIMITS.length + 1}`],
    ['a token out of range', () => config((c) => { c['sequence'] = { mode: 'tokens', inputs: [0, 1e9], targets: [0, 1] }; }), 'config.sequence.inputs[1]: expected a token id (an integer in 0..1023), got 1000000000'],
    ['a bad mode', () => config((c) => { c['sequence'] = { mode: 'audio' }; }), 'config.sequence.mode: expected "text" or "tokens", got "audio"'],
    ['a position past the end', () => editedHash((j) => { j['position'] = 21; }), 'position: expected an integer in 0..20, got 21'],
    ['a negative position', () => editedHash((j) => { j['position'] = -1; }), 'position: expected an integer in 0..20, got -1'],
    ['a huge position', () => editedHash((j) => { j['position'] = 1e308; }), 'position: expected an integer in 0..20, got 1e+308'],
    ['no position', () => editedHash((j) => { delete j['position']; }), 'position: missing'],
    ['no selected node', () => editedHash((j) => { delete j['selected']; }), 'selected: missing'],
    ['a selected node that is not a string', () => editedHash((j) => { j['selected'] = 3; }), 'selected: expected null, a node like "h@3" or a parameter, got 3'],
    ['a selected step out of range', () => editedHash((j) => { j['selected'] = 'x@11'; }), 'selected: no node x@11: the steps of x run 1..10'],
  ])('refuses %s', async (_, hash, words) => {
    expect((await refusal(hash())).problem).toBe(words);
  });

  it('refuses a number too large for a double (JSON reads it as Infinity)', async () => {
    expect((await refusal(hashOf('{"config":{"variant":"elman","feedback":"logits","hidden":1e400,"seed":1,"truncation":null,"sequence":{"mode":"text","text":"hello"}},"position":0,"selected":null}'))).problem)
      .toBe('config.hidden: expected an integer, got Infinity');
  });
});

describe('the two forms side by side', () => {
  it('a hash that is neither holds no state', async () => {
    for (const hash of ['', '#', '#c', '#C=1.abc', '#d=1.abc', 'c=1.abc']) {
      expect(isShareHash(hash)).toBe(false);
      expect(await decodeShare(hash)).toBeNull();
    }
  });

  it('the saved state stays the full form', () => {
    expect(parseState(serializeState(base()), 'saved state').model.params.W).toEqual(base().model.params.W);
  });
});
