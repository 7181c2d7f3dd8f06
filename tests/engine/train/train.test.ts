/** The trainer: it learns a delayed echo, refuses a step that overflows, and keeps bounded snapshots. */
import { describe, expect, it } from 'vitest';
import { createTrainer, delayedEcho, paramCount, paramNames } from '../../../src/engine/index';
import type { Model, TrainOptions } from '../../../src/engine/index';

/** Echo with lag 2 over 20 steps of 4 symbols, H = 16, seed 7 (uniform loss 20 ln 4 = 27.7). */
const echo = (): Model => delayedEcho({ lag: 2, length: 20, symbols: 4, hidden: 16, seed: 7 });
const ADAM: TrainOptions = { optimizer: 'adam', learningRate: 0.03, clipNorm: 5, snapshotEvery: 10, snapshotCapacity: 8 };

/** Every parameter entry of a model, in paramNames order. */
const flat = (m: Model): number[] => paramNames(m.variant).flatMap((n) => Array.from(m.params[n]!));

describe('training', () => {
  it('Adam (lr 0.03, clip 5) learns the lag-2 echo: loss < 0.1 within 60 iterations (measured: 25)', () => {
    const start = echo();
    const before = flat(start);
    const tr = createTrainer(start, ADAM);
    let reached = -1;
    for (let i = 1; i <= 60 && reached < 0; i++) {
      const r = tr.step();
      expect(r.iteration).toBe(i);
      expect(r.nonFinite).toBeNull();
      if (r.loss < 0.1) reached = i;
    }
    expect(reached).toBeGreaterThan(0);
    expect(tr.status).toBe('running');
    expect(tr.iterations).toBe(reached);
    expect(tr.clippedCount).toBeGreaterThan(0);
    expect(tr.clippedCount).toBeLessThanOrEqual(reached);
    expect(flat(start)).toEqual(before);
  });

  it('the same options reproduce the same run bit for bit', () => {
    const a = createTrainer(echo(), ADAM), b = createTrainer(echo(), ADAM);
    for (let i = 0; i < 5; i++) expect(a.step()).toEqual(b.step());
    expect(flat(a.model)).toEqual(flat(b.model));
  });

  it('the model of every iteration stays intact after later ones', () => {
    const tr = createTrainer(echo(), ADAM);
    tr.step();
    const m1 = tr.model;
    const p1 = flat(m1);
    tr.step();
    expect(tr.model).not.toBe(m1);
    expect(flat(m1)).toEqual(p1);
  });

  it('SGD with lr 1e308 overflows in the update of U at iteration 1: refused, paused, parameters kept', () => {
    const start = echo();
    const tr = createTrainer(start, { ...ADAM, optimizer: 'sgd', learningRate: 1e308, clipNorm: null });
    const r = tr.step();
    expect(r.iteration).toBe(1);
    expect(r.nonFinite).toMatchObject({ pass: 'update', step: 1, node: 'U' });
    expect(Number.isFinite(r.nonFinite!.value)).toBe(false);
    expect(tr.paused).toBe(true);
    expect(tr.status).toBe('stopped: non-finite');
    expect(tr.iterations).toBe(0);
    expect(flat(tr.model)).toEqual(flat(start));
    expect(tr.step()).toBe(r);
    expect(tr.iterations).toBe(0);
  });

  it('SGD with lr 1e300: iteration 1 applies, iteration 2 overflows a(1) in the forward pass and is refused', () => {
    const tr = createTrainer(echo(), { ...ADAM, optimizer: 'sgd', learningRate: 1e300, clipNorm: null });
    expect(tr.step().nonFinite).toBeNull();
    const after1 = flat(tr.model);
    const r = tr.step();
    expect(r.iteration).toBe(2);
    expect(r.nonFinite).toMatchObject({ pass: 'forward', step: 1, node: 'a' });
    expect(tr.iterations).toBe(1);
    expect(flat(tr.model)).toEqual(after1);
    tr.resume();
    expect(tr.paused).toBe(false);
    expect(tr.step().nonFinite).toMatchObject({ pass: 'forward', step: 1, node: 'a' });
  });

  it('clipping: the reported norm is the one before clipping, and the count follows', () => {
    const tr = createTrainer(echo(), { ...ADAM, clipNorm: 1e-3 });
    const r = tr.step();
    expect(r.clipped).toBe(true);
    expect(r.gradNorm).toBeGreaterThan(1);
    expect(tr.clippedCount).toBe(1);
    const free = createTrainer(echo(), { ...ADAM, clipNorm: null }).step();
    expect(free.clipped).toBe(false);
    expect(free.gradNorm).toBe(r.gradNorm);
  });
});

