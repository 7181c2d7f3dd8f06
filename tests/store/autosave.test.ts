/** Autosave: the state round-trips through a storage, quota errors are reported, corrupt saves refused. */
import { describe, expect, it } from 'vitest';
import { exportModel } from '../../src/engine/index';
import { AUTOSAVE_KEY, saveLocal } from '../../src/store/autosave';
import { loadLocal } from '../../src/store/stateRead';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import type { SharedState } from '../../src/store/share';
import { StateError } from '../../src/store/share';

/** A Map-backed stand-in for localStorage. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const state = (): SharedState => {
  const config = { ...DEFAULT_SCENE, variant: 'jordan' as const, feedback: 'softmax' as const };
  return { model: buildModel(config), config, position: 7, selected: 'yhat@4' };
};

/** The StateError loadLocal throws. */
function refusal(storage: Pick<Storage, 'getItem'>): StateError {
  try {
    loadLocal(storage);
  } catch (e) {
    if (e instanceof StateError) return e;
    throw e;
  }
  throw new Error('expected a StateError');
}

describe('saveLocal and loadLocal', () => {
  it('round-trips the state under the versioned key', () => {
    const storage = memoryStorage();
    const saved = state();
    expect(saveLocal(storage, saved)).toBe(true);
    expect([...storage.items.keys()]).toEqual([AUTOSAVE_KEY]);
    expect(AUTOSAVE_KEY).toBe('unroll.state.v1');
    const back = loadLocal(storage);
    expect(back).not.toBeNull();
    expect(exportModel(back!.model)).toEqual(exportModel(saved.model));
    expect(Array.from(new Uint8Array(back!.model.params.W!.buffer))).toEqual(Array.from(new Uint8Array(saved.model.params.W!.buffer)));
    expect(back!.config).toEqual(saved.config);
    expect(back!.position).toBe(7);
    expect(back!.selected).toBe('yhat@4');
  });

  it('gives null when nothing is saved, or the storage cannot be read', () => {
    expect(loadLocal(memoryStorage())).toBeNull();
    expect(loadLocal({ getItem: () => { throw new Error('SecurityError'); } })).toBeNull();
  });

  it('returns false when the storage refuses, or the state cannot be written', () => {
    const full = { setItem: () => { throw new DOMException('quota', 'QuotaExceededError'); } };
    expect(saveLocal(full, state())).toBe(false);
    const broken = state();
    broken.model.params.c![0] = Number.POSITIVE_INFINITY;
    const storage = memoryStorage();
    expect(saveLocal(storage, broken)).toBe(false);
    expect(storage.items.size).toBe(0);
  });

  it.each([
    ['text that is not JSON', '{"format":', /^saved state: not valid JSON/],
    ['another kind of JSON', '{"hello": 1}', /^saved state: not a state saved by Unroll$/],
    ['an empty model', '{"format":"unroll-state","version":1,"model":{}}', /^saved state: model\.format: /],
    ['a future version', '{"format":"unroll-state","version":3}', /^saved state: version 3 is newer than this app$/],
  ])('refuses %s', (_, text, message) => {
    const storage = memoryStorage();
    storage.items.set(AUTOSAVE_KEY, text);
    expect(refusal(storage).message).toMatch(message);
  });

  it('refuses a saved state with a bad field, naming it', () => {
    const storage = memoryStorage();
    saveLocal(storage, state());
    const json = JSON.parse(storage.items.get(AUTOSAVE_KEY)!) as Record<string, unknown>;
    storage.items.set(AUTOSAVE_KEY, JSON.stringify({ ...json, position: 99 }));
    expect(refusal(storage).message).toBe('saved state: position: expected an integer in 0..20, got 99');
  });
});
