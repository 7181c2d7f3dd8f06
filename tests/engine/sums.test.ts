/**
 * Every sum the engine forms is checked like the states are: the loss (sum of L(t)), the
 * global gradient norm of clipping, and Adam's moments. A sum that overflows while every term
 * is finite is named, and training stops with the model from before.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/index';
import {
  createSession, createTrainer, describeNonFinite, describeTrainFault, forward, gradients, initModel, snapshotOf,
} from '../../src/engine/index';

/** The model: n 1, H 1, K 2, tau 2, c = [1e308, 0], targets [1, 1]: L(t) = 1e308 each. */
function overflowingLoss(): Model {
  const m = initModel({ variant: 'elman', input: 1, hidden: 1, output: 2, length: 2, seed: 1 });
  m.params.c!.set([1e308, 0]);
  m.params.V!.fill(0);
  m.sequence.targets.set([1, 1]);
  return m;
}

/**
 * Finite gradients whose global norm overflows: h(1) ~ 1e-300 keeps o(1) small, so that dL/do
 * is about [1, -1] and dL/dh(1) = V^T dL/do = v entries of `big`; dL/db and dL/dU repeat them.
 */
function hugeGradients(big: number, hidden: number): Model {
  const m = initModel({ variant: 'elman', input: 1, hidden, output: 2, length: 1, seed: 1 });
  m.params.U!.fill(0);
  m.params.W!.fill(0);
  m.params.h0!.fill(0);
  m.params.b!.fill(1e-300);
  m.params.c!.fill(0);
  m.params.V!.fill(0);
  m.params.V!.fill(big, 0, hidden);
  m.sequence.targets.set([1]);
  return m;
}

describe('the loss, a sum of step losses', () => {
  it('is named where it overflows, though every step loss is finite', () => {
    const m = overflowingLoss();
    const g = gradients(m);
    expect(Array.from(g.stepLosses)).toEqual([1e308, 1e308]);
    expect(g.loss).toBe(Infinity);
    expect(g.nonFinite).toEqual({ pass: 'forward', step: 2, node: 'loss', index: 0, value: Infinity });
    expect(describeNonFinite(g.nonFinite!)).toBe('forward step 2: loss: the sum of the step losses overflows at t = 2 (Infinity)');
    expect(forward(m).nonFinite).toEqual(g.nonFinite);
  });

  it('is named by the stepping session at the step where it overflows', () => {
    const s = createSession(overflowingLoss());
    s.seek(1);
    expect(snapshotOf(s).nonFinite).toBeNull();
    s.seek(2);
    expect(snapshotOf(s)).toMatchObject({ lossSoFar: Infinity, nonFinite: { pass: 'forward', step: 2, node: 'loss' } });
  });

  it('stops training with the model from before', () => {
    const m = overflowingLoss();
    const t = createTrainer(m, { optimizer: 'sgd', learningRate: 0.1, clipNorm: null, snapshotEvery: 1, snapshotCapacity: 4 });
    const r = t.step();
    expect(r.nonFinite).toMatchObject({ pass: 'forward', node: 'loss', step: 2 });
    expect(t.paused).toBe(true);
    expect(t.iterations).toBe(0);
    expect(Array.from(t.model.params.c!)).toEqual([1e308, 0]);
  });
});

describe('the parameter gradients, sums over the steps', () => {
  it('are named by the stepping session as soon as a sum overflows, before the backward pass ends', () => {
    // Dense x(t) = 1e308 and dL/da(t) = 1 at every step: dL/dU gains 1e308 per backward step.
    const m = initModel({ variant: 'elman', input: 1, hidden: 1, output: 2, length: 3, seed: 1, inputs: 'dense' });
    if (m.sequence.inputs.kind !== 'dense') throw new Error('dense inputs expected');
    m.sequence.inputs.values.fill(1e308);
    m.params.U!.fill(0);
    m.params.W!.fill(0);
    m.params.b!.fill(0);
    m.params.c!.fill(0);
    m.params.V!.set([1, -1]);
    m.sequence.targets.fill(1);
    const s = createSession(m);
    s.seek(4);
    expect(snapshotOf(s).nonFinite).toBeNull();
    s.seek(5);
    const named = { pass: 'backward', step: 2, node: 'U', index: 0, value: Infinity };
    expect(snapshotOf(s).nonFinite).toEqual(named);
    expect(gradients(m).nonFinite).toEqual(named);
  });
});

describe("the session's gradient norms", () => {
  it('do not overflow while the entries are finite', () => {
    const m = hugeGradients(1e200, 4);
    const s = createSession(m);
    s.seek(s.end);
    // dL/do(1) = [0.5, -0.5], so dL/db = dL/dh(1) = 0.5e200 in each of 4 entries: ||dL/db|| = 1e200.
    const norms = snapshotOf(s).gradNorms;
    expect(norms.b! / 1e200).toBeCloseTo(1, 12);
    expect(snapshotOf(s).nonFinite).toBeNull();
  });
});

describe('the global gradient norm of clipping', () => {
  it('stops training when it overflows although every gradient entry is finite', () => {
    const m = hugeGradients(1e308, 4);
    const g = gradients(m);
    expect(g.nonFinite).toBeNull();
    expect(Array.from(g.grads.b!).every((x) => Number.isFinite(x) && x > 1e307)).toBe(true);
    for (const clipNorm of [1, null]) {
      const before = Array.from(m.params.b!);
      const t = createTrainer(m, { optimizer: 'sgd', learningRate: 0.1, clipNorm, snapshotEvery: 1, snapshotCapacity: 4 });
      const r = t.step();
      expect(r.nonFinite).toEqual({ pass: 'norm', step: 1, value: Infinity });
      expect(describeTrainFault(r.nonFinite!)).toBe('the global gradient norm ||dL/dparams|| overflows: it is Infinity');
      expect(t.iterations).toBe(0);
      expect(t.paused).toBe(true);
      expect(Array.from(t.model.params.b!)).toEqual(before);
    }
  });
});

describe("Adam's moments", () => {
  it('stop training when v = b2 v + (1 - b2) g^2 overflows (the update would silently be ~0)', () => {
    const m = hugeGradients(1e200, 1);
    expect(gradients(m).nonFinite).toBeNull();
    const before = Array.from(m.params.U!);
    const t = createTrainer(m, { optimizer: 'adam', learningRate: 0.1, clipNorm: null, snapshotEvery: 1, snapshotCapacity: 4 });
    const r = t.step();
    expect(r.nonFinite).toEqual({ pass: 'adam', step: 1, moment: 'v', node: 'U', index: 0, value: Infinity });
    expect(describeTrainFault(r.nonFinite!)).toBe("Adam's second moment v of dL/dU[0] is Infinity");
    expect(t.iterations).toBe(0);
    expect(Array.from(t.model.params.U!)).toEqual(before);
  });
});