describe('resuming a run from its state', () => {
  /** k iterations, state out, a new trainer from the model and state, j more: against k + j straight. */
  const resumed = (options: TrainOptions, k: number, j: number) => {
    const straight = createTrainer(echo(), options);
    const first = createTrainer(echo(), options);
    const reports = [];
    for (let i = 0; i < k + j; i++) reports.push(straight.step());
    for (let i = 0; i < k; i++) first.step();
    const state = first.state();
    const second = createTrainer(first.model, options, state);
    const later = Array.from({ length: j }, () => second.step());
    return { straight, second, state, reports, later };
  };

  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`${optimizer}: 7 iterations, state out, resume, 9 more == 16 straight, bit for bit (parameters, moments, counts, reports)`, () => {
      const options: TrainOptions = { ...ADAM, optimizer, learningRate: optimizer === 'sgd' ? 0.1 : 0.03, clipNorm: 1 };
      const { straight, second, state, reports, later } = resumed(options, 7, 9);
      expect(state.iterations).toBe(7);
      expect(state.optimizer.steps).toBe(7);
      expect(later).toEqual(reports.slice(7));
      expect(flat(second.model)).toEqual(flat(straight.model));
      expect(second.iterations).toBe(16);
      expect(second.clippedCount).toBe(straight.clippedCount);
      expect(second.clippedCount).toBeGreaterThan(0);
      const a = second.state().optimizer, b = straight.state().optimizer;
      expect(a.steps).toBe(16);
      expect(a).toEqual(b);
      if (optimizer === 'adam') {
        expect(Array.from(a.m!)).toEqual(Array.from(b.m!));
        expect(Array.from(a.v!)).toEqual(Array.from(b.v!));
        expect(a.v!.some((x) => x > 0)).toBe(true);
      } else {
        expect(a.m).toBeNull();
      }
    });
  }

  it('a changed learning rate travels with the state', () => {
    const straight = createTrainer(echo(), ADAM), first = createTrainer(echo(), ADAM);
    for (const tr of [straight, first]) {
      tr.step();
      tr.setLearningRate(0.01);
      tr.step();
    }
    const second = createTrainer(first.model, ADAM, first.state());
    straight.step();
    second.step();
    expect(flat(second.model)).toEqual(flat(straight.model));
  });

  it('the state is a copy: later steps of the first trainer leave it as it was', () => {
    const tr = createTrainer(echo(), ADAM);
    tr.step();
    const state = tr.state();
    const m = Array.from(state.optimizer.m!);
    tr.step();
    expect(Array.from(state.optimizer.m!)).toEqual(m);
    expect(state.iterations).toBe(1);
  });

  it('the snapshot ring of a resumed trainer numbers on from the state, never repeating an iteration', () => {
    const options = { ...ADAM, snapshotEvery: 3, snapshotCapacity: 8 };
    const first = createTrainer(echo(), options);
    for (let i = 0; i < 10; i++) first.step();
    const second = createTrainer(first.model, options, first.state());
    for (let i = 0; i < 8; i++) second.step();
    expect(first.snapshots().map((s) => s.iteration)).toEqual([0, 3, 6, 9]);
    expect(second.snapshots().map((s) => s.iteration)).toEqual([12, 15]);
  });

  it('a bad state is named', () => {
    const tr = createTrainer(echo(), ADAM);
    tr.step();
    const state = tr.state();
    const count = paramCount(echo());
    const badM = state.optimizer.m!.slice();
    badM[4] = NaN;
    expect(() => createTrainer(tr.model, ADAM, { ...state, iterations: -1 })).toThrow(/^state\.iterations: expected an integer >= 0, got -1$/);
    expect(() => createTrainer(tr.model, ADAM, { ...state, clippedCount: 2 })).toThrow(/^state\.clippedCount: expected an integer in 0\.\.1/);
    expect(() => createTrainer(tr.model, ADAM, { ...state, learningRate: Infinity })).toThrow(/^state\.learningRate/);
    expect(() => createTrainer(tr.model, { ...ADAM, optimizer: 'sgd' }, state)).toThrow(/^state\.optimizer\.kind: expected sgd/);
    expect(() => createTrainer(tr.model, ADAM, { ...state, optimizer: { ...state.optimizer, m: new Float64Array(3) } }))
      .toThrow(`state.optimizer.m: expected a Float64Array of ${count} numbers (one per parameter entry), got 3`);
    expect(() => createTrainer(tr.model, ADAM, { ...state, optimizer: { ...state.optimizer, m: badM } })).toThrow(/^state\.optimizer\.m\[4\]: expected a finite number, got NaN$/);
  });
});

