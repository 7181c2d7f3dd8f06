/**
 * The trainer over deep and bidirectional networks (2 layers, both directions, of the Elman, LSTM
 * and GRU cells): every parameter of every layer and direction, named as PyTorch suffixes it, is
 * moved by its rule from the stack pass's gradients, clipped over all of them, carried through
 * Adam's moments, snapshots and a moved run, named in a fault; and a stack learns.
 */
import { describe, expect, it } from 'vitest';
import {
  ADAM_DEFAULTS, cellOfVariant, clipGradients, copyParams, createTrainer, cuedEcho, delayedEcho, describeTrainFault, globalNorm, identityRecurrence, initModel, modelParamNames,
  modelParamShape, paramCount, paramNames, stackGradients, stackModelOf,
} from '../../../src/engine/index';
import type { Model, OptimizerKind, Params, TrainOptions } from '../../../src/engine/index';

const CELLS = ['elman', 'lstm', 'gru'] as const;
type StackCell = (typeof CELLS)[number];
const STACK = { layers: 2, bidirectional: true } as const;
/** Echo with lag 2 over 20 steps of 4 symbols, H = 6, seed 7, 2 layers in both directions (uniform loss 20 ln 4 = 27.7). */
const echo = (variant: StackCell): Model => delayedEcho({ variant, lag: 2, length: 20, symbols: 4, hidden: 6, seed: 7, ...STACK });
/** A small stack with every parameter, biases and initial states too, uniform in [-0.5, 0.5): every gradient matters. */
const small = (variant: StackCell): Model => initModel({ variant, input: 3, hidden: 3, output: 3, length: 5, seed: 11, scheme: 'uniform', ...STACK });
const OPTIONS: TrainOptions = { optimizer: 'adam', learningRate: 0.03, clipNorm: 5, snapshotEvery: 2, snapshotCapacity: 8 };

/** Every parameter entry of a model, in modelParamNames order. */
const flat = (m: Model): number[] => modelParamNames(m).flatMap((n) => Array.from(m.params[n]!));
/** dL/d(parameter) of every stack parameter, straight from the stack pass. */
const stackGrads = (m: Model): Params => stackGradients(stackModelOf(m)).grads;
/** sqrt of the sum of squares of every entry of the named gradients, the plain way. */
const plainNorm = (g: Params, names: readonly string[]): number => Math.sqrt(names.reduce((s, n) => s + g[n]!.reduce((a, x) => a + x * x, 0), 0));
/** |a - b| <= 1e-15 max(1, |b|): equal to the last bits of a double. */
const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-15 * Math.max(1, Math.abs(b));

