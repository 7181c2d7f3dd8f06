/** The explanations' live numbers: softmax and its constant, the loss as a sum, what BPTT holds. */
import { describe, expect, it } from 'vitest';
import { createSession, forward, initModel, traceOf } from '../../../src/engine/index';
import type { InitOptions } from '../../../src/engine/index';
import { bpttCost, lossSum, softmaxDemo } from '../../../src/graph/explain/index';

const CASES: InitOptions[] = [
  { variant: 'elman', input: 3, hidden: 4, output: 5, length: 7, seed: 2, scheme: 'uniform' },
  { variant: 'jordan', feedback: 'logits', input: 3, hidden: 4, output: 3, length: 6, seed: 3 },
  { variant: 'jordan', feedback: 'teacher', input: 3, hidden: 4, output: 3, length: 6, seed: 3 },
  { variant: 'single-output', input: 2, hidden: 3, output: 4, length: 5, seed: 4 },
];

describe('explanations', () => {
  it.each(CASES)('o(t) = log yhat(t) + logsumexp(o(t)), and a shift of o changes nothing ($variant)', (o) => {
    const model = initModel(o);
    const trace = traceOf(model);
    const t = o.variant === 'single-output' ? o.length : 2;
    const demo = softmaxDemo(model, trace, t)!;
    expect(demo.deviation).toBeLessThan(1e-12);
    expect(Math.abs(demo.total - 1)).toBeLessThan(1e-12);
    expect(demo.shiftChange).toBeLessThan(1e-12);
    // logsumexp by the plain formula (the logits are small here).
    expect(demo.constant).toBeCloseTo(Math.log(Array.from(demo.o).reduce((a, x) => a + Math.exp(x), 0)), 12);
    if (o.variant === 'single-output') expect(softmaxDemo(model, trace, 1)).toBeNull();
  });

  it.each(CASES)('L = sum of -log yhat(t)[y(t)], and exp(-L) = the product of those probabilities ($variant)', (o) => {
    const model = initModel(o);
    const sum = lossSum(model, traceOf(model));
    expect(sum.terms).toHaveLength(o.variant === 'single-output' ? 1 : o.length);
    for (const term of sum.terms) expect(term.loss).toBeCloseTo(-Math.log(term.p), 12);
    expect(sum.total).toBeCloseTo(forward(model).loss, 12);
    expect(sum.expMinusTotal / sum.product).toBeCloseTo(1, 12);
  });

  it.each(CASES)('BPTT holds at the turn what a stepping session holds there, and twice the steps hold about twice as much ($variant)', (o) => {
    const model = initModel(o);
    const session = createSession(model);
    session.seek(o.length);
    const cost = bpttCost(model);
    expect(cost.held).toBe(session.held().numbers);
    const longer = createSession(initModel({ ...o, length: 2 * o.length }));
    longer.seek(2 * o.length);
    expect(cost.heldDouble).toBe(longer.held().numbers);
    expect(cost.chained).toBe(!(o.variant === 'jordan' && o.feedback === 'teacher'));
  });
});
