/** Training batches of the gated cells through the worker's handler: what the training charts read comes back for the LSTM and the GRU. */
import { describe, expect, it } from 'vitest';
import type { TrainOptions } from '../../src/engine/index';
import { createTrainer, delayedEcho, exportModel, parseModel, spectralRadius, traceOf } from '../../src/engine/index';
import { createHandler } from '../../src/worker/handler';

const options: TrainOptions = { optimizer: 'adam', learningRate: 0.05, clipNorm: 1, snapshotEvery: 1, snapshotCapacity: 8 };

describe.each(['lstm', 'gru'] as const)('training the %s cell in the worker', (variant) => {
  it('two batches are the trainer\'s iterations; the answer brings the parameters, the state, rho(W) of the candidate\'s W and the trace', () => {
    const model = delayedEcho({ variant, lag: 2, length: 9, symbols: 3, hidden: 4, seed: 5 });
    const file = exportModel(model);
    const handle = createHandler();
    const first = handle({ type: 'train', id: 1, run: 'r', iterations: 3, key: 's1.1', start: { key: 's1.0', model: file, options } }).response;
    const second = handle({ type: 'train', id: 2, run: 'r', iterations: 4, key: 's1.2' }).response;
    if (first.type !== 'trained' || second.type !== 'trained') throw new Error(`expected training answers, got ${JSON.stringify(second)}`);
    const trainer = createTrainer(parseModel(file), options);
    const reports = Array.from({ length: 7 }, () => trainer.step());
    expect([...first.answer.reports, ...second.answer.reports]).toEqual(reports);
    expect(second.answer.params).toEqual(trainer.model.params);
    expect(second.answer.clipped).toBe(trainer.clippedCount);
    expect(second.answer.state.optimizer).toEqual(trainer.state().optimizer);
    expect(second.answer.radiusW).toBeCloseTo(spectralRadius(trainer.model.params.W!, 4), 12);
    // The charts' ||dL/dh(t)|| row is read from the batch's trace: the trained model's own.
    expect(second.answer.trace).toEqual({ stacked: false, trace: traceOf(trainer.model) });
    if (second.answer.trace.stacked) throw new Error('expected one cell\'s trace');
    expect(second.answer.trace.trace.gH.every((x) => Number.isFinite(x))).toBe(true);
  });
});
