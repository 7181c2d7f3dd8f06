/** Teacher forcing against free running (the same Jordan network trained both ways, then run free); the cells side by side. */
import { describe, expect, it } from 'vitest';
import { cellModel, compareCells, compareFeedback, createTrainer, delayedEcho, forward, initModel } from '../../../src/engine/index';
import type { Model, TrainOptions } from '../../../src/engine/index';
import { buildModel } from '../../../src/store/scene';

const ADAM: TrainOptions = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 10, snapshotCapacity: 4 };
/** Next character of "hello world" with a Jordan network, seed 1, H 8. */
const hello = (feedback: Model['feedback'] & string): Model =>
  buildModel({ variant: 'jordan', feedback, hidden: 8, seed: 1, truncation: null, sequence: { mode: 'text', text: 'hello world' } });

describe('teacher forcing against free running', () => {
  it('trains both from the same parameters: each loss curve is its own trainer\'s, bit for bit', () => {
    const model = hello('logits');
    const c = compareFeedback(model, ADAM, 30);
    expect(c.free).toBe('logits');
    for (const [run, feedback] of [[c.teacher, 'teacher'], [c.freeRun, 'logits']] as const) {
      const tr = createTrainer({ ...model, feedback }, ADAM);
      const losses = Array.from({ length: 30 }, () => tr.step().loss);
      expect(Array.from(run.losses)).toEqual(losses);
      expect(run.freeLoss).toBe(forward({ ...tr.model, feedback: 'logits' }).loss);
      expect(run.fault).toBeNull();
    }
    expect(c.teacher.losses.at(-1)!).toBeLessThan(c.teacher.losses[0]! / 2);
    expect(c.freeRun.losses.at(-1)!).toBeLessThan(c.freeRun.losses[0]! / 2);
  });

  it('nothing crosses time under teacher forcing; free running sends a gradient back into every step but the last', () => {
    const c = compareFeedback(hello('teacher'), ADAM, 5);
    expect(c.free).toBe('softmax');
    expect(Array.from(c.teacher.crossing).every((v) => v === 0)).toBe(true);
    const crossing = Array.from(c.freeRun.crossing);
    expect(crossing.at(-1)).toBe(0);
    expect(crossing.slice(0, -1).every((v) => v > 1e-8)).toBe(true);
  });

  it('one step: nothing comes from later, so nothing crosses', () => {
    const one = initModel({ variant: 'jordan', feedback: 'softmax', input: 2, hidden: 3, output: 2, length: 1, seed: 4 });
    const c = compareFeedback(one, { ...ADAM, optimizer: 'sgd' }, 1);
    expect(Array.from(c.freeRun.crossing)).toEqual([0]);
  });

  it('a blow-up stops a run early and is named', () => {
    const c = compareFeedback(hello('logits'), { ...ADAM, optimizer: 'sgd', learningRate: 1e300, clipNorm: null }, 10);
    expect(c.freeRun.fault).toMatch(/^iteration \d+: /);
    expect(c.freeRun.losses.length).toBeLessThan(10);
  });

  it('refuses a network without output feedback and a bad iteration count', () => {
    expect(() => compareFeedback(initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 3, seed: 1 }), ADAM, 3)).toThrow(/Jordan/);
    expect(() => compareFeedback(hello('logits'), ADAM, 0)).toThrow(/iterations/);
  });
});

describe('cells side by side', () => {
  const SGD: TrainOptions = { ...ADAM, optimizer: 'sgd', learningRate: 0.1 };
  /** Echo with lag 2 over 12 steps of 3 symbols, H 5, seed 3: the Elman model the page would hold. */
  const echo = (variant: 'elman' | 'lstm' | 'gru' | 'jordan' = 'elman'): Model => delayedEcho({ variant, lag: 2, length: 12, symbols: 3, hidden: 5, seed: 3 });

  it('trains each cell from the seed\'s parameters on the model\'s sequence: each curve is that cell\'s own task trainer\'s, bit for bit', () => {
    const cells = ['elman', 'lstm', 'gru', 'jordan'] as const;
    for (const options of [ADAM, SGD]) {
      const c = compareCells(echo(), cells, 3, options, 15);
      expect(c.seed).toBe(3);
      expect(c.runs.map((r) => r.variant)).toEqual(cells);
      for (const run of c.runs) {
        // The task builds the same sequence for every cell from the seed, and initModel's parameters for the cell.
        const tr = createTrainer(echo(run.variant), options);
        const losses = Array.from({ length: 15 }, () => tr.step().loss);
        expect(Array.from(run.losses)).toEqual(losses);
        expect(Array.from(run.stepLosses)).toEqual(Array.from(forward(tr.model).states.stepLosses));
        expect(run.stepLosses.length).toBe(12);
        expect(run.fault).toBeNull();
      }
    }
  });

  it('uses only the model\'s sequence and sizes: a trained model or another seed\'s parameters give the same comparison', () => {
    const model = echo();
    const trained = createTrainer(model, ADAM);
    for (let i = 0; i < 5; i++) trained.step();
    expect(compareCells(trained.model, ['gru'], 3, ADAM, 4)).toEqual(compareCells(model, ['gru'], 3, ADAM, 4));
    // Another seed draws other parameters: another curve on the same sequence.
    const other = compareCells(model, ['gru'], 4, ADAM, 4).runs[0]!;
    expect(other.losses[0]).not.toBe(compareCells(model, ['gru'], 3, ADAM, 4).runs[0]!.losses[0]);
    const m4 = cellModel(model, 'lstm', 4);
    expect(m4.sequence).toBe(model.sequence);
    expect(m4.params).toEqual(initModel({ variant: 'lstm', input: 3, hidden: 5, output: 3, length: 12, seed: 4 }).params);
  });

  it('a blow-up stops that cell\'s run early and is named; the others go on', () => {
    const c = compareCells(echo(), ['elman', 'gru'], 3, { ...SGD, learningRate: 1e300, clipNorm: null }, 10);
    for (const run of c.runs) {
      if (run.fault === null) expect(run.losses.length).toBe(10);
      else expect(run.fault).toMatch(/^iteration \d+: /);
    }
    expect(c.runs.some((r) => r.fault !== null)).toBe(true);
  });

  it('refuses a single-output model, no cells, a cell twice or unknown, a bad seed or iteration count, by name', () => {
    const single = initModel({ variant: 'single-output', input: 2, hidden: 2, output: 2, length: 3, seed: 1 });
    expect(() => compareCells(single, ['elman'], 1, ADAM, 3)).toThrow(/^model: a network read out at the end has one target/);
    expect(() => compareCells(echo(), [], 1, ADAM, 3)).toThrow(/^cells: expected at least one cell$/);
    expect(() => compareCells(echo(), ['lstm', 'lstm'], 1, ADAM, 3)).toThrow(/^cells\[1\]: lstm is asked for twice$/);
    expect(() => compareCells(echo(), ['single-output' as never], 1, ADAM, 3)).toThrow(/^cells\[0\]: expected one of elman, jordan, lstm, gru, got single-output$/);
    expect(() => compareCells(echo(), ['elman'], -1, ADAM, 3)).toThrow(/^seed: /);
    expect(() => compareCells(echo(), ['elman'], 1, ADAM, 0)).toThrow(/^iterations: /);
  });
});
