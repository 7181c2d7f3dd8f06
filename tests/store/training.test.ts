/**
 * Training through the store: batches from the worker (parameters and the trace by transfer, a
 * new version of the scene each), one iteration at a time, a blow-up stops it; what depends on
 * the scene alone does not follow every batch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, createTrainer, exportModel, parseModel, snapshotOf, traceOf } from '../../src/engine/index';
import type { AppStore } from '../../src/store/store';
import { connectAnalysis } from '../../src/store/analysis';
import { AUTOSAVE_TRAINING_MS, connectEffects } from '../../src/store/effects';
import { selectCurrentTrace, selectModelKey, selectSnapshot } from '../../src/store/selectors';
import { lastOfRunSeries } from '../../src/graph/charts/index';
import { createAppStore } from '../../src/store/store';
import { HISTORY_BYTES, historyCapacity } from '../../src/store/slices/training';
import { connectTraining } from '../../src/store/training';
import type { EngineClient } from '../../src/worker/client';
import { createEngineClient } from '../../src/worker/client';
import { FakeWorker } from '../worker/fake-worker';

let client: EngineClient | null = null;
let disconnect: (() => void) | null = null;
const more: (() => void)[] = [];
afterEach(() => {
  for (const off of more.splice(0)) off();
  disconnect?.();
  client?.dispose();
});

/** The requests the workers were sent, in order. */
const requestsOf = (workers: FakeWorker[]) => workers.flatMap((w) => w.requests);

