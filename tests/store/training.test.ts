/** Training through the store: batches from the worker, one iteration at a time, a blow-up stops it. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTrainer, exportModel, parseModel } from '../../src/engine/index';
import type { AppStore } from '../../src/store/store';
import { connectEffects } from '../../src/store/effects';
import { createAppStore } from '../../src/store/store';
import { HISTORY_BYTES, historyCapacity } from '../../src/store/slices/training';
import { connectTraining } from '../../src/store/training';
import type { EngineClient } from '../../src/worker/client';
import { createEngineClient } from '../../src/worker/client';
import { FakeWorker } from '../worker/fake-worker';

let client: EngineClient | null = null;
let disconnect: (() => void) | null = null;
afterEach(() => {
  disconnect?.();
  client?.dispose();
});

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
    expect(t.losses.at(-1)!).toBeLessThan(t.losses[0]! / 2);
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

  it('the cursor\'s snapshot still arrives while every batch changes the model', async () => {
    const store = createAppStore();
    connect(store);
    const effects = connectEffects(store, { client: client!, storage: null });
    store.getState().startTraining();
    await expect.poll(() => store.getState().training.iterations).toBeGreaterThan(0);
    store.getState().seek(3);
    await expect.poll(() => store.getState().snapshot?.position, { timeout: 3000 }).toBe(3);
    store.getState().pauseTraining();
    effects.disconnect();
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
    expect(store.getState().training.viewing).toBe(history[0]!.iteration);
    store.getState().viewIteration(history.length - 1);
    expect(store.getState().training.viewing).toBeNull();
  });

  it('is bounded by bytes: a large model keeps fewer', () => {
    const store = createAppStore();
    store.getState().editConfig({ hidden: 512 });
    expect(historyCapacity(store.getState().model) * 8 * 512 * 512).toBeLessThanOrEqual(HISTORY_BYTES);
  });
});
