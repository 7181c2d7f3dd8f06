/**
 * The engine client against fake workers on a real MessageChannel: one port plays the worker
 * (it runs createHandler and posts back with transfer), the other is the client's side.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InitOptions, Snapshot } from '../../src/engine/index';
import { createSession, exportModel, initModel, snapshotOf } from '../../src/engine/index';
import type { EngineClient, EngineClientOptions } from '../../src/worker/client';
import { CRASH_MESSAGE, HANG_MESSAGE, StaleError, WorkerFailure, createEngineClient, passSizeOf } from '../../src/worker/client';
import { FakeWorker } from './fake-worker';

const tokens: InitOptions = { variant: 'elman', input: 3, hidden: 4, output: 3, length: 10, seed: 3 };
const model = initModel(tokens);
const file = exportModel(model);
const other = exportModel(initModel({ ...tokens, seed: 4 }));

const expected = (p: number): Snapshot => {
  const session = createSession(model);
  session.seek(p);
  return snapshotOf(session);
};

const clients: EngineClient[] = [];

/** A client whose workers are fakes; `answering(i)` says whether the i-th worker made answers. */
function setup(answering: (index: number) => boolean = () => true, extra: Partial<EngineClientOptions> = {}) {
  const workers: FakeWorker[] = [];
  const onRestart = vi.fn<(reason: string) => void>();
  const client = createEngineClient({
    createWorker: () => {
      const w = new FakeWorker(answering(workers.length));
      workers.push(w);
      return w;
    },
    onRestart,
    ...extra,
  });
  clients.push(client);
  const withModel = () => workers.flatMap((w) => w.requests).filter((r) => r.type === 'snapshot' && r.model !== undefined);
  return { client, workers, onRestart, withModel };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

describe('engine client', () => {
  it('round-trips a snapshot', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    await expect(client.snapshot('a', file, 13)).resolves.toEqual(expected(13));
    await expect(client.snapshot('a', file, 2)).resolves.toEqual(expected(2));
    expect(workers).toHaveLength(1);
    expect(client.restarts).toBe(0);
  });

  it('lets the latest of rapid requests win: one in flight, one queued, the rest stale', async () => {
    const { client, workers } = setup();
    const calls = Array.from({ length: 20 }, (_, p) => client.snapshot('a', file, p));
    const settled = await Promise.allSettled(calls);
    settled.slice(0, -1).forEach((s) => {
      expect(s.status).toBe('rejected');
      expect(s.status === 'rejected' && s.reason instanceof StaleError).toBe(true);
    });
    const last = settled[19];
    expect(last?.status === 'fulfilled' && last.value).toEqual(expected(19));
    const [worker] = workers;
    expect(worker?.requests.map((r) => r.type === 'snapshot' && r.position)).toEqual([0, 19]);
    expect(worker?.maxOutstanding).toBe(1);
  });

  it('sends the model once per key', async () => {
    const { client, withModel } = setup();
    for (const [key, f, p] of [['a', file, 1], ['a', file, 2], ['a', file, 3], ['b', other, 4], ['b', other, 5], ['a', file, 6]] as const) {
      expect((await client.snapshot(key, f, p)).position).toBe(p);
    }
    expect(withModel().map((r) => r.type === 'snapshot' && r.key)).toEqual(['a', 'b', 'a']);
  });

  it('sends the model again when the worker no longer knows the key', async () => {
    const { client, workers, withModel } = setup();
    await client.snapshot('a', file, 1);
    workers[0]!.forget();
    await expect(client.snapshot('a', file, 7)).resolves.toEqual(expected(7));
    expect(workers[0]!.requests.map((r) => r.type === 'snapshot' && r.model !== undefined)).toEqual([true, false, true]);
    expect(withModel()).toHaveLength(2);
  });

  it('rejects a refused request with the worker\'s message', async () => {
    const { client } = setup();
    const refused = client.snapshot('a', file, 21);
    await expect(refused).rejects.toThrow('position: expected an integer in 0..20, got 21');
    await refused.catch((e: unknown) => expect(e instanceof StaleError || e instanceof WorkerFailure).toBe(false));
    await expect(client.snapshot('a', file, 20)).resolves.toEqual(expected(20));
  });

  it('replaces a worker that stops answering, rejects what was pending, and works again', async () => {
    const { client, workers, onRestart, withModel } = setup((i) => i > 0, { timeoutMs: 100 });
    const inFlight = client.snapshot('a', file, 3);
    const queued = client.snapshot('a', file, 4);
    await expect(inFlight).rejects.toThrow(new WorkerFailure(HANG_MESSAGE));
    await expect(queued).rejects.toBeInstanceOf(WorkerFailure);
    expect(onRestart).toHaveBeenCalledExactlyOnceWith(HANG_MESSAGE);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(client.restarts).toBe(1);
    await expect(client.snapshot('a', file, 5)).resolves.toEqual(expected(5));
    expect(workers[1]!.requests).toHaveLength(1);
    expect(withModel()).toHaveLength(2);
  });

  it('replaces a worker after the hang hook, with nothing pending', async () => {
    const { client, workers, onRestart } = setup(() => true, { timeoutMs: 100 });
    await client.snapshot('a', file, 1);
    client.hang();
    await vi.waitFor(() => expect(onRestart).toHaveBeenCalledWith(HANG_MESSAGE), { timeout: 1000 });
    expect(workers).toHaveLength(2);
    await expect(client.snapshot('a', file, 2)).resolves.toEqual(expected(2));
    expect(workers[1]!.requests[0]).toMatchObject({ type: 'snapshot', key: 'a', model: file });
  });

  it('replaces a worker that crashes, and the next request carries the model', async () => {
    const { client, workers, onRestart } = setup();
    await client.snapshot('a', file, 1);
    client.crash();
    const lost = client.snapshot('a', file, 2);
    await expect(lost).rejects.toThrow(new WorkerFailure(CRASH_MESSAGE));
    expect(onRestart).toHaveBeenCalledExactlyOnceWith(CRASH_MESSAGE);
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);
    expect(client.restarts).toBe(1);
    await expect(client.snapshot('a', file, 3)).resolves.toEqual(expected(3));
    expect(workers[1]!.requests[0]).toMatchObject({ type: 'snapshot', key: 'a', model: file });
  });

  it('replaces a worker after a messageerror event', async () => {
    const { client, workers, onRestart } = setup(() => false);
    const lost = client.snapshot('a', file, 2);
    workers[0]!.dispatchEvent(new Event('messageerror'));
    await expect(lost).rejects.toBeInstanceOf(WorkerFailure);
    expect(onRestart).toHaveBeenCalledExactlyOnceWith(CRASH_MESSAGE);
    expect(workers).toHaveLength(2);
  });

  it('dispose terminates the worker and rejects what was pending', async () => {
    const { client, workers, onRestart } = setup(() => false, { timeoutMs: 50 });
    const inFlight = client.snapshot('a', file, 2);
    const queued = client.snapshot('a', file, 3);
    client.dispose();
    await expect(inFlight).rejects.toBeInstanceOf(StaleError);
    await expect(queued).rejects.toBeInstanceOf(StaleError);
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.snapshot('a', file, 4)).rejects.toThrow('disposed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onRestart).not.toHaveBeenCalled();
    expect(workers).toHaveLength(1);
  });

  it('receives the typed arrays by transfer: the worker side\'s buffers are detached', async () => {
    const { client, workers } = setup();
    const snapshot = await client.snapshot('a', file, 15);
    const sent = workers[0]!.answers[0];
    if (sent?.type !== 'snapshot' || sent.snapshot.step === null || snapshot.step === null) throw new Error('expected a step');
    const { x, previous, a, h, o, yhat, gO, gH, gA } = sent.snapshot.step;
    for (const array of [x, previous, a, h, o, yhat, gO, gH, gA]) expect(array?.buffer.byteLength).toBe(0);
    expect(snapshot.step.h).toEqual(expected(15).step?.h);
    expect(snapshot.step.h.length).toBe(tokens.hidden);
  });

  it('receives a training batch\'s heatmap row and Adam\'s moments by transfer', async () => {
    const { client, workers } = setup();
    const answer = await client.train('r', passSizeOf(file), 2, { start: { model: file, options: { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 10, snapshotCapacity: 4 } } });
    const sent = workers[0]!.answers[0];
    if (sent?.type !== 'trained') throw new Error('expected a training answer');
    for (const array of [sent.answer.hNorms, sent.answer.state.optimizer.m, sent.answer.state.optimizer.v]) expect(array?.buffer.byteLength).toBe(0);
    expect(answer.state.optimizer.steps).toBe(2);
    expect(answer.state.optimizer.m!.length).toBe(answer.state.optimizer.v!.length);
    expect(answer.state.optimizer.v!.some((x) => x > 0)).toBe(true);
  });
});
