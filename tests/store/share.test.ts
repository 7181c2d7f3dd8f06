/**
 * Share links: encode then decode gives the state back bit for bit, a state too large for a
 * link says so, and every corrupt or hostile hash is refused with a StateError naming the
 * problem, never another kind of exception.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/index';
import { FEEDBACKS, NONLINEARITIES, TOPOLOGIES, VARIANTS, exportModel, initModel } from '../../src/engine/index';
import type { SceneConfig } from '../../src/store/scene';
import { DEFAULT_SCENE, buildModel, sequenceLength } from '../../src/store/scene';
import type { SharedState } from '../../src/store/share';
import { SHARE_MAX_CHARS, StateError, encodeShare, serializeState } from '../../src/store/share';
import { decodeShare, parseState } from '../../src/store/stateRead';
import { smallModel } from '../engine/arbitraries';

/** A hash made independently of the module: node's zlib and Buffer's base64url. */
/** A valid LSTM model file (seeded). */

const hashOf = (data: string | Uint8Array): string => `#s=1.${deflateSync(data).toString('base64url')}`;

/** The state of the default scene at a position. */
const base = (more: Partial<SharedState> = {}): SharedState =>
  ({ model: buildModel(DEFAULT_SCENE), config: DEFAULT_SCENE, position: 3, selected: 'h@2', ...more });

/** The state's JSON object, edited, as a link. */
function editedHash(edit: (json: Record<string, unknown>) => void, state: SharedState = base()): string {
  const json = JSON.parse(serializeState(state)) as Record<string, unknown>;
  edit(json);
  return hashOf(JSON.stringify(json));
}

/** The StateError decodeShare gives for a hash; any other outcome fails the test. */
async function refusal(hash: string): Promise<StateError> {
  let decoded: unknown;
  try {
    decoded = await decodeShare(hash);
  } catch (e) {
    if (e instanceof StateError) {
      expect(e.message).toMatch(/^link: /);
      expect(e.message).not.toMatch(/[\r\n]/);
      expect(e.message).toBe(`link: ${e.problem}`);
      return e;
    }
    throw e;
  }
  throw new Error(`expected a StateError, got ${decoded === null ? 'null' : 'a state'}`);
}

