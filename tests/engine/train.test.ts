/** The trainer: it learns a delayed echo, refuses a step that overflows, and keeps bounded snapshots. */
import { describe, expect, it } from 'vitest';
import { createTrainer, delayedEcho, paramCount, paramNames } from '../../src/engine/index';
import type { Model, TrainOptions } from '../../src/engine/index';

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
    tr.snapshotAt(30)!.params.W.fill(0);
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