function connect(store: AppStore, timeoutMs?: number): FakeWorker[] {
  const workers: FakeWorker[] = [];
  client = createEngineClient({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  disconnect = connectTraining(store, client);
  return workers;
}

describe('training through the store', () => {
  it('trains while running, lowers the loss, and pauses', async () => {
    const store = createAppStore();
    connect(store);
    const before = store.getState().model;
    store.getState().startTraining();
    await expect.poll(() => store.getState().training.iterations, { timeout: 5000 }).toBeGreaterThan(150);
    store.getState().pauseTraining();
    const t = store.getState().training;
    expect(lastOfRunSeries(t.losses)!).toBeLessThan(t.losses.first / 2);
    expect(store.getState().model).not.toBe(before);
    expect(store.getState().model.params.W).not.toEqual(before.params.W);
  });

  it('runs exactly one iteration at a time', async () => {
    const store = createAppStore();
    connect(store);
    store.getState().stepIteration();
    await expect.poll(() => store.getState().training.iterations).toBe(1);
    store.getState().stepIteration();
    store.getState().stepIteration();
    await expect.poll(() => store.getState().training.iterations).toBe(3);
    expect(store.getState().training.status).toBe('paused');
  });

  it('stops at a blow-up, names it, and keeps the model from before', async () => {
    const store = createAppStore();
    connect(store);
    store.getState().setTrainingSettings({ optimizer: 'sgd', learningRate: 1e300, clipNorm: null });
    store.getState().startTraining();
    await expect.poll(() => store.getState().training.status).toBe('stopped');
    const t = store.getState().training;
    expect(t.fault).toMatch(/^Training stopped at iteration \d+: .* is (-?Infinity|NaN)\. The model from before that iteration is kept/);
    const params = Object.values(store.getState().model.params);
    expect(params.every((p) => p.every(Number.isFinite))).toBe(true);
  });

  it('each batch is one message each way: the parameters and the trace of the new version come together, nothing is asked after', async () => {
    const store = createAppStore();
    const workers = connect(store);
    const effects = connectEffects(store, { client: client!, storage: null });
    more.push(effects.disconnect);
    await expect.poll(() => selectCurrentTrace(store.getState())).not.toBeNull();
    const { scene } = store.getState();
    const before = requestsOf(workers).length;
    store.getState().seek(3);
    const keys: string[] = [];
    more.push(store.subscribe((s, prev) => { if (s.version !== prev.version) keys.push(selectModelKey(s)); }));
    for (let i = 1; i <= 4; i++) {
      store.getState().stepIteration();
      await expect.poll(() => store.getState().training.iterations).toBe(i);
    }
    await new Promise((r) => setTimeout(r, 50));
    const s = store.getState();
    // Four batches of one iteration: four versions of the one scene, each with its own trace at once.
    expect(s.scene).toBe(scene);
    expect(new Set(keys).size).toBe(4);
    expect(s.traceKey).toBe(selectModelKey(s));
    expect(s.trace).toEqual(traceOf(s.model));
    const session = createSession(s.model);
    session.seek(3);
    expect(selectSnapshot(s)).toStrictEqual(snapshotOf(session));
    const during = requestsOf(workers).slice(before);
    expect(during.map((r) => r.type)).toEqual(['train', 'train', 'train', 'train']);
    // The run's first batch names the model the worker holds already: no model travels, either way.
    expect(during.every((r) => r.type === 'train' && (!r.start || (r.start.model === undefined && r.start.params === undefined)))).toBe(true);
  });

  it('drops a batch that lands after the scene was edited', async () => {
    const store = createAppStore();
    connect(store);
    store.getState().startTraining();
    await expect.poll(() => store.getState().training.iterations).toBeGreaterThan(0);
    store.getState().editConfig({ hidden: 3 });
    const { scene, model } = store.getState();
    await new Promise((r) => setTimeout(r, 200));
    expect(store.getState()).toMatchObject({ scene, model, version: 0, training: { status: 'idle', iterations: 0 } });
  });

  it('what depends on the scene alone does not follow the batches: the companions, a comparison, the autosave\'s quiet time', async () => {
    const store = createAppStore();
    const workers = connect(store);
    const writes: number[] = [];
    const effects = connectEffects(store, { client: client!, storage: { setItem: () => { writes.push(Date.now()); } }, autosaveMs: 300 });
    more.push(effects.disconnect, connectAnalysis(store, client!));
    store.getState().setLayout('three');
    await expect.poll(() => Object.values(store.getState().companions?.byVariant ?? {}).every((c) => c.trace !== null)).toBe(true);
    store.getState().requestComparison();
    await expect.poll(() => store.getState().comparison.status, { timeout: 10_000 }).toBe('done');
    const { companions, comparison } = store.getState();
    const traces = requestsOf(workers).filter((r) => r.type === 'trace').length;
    await new Promise((r) => setTimeout(r, 400));
    writes.length = 0;
    const started = Date.now();
    store.getState().startTraining();
    await expect.poll(() => writes.length, { timeout: 3 * AUTOSAVE_TRAINING_MS }).toBeGreaterThan(0);
    const versions = store.getState().training.iterations;
    store.getState().pauseTraining();
    const elapsed = Date.now() - started;
    expect(versions).toBeGreaterThan(0);
    // Saved while training (a save on its way is not put off by every batch), and not more often than the throttle allows.
    expect(writes[0]! - started).toBeGreaterThanOrEqual(AUTOSAVE_TRAINING_MS - 50);
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(elapsed / AUTOSAVE_TRAINING_MS) + 1);
    expect(store.getState().companions).toBe(companions);
    expect(store.getState().comparison).toBe(comparison);
    expect(requestsOf(workers).filter((r) => r.type === 'trace').length).toBe(traces);
  });

  it('an edit of the scene ends the run', () => {
    const store = createAppStore();
    store.getState().startTraining();
    store.getState().editConfig({ hidden: 4 });
    expect(store.getState().training.status).toBe('idle');
  });
});

describe('a worker restart during training', () => {
  it('after a crash and a hang the run goes on: iterations never go back, the history never repeats, Adam\'s moments carry over', async () => {
    const store = createAppStore();
    const workers = connect(store, 200);
    const start = store.getState().model;
    // Every iteration count and history the store ever showed.
    const counts: number[] = [];
    const histories: number[][] = [];
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.training === prev.training) return;
      counts.push(s.training.iterations);
      histories.push(s.training.history.map((h) => h.iteration));
    });
    store.getState().startTraining();
    await expect.poll(() => store.getState().training.iterations, { timeout: 5000 }).toBeGreaterThan(40);
    const beforeCrash = store.getState().training.iterations;
    client!.crash();
    await expect.poll(() => client!.restarts, { timeout: 5000 }).toBe(1);
    await expect.poll(() => store.getState().training.iterations, { timeout: 5000 }).toBeGreaterThan(beforeCrash + 40);
    const beforeHang = store.getState().training.iterations;
    client!.hang();
    await expect.poll(() => client!.restarts, { timeout: 5000 }).toBe(2);
    await expect.poll(() => store.getState().training.iterations, { timeout: 5000 }).toBeGreaterThan(beforeHang + 40);
    store.getState().pauseTraining();
    // The batch in the worker when paused still lands; then nothing moves.
    await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe();
    expect(workers).toHaveLength(3);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    for (const history of histories) {
      for (let i = 1; i < history.length; i++) expect(history[i]!).toBeGreaterThan(history[i - 1]!);
    }
    const t = store.getState().training;
    expect(t.history.at(-1)!.iteration).toBe(t.iterations);
    expect(t.losses.length).toBe(t.iterations);
    // The same iterations in one trainer that never stopped: the same parameters, bit for bit.
    const straight = createTrainer(parseModel(exportModel(start)), { optimizer: 'adam', learningRate: t.learningRate, clipNorm: t.clipNorm, snapshotEvery: 10, snapshotCapacity: 64 });
    for (let i = 0; i < t.iterations; i++) straight.step();
    expect(t.clipped).toBe(straight.clippedCount);
    expect(exportModel(store.getState().model)).toEqual(exportModel(straight.model));
    // Each of the three workers got the model once (a file: it held nothing); every other batch carried none.
    const carried = requestsOf(workers).filter((r) => r.type === 'train' && (r.start?.model !== undefined || r.start?.params !== undefined));
    expect(carried.map((r) => r.type === 'train' && r.start?.model !== undefined)).toEqual([true, true, true]);
  });
});

