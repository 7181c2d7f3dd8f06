/** Training through the store: batches from the worker, one iteration at a time, a blow-up stops it. */
import { afterEach, describe, expect, it } from 'vitest';
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

function connect(store: AppStore): void {
  client = createEngineClient({ createWorker: () => new FakeWorker() });
  disconnect = connectTraining(store, client);
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
    const params = Object.values(store.getState().model.params).filter((p): p is Float64Array => p !== null);
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
