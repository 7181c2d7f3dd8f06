/** Training batches through the worker's handler and the client. */
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainOptions } from '../../src/engine/index';
import { createTrainer, exportModel, initModel, parseModel, spectralRadius, traceOf } from '../../src/engine/index';
import type { EngineClient } from '../../src/worker/client';
import { createEngineClient, passSizeOf } from '../../src/worker/client';
import { createHandler } from '../../src/worker/handler';
import { UNKNOWN_RUN } from '../../src/worker/protocol';
import { FakeWorker } from './fake-worker';

const model = initModel({ variant: 'elman', input: 3, hidden: 5, output: 3, length: 8, seed: 4 });
const file = exportModel(model);
const options: TrainOptions = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 1, snapshotCapacity: 8 };

let client: EngineClient | null = null;
afterEach(() => client?.dispose());

describe('training in the worker', () => {
  it('runs batches of a run whose state stays in the worker, as a trainer in one piece would', () => {
    const handle = createHandler();
    const first = handle({ type: 'train', id: 1, run: 'r', iterations: 3, start: { model: file, options } }).response;
    const second = handle({ type: 'train', id: 2, run: 'r', iterations: 4 }).response;
    if (first.type !== 'trained' || second.type !== 'trained') throw new Error('expected training answers');
    const trainer = createTrainer(parseModel(file), options);
    for (let i = 0; i < 7; i++) trainer.step();
    expect(second.answer.iterations).toBe(7);
    expect(second.answer.model).toEqual(exportModel(trainer.model));
    expect(second.answer.reports.map((r) => r.iteration)).toEqual([4, 5, 6, 7]);
    expect(second.answer.reports[3]!.loss).toBeLessThan(first.answer.reports[0]!.loss);
    expect(second.answer.radiusW).toBeCloseTo(spectralRadius(trainer.model.params.W!, 5), 12);
    const gH = traceOf(trainer.model).gH;
    expect(Array.from(second.answer.hNorms)).toEqual(Array.from({ length: 8 }, (_, t) => Math.hypot(...gH.subarray(t * 5, (t + 1) * 5))));
  });

  it('a new worker resumes the run from the last answer\'s model and state, as if it had never stopped', () => {
    const first = createHandler()({ type: 'train', id: 1, run: 'r', iterations: 3, start: { model: file, options } });
    if (first.response.type !== 'trained') throw new Error('expected a training answer');
    const { model: after, state } = first.response.answer;
    // The moments go back by transfer: the handler lists their buffers.
    expect(first.transfer).toEqual(expect.arrayContaining([state.optimizer.m!.buffer, state.optimizer.v!.buffer]));
    const second = createHandler()({ type: 'train', id: 2, run: 's', iterations: 4, start: { model: after, options, state } }).response;
    if (second.type !== 'trained') throw new Error('expected a training answer');
    const trainer = createTrainer(parseModel(file), options);
    for (let i = 0; i < 7; i++) trainer.step();
    expect(second.answer.iterations).toBe(7);
    expect(second.answer.reports.map((r) => r.iteration)).toEqual([4, 5, 6, 7]);
    expect(second.answer.model).toEqual(exportModel(trainer.model));
    expect(second.answer.state).toEqual(trainer.state());
  });

  it('refuses a state that does not fit the run, naming the field', () => {
    const first = createHandler()({ type: 'train', id: 1, run: 'r', iterations: 1, start: { model: file, options } }).response;
    if (first.type !== 'trained') throw new Error('expected a training answer');
    const { state } = first.answer;
    const bad = { ...state, optimizer: { ...state.optimizer, v: state.optimizer.v!.map((x, i) => (i === 2 ? -Infinity : x)) } };
    expect(createHandler()({ type: 'train', id: 2, run: 's', iterations: 1, start: { model: file, options, state: bad } }).response)
      .toEqual({ type: 'error', id: 2, message: 'state.optimizer.v[2]: expected a finite number >= 0, got -Infinity' });
  });

  it('refuses a batch of a run it does not hold (a new worker)', () => {
    const handle = createHandler();
    expect(handle({ type: 'train', id: 1, run: 'x', iterations: 1 }).response).toEqual({ type: 'error', id: 1, message: UNKNOWN_RUN });
  });

  it('stops a batch at a blow-up and keeps the model from before it', () => {
    const handle = createHandler();
    const blowUp: TrainOptions = { ...options, optimizer: 'sgd', learningRate: 1e300 };
    const r = handle({ type: 'train', id: 1, run: 'r', iterations: 5, start: { model: file, options: blowUp } }).response;
    if (r.type !== 'trained') throw new Error('expected a training answer');
    expect(r.answer.paused).toBe(true);
    expect(r.answer.reports).toHaveLength(r.answer.iterations + 1);
    expect(r.answer.reports.at(-1)!.nonFinite).not.toBeNull();
    const trainer = createTrainer(parseModel(file), blowUp);
    for (let i = 0; i < r.answer.iterations; i++) trainer.step();
    expect(r.answer.model).toEqual(exportModel(trainer.model));
  });

  it('the client serves training batches in order among snapshot requests', async () => {
    client = createEngineClient({ createWorker: () => new FakeWorker() });
    const snapshot = client.snapshot('k', file, 3).catch(() => null);
    const size = passSizeOf(file);
    const a = client.train('r', size, 2, { start: { model: file, options } });
    const b = client.train('r', size, 2);
    expect((await a).iterations).toBe(2);
    const answer = await b;
    expect(answer.iterations).toBe(4);
    expect(answer.state.optimizer.m).toHaveLength(answer.state.optimizer.v!.length);
    await snapshot;
  });
});
