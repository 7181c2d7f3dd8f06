/**
 * The engine client against fake workers on a real MessageChannel: one port plays the worker
 * (it runs createHandler and posts back with transfer), the other is the client's side.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InitOptions, Model } from '../../src/engine/index';
import { copyParams, exportModel, initModel, traceOf } from '../../src/engine/index';
import type { EngineClient, EngineClientOptions, ModelArg } from '../../src/worker/client';
import { passSizeOf, passSizeOfModel } from '../../src/worker/allowance';
import { CRASH_MESSAGE, HANG_MESSAGE, StaleError, WorkerFailure, createEngineClient } from '../../src/worker/client';
import { FakeWorker } from './fake-worker';

const tokens: InitOptions = { variant: 'elman', input: 3, hidden: 4, output: 3, length: 10, seed: 3 };
const model = initModel(tokens);
const file = exportModel(model);
const otherModel = initModel({ ...tokens, seed: 4 });
const other = exportModel(otherModel);
const expected = traceOf(model);

/** A model as the store passes it: files and parameter copies made on demand, counted. */
function lazy(m: Model) {
  const made = { files: 0, params: 0 };
  const arg: ModelArg = { size: passSizeOfModel(m), file: () => { made.files++; return exportModel(m); }, params: () => { made.params++; return copyParams(m.params); } };
  return { arg, made };
}

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
  const withModel = () => workers.flatMap((w) => w.requests).filter((r) => r.type === 'modelTrace' && r.model !== undefined);
  return { client, workers, onRestart, withModel };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

