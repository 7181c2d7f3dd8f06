/**
 * The trainer over the gated cells (LSTM, GRU): every optimizer with and without clipping moves
 * every parameter of the cell by its rule, the reported norm covers them all, snapshots and a
 * resumed run hold them all, an overflow is refused and named, and training learns.
 */
import { describe, expect, it } from 'vitest';
import { createTrainer, delayedEcho, gradients, paramNames } from '../../../src/engine/index';
import type { Model, OptimizerKind, TrainOptions } from '../../../src/engine/index';

const GATED = ['lstm', 'gru'] as const;
/** Echo with lag 2 over 20 steps of 4 symbols, H = 6, seed 7, on the cell. */
const echo = (variant: 'lstm' | 'gru'): Model => delayedEcho({ variant, lag: 2, length: 20, symbols: 4, hidden: 6, seed: 7 });
const OPTIONS: TrainOptions = { optimizer: 'adam', learningRate: 0.03, clipNorm: null, snapshotEvery: 1, snapshotCapacity: 8 };

/** Every parameter entry of a model, in paramNames order. */
const flat = (m: Model): number[] => paramNames(m.variant).flatMap((n) => Array.from(m.params[n]!));
/** sqrt of the sum of squares of every gradient entry, the plain way. */
const plainNorm = (g: Readonly<Record<string, Float64Array>>, m: Model): number => Math.sqrt(paramNames(m.variant).reduce((s, n) => s + g[n]!.reduce((a, x) => a + x * x, 0), 0));

describe.each(GATED)('training the %s cell', (variant) => {
  it('has the cell\'s parameters: the LSTM\'s s0 and four gates, the GRU\'s bh', () => {
    const names = paramNames(variant);
    expect(names).toContain(variant === 'lstm' ? 's0' : 'bh');
    expect(names.length).toBe(variant === 'lstm' ? 16 : 13);
  });

  for (const optimizer of ['sgd', 'adam'] as OptimizerKind[]) {
    for (const clipNorm of [null, 0.5]) {
      it(`${optimizer}, clipping ${clipNorm ?? 'off'}: one step moves every entry of every parameter by the rule, the norm is over all of them`, () => {
        const start = echo(variant);
        const lr = 0.01;
        const g = gradients(start);
        const norm = plainNorm(g.grads, start);
        const scale = clipNorm !== null && norm > clipNorm ? clipNorm / norm : 1;
        const tr = createTrainer(start, { ...OPTIONS, optimizer, learningRate: lr, clipNorm });
        const r = tr.step();
        expect(r.nonFinite).toBeNull();
        expect(r.loss).toBe(g.loss);
        expect(Math.abs(r.gradNorm - norm)).toBeLessThanOrEqual(1e-12 * norm);
        expect(r.clipped).toBe(scale < 1);
        expect(tr.clippedCount).toBe(scale < 1 ? 1 : 0);
        for (const name of paramNames(variant)) {
          const before = start.params[name]!, after = tr.model.params[name]!, grad = g.grads[name]!;
          expect(after.length).toBe(before.length);
          for (let i = 0; i < before.length; i++) {
            // SGD: p - lr s g. Adam's first step: mhat = s g, vhat = (s g)^2, so p - lr s g / (|s g| + eps).
            const sg = scale * grad[i]!;
            const want = optimizer === 'sgd' ? before[i]! - lr * sg : before[i]! - (lr * sg) / (Math.abs(sg) + 1e-8);
            expect(Math.abs(after[i]! - want)).toBeLessThanOrEqual(1e-12);
          }
          // Every parameter has a gradient somewhere, so every one moved (the initial states too).
          expect(Array.from(after).some((x, i) => x !== before[i])).toBe(true);
        }
      });
    }
  }

  it('snapshots hold every parameter of the cell; a resumed run goes on bit for bit', () => {
    const tr = createTrainer(echo(variant), { ...OPTIONS, clipNorm: 1 });
    const models: number[][] = [];
    for (let i = 0; i < 5; i++) {
      models.push(flat(tr.model));
      tr.step();
    }
    for (const s of tr.snapshots()) expect(flat(tr.snapshotAt(s.iteration)!)).toEqual(models[s.iteration]);
    const second = createTrainer(tr.model, { ...OPTIONS, clipNorm: 1 }, tr.state());
    const later = [second.step(), second.step()];
    expect(later).toEqual([tr.step(), tr.step()]);
    expect(flat(second.model)).toEqual(flat(tr.model));
    expect(second.state().optimizer).toEqual(tr.state().optimizer);
  });

  it('an overflowing update is refused and names the first parameter it overflows; the model is kept', () => {
    const start = echo(variant);
    const lr = Number.MAX_VALUE;
    const g = gradients(start).grads;
    // The first entry, in paramNames order, whose SGD update p - lr g is not finite.
    const want = paramNames(variant).flatMap((node) => Array.from(start.params[node]!, (p, index) => ({ node, index, value: p - lr * g[node]![index]! })))
      .find((e) => !Number.isFinite(e.value));
    expect(want).toBeDefined();
    const tr = createTrainer(start, { ...OPTIONS, optimizer: 'sgd', learningRate: lr });
    const r = tr.step();
    expect(r.nonFinite).toEqual({ pass: 'update', step: 1, ...want });
    expect(tr.paused).toBe(true);
    expect(tr.iterations).toBe(0);
    expect(flat(tr.model)).toEqual(flat(start));
  });

  it('Adam (lr 0.03, clip 5) learns the lag-2 echo: loss below a tenth of chance (20 ln 4) within 200 iterations', () => {
    const tr = createTrainer(echo(variant), { ...OPTIONS, clipNorm: 5 });
    let last = Infinity;
    for (let i = 0; i < 200 && last >= 2.77; i++) last = tr.step().loss;
    expect(last).toBeLessThan((20 * Math.log(4)) / 10);
  });
});