describe.each(CELLS)('training a 2-layer bidirectional %s network', (variant) => {
  it('has every layer\'s and direction\'s parameters by their suffixed names, counted and held by the optimizer', () => {
    const m = small(variant);
    const names = modelParamNames(m);
    const own = cellOfVariant(variant).params.length;
    expect(names.length).toBe(4 * own + 2);
    expect(names.slice(-2)).toEqual(['V', 'c']);
    for (const { name: p } of cellOfVariant(variant).params) for (const name of [p, `${p}_reverse`, `${p}_l1`, `${p}_l1_reverse`]) expect(names).toContain(name);
    expect(paramCount(m)).toBe(names.reduce((s, n) => s + modelParamShape(m, n)[0] * modelParamShape(m, n)[1], 0));
    expect(paramCount(m)).toBeGreaterThan(paramCount({ variant, params: m.params }));
    const tr = createTrainer(m, OPTIONS);
    tr.step();
    expect(tr.state().optimizer.m!.length).toBe(paramCount(m));
  });

  it('one SGD iteration is params - lr * stackGradients, entry by entry, exactly, for every parameter', () => {
    const start = small(variant);
    const before = copyParams(start.params);
    const lr = 0.1;
    const pass = stackGradients(stackModelOf(start));
    const tr = createTrainer(start, { ...OPTIONS, optimizer: 'sgd', learningRate: lr, clipNorm: null });
    const r = tr.step();
    expect(r.nonFinite).toBeNull();
    expect(r.loss).toBe(pass.loss);
    expect(r.clipped).toBe(false);
    for (const name of modelParamNames(start)) {
      const p = before[name]!, g = pass.grads[name]!, next = tr.model.params[name]!;
      expect(next.length).toBe(p.length);
      expect(Array.from(next), name).toEqual(Array.from(p, (x, i) => x - lr * g[i]!));
      expect(g.some((x) => x !== 0), `dL/d${name} is not all 0`).toBe(true);
      expect(next.some((x, i) => x !== p[i]), `${name} moved`).toBe(true);
    }
    expect(flat(start)).toEqual(modelParamNames(start).flatMap((n) => Array.from(before[n]!)));
  });

  it('Adam with clipping: the global norm is over every stack parameter, and m, v hold the gradients scaled by clipNorm / norm', () => {
    const start = small(variant);
    const names = modelParamNames(start);
    const g = stackGrads(start);
    const norm = plainNorm(g, names);
    const oneLayer = plainNorm(g, paramNames(variant).filter((n) => n in g));
    expect(oneLayer).toBeLessThan(norm * (1 - 1e-6));
    const clipNorm = norm / 4;
    const tr = createTrainer(start, { ...OPTIONS, clipNorm });
    const r = tr.step();
    expect(r.nonFinite).toBeNull();
    expect(r.clipped).toBe(true);
    expect(Math.abs(r.gradNorm - norm)).toBeLessThanOrEqual(1e-14 * norm);
    expect(tr.clippedCount).toBe(1);
    // t = 1 from zero moments: m = (1 - b1) s g and v = (1 - b2) (s g)^2 with s = clipNorm / ||g||.
    const { m, v } = tr.state().optimizer;
    const s = clipNorm / norm;
    let off = 0;
    for (const name of names) {
      g[name]!.forEach((gi, i) => {
        expect(near(m![off + i]!, (1 - ADAM_DEFAULTS.beta1) * s * gi), `m of ${name}[${i}]`).toBe(true);
        expect(near(v![off + i]!, (1 - ADAM_DEFAULTS.beta2) * (s * gi) ** 2), `v of ${name}[${i}]`).toBe(true);
      });
      off += g[name]!.length;
    }
    expect(off).toBe(m!.length);
    // The clip functions themselves over the stack's names.
    expect(Math.abs(globalNorm(g, start) - norm)).toBeLessThanOrEqual(1e-14 * norm);
    const clipped = copyParams(g);
    expect(clipGradients(clipped, start, clipNorm)).toEqual({ norm: globalNorm(g, start), clipped: true });
    expect(Math.abs(globalNorm(clipped, start) - clipNorm)).toBeLessThanOrEqual(1e-14 * clipNorm);
  });

  for (const optimizer of ['adam', 'sgd'] as OptimizerKind[]) {
    it(`${optimizer}: 4 iterations, state out, a new trainer, 5 more == 9 straight, bit for bit; snapshots hold every parameter`, () => {
      const options: TrainOptions = { ...OPTIONS, optimizer, learningRate: optimizer === 'sgd' ? 0.1 : 0.03, clipNorm: 1 };
      const straight = createTrainer(echo(variant), options);
      const first = createTrainer(echo(variant), options);
      const models = new Map<number, number[]>([[0, flat(straight.model)]]);
      const reports = Array.from({ length: 9 }, (_, i) => {
        const r = straight.step();
        models.set(i + 1, flat(straight.model));
        return r;
      });
      for (let i = 0; i < 4; i++) first.step();
      const second = createTrainer(first.model, options, first.state());
      const later = Array.from({ length: 5 }, () => second.step());
      expect(later).toEqual(reports.slice(4));
      expect(reports.every((r) => r.nonFinite === null)).toBe(true);
      expect(straight.clippedCount).toBeGreaterThan(0);
      expect(flat(second.model)).toEqual(flat(straight.model));
      expect(second.clippedCount).toBe(straight.clippedCount);
      const a = second.state().optimizer, b = straight.state().optimizer;
      expect(a.steps).toBe(9);
      if (optimizer === 'adam') {
        expect(Array.from(a.m!)).toEqual(Array.from(b.m!));
        expect(Array.from(a.v!)).toEqual(Array.from(b.v!));
      } else {
        expect(a.m).toBeNull();
      }
      // Snapshots of iterations 0, 2, ..., 8 (a snapshot of i is taken as step i + 1 runs).
      expect(straight.snapshots().map((e) => e.iteration)).toEqual([0, 2, 4, 6, 8]);
      expect(straight.snapshotMemory().numbers).toBe(5 * paramCount(straight.model));
      for (const e of straight.snapshots()) expect(flat(straight.snapshotAt(e.iteration)!)).toEqual(models.get(e.iteration));
    });
  }

  // Measured at iteration 60 (first loss 27.1, 28.6, 29.8): Elman 0.047, LSTM 0.26, GRU 0.11.
  it('learns the lag-2 echo: Adam (lr 0.03, clip 5) takes the loss below a twentieth of the first within 60 iterations', () => {
    const tr = createTrainer(echo(variant), { ...OPTIONS, snapshotEvery: 10 });
    const first = tr.step().loss;
    let last = first;
    for (let i = 2; i <= 60; i++) {
      const r = tr.step();
      expect(r.nonFinite).toBeNull();
      last = r.loss;
    }
    expect(first).toBeGreaterThan(20);
    expect(last).toBeLessThan(first / 20);
    expect(tr.iterations).toBe(60);
  });

  it('a huge learning rate (the largest double) stops at the update of a suffixed stack parameter, named, nothing applied', () => {
    // Layer 1 reads nothing of layer 0's forward direction (those columns of its input weights are 0), so
    // dL/d(U, W, b, h0 of layer 0 forward) is exactly 0 and their update stays finite at any rate: the first
    // overflowing entry is in a parameter with a suffix. The expected fault: the first entry, in
    // modelParamNames order, whose p - lr g is not finite.
    const base = echo(variant);
    const H = base.sizes.hidden;
    const params: Record<string, Float64Array> = copyParams(base.params);
    for (const spec of cellOfVariant(variant).params.filter((p) => p.kind === 'input')) {
      for (const name of [`${spec.name}_l1`, `${spec.name}_l1_reverse`]) {
        for (let r = 0; r < H; r++) params[name]!.fill(0, r * 2 * H, r * 2 * H + H);
      }
    }
    const start: Model = { ...base, params };
    const lr = Number.MAX_VALUE;
    const g = stackGrads(start);
    for (const { name } of cellOfVariant(variant).params) expect(g[name]!.every((x) => x === 0), `dL/d${name} is 0`).toBe(true);
    let expected: { node: string; index: number; value: number } | null = null;
    for (const name of modelParamNames(start)) {
      const i = params[name]!.findIndex((p, k) => !Number.isFinite(p - lr * g[name]![k]!));
      if (i >= 0) {
        expected = { node: name, index: i, value: params[name]![i]! - lr * g[name]![i]! };
        break;
      }
    }
    expect(expected).not.toBeNull();
    expect(expected!.node).toMatch(/_(l1|reverse)/);
    const tr = createTrainer(start, { ...OPTIONS, optimizer: 'sgd', learningRate: lr, clipNorm: null });
    const r = tr.step();
    expect(r.nonFinite).toEqual({ pass: 'update', step: 1, ...expected! });
    expect(describeTrainFault(r.nonFinite!)).toBe(`the update of ${expected!.node}[${expected!.index}] is ${String(expected!.value)}`);
    expect(tr.status).toBe('stopped: non-finite');
    expect(tr.iterations).toBe(0);
    expect(flat(tr.model)).toEqual(flat(start));
    expect(tr.step()).toBe(r);
  });
});

