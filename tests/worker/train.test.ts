/** Training batches through the worker's handler and the client: parameters and traces by transfer, the model after each batch held under its key. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Model, TrainOptions } from '../../src/engine/index';
import { createTrainer, exportModel, initModel, parseModel, spectralRadius, stackModelOf, stackTraceOf, traceOf } from '../../src/engine/index';
import type { EngineClient } from '../../src/worker/client';
import { passSizeOf } from '../../src/worker/allowance';
import { createEngineClient } from '../../src/worker/client';
import { createHandler } from '../../src/worker/handler';
import type { HandlerResult } from '../../src/worker/handler';
import type { TrainAnswer } from '../../src/worker/protocol';
import { UNKNOWN_MODEL_KEY, UNKNOWN_RUN } from '../../src/worker/protocol';
import { FakeWorker } from './fake-worker';

const model = initModel({ variant: 'elman', input: 3, hidden: 5, output: 3, length: 8, seed: 4 });
const file = exportModel(model);
const options: TrainOptions = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 1, snapshotCapacity: 8 };

let client: EngineClient | null = null;
afterEach(() => client?.dispose());

const answerOf = (r: HandlerResult): TrainAnswer => {
  if (r.response.type !== 'trained') throw new Error(`expected a training answer, got ${JSON.stringify(r.response)}`);
  return r.response.answer;
};

/** The model a trainer that never stopped reaches after `iterations` iterations. */
function straight(iterations: number, o: TrainOptions = options): Model {
  const trainer = createTrainer(parseModel(file), o);
  for (let i = 0; i < iterations; i++) trainer.step();
  return trainer.model;
}

