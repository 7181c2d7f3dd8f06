/**
 * The pace of training, kept by the store's training loop: at p iterations a second each batch is
 * one iteration, sent 1/p s after the one before; as fast as possible, batches of batchSize back
 * to back; the pace changes while the run goes on; "Train N iterations" stops at N. Time is
 * simulated (vitest's fake timers) and the worker is the real handler, answering after WORK_MS.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppStore } from '../../src/store/store';
import type { Pace } from '../../src/store/slices/training';
import { createAppStore } from '../../src/store/store';
import { batchSize, connectTraining } from '../../src/store/training';
import { passSizeOfModel } from '../../src/worker/allowance';
import { carried } from '../../src/worker/carry';
import type { EngineClient } from '../../src/worker/client';
import type { HandlerResult } from '../../src/worker/handler';
import { createServer } from '../../src/worker/handler';
import type { EngineRequest, TrainAnswer } from '../../src/worker/protocol';

/** Simulated time the worker takes to answer a batch, in ms. */
const WORK_MS = 4;

/** A batch as the worker got it: when it was sent (simulated ms since the start), its iterations, when it was answered. */
interface Sent { readonly at: number; readonly iterations: number; answeredAt: number | null }

/** The worker's handler behind the client's train(), answering each batch WORK_MS of simulated time later. */
function workerAfter(t0: number): { client: Pick<EngineClient, 'train'>; sent: Sent[] } {
  const handle = createServer();
  const sent: Sent[] = [];
  let id = 0;
  const train: EngineClient['train'] = (run, key, _size, iterations, options = {}) => {
    const { start, learningRate } = options;
    const batch: Sent = { at: Date.now() - t0, iterations, answeredAt: null };
    sent.push(batch);
    const request: EngineRequest = {
      type: 'train', id: ++id, run, iterations, key,
      ...(start ? { start: { key: start.key, options: start.options, ...(start.state ? { state: start.state } : {}), ...carried(start.model, 'file').fields } } : {}),
      ...(learningRate !== undefined ? { learningRate } : {}),
    };
    const { response } = handle(request) as HandlerResult;
    return new Promise<TrainAnswer>((resolve, reject) => setTimeout(() => {
      batch.answeredAt = Date.now() - t0;
      if (response.type === 'trained') resolve(response.answer);
      else reject(new Error(response.type === 'error' ? response.message : response.type));
    }, WORK_MS));
  };
  return { client: { train }, sent };
}

let disconnect: (() => void) | null = null;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  disconnect?.();
  disconnect = null;
  vi.useRealTimers();
});

function connect(store: AppStore): Sent[] {
  const { client, sent } = workerAfter(Date.now());
  disconnect = connectTraining(store, client);
  return sent;
}

/** Iterations requested in the simulated second [from, from + 1000) ms. */
const inSecond = (sent: readonly Sent[], from: number) => sent.filter((b) => b.at >= from && b.at < from + 1000).reduce((n, b) => n + b.iterations, 0);

