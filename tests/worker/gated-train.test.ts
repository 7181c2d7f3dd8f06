/** Training batches of the gated cells through the worker's handler: what the training charts read comes back for the LSTM and the GRU. */
import { describe, expect, it } from 'vitest';
import type { TrainOptions } from '../../src/engine/index';
import { createTrainer, delayedEcho, exportModel, parseModel, spectralRadius, traceOf } from '../../src/engine/index';
import { createHandler } from '../../src/worker/handler';

const options: TrainOptions = { optimizer: 'adam', learningRate: 0.05, clipNorm: 1, snapshotEvery: 1, snapshotCapacity: 8 };

describe.each(['lstm', 'gru'] as const)('training the %s cell in the worker', (variant) => {
  it('two batches are the trainer\'s iterations; the answer brings the model, the state, rho(W) of the candidate\'s W and ||dL/dh(t)||', () => {
    const model = delayedEcho({ variant, lag: 2, length: 9, symbols: 3, hidden: 4, seed: 5 });
    const file = exportModel(model);
    const handle = createHandler();
    const first = handle({ type: 'train', id: 1, run: 'r', iterations: 3, start: { model: file, options } }).response;
    const second = handle({ type: 'train', id: 2, run: 'r', iterations: 4 }).response;
    if (first.type !== 'trained' || second.type !== 'trained') throw new Error(`expected training answers, got ${JSON.stringify(second)}`);
    const trainer = createTrainer(parseModel(file), options);
    const reports = Array.from({ length: 7 }, () => trainer.step());
    expect([...first.answer.reports, ...second.answer.reports]).toEqual(reports);
    expect(second.answer.model).toEqual(exportModel(trainer.model));
    expect(second.answer.clipped).toBe(trainer.clippedCount);
    expect(second.answer.state.optimizer).toEqual(trainer.state().optimizer);
    expect(second.answer.radiusW).toBeCloseTo(spectralRadius(trainer.model.params.W!, 4), 12);
    const gH = traceOf(trainer.model).gH;
    expect(Array.from(second.answer.hNorms)).toEqual(Array.from({ length: 9 }, (_, t) => Math.hypot(...gH.subarray(t * 4, (t + 1) * 4))));
    expect(second.answer.hNorms.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
  });
});
