/**
 * The snapshot read from a trace (the main thread's stepping) against the stepping session's
 * (what the worker's session gives), field for field: every variant, the LSTM and the GRU
 * included, at every position, with truncation, teacher forcing, ReLU, dense inputs, and values
 * and sums that stop being finite.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InitOptions, Model } from '../../../src/engine/index';
import { createSession, heldAt, initModel, paramNames, snapshotOf, snapshotOfTrace, traceOf } from '../../../src/engine/index';
import { smallModel } from '../arbitraries';

/** Every position's snapshot from the session (stepped forward one position at a time) and from the trace. */
function bothWays(model: Model): { session: ReturnType<typeof snapshotOf>[]; trace: ReturnType<typeof snapshotOf>[] } {
  const trace = traceOf(model);
  const session = createSession(model);
  const bySession = [snapshotOf(session)];
  while (session.step()) bySession.push(snapshotOf(session));
  return { session: bySession, trace: bySession.map((_, p) => snapshotOfTrace(model, trace, p)) };
}

/** Equal field for field, numbers compared with Object.is (so -0 is not 0) and typed arrays entry by entry. */
function expectSame(model: Model): void {
  const { session, trace } = bothWays(model);
  expect(session).toHaveLength(2 * model.sequence.length + 1);
  session.forEach((s, p) => expect(trace[p], `position ${p}`).toStrictEqual(s));
}

const CASES: readonly (InitOptions & { readonly name: string })[] = [
  { name: 'elman', variant: 'elman', input: 3, hidden: 4, output: 3, length: 7, seed: 1 },
  { name: 'elman, truncation 3', variant: 'elman', input: 3, hidden: 4, output: 3, length: 8, seed: 2, truncation: 3 },
  { name: 'elman, relu, dense', variant: 'elman', nonlinearity: 'relu', input: 3, hidden: 5, output: 2, length: 6, seed: 3, inputs: 'dense' },
  { name: 'jordan, logits', variant: 'jordan', feedback: 'logits', input: 3, hidden: 4, output: 3, length: 6, seed: 4 },
  { name: 'jordan, softmax, truncation 2', variant: 'jordan', feedback: 'softmax', input: 4, hidden: 3, output: 3, length: 7, seed: 5, truncation: 2 },
  { name: 'jordan, teacher forcing', variant: 'jordan', feedback: 'teacher', input: 3, hidden: 4, output: 3, length: 6, seed: 6 },
  { name: 'single output', variant: 'single-output', input: 2, hidden: 5, output: 3, length: 6, seed: 7 },
  { name: 'single output, truncation 2', variant: 'single-output', input: 2, hidden: 3, output: 2, length: 5, seed: 8, truncation: 2 },
  { name: 'lstm', variant: 'lstm', input: 3, hidden: 4, output: 3, length: 6, seed: 9 },
  { name: 'lstm, truncation 2, dense', variant: 'lstm', input: 3, hidden: 3, output: 2, length: 7, seed: 10, truncation: 2, inputs: 'dense' },
  { name: 'gru', variant: 'gru', input: 3, hidden: 4, output: 3, length: 6, seed: 11 },
  { name: 'gru, truncation 3', variant: 'gru', input: 2, hidden: 3, output: 3, length: 7, seed: 12, truncation: 3 },
];

describe('the snapshot read from a trace', () => {
  it.each(CASES)('is the session\'s at every position ($name)', ({ name: _name, ...options }) => {
    expectSame(initModel(options));
  });

  it('is the session\'s at every position of random models of every variant, with truncation', () => {
    fc.assert(fc.property(smallModel({ truncation: true }), (m) => expectSame(m)), { seed: 11, numRuns: 150 });
  });

  it('holds what the session holds: the states grow in the forward pass and are all released at the end', () => {
    const model = initModel(CASES[0]!);
    const trace = traceOf(model);
    const held = Array.from({ length: 15 }, (_, p) => snapshotOfTrace(model, trace, p).held.numbers);
    for (let p = 1; p <= 7; p++) expect(held[p]).toBeGreaterThan(held[p - 1]!);
    for (let p = 8; p <= 14; p++) expect(held[p]).toBeLessThan(held[p - 1]!);
    expect(held[14]).toBe(0);
    expect(held.map((_, p) => heldAt(model, p).numbers)).toEqual(held);
  });

  it('shows the gradient norms summed so far: zero in the forward pass, the whole gradient\'s at the end', () => {
    const model = initModel(CASES[3]!);
    const trace = traceOf(model);
    const end = snapshotOfTrace(model, trace, 12).gradNorms;
    for (const name of paramNames(model.variant)) {
      expect(snapshotOfTrace(model, trace, 6).gradNorms[name]).toBe(0);
      expect(end[name]).toBeCloseTo(Math.hypot(...trace.grads[name]!), 12);
    }
  });

  it('names a loss that overflows from the step where it does, as the session does', () => {
    const m = initModel({ variant: 'elman', input: 1, hidden: 1, output: 2, length: 2, seed: 1 });
    m.params.c!.set([1e308, 0]);
    m.params.V!.fill(0);
    m.sequence.targets.set([1, 1]);
    expectSame(m);
    const trace = traceOf(m);
    expect(snapshotOfTrace(m, trace, 1).nonFinite).toBeNull();
    expect(snapshotOfTrace(m, trace, 2).nonFinite).toMatchObject({ pass: 'forward', step: 2, node: 'loss' });
  });

  it('names a parameter gradient whose sum overflows from the backward step where it does, as the session does', () => {
    // Dense x(t) = 1e308 and dL/da(t) = 1 at every step: dL/dU gains 1e308 per backward step.
    const m = initModel({ variant: 'elman', input: 1, hidden: 1, output: 2, length: 3, seed: 1, inputs: 'dense' });
    if (m.sequence.inputs.kind !== 'dense') throw new Error('dense inputs expected');
    m.sequence.inputs.values.fill(1e308);
    for (const p of [m.params.U!, m.params.W!, m.params.b!, m.params.c!]) p.fill(0);
    m.params.V!.set([1, -1]);
    m.sequence.targets.fill(1);
    expectSame(m);
    const trace = traceOf(m);
    expect(trace.sumFaults.map((f) => f.node)).toEqual(['U']);
    expect(snapshotOfTrace(m, trace, 4).nonFinite).toBeNull();
    expect(snapshotOfTrace(m, trace, 5).nonFinite).toEqual({ pass: 'backward', step: 2, node: 'U', index: 0, value: Infinity });
  });

  it('names a value that stops being finite in the forward pass and again in BPTT, as the session does', () => {
    const m = initModel({ variant: 'elman', input: 2, hidden: 3, output: 2, length: 4, seed: 2 });
    m.params.V![0] = 1e308;
    m.params.V![1] = 1e308;
    m.params.W!.fill(0);
    m.params.b!.fill(2);
    expectSame(m);
    expect(traceOf(m).nodeFault).not.toBeNull();
  });

  it('refuses a position outside 0..2 tau or not an integer, naming it', () => {
    const model = initModel(CASES[0]!);
    const trace = traceOf(model);
    for (const p of [-1, 15, 1.5, Number.NaN]) {
      expect(() => snapshotOfTrace(model, trace, p)).toThrow(`position: expected an integer in 0..14, got ${p}`);
    }
  });
});