/** The bytes of every typed array of a model. */
function bytes(model: Model): number[][] {
  const p = model.params;
  const inputs = model.sequence.inputs;
  return [p.U!, p.W!, p.V!, p.b!, p.c!, p.h0 ?? new Float64Array(0), inputs.kind === 'tokens' ? inputs.ids : inputs.values, model.sequence.targets]
    .map((a) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

/** Decoding gives back exactly what was encoded. */
function expectSame(back: SharedState | null, state: SharedState): void {
  expect(back).not.toBeNull();
  if (back === null) return;
  expect(exportModel(back.model)).toEqual(exportModel(state.model));
  expect(bytes(back.model)).toEqual(bytes(state.model));
  expect(back.model.labels).toEqual(state.model.labels);
  expect(back.config).toEqual(state.config);
  expect(back.position).toBe(state.position);
  expect(back.selected).toBe(state.selected);
}

/** Random scenes: every topology the page draws, text (with emoji) or tokens. */
const scene: fc.Arbitrary<SceneConfig> = fc.record({
  variant: fc.constantFrom(...VARIANTS),
  feedback: fc.constantFrom(...FEEDBACKS),
  nonlinearity: fc.constantFrom(...NONLINEARITIES),
  hidden: fc.integer({ min: 1, max: 12 }),
  seed: fc.nat({ max: 2 ** 32 - 1 }),
  truncation: fc.option(fc.integer({ min: 1, max: 20 })),
  sequence: fc.oneof(
    fc.array(fc.constantFrom('a', 'b', ' ', '😀', '<', '"', '\n'), { minLength: 1, maxLength: 30 })
      .map((chars) => ({ mode: 'text' as const, text: `ab${chars.join('')}` })),
    fc.integer({ min: 1, max: 20 }).chain((tau) => fc.record({
      mode: fc.constant('tokens' as const),
      inputs: fc.array(fc.nat({ max: 9 }), { minLength: tau, maxLength: tau }),
      targets: fc.array(fc.nat({ max: 6 }), { minLength: tau, maxLength: tau }),
    })),
  ),
});

/** A valid node of the model, or null. */
function nodeOf(model: Model, pick: number): string | null {
  const tau = model.sequence.length;
  const nodes: (string | null)[] = [null];
  for (let t = 1; t <= tau; t++) nodes.push(`x@${t}`, `h@${t}`);
  if (model.variant !== 'jordan') nodes.push('h@0');
  const outputs = model.variant === 'single-output' ? [tau] : Array.from({ length: tau }, (_, i) => i + 1);
  for (const t of outputs) for (const k of ['o', 'yhat', 'L', 'y']) nodes.push(`${k}@${t}`);
  return nodes[pick % nodes.length] ?? null;
}

describe('encodeShare then decodeShare', () => {
  it('gives back the state of random scenes bit for bit', async () => {
    await fc.assert(fc.asyncProperty(scene, fc.nat(), fc.nat(), async (config, p, s) => {
      const model = buildModel(config);
      const state: SharedState = { model, config, position: p % (2 * sequenceLength(config) + 1), selected: nodeOf(model, s) };
      const encoded = await encodeShare(state);
      if (!('hash' in encoded)) throw new Error('expected a hash');
      expect(encoded.hash).toMatch(/^#s=1\.[A-Za-z0-9_-]+$/);
      expectSame(await decodeShare(encoded.hash), state);
    }), { seed: 20_240_601, numRuns: 60 });
  });

  it('gives back imported models (dense inputs, every parameter random) with no config', async () => {
    await fc.assert(fc.asyncProperty(smallModel({ truncation: true, relu: true }), async (model) => {
      const state: SharedState = { model, config: null, position: 2 * model.sequence.length, selected: null };
      const encoded = await encodeShare(state);
      if (!('hash' in encoded)) throw new Error('expected a hash');
      expectSame(await decodeShare(encoded.hash), state);
    }), { seed: 7, numRuns: 40 });
  });

  it('keeps -0 and the smallest and largest doubles', async () => {
    const model = buildModel(DEFAULT_SCENE);
    model.params.b!.set([-0, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1 + 0.2]);
    const encoded = await encodeShare(base({ model }));
    if (!('hash' in encoded)) throw new Error('expected a hash');
    const back = await decodeShare(encoded.hash);
    expect(Object.is(back?.model.params.b?.[0], -0)).toBe(true);
    expectSame(back, base({ model }));
  });

  it('keeps hostile labels and text as plain strings', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const model = initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 3, seed: 1 });
    const labelled: Model = { ...model, labels: { input: [hostile, '</script>'], output: ['${x}', '\\frac{1}{0}'] } };
    const config: SceneConfig = { ...DEFAULT_SCENE, sequence: { mode: 'text', text: hostile } };
    const state: SharedState = { model: labelled, config, position: 0, selected: null };
    const encoded = await encodeShare(state);
    if (!('hash' in encoded)) throw new Error('expected a hash');
    const back = await decodeShare(encoded.hash);
    expect(back?.model.labels?.input).toEqual([hostile, '</script>']);
    expect(back?.model.labels?.output).toEqual(['${x}', '\\frac{1}{0}']);
    expect(back?.config?.sequence).toEqual({ mode: 'text', text: hostile });
  });

  it('reports the length of a state too large for a link', async () => {
    const model = buildModel({ ...DEFAULT_SCENE, hidden: 64 });
    const result = await encodeShare(base({ model }));
    expect(result).toEqual({ tooLarge: expect.any(Number) as number, atLeast: false });
    if ('tooLarge' in result) expect(result.tooLarge).toBeGreaterThan(SHARE_MAX_CHARS);
  });

  it('stops compressing a far too large state once its link would pass a million characters', async () => {
    // About 280,000 random parameters: megabytes even compressed.
    const model = initModel({ variant: 'elman', input: 16, hidden: 512, output: 16, length: 100, seed: 3 });
    const result = await encodeShare(base({ model, config: null }));
    expect(result).toEqual({ tooLarge: expect.any(Number) as number, atLeast: true });
    if ('tooLarge' in result) expect(result.tooLarge).toBeGreaterThan(1_000_000);
  });

  it('refuses to write a number that is not finite', async () => {
    const model = buildModel(DEFAULT_SCENE);
    model.params.U![1] = Number.NaN;
    await expect(encodeShare(base({ model }))).rejects.toThrow(/^state: model\.params\.U\[0\]\[1\]: expected a finite number, got NaN \(JSON has no NaN or Infinity\)$/);
  });
});