describe('engine client', () => {
  it('round-trips a trace', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    await expect(client.modelTrace('a', file)).resolves.toEqual(expected);
    await expect(client.modelTrace('a', file)).resolves.toEqual(expected);
    expect(workers).toHaveLength(1);
    expect(client.restarts).toBe(0);
  });

  it('lets the latest of rapid requests win: one in flight, one queued, the rest stale', async () => {
    const { client, workers } = setup();
    const calls = Array.from({ length: 20 }, (_, i) => client.modelTrace(`s${i}.0`, file));
    const settled = await Promise.allSettled(calls);
    settled.slice(0, -1).forEach((s) => {
      expect(s.status).toBe('rejected');
      expect(s.status === 'rejected' && s.reason instanceof StaleError).toBe(true);
    });
    const last = settled[19];
    expect(last?.status === 'fulfilled' && last.value).toEqual(expected);
    const [worker] = workers;
    expect(worker?.requests.map((r) => r.type === 'modelTrace' && r.key)).toEqual(['s0.0', 's19.0']);
    expect(worker?.maxOutstanding).toBe(1);
  });

  it('sends the model once per key', async () => {
    const { client, withModel } = setup();
    for (const [key, f] of [['a', file], ['a', file], ['a', file], ['b', other], ['b', other], ['a', file]] as const) {
      expect(await client.modelTrace(key, f)).toEqual(traceOf(f === file ? model : otherModel));
    }
    expect(withModel().map((r) => r.type === 'modelTrace' && r.key)).toEqual(['a', 'b', 'a']);
  });

  it('sends another version of the scene the worker holds as its parameters alone, by transfer', async () => {
    const { client, workers } = setup();
    const first = lazy(model);
    await client.modelTrace('s1.0', first.arg);
    expect(first.made).toEqual({ files: 1, params: 0 });
    // The same scene (sizes, sequence) with other parameters: version 7.
    const version = { ...model, params: otherModel.params };
    const second = lazy(version);
    expect(await client.modelTrace('s1.7', second.arg)).toEqual(traceOf(version));
    expect(second.made).toEqual({ files: 0, params: 1 });
    const sent = workers[0]!.requests[1]!;
    if (sent.type !== 'modelTrace' || !sent.params) throw new Error('expected parameters');
    expect(sent.model).toBeUndefined();
    // Transferred: the copies the client made are detached on its side.
    expect(sent.params.W!.buffer.byteLength).toBe(0);
    expect(version.params.W!.length).toBe(16);
    // Held now: nothing travels; a new scene goes as a file.
    expect(await client.check('s1.7', second.arg, { kind: 'param', name: 'b' })).toBeTruthy();
    expect(second.made).toEqual({ files: 0, params: 1 });
    const third = lazy(otherModel);
    await client.modelTrace('s2.0', third.arg);
    expect(third.made).toEqual({ files: 1, params: 0 });
  });

  it('sends the file when the worker no longer holds the scene its parameters were meant for', async () => {
    const { client, workers } = setup();
    await client.modelTrace('s1.0', lazy(model).arg);
    workers[0]!.forget();
    const version = lazy({ ...model, params: otherModel.params });
    expect(await client.modelTrace('s1.1', version.arg)).toEqual(traceOf({ ...model, params: otherModel.params }));
    expect(version.made).toEqual({ files: 1, params: 1 });
    expect(workers[0]!.requests.map((r) => (r.type === 'modelTrace' ? (r.model ? 'file' : r.params ? 'params' : 'none') : r.type))).toEqual(['file', 'params', 'file']);
  });

  it('sends the model again when the worker no longer knows the key', async () => {
    const { client, workers, withModel } = setup();
    await client.modelTrace('a', file);
    workers[0]!.forget();
    await expect(client.modelTrace('a', file)).resolves.toEqual(expected);
    expect(workers[0]!.requests.map((r) => r.type === 'modelTrace' && r.model !== undefined)).toEqual([true, false, true]);
    expect(withModel()).toHaveLength(2);
  });

  it('rejects a refused request with the worker\'s message', async () => {
    const { client } = setup();
    const refused = client.modelTrace('a', { ...file, variant: 'transformer' } as never);
    await expect(refused).rejects.toThrow(/^model: /);
    await refused.catch((e: unknown) => expect(e instanceof StaleError || e instanceof WorkerFailure).toBe(false));
    await expect(client.modelTrace('a', file)).resolves.toEqual(expected);
  });

  it('replaces a worker that stops answering, rejects what was pending, and works again', async () => {
    const { client, workers, onRestart, withModel } = setup((i) => i > 0, { timeoutMs: 100 });
    const inFlight = client.modelTrace('a', file);
    const queued = client.modelTrace('a', file);
    await expect(inFlight).rejects.toThrow(new WorkerFailure(HANG_MESSAGE));
    await expect(queued).rejects.toBeInstanceOf(WorkerFailure);
    expect(onRestart).toHaveBeenCalledExactlyOnceWith(HANG_MESSAGE);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(client.restarts).toBe(1);
    await expect(client.modelTrace('a', file)).resolves.toEqual(expected);
    expect(workers[1]!.requests).toHaveLength(1);
    expect(withModel()).toHaveLength(2);
  });

  it('replaces a worker after the hang hook, with nothing pending', async () => {
    const { client, workers, onRestart } = setup(() => true, { timeoutMs: 100 });
    await client.modelTrace('a', file);
    client.hang();
    await vi.waitFor(() => expect(onRestart).toHaveBeenCalledWith(HANG_MESSAGE), { timeout: 1000 });
    expect(workers).toHaveLength(2);
    await expect(client.modelTrace('a', file)).resolves.toEqual(expected);
    expect(workers[1]!.requests[0]).toMatchObject({ type: 'modelTrace', key: 'a', model: file });
  });

  it('replaces a worker that crashes, and the next request carries the model', async () => {
    const { client, workers, onRestart } = setup();
    await client.modelTrace('a', file);
    client.crash();
    const lost = client.modelTrace('a', file);
    await expect(lost).rejects.toThrow(new WorkerFailure(CRASH_MESSAGE));
    expect(onRestart).toHaveBeenCalledExactlyOnceWith(CRASH_MESSAGE);
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);
    expect(client.restarts).toBe(1);
    await expect(client.modelTrace('a', file)).resolves.toEqual(expected);
    expect(workers[1]!.requests[0]).toMatchObject({ type: 'modelTrace', key: 'a', model: file });
  });

  it('replaces a worker after a messageerror event', async () => {
    const { client, workers, onRestart } = setup(() => false);
    const lost = client.modelTrace('a', file);
    workers[0]!.dispatchEvent(new Event('messageerror'));
    await expect(lost).rejects.toBeInstanceOf(WorkerFailure);
    expect(onRestart).toHaveBeenCalledExactlyOnceWith(CRASH_MESSAGE);
    expect(workers).toHaveLength(2);
  });

  it('dispose terminates the worker and rejects what was pending', async () => {
    const { client, workers, onRestart } = setup(() => false, { timeoutMs: 50 });
    const inFlight = client.modelTrace('a', file);
    const queued = client.modelTrace('a', file);
    client.dispose();
    await expect(inFlight).rejects.toBeInstanceOf(StaleError);
    await expect(queued).rejects.toBeInstanceOf(StaleError);
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.modelTrace('a', file)).rejects.toThrow('disposed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onRestart).not.toHaveBeenCalled();
    expect(workers).toHaveLength(1);
  });

  it('receives the typed arrays by transfer: the worker side\'s buffers are detached', async () => {
    const { client, workers } = setup();
    const trace = await client.modelTrace('a', file);
    const sent = workers[0]!.answers[0];
    if (sent?.type !== 'modelTrace') throw new Error('expected a trace');
    for (const array of [sent.trace.h, sent.trace.gH, sent.trace.gradNormsByStep, sent.trace.grads.W!]) expect(array.buffer.byteLength).toBe(0);
    expect(trace).toEqual(expected);
    expect(trace.h.length).toBe((tokens.length + 1) * tokens.hidden);
  });

  it('receives a training batch\'s parameters, trace and Adam\'s moments by transfer', async () => {
    const { client, workers } = setup();
    const options = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 10, snapshotCapacity: 4 } as const;
    const answer = await client.train('r', 's1.1', passSizeOf(file), 2, { start: { key: 's1.0', model: file, options } });
    const sent = workers[0]!.answers[0];
    if (sent?.type !== 'trained') throw new Error('expected a training answer');
    expect(sent.key).toBe('s1.1');
    if (sent.answer.trace.stacked) throw new Error('expected one cell\'s trace');
    for (const array of [sent.answer.params.W!, sent.answer.trace.trace.gH, sent.answer.state.optimizer.m, sent.answer.state.optimizer.v]) expect(array?.buffer.byteLength).toBe(0);
    expect(answer.state.optimizer.steps).toBe(2);
    expect(answer.state.optimizer.m!.length).toBe(answer.state.optimizer.v!.length);
    expect(answer.state.optimizer.v!.some((x) => x > 0)).toBe(true);
    // The worker holds the model after the batch: a request for it carries nothing.
    await client.modelTrace('s1.1', lazy({ ...model, params: answer.params }).arg);
    const asked = workers[0]!.requests[1]!;
    expect(asked.type === 'modelTrace' && asked.model === undefined && asked.params === undefined).toBe(true);
  });
});
