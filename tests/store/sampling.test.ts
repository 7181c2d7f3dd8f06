/**
 * A sampled scene in the store and in links: Generate replaces the sequence with prompt + the
 * generated tokens and marks the scene; Undo and an edit make it ordinary again; a refusal keeps
 * the state; the short link carries the settings and rebuilds the same text, the full link keeps
 * the mark; bad settings in a link are refused by name.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { initModel, sample } from '../../src/engine/index';
import type { SampleSettings } from '../../src/store/sampling';
import { canUndoSample, sampleModel, specOf, startSample, undoSample } from '../../src/store/sampling';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import type { SharedState } from '../../src/store/share';
import { encodeSceneShare } from '../../src/store/sceneLink';
import { StateError, encodeShare, serializeState } from '../../src/store/share';
import { decodeShare, parseState } from '../../src/store/stateRead';
import { createAppStore } from '../../src/store/store';

const GREEDY: SampleSettings = { prompt: 2, length: 10, temperature: 1, greedy: true, seed: 1 };
const DRAW: SampleSettings = { prompt: 3, length: 20, temperature: 0.7, greedy: false, seed: 42 };

const ids = (m: { sequence: { inputs: { kind: string; ids?: Int32Array } } }): number[] => Array.from(m.sequence.inputs.ids ?? []);

describe('Generate in the store', () => {
  it('replaces the sequence with prompt + generated tokens and marks the scene; Undo brings the scene back', () => {
    const store = createAppStore();
    const before = store.getState().model;
    store.setState({ position: 5, selected: 'h@2' });
    const result = startSample(store, GREEDY);
    if ('refused' in result) throw new Error(result.refused);
    const s = store.getState();
    expect(s.sampled).toEqual(GREEDY);
    expect(s.model.sequence.length).toBe(12);
    const expected = sample(before, specOf(GREEDY));
    expect(ids(s.model)).toEqual(Array.from(expected.inputs));
    expect(Array.from(s.model.sequence.targets)).toEqual(Array.from(expected.targets));
    expect(s.model.params).toBe(before.params);
    expect(s.position).toBe(0);
    expect(canUndoSample(s)).toBe(true);
    undoSample(store, result);
    expect(store.getState().sampled).toBeNull();
    expect(store.getState().model).toBe(before);
    expect(store.getState().position).toBe(5);
    expect(store.getState().selected).toBe('h@2');
  });

  it('becomes ordinary on an edit of the scene', () => {
    const store = createAppStore();
    startSample(store, DRAW);
    expect(store.getState().sampled).not.toBeNull();
    store.getState().editConfig({ sequence: { mode: 'text', text: 'hello there' } });
    expect(store.getState().sampled).toBeNull();
    expect(canUndoSample(store.getState())).toBe(false);
  });

  it('refuses a model whose classes are not its inputs and keeps the state', () => {
    const store = createAppStore();
    store.getState().replaceConfig({ ...DEFAULT_SCENE, sequence: { mode: 'tokens', inputs: [0, 1, 2, 3, 4], targets: [0, 1, 0, 1, 2] } });
    const model = store.getState().model;
    const result = startSample(store, GREEDY);
    expect(result).toEqual({ refused: 'Sampling needs the classes to be the input symbols: n = 5, K = 3.' });
    expect(store.getState().model).toBe(model);
    expect(store.getState().sampled).toBeNull();
    store.getState().setLanguage('zh');
    expect(startSample(store, GREEDY)).toEqual({ refused: '抽样需要类别就是输入符号：n = 5，K = 3。' });
  });
});

/** The state after sampling the default scene with `settings`. */
const sampledState = (settings: SampleSettings, position = 4): SharedState =>
  ({ model: sampleModel(buildModel(DEFAULT_SCENE), settings), config: DEFAULT_SCENE, position, selected: null, sampled: settings });

describe('links of a sampled scene', () => {
  it('round-trip through the short link, which rebuilds the same text from the settings', async () => {
    for (const settings of [GREEDY, DRAW]) {
      const state = sampledState(settings);
      const short = await encodeSceneShare(state);
      expect(short).not.toBeNull();
      expect(short!.hash.length).toBeLessThan(300);
      const back = await decodeShare(short!.hash);
      expect(back!.sampled).toEqual(settings);
      expect(ids(back!.model)).toEqual(ids(state.model));
      expect(Array.from(back!.model.sequence.targets)).toEqual(Array.from(state.model.sequence.targets));
      expect(back!.position).toBe(4);
    }
  });

  it('round-trip through the full link and the saved state, mark included', async () => {
    const trained = buildModel(DEFAULT_SCENE);
    const V = trained.params.V!.slice();
    V[0] = 0.5;
    const model = sampleModel({ ...trained, params: { ...trained.params, V } }, DRAW);
    const state: SharedState = { model, config: DEFAULT_SCENE, position: 0, selected: null, sampled: DRAW };
    expect(await encodeSceneShare(state)).toBeNull();
    const full = await encodeShare(state);
    if (!('hash' in full)) throw new Error('too large');
    const back = await decodeShare(full.hash);
    expect(back!.sampled).toEqual(DRAW);
    expect(ids(back!.model)).toEqual(ids(model));
    expect(parseState(serializeState(state), 'saved state').sampled).toEqual(DRAW);
    // An ordinary state is written as before: no sample field.
    expect(serializeState({ ...state, sampled: null })).not.toContain('"sample"');
  });

  it('refuse bad settings, naming the field', async () => {
    const text = (sample: unknown) => JSON.stringify({ config: DEFAULT_SCENE, sample, position: 0, selected: null });
    const hash = (sample: unknown) => `#c=1.${deflateSync(text(sample)).toString('base64url')}`;
    const cases: [unknown, RegExp][] = [
      [{ ...GREEDY, prompt: 0 }, /^link: sample\.prompt: expected an integer of at least 1, got 0$/],
      [{ ...GREEDY, temperature: -1 }, /^link: sample\.temperature: expected a number above 0/],
      [{ ...GREEDY, greedy: 'yes' }, /^link: sample\.greedy: expected true or false/],
      [{ ...GREEDY, extra: 1 }, /^link: sample: unknown field "extra"$/],
      [{ ...GREEDY, prompt: 11 }, /^link: sample: prompt: expected an integer in 1\.\.10, got 11$/],
    ];
    for (const [settings, message] of cases) {
      const error = await decodeShare(hash(settings)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toMatch(message);
    }
    // A full link whose mark does not fit its model.
    const model = initModel({ variant: 'elman', input: 3, hidden: 2, output: 3, length: 5, seed: 1, scheme: 'glorot-uniform' });
    const state: SharedState = { model, config: null, position: 0, selected: null, sampled: { ...GREEDY, prompt: 1, length: 3 } };
    expect(() => parseState(serializeState(state), 'link')).toThrow(/sample: prompt \+ length = 4, expected the model's tau = 5/);
  });
});