describe('decodeShare on a hash with no state', () => {
  it.each(['', '#', '#foo', '#s', '#t=1.abc', 's=1.abc'])('gives null for %j', async (hash) => {
    expect(await decodeShare(hash)).toBeNull();
  });
});

describe('decodeShare refuses a corrupt link', () => {
  const valid = async (): Promise<string> => {
    const encoded = await encodeShare(base());
    if (!('hash' in encoded)) throw new Error('expected a hash');
    return encoded.hash;
  };

  it.each([
    ['garbage', '#s=garbage', 'not an Unroll link'],
    ['no version', '#s=.abc', 'not an Unroll link'],
    ['version 0', '#s=0.abc', 'not an Unroll link'],
    ['a future version', '#s=2.abc', 'version 2 is newer than this app'],
    ['no data', '#s=1.', 'no data'],
    ['characters outside base64url', '#s=1.ab+c/d', 'unexpected character "+"'],
    ['a lone last character', '#s=1.abcde', 'cut short'],
    ['text that is not deflate data', '#s=1.bm90IGEgbGluaw', 'does not decompress'],
    ['too long', `#s=1.${'A'.repeat(SHARE_MAX_CHARS)}`, 'too long'],
  ])('%s', async (_, hash, words) => {
    expect((await refusal(hash)).problem).toContain(words);
  });

  it('refuses a truncated link', async () => {
    const hash = await valid();
    for (const cut of [6, 20, Math.floor(hash.length / 2), hash.length - 3]) await refusal(hash.slice(0, cut));
  });

  it('refuses a link with any one bit flipped (the zlib checksum catches what parses)', async () => {
    const bytes = Buffer.from((await valid()).slice(5), 'base64url');
    for (let bit = 0; bit < bytes.length * 8; bit += 3) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
      await refusal(`#s=1.${flipped.toString('base64url')}`);
    }
    // Hundreds of decodes: about 1.5 s on an idle 2-core machine, several times that under load.
  }, 30_000);

  it('refuses data that is not UTF-8 or not JSON', async () => {
    expect((await refusal(hashOf(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)))).problem).toContain('not UTF-8');
    expect((await refusal(hashOf('hello, not json'))).problem).toMatch(/^not valid JSON \(/);
  });

  it('stops inflating a huge payload', async () => {
    const bomb = hashOf(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(SHARE_MAX_CHARS);
    expect((await refusal(bomb)).problem).toBe('too large: the data inflates past 4 MiB');
  });

  it.each([
    ['an array', () => hashOf('[1, 2]'), 'not an Unroll link'],
    ['a model file', () => hashOf(JSON.stringify(exportModel(buildModel(DEFAULT_SCENE)))), 'not an Unroll link'],
    ['a future version', () => editedHash((j) => { j['version'] = 2; }), 'version 2 is newer than this app'],
    ['a bad version', () => editedHash((j) => { j['version'] = '1'; }), 'version: expected version 1, got "1"'],
    ['an unknown field', () => editedHash((j) => { j['extra'] = 1; }), 'unknown field "extra"'],
    ['a misspelt field', () => editedHash((j) => { j['positon'] = j['position']; delete j['position']; }), 'unknown field "positon"'],
    ['no model', () => editedHash((j) => { delete j['model']; }), 'model: missing'],
    ['a model with a short row', () => editedHash((j) => {
      ((j['model'] as { params: { W: number[][] } }).params.W[2] ?? []).pop();
    }), 'model.params.W[2]: expected 8 numbers, got 7'],
    ['a model with a bad variant', () => editedHash((j) => { (j['model'] as Record<string, unknown>)['variant'] = 'transformer'; }), 'model.variant: unknown variant "transformer"'],
    ['no config', () => editedHash((j) => { delete j['config']; }), 'config: missing'],
    ['a config of the wrong type', () => editedHash((j) => { j['config'] = 'elman'; }), 'config: expected an object, got "elman"'],
    ['a config with a bad hidden size', () => editedHash((j) => { (j['config'] as Record<string, unknown>)['hidden'] = 0; }), 'config.hidden: expected an integer in 1..512, got 0'],
    ['a config with a bad mode', () => editedHash((j) => { (j['config'] as Record<string, unknown>)['sequence'] = { mode: 'audio' }; }), 'config.sequence.mode: expected "text" or "tokens", got "audio"'],
    ['a config with a bad token', () => editedHash((j) => {
      (j['config'] as Record<string, unknown>)['sequence'] = { mode: 'tokens', inputs: [0, 'a'], targets: [0, 1] };
    }), 'config.sequence.inputs[1]: expected a token id (an integer), got "a"'],
    ['a config that does not build', () => editedHash((j) => {
      (j['config'] as Record<string, unknown>)['sequence'] = { mode: 'text', text: 'aaa' };
    }), 'config.sequence.text: needs at least 2 different characters, got 1'],
    ['a position out of range', () => editedHash((j) => { j['position'] = 40; }), 'position: expected an integer in 0..20, got 40'],
    ['a fractional position', () => editedHash((j) => { j['position'] = 1.5; }), 'position: expected an integer in 0..20, got 1.5'],
    ['no position', () => editedHash((j) => { delete j['position']; }), 'position: missing'],
    ['a selected node of a bad kind', () => editedHash((j) => { j['selected'] = 'z@1'; }), 'selected: expected a node like "h@3"'],
    ['a selected node that is not a string', () => editedHash((j) => { j['selected'] = 3; }), 'selected: expected null, a node like "h@3" or a parameter, got 3'],
    ['a selected step out of range', () => editedHash((j) => { j['selected'] = 'x@11'; }), 'selected: no node x@11: the steps of x run 1..10'],
    ['x@0', () => editedHash((j) => { j['selected'] = 'x@0'; }), 'selected: no node x@0'],
    ['h@0 in a jordan network', () => editedHash((j) => { j['selected'] = 'h@0'; }, base({ model: buildModel({ ...DEFAULT_SCENE, variant: 'jordan' }) })), 'selected: a jordan network has no h@0'],
    ['an early output in a single-output network', () => editedHash((j) => { j['selected'] = 'o@3'; },
      base({ model: buildModel({ ...DEFAULT_SCENE, variant: 'single-output' }) })), 'selected: no node o@3: a network read out at the end has o only at the last step, o@10'],
  ])('refuses %s', async (_, hash, words) => {
    const error = await refusal(hash());
    expect(error.problem).toContain(words);
  });

  it('accepts every valid node of each topology', async () => {
    for (const variant of TOPOLOGIES) {
      const model = buildModel({ ...DEFAULT_SCENE, variant });
      const state = base({ model });
      for (const node of ['h@0', 'x@1', 'h@10', 'o@10', 'yhat@10', 'L@10', 'y@10', 'o@1']) {
        const valid = !(node === 'h@0' && variant === 'jordan') && !(node === 'o@1' && variant === 'single-output');
        const text = serializeState({ ...state, selected: node });
        if (valid) expect(parseState(text, 'link').selected).toBe(node);
        else expect(() => parseState(text, 'link')).toThrow(StateError);
      }
    }
  });
});

describe('parseState', () => {
  it('names where the state came from', () => {
    expect(() => parseState('{', 'saved state')).toThrow(/^saved state: not valid JSON/);
    expect(() => parseState('{}', 'saved state')).toThrow(/^saved state: not a state saved by Unroll$/);
    expect(() => parseState('{}', 'link')).toThrow(/^link: not an Unroll link$/);
  });

  it('reads back what serializeState wrote', () => {
    const state = base({ position: 20, selected: null, config: null });
    expectSame(parseState(serializeState(state), 'saved state'), state);
  });
});
