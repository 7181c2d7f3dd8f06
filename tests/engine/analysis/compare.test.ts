/** Teacher forcing against free running: the same Jordan network trained both ways, then run free. */
import { describe, expect, it } from 'vitest';
import { compareFeedback, createTrainer, forward, initModel } from '../../../src/engine/index';
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