describe('a stack\'s model is checked before it trains', () => {
  it('a missing or misshapen parameter is named', () => {
    const m = small('gru');
    const { W_l1_reverse: _, ...rest } = m.params;
    expect(() => createTrainer({ ...m, params: rest }, OPTIONS)).toThrow(/^W_l1_reverse: the model has no such parameter \(a 3 x 3 W_l1_reverse is expected\)$/);
    expect(() => createTrainer({ ...m, params: { ...m.params, U_l1: new Float64Array(9) } }, OPTIONS)).toThrow(/^U_l1: expected 3 x 6 = 18 numbers, got 9$/);
  });

  it('a deep or bidirectional Jordan network is refused by name', () => {
    const m = initModel({ variant: 'jordan', input: 3, hidden: 3, output: 3, length: 4, seed: 1 });
    expect(() => createTrainer({ ...m, layers: 2 }, OPTIONS)).toThrow(/^layers: a jordan network has one layer in one direction/);
    expect(() => createTrainer({ ...m, bidirectional: true }, OPTIONS)).toThrow(/^bidirectional: a jordan network has one layer in one direction/);
  });
});

describe('the tasks as stacks', () => {
  it('delayedEcho and cuedEcho with layers and bidirectional: the same sequence as one layer, every stack parameter initialised', () => {
    const one = delayedEcho({ lag: 2, length: 12, symbols: 4, hidden: 5, seed: 3 });
    const deep = delayedEcho({ lag: 2, length: 12, symbols: 4, hidden: 5, seed: 3, ...STACK });
    expect(deep.sequence).toEqual(one.sequence);
    expect(deep.labels).toEqual(one.labels);
    expect([deep.layers, deep.bidirectional]).toEqual([2, true]);
    for (const name of modelParamNames(deep)) expect(deep.params[name]!.length, name).toBe(modelParamShape(deep, name)[0] * modelParamShape(deep, name)[1]);
    const cued = cuedEcho({ variant: 'lstm', lag: 3, episodes: 4, cues: 2, hidden: 4, seed: 5, layers: 3 });
    expect(cued.sequence).toEqual(cuedEcho({ variant: 'lstm', lag: 3, episodes: 4, cues: 2, hidden: 4, seed: 5 }).sequence);
    expect(modelParamNames(cued)).toContain('Wf_l2');
    expect(() => delayedEcho({ variant: 'jordan', lag: 1, length: 4, symbols: 3, hidden: 3, seed: 1, layers: 2 })).toThrow(/^layers: a jordan network has one layer in one direction/);
  });

  it('identityRecurrence sets W of every layer and direction to scale I, and copies the rest', () => {
    const m = delayedEcho({ lag: 2, length: 8, symbols: 3, hidden: 4, seed: 2, ...STACK });
    const id = identityRecurrence(m, 0.5);
    const eye = Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 0.5 : 0));
    for (const name of modelParamNames(m)) {
      expect(Array.from(id.params[name]!), name).toEqual(['W', 'W_reverse', 'W_l1', 'W_l1_reverse'].includes(name) ? eye : Array.from(m.params[name]!));
      expect(id.params[name]).not.toBe(m.params[name]);
    }
    expect(id.params.W).not.toBe(id.params.W_l1);
  });
});