describe('snapshots', () => {
  it('every 3rd iteration into a ring of 4: oldest dropped, memory <= capacity x parameters', () => {
    const start = echo();
    const count = paramCount(start);
    const tr = createTrainer(start, { ...ADAM, snapshotEvery: 3, snapshotCapacity: 4 });
    const models = new Map<number, number[]>([[0, flat(start)]]);
    for (let i = 1; i <= 31; i++) {
      tr.step();
      models.set(i, flat(tr.model));
      const mem = tr.snapshotMemory();
      expect(mem.numbers).toBeLessThanOrEqual(4 * count);
      expect(mem.bytes).toBe(8 * mem.numbers);
      expect(mem.boundNumbers).toBe(4 * count);
    }
    // A snapshot of iteration i is taken when step i+1 computes its loss: 0, 3, ..., 30.
    const list = tr.snapshots();
    expect(list.map((s) => s.iteration)).toEqual([21, 24, 27, 30]);
    expect(tr.snapshotMemory().numbers).toBe(4 * count);
    for (const s of list) {
      const m = tr.snapshotAt(s.iteration)!;
      expect(flat(m)).toEqual(models.get(s.iteration));
      expect(Number.isFinite(s.loss)).toBe(true);
    }
    expect(tr.snapshotAt(18)).toBeNull();
    expect(tr.snapshotAt(22)).toBeNull();
    // snapshotAt hands out copies: changing one leaves the ring intact.
    tr.snapshotAt(30)!.params.W!.fill(0);
    expect(flat(tr.snapshotAt(30)!)).toEqual(models.get(30));
  });

  it('the loss of a snapshot is the loss of its parameters', () => {
    const tr = createTrainer(echo(), { ...ADAM, snapshotEvery: 1, snapshotCapacity: 3 });
    const losses = [tr.step().loss, tr.step().loss, tr.step().loss];
    expect(tr.snapshots()).toEqual([0, 1, 2].map((iteration) => ({ iteration, loss: losses[iteration] })));
  });

  it('bad options are named', () => {
    expect(() => createTrainer(echo(), { ...ADAM, learningRate: 0 })).toThrow(/learningRate/);
    expect(() => createTrainer(echo(), { ...ADAM, snapshotCapacity: 0 })).toThrow(/snapshotCapacity/);
    expect(() => createTrainer(echo(), { ...ADAM, snapshotEvery: 1.5 })).toThrow(/snapshotEvery/);
    expect(() => createTrainer(echo(), { ...ADAM, clipNorm: -1 })).toThrow(/clipNorm/);
  });
});
