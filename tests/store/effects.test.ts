/**
 * The store's effects with a real engine client over a MessageChannel worker: the trace comes
 * once per model and the snapshot follows the cursor without asking the worker, playing advances
 * to the end, autosave writes what a reload reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkGradients, createSession, snapshotOf, traceOf } from '../../src/engine/index';
import { selectModelKey, selectSnapshot } from '../../src/store/selectors';
import { AUTOSAVE_MAX_CHARS } from '../../src/store/autosave';
import { loadLocal } from '../../src/store/stateRead';
import { noticeMessages } from '../../src/i18n/messages/notices';
import { serializeState } from '../../src/store/share';
import type { Effects } from '../../src/store/effects';
import { connectEffects, sharedStateOf } from '../../src/store/effects';
import type { AppStore } from '../../src/store/store';
import { createAppStore } from '../../src/store/store';
import type { EngineClient } from '../../src/worker/client';
import { createEngineClient } from '../../src/worker/client';
import { FakeWorker } from '../worker/fake-worker';

/** A Storage stand-in: a Map behind getItem and setItem. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => { items.set(k, v); } };
}

let effects: Effects | null = null;
let client: EngineClient | null = null;
afterEach(() => {
  effects?.disconnect();
  client?.dispose();
});

let workers: FakeWorker[] = [];
function connect(store: AppStore, storage = memoryStorage()) {
  workers = [];
  client = createEngineClient({ createWorker: () => { const w = new FakeWorker(); workers.push(w); return w; } });
  effects = connectEffects(store, { client, storage, autosaveMs: 10 });
  return storage;
}

/** Waits until the store shows a snapshot at `position`. */
async function snapshotAt(store: AppStore, position: number) {
  await expect.poll(() => selectSnapshot(store.getState())?.position).toBe(position);
  return selectSnapshot(store.getState())!;
}

/** Every request the client has sent, by type. */
const sent = () => workers.flatMap((w) => w.requests.map((r) => r.type));

describe('store effects', () => {
  it('the snapshot follows the cursor, with the engine\'s numbers', async () => {
    const store = createAppStore();
    connect(store);
    await snapshotAt(store, 0);
    store.getState().seek(3);
    const shown = await snapshotAt(store, 3);
    const session = createSession(store.getState().model);
    session.seek(3);
    expect(shown).toStrictEqual(snapshotOf(session));
  });

  it('steps forward and back through every position without a worker message, the session\'s snapshot at each', async () => {
    const store = createAppStore();
    connect(store);
    await expect.poll(() => store.getState().traceKey).toBe(selectModelKey(store.getState()));
    const asked = sent();
    expect(asked.filter((t) => t === 'modelTrace')).toHaveLength(1);
    const session = createSession(store.getState().model);
    const end = 2 * store.getState().model.sequence.length;
    for (let p = 1; p <= end; p++) {
      store.getState().stepForward();
      session.seek(p);
      expect(selectSnapshot(store.getState())).toStrictEqual(snapshotOf(session));
    }
    for (let p = end - 1; p >= 0; p--) {
      store.getState().stepBack();
      session.seek(p);
      expect(selectSnapshot(store.getState())).toStrictEqual(snapshotOf(session));
    }
    store.getState().jumpToEnd();
    expect(selectSnapshot(store.getState())?.position).toBe(end);
    await new Promise((r) => setTimeout(r, 50));
    // Autosave may write the state (the model's text held by the worker); nothing else was asked.
    expect(sent().slice(asked.length).filter((t) => t !== 'modelText')).toEqual([]);
  });

  it('rapid steps end on the last position', async () => {
    const store = createAppStore();
    connect(store);
    for (let i = 0; i < 15; i++) store.getState().stepForward();
    const shown = await snapshotAt(store, 15);
    expect(shown.cursor).toEqual({ phase: 'backward', t: 6 });
  });

  it('a new model replaces the snapshot', async () => {
    const store = createAppStore();
    connect(store);
    await snapshotAt(store, 0);
    store.getState().editConfig({ variant: 'jordan', feedback: 'softmax', hidden: 3 });
    store.getState().seek(2);
    const shown = await snapshotAt(store, 2);
    expect(shown.step?.h.length).toBe(3);
  });

  it('playing advances to the end of BPTT and stops', async () => {
    const store = createAppStore();
    connect(store);
    store.getState().setSpeed(60);
    store.getState().editConfig({ sequence: { mode: 'text', text: 'abcab' } });
    store.getState().play();
    await expect.poll(() => store.getState().playing, { timeout: 3000 }).toBe(false);
    expect(store.getState().position).toBe(8);
    await snapshotAt(store, 8);
  });

  it('brings the trace of the current model once, and runs a check', async () => {
    const store = createAppStore();
    connect(store);
    await expect.poll(() => store.getState().traceKey).toBe(selectModelKey(store.getState()));
    expect(store.getState().trace).toEqual(traceOf(store.getState().model));
    store.getState().editConfig({ hidden: 3 });
    expect(store.getState().trace).toBeNull();
    await expect.poll(() => store.getState().trace?.gH.length).toBe(3 * 10);
    store.getState().requestCheck({ kind: 'param', name: 'b' });
    await expect.poll(() => store.getState().check?.result).toBeTruthy();
    expect(store.getState().check?.result).toEqual(checkGradients(store.getState().model, { kind: 'param', name: 'b' }));
  });

  it('autosaves the state that a reload restores', async () => {
    const store = createAppStore();
    const storage = connect(store);
    store.getState().editConfig({ variant: 'single-output' });
    store.getState().seek(5);
    store.getState().select('h@2');
    await expect.poll(() => loadLocal(storage)?.position).toBe(5);
    const saved = loadLocal(storage)!;
    expect(saved.selected).toBe('h@2');
    expect(saved.config).toEqual(store.getState().config);
    expect(saved.model.params.W).toEqual(store.getState().model.params.W);
  });

  it('does not autosave a state over the limit, says so once per model, and keeps what was saved', async () => {
    const store = createAppStore();
    const writes: string[] = [];
    const inner = memoryStorage();
    const storage = { getItem: inner.getItem, setItem: (k: string, v: string) => { writes.push(v); inner.setItem(k, v); } };
    connect(store, storage);
    store.getState().seek(2);
    await expect.poll(() => loadLocal(storage)?.position).toBe(2);
    const before = writes.length;
    // H = 300, tau = 200: some 100,000 numbers, well over AUTOSAVE_MAX_CHARS when written.
    expect(store.getState().editConfig({ hidden: 300, sequence: { mode: 'tokens', inputs: Array.from({ length: 200 }, (_, i) => i % 3), targets: Array.from({ length: 200 }, (_, i) => (i + 1) % 3) } })).toBe(true);
    await expect.poll(() => store.getState().notice).toBe(noticeMessages.en.autosaveTooLarge);
    store.getState().showNotice(null);
    store.getState().seek(3);
    await snapshotAt(store, 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(store.getState().notice).toBeNull();
    expect(writes.length).toBe(before);
    expect(loadLocal(storage)?.position).toBe(2);
    expect(AUTOSAVE_MAX_CHARS).toBeLessThan(serializeState(sharedStateOf(store.getState())).length);
  });
});
