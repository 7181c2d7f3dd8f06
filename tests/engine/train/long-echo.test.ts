/**
 * The point of book section 10.10, measured: on the long echo (a cue, lag - 1 blanks, a query),
 * the Elman network trained from the presets' seed and settings stays at chance at the queries,
 * while the LSTM and the GRU, from the same seed on the same sequence, learn it; a fresh sequence
 * (another seed) tells learning from memorising. And the plain delayed echo at lag 15, where the
 * Elman network does learn it: why the long-echo presets are not the plain echo.
 */
import { describe, expect, it } from 'vitest';
import { createTrainer, cuedEcho, delayedEcho, forward } from '../../../src/engine/index';
import type { Model, TrainOptions } from '../../../src/engine/index';
import { LONG_ECHO } from '../../../src/store/presets';

const { task, training, iterations: N, elmanAbove, gatedBelow } = LONG_ECHO;
const OPTIONS: TrainOptions = { ...training, snapshotEvery: 1000, snapshotCapacity: 1 };

/** Mean L(t) over the steps whose target is a cue (the queries) of the model on `sequence`. */
function queryLoss(model: Model, sequence: Model['sequence'] = model.sequence): number {
  const steps = forward({ ...model, sequence }).states.stepLosses;
  let sum = 0;
  let count = 0;
  sequence.targets.forEach((y, i) => {
    if (y > 0) {
      sum += steps[i]!;
      count++;
    }
  });
  return sum / count;
}

/** -sum p ln p over the cues' frequencies at the queries: the least loss per query without memory of the cue. */
function cueEntropy(sequence: Model['sequence']): number {
  const counts = new Map<number, number>();
  for (const y of sequence.targets) if (y > 0) counts.set(y, (counts.get(y) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return -[...counts.values()].reduce((s, c) => s + (c / total) * Math.log(c / total), 0);
}

/** 40 episodes from another seed: cues the training never saw in this order. */
const fresh = cuedEcho({ ...task, episodes: 40, seed: task.seed + 1 }).sequence;

describe(`the long echo (lag ${task.lag}, ${task.episodes} episodes, H ${task.hidden}, seed ${task.seed}, Adam lr ${training.learningRate}, clip ${training.clipNorm})`, () => {
  it('the three cells get the same sequence from the seed', () => {
    const [e, l, g] = (['elman', 'lstm', 'gru'] as const).map((variant) => cuedEcho({ ...task, variant }));
    expect(l!.sequence).toEqual(e!.sequence);
    expect(g!.sequence).toEqual(e!.sequence);
    expect(e!.sequence.length).toBe(task.episodes * (task.lag + 1));
  });

  it(`Elman: after ${N} iterations the loss per query is above ${elmanAbove} x the cues' entropy, on the training sequence and on a fresh one (measured: at the entropy, 0.685 for 9 a's and 7 b's)`, () => {
    const model = cuedEcho({ ...task, variant: 'elman' });
    const tr = createTrainer(model, OPTIONS);
    for (let i = 0; i < N; i++) expect(tr.step().nonFinite).toBeNull();
    expect(queryLoss(tr.model)).toBeGreaterThan(elmanAbove * cueEntropy(model.sequence));
    expect(queryLoss(tr.model, fresh)).toBeGreaterThan(elmanAbove * cueEntropy(fresh));
    // The blanks are easy: what stays is the queries' loss.
    expect(forward(tr.model).loss).toBeGreaterThan(elmanAbove * task.episodes * cueEntropy(model.sequence));
  }, 60_000);

  it.each(['lstm', 'gru'] as const)(`%s: the loss per query gets below ${gatedBelow} within ${N} iterations, and below half the cues' entropy on a fresh sequence (measured: LSTM by 230, GRU by 50)`, (variant) => {
    const model = cuedEcho({ ...task, variant });
    const tr = createTrainer(model, OPTIONS);
    let loss = queryLoss(model);
    expect(loss).toBeGreaterThan(elmanAbove * cueEntropy(model.sequence));
    while (tr.iterations < N && loss >= gatedBelow) {
      for (let i = 0; i < 10; i++) expect(tr.step().nonFinite).toBeNull();
      loss = queryLoss(tr.model);
    }
    expect(loss).toBeLessThan(gatedBelow);
    expect(tr.iterations).toBeLessThanOrEqual(N);
    expect(queryLoss(tr.model, fresh)).toBeLessThan(cueEntropy(fresh) / 2);
  }, 60_000);
});

describe('the plain delayed echo at lag 15 does not make the point: the Elman network learns it', () => {
  it('2 symbols, 1000 steps, H 32, seed 1, Adam lr 0.01, clip 5: below 0.1 per step after the lag within 150 iterations, on a fresh sequence too (measured: 100)', () => {
    const echo = (seed: number) => delayedEcho({ lag: 15, length: 1000, symbols: 2, hidden: 32, seed });
    const perStep = (m: Model): number => {
      const steps = forward(m).states.stepLosses;
      return steps.slice(15).reduce((a, b) => a + b, 0) / (steps.length - 15);
    };
    const tr = createTrainer(echo(1), OPTIONS);
    expect(perStep(echo(1))).toBeGreaterThan(0.9 * Math.log(2));
    for (let i = 0; i < 150; i++) tr.step();
    expect(perStep(tr.model)).toBeLessThan(0.1);
    expect(perStep({ ...tr.model, sequence: echo(2).sequence })).toBeLessThan(0.1);
  }, 60_000);
});