describe('training in the worker', () => {
  it('runs batches of a run whose state stays in the worker, as a trainer in one piece would', () => {
    const handle = createHandler();
    const first = answerOf(handle({ type: 'train', id: 1, run: 'r', iterations: 3, key: 's1.1', start: { key: 's1.0', model: file, options } }));
    const second = answerOf(handle({ type: 'train', id: 2, run: 'r', iterations: 4, key: 's1.2' }));
    const after = straight(7);
    expect(second.iterations).toBe(7);
    expect(second.params).toEqual(after.params);
    expect(second.reports.map((r) => r.iteration)).toEqual([4, 5, 6, 7]);
    expect(second.reports[3]!.loss).toBeLessThan(first.reports[0]!.loss);
    expect(second.radiusW).toBeCloseTo(spectralRadius(after.params.W!, 5), 12);
    // The trace of the model after the batch comes with it: nothing else is asked per batch.
    expect(second.trace).toEqual({ stacked: false, trace: traceOf(after) });
  });

  it('holds the model after each batch under the batch\'s key, and starts a run from the model it holds', () => {
    const handle = createHandler();
    expect(handle({ type: 'train', id: 1, run: 'r', iterations: 1, key: 's1.1', start: { key: 's1.0', options } }).response)
      .toEqual({ type: 'error', id: 1, message: UNKNOWN_MODEL_KEY });
    handle({ type: 'modelTrace', id: 2, key: 's1.0', model: file });
    const batch = handle({ type: 'train', id: 3, run: 'r', iterations: 2, key: 's1.5', start: { key: 's1.0', options } });
    expect(batch.response).toMatchObject({ type: 'trained', key: 's1.5' });
    const traced = handle({ type: 'modelTrace', id: 4, key: 's1.5' }).response;
    expect(traced.type === 'modelTrace' && traced.trace).toEqual(traceOf(straight(2)));
    // Transferring the answer leaves the held model whole.
    structuredClone(batch.response, { transfer: batch.transfer as ArrayBuffer[] });
    const again = handle({ type: 'modelText', id: 5, key: 's1.5', maxBytes: Infinity }).response;
    expect(again.type === 'modelText' && again.utf8).toBeTruthy();
    expect(handle({ type: 'train', id: 6, run: 'r', iterations: 1, key: 's2.1' }).response)
      .toEqual({ type: 'error', id: 6, message: 'key: expected a version of the run\'s scene s1, got s2.1' });
  });

  it('lists the parameters, the trace and the moments for transfer, each buffer once', () => {
    const result = createHandler()({ type: 'train', id: 1, run: 'r', iterations: 2, key: 's1.1', start: { key: 's1.0', model: file, options } });
    const answer = answerOf(result);
    if (answer.trace.stacked) throw new Error('expected one cell\'s trace');
    const buffers = [...Object.values(answer.params), answer.trace.trace.gH, answer.trace.trace.gradNormsByStep, answer.state.optimizer.m!, answer.state.optimizer.v!].map((a) => a.buffer);
    expect(result.transfer).toEqual(expect.arrayContaining(buffers));
    expect(new Set(result.transfer).size).toBe(result.transfer.length);
  });

  it('trains a deep bidirectional network: its batch brings the stack\'s trace of the trained model, every buffer transferred once', () => {
    const deep = initModel({ variant: 'gru', input: 3, hidden: 4, output: 3, length: 6, seed: 5, layers: 2, bidirectional: true, readout: 'last' });
    const answer = answerOf(createHandler()({ type: 'train', id: 1, run: 'r', iterations: 3, key: 's1.1', start: { key: 's1.0', model: exportModel(deep), options } }));
    const trainer = createTrainer(deep, options);
    for (let i = 0; i < 3; i++) trainer.step();
    expect(answer.params).toEqual(trainer.model.params);
    expect(answer.trace).toEqual({ stacked: true, trace: stackTraceOf(stackModelOf(trainer.model)) });
    // Each report's loss is the model's before its update: the first, the untrained stack's.
    expect(answer.reports[0]!.loss).toBe(stackTraceOf(stackModelOf(deep)).loss);
    const result = createHandler()({ type: 'train', id: 1, run: 'r', iterations: 1, key: 's1.1', start: { key: 's1.0', model: exportModel(deep), options } });
    const { trace } = answerOf(result);
    if (!trace.stacked) throw new Error('expected a stack\'s trace');
    expect(result.transfer).toEqual(expect.arrayContaining([trace.trace.layers[1]![1]!.factors.dh!.buffer, trace.trace.z[0]!.buffer]));
    expect(new Set(result.transfer).size).toBe(result.transfer.length);
  });

  it('a new worker resumes the run from the last answer\'s parameters and state, as if it had never stopped', () => {
    const first = answerOf(createHandler()({ type: 'train', id: 1, run: 'r', iterations: 3, key: 's1.1', start: { key: 's1.0', model: file, options } }));
    const { params, state } = first;
    const resumed = exportModel({ ...model, params });
    const second = answerOf(createHandler()({ type: 'train', id: 2, run: 's', iterations: 4, key: 's1.2', start: { key: 's1.1', model: resumed, options, state } }));
    const trainer = createTrainer(parseModel(file), options);
    for (let i = 0; i < 7; i++) trainer.step();
    expect(second.iterations).toBe(7);
    expect(second.reports.map((r) => r.iteration)).toEqual([4, 5, 6, 7]);
    expect(second.params).toEqual(trainer.model.params);
    expect(second.state).toEqual(trainer.state());
  });

  it('refuses a state that does not fit the run, naming the field', () => {
    const { state } = answerOf(createHandler()({ type: 'train', id: 1, run: 'r', iterations: 1, key: 's1.1', start: { key: 's1.0', model: file, options } }));
    const bad = { ...state, optimizer: { ...state.optimizer, v: state.optimizer.v!.map((x, i) => (i === 2 ? -Infinity : x)) } };
    expect(createHandler()({ type: 'train', id: 2, run: 's', iterations: 1, key: 's1.2', start: { key: 's1.0', model: file, options, state: bad } }).response)
      .toEqual({ type: 'error', id: 2, message: 'state.optimizer.v[2]: expected a finite number >= 0, got -Infinity' });
  });

  it('refuses a batch of a run it does not hold (a new worker)', () => {
    const handle = createHandler();
    expect(handle({ type: 'train', id: 1, run: 'x', iterations: 1, key: 's1.1' }).response).toEqual({ type: 'error', id: 1, message: UNKNOWN_RUN });
  });

  it('stops a batch at a blow-up and keeps the model from before it', () => {
    const handle = createHandler();
    const blowUp: TrainOptions = { ...options, optimizer: 'sgd', learningRate: 1e300 };
    const answer = answerOf(handle({ type: 'train', id: 1, run: 'r', iterations: 5, key: 's1.1', start: { key: 's1.0', model: file, options: blowUp } }));
    expect(answer.paused).toBe(true);
    expect(answer.reports).toHaveLength(answer.iterations + 1);
    expect(answer.reports.at(-1)!.nonFinite).not.toBeNull();
    expect(answer.params).toEqual(straight(answer.iterations, blowUp).params);
    expect(Object.values(answer.params).every((p) => p.every(Number.isFinite))).toBe(true);
  });

  it('the client serves training batches in order among trace requests, the start\'s model carried only when not held', async () => {
    const workers: FakeWorker[] = [];
    client = createEngineClient({ createWorker: () => { const w = new FakeWorker(); workers.push(w); return w; } });
    const trace = client.modelTrace('s1.0', file).catch(() => null);
    const size = passSizeOf(file);
    const a = client.train('r', 's1.1', size, 2, { start: { key: 's1.0', model: file, options } });
    const b = client.train('r', 's1.2', size, 2);
    expect((await a).iterations).toBe(2);
    const answer = await b;
    expect(answer.iterations).toBe(4);
    expect(answer.state.optimizer.m).toHaveLength(answer.state.optimizer.v!.length);
    expect(await trace).toEqual(traceOf(model));
    // The worker held s1.0 from the trace request: the run's start carried no model.
    const start = workers[0]!.requests.find((r) => r.type === 'train' && r.start);
    expect(start?.type === 'train' && start.start && start.start.model === undefined && start.start.params === undefined).toBe(true);
  });
});