describe('the pace of training', () => {
  for (const pace of [1, 10, 100] as const) {
    it(`at ${pace} a second requests ${pace} iterations each simulated second, one a batch, and each iteration's model reaches the store`, async () => {
      const store = createAppStore();
      const sent = connect(store);
      let versions = 0;
      const unsubscribe = store.subscribe((s, prev) => { if (s.version !== prev.version) versions++; });
      store.getState().setPace(pace);
      store.getState().startTraining();
      await vi.advanceTimersByTimeAsync(3000);
      unsubscribe();
      for (const second of [0, 1000, 2000]) expect(inSecond(sent, second), `second from ${second} ms`).toBe(pace);
      expect(sent.every((b) => b.iterations === 1)).toBe(true);
      // Each batch was sent after the one before was answered: the worker is idle between them.
      for (let i = 1; i < sent.length; i++) expect(sent[i]!.at).toBeGreaterThanOrEqual(sent[i - 1]!.answeredAt!);
      const t = store.getState().training;
      expect(t.iterations).toBe(sent.filter((b) => b.answeredAt !== null).length);
      expect(t.losses.length).toBe(t.iterations);
      // A new version of the model for every iteration.
      expect(versions).toBe(t.iterations);
    });
  }

  it('as fast as possible sends batches of batchSize back to back, as the worker answers', async () => {
    const store = createAppStore();
    const sent = connect(store);
    const size = batchSize(passSizeOfModel(store.getState().model));
    expect(store.getState().training.pace).toBe('max');
    store.getState().startTraining();
    await vi.advanceTimersByTimeAsync(40);
    store.getState().pauseTraining();
    // Sent at 0, WORK_MS, 2 WORK_MS, ... up to 40 ms.
    expect(sent.map((b) => b.at)).toEqual(Array.from({ length: Math.floor(40 / WORK_MS) + 1 }, (_, i) => i * WORK_MS));
    expect(sent.every((b) => b.iterations === size)).toBe(true);
    expect(size).toBeGreaterThan(1);
  });

  it('changes pace while the run goes on: faster at once, slower from the batch before', async () => {
    const store = createAppStore();
    const sent = connect(store);
    store.getState().setPace(1);
    store.getState().startTraining();
    await vi.advanceTimersByTimeAsync(2500);
    expect(sent.map((b) => b.at)).toEqual([0, 1000, 2000]);
    store.getState().setPace(100);
    await vi.advanceTimersByTimeAsync(1000);
    // At once (the last batch was 500 ms ago), then every 10 ms.
    expect(sent[3]!.at).toBe(2500);
    expect(inSecond(sent, 2500)).toBe(100);
    store.getState().setPace(1);
    const last = sent.at(-1)!.at;
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent.filter((b) => b.at > last).map((b) => b.at)).toEqual([last + 1000, last + 2000]);
    store.getState().setPace('max');
    const before = sent.length;
    await vi.advanceTimersByTimeAsync(WORK_MS * 3);
    expect(sent.length - before).toBeGreaterThanOrEqual(3);
    expect(sent.at(-1)!.iterations).toBe(batchSize(passSizeOfModel(store.getState().model)));
  });

  it('pausing cancels the wait; resuming goes on from the count', async () => {
    const store = createAppStore();
    const sent = connect(store);
    store.getState().setPace(10);
    store.getState().startTraining();
    await vi.advanceTimersByTimeAsync(450);
    store.getState().pauseTraining();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(5);
    const { run } = store.getState().training;
    expect(store.getState().training).toMatchObject({ status: 'paused', iterations: 5 });
    store.getState().startTraining();
    await vi.advanceTimersByTimeAsync(1000);
    // The same run in the worker goes on: ten more in the second after resuming.
    expect(store.getState().training).toMatchObject({ iterations: 15, run });
    expect(run).not.toBeNull();
  });

  it('"Step one iteration" goes at once at any pace, exactly one', async () => {
    const store = createAppStore();
    const sent = connect(store);
    store.getState().setPace(1);
    store.getState().stepIteration();
    await vi.advanceTimersByTimeAsync(WORK_MS);
    expect(store.getState().training.iterations).toBe(1);
    store.getState().stepIteration();
    await vi.advanceTimersByTimeAsync(WORK_MS);
    expect(store.getState().training.iterations).toBe(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent.map((b) => [b.at, b.iterations])).toEqual([[0, 1], [WORK_MS, 1]]);
    expect(store.getState().training.status).toBe('paused');
  });

  for (const pace of [10, 'max'] as const satisfies readonly Pace[]) {
    it(`"Train N iterations" at ${pace} trains exactly N and pauses, resumable`, async () => {
      const store = createAppStore();
      const sent = connect(store);
      store.getState().setPace(pace);
      store.getState().stepIteration();
      await vi.advanceTimersByTimeAsync(WORK_MS);
      store.getState().trainIterations(25);
      expect(store.getState().training.budget).toBe(25);
      await vi.advanceTimersByTimeAsync(5000);
      expect(store.getState().training).toMatchObject({ status: 'paused', iterations: 26, budget: null });
      expect(sent.reduce((n, b) => n + b.iterations, 0)).toBe(26);
      if (pace === 10) expect(sent.at(-1)!.at - sent[1]!.at).toBe(2400);
      store.getState().startTraining();
      await vi.advanceTimersByTimeAsync(pace === 10 ? 1000 : WORK_MS);
      expect(store.getState().training.iterations).toBeGreaterThan(26);
    });
  }

  it('ignores a pace or N it does not offer', () => {
    const store = createAppStore();
    store.getState().setPace(3 as Pace);
    store.getState().setTrainCount(0);
    store.getState().setTrainCount(2.5);
    store.getState().trainIterations(-1);
    expect(store.getState().training).toMatchObject({ pace: 'max', trainCount: 100, status: 'idle', budget: null });
    store.getState().setTrainCount(25);
    store.getState().setPace(10);
    // A new scene keeps the pace and N.
    store.getState().editConfig({ hidden: 3 });
    expect(store.getState().training).toMatchObject({ pace: 10, trainCount: 25 });
  });
});