describe('the iteration history', () => {
  it('keeps the model after each batch within its bound, and shows any of them exactly', async () => {
    const store = createAppStore();
    connect(store);
    for (let i = 0; i < 5; i++) store.getState().stepIteration();
    await expect.poll(() => store.getState().training.iterations).toBe(5);
    const { history } = store.getState().training;
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.length).toBeLessThanOrEqual(historyCapacity(store.getState().model));
    expect(history.at(-1)!.iteration).toBe(5);
    store.getState().viewIteration(0);
    expect(store.getState().model).toBe(history[0]!.model);
    expect(store.getState().version).toBe(history[0]!.version);
    expect(store.getState().training.viewing).toBe(history[0]!.iteration);
    store.getState().viewIteration(history.length - 1);
    expect(store.getState().training.viewing).toBeNull();
  });

  it('brings the trace of a model shown from the history, sending only its parameters', async () => {
    const store = createAppStore();
    const workers = connect(store);
    const effects = connectEffects(store, { client: client!, storage: null });
    more.push(effects.disconnect);
    for (let i = 0; i < 3; i++) store.getState().stepIteration();
    await expect.poll(() => store.getState().training.iterations).toBe(3);
    store.getState().viewIteration(0);
    await expect.poll(() => selectCurrentTrace(store.getState())).not.toBeNull();
    expect(store.getState().trace).toEqual(traceOf(store.getState().training.history[0]!.model));
    const asked = requestsOf(workers).filter((r) => r.type === 'modelTrace').at(-1)!;
    expect(asked.type === 'modelTrace' && asked.model === undefined && asked.params !== undefined).toBe(true);
  });

  it('is bounded by bytes: a large model keeps fewer', () => {
    const store = createAppStore();
    store.getState().editConfig({ hidden: 512 });
    expect(historyCapacity(store.getState().model) * 8 * 512 * 512).toBeLessThanOrEqual(HISTORY_BYTES);
  });
});
