/**
 * The cells against central differences in float64 (MODEL.md "Checking gradients"): every
 * entry of every parameter, on seeded random models of every cell with token and dense inputs,
 * read out at every step or at the end (Jordan's at every step, with each feedback; the Elman
 * cell with tanh and ReLU), at sizes from the edges (n = H = 1, K = 2, tau = 1) up
 * to H = 8, n = 4, K = 3, tau = 12.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, CellModel, Nonlinearity } from '../../../src/engine/cells/index';
import type { Feedback } from '../../../src/engine/model';
import { CELLS, cellForwardStep, cellGradients, cellParamNames, createCellPass } from '../../../src/engine/cells/index';
import { randomCellModel } from './cellModels';

const EPS = 1e-5;

/** L by a forward pass alone. */
function lossOf(model: CellModel): number {
  const pass = createCellPass(model);
  for (let t = 1; t <= model.sequence.length; t++) cellForwardStep(pass, t);
  return pass.loss;
}

/** Entries where |analytic - numeric| > 1e-7 + 1e-5 |numeric|. */
function mismatches(model: CellModel): string[] {
  const { grads } = cellGradients(model).cell;
  const bad: string[] = [];
  for (const name of cellParamNames(model.cell)) {
    const p = model.params[name]!;
    for (let i = 0; i < p.length; i++) {
      const keep = p[i]!;
      p[i] = keep + EPS;
      const up = lossOf(model);
      p[i] = keep - EPS;
      const down = lossOf(model);
      p[i] = keep;
      const numeric = (up - down) / (2 * EPS);
      const analytic = grads[name]![i]!;
      if (!(Math.abs(analytic - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric))) bad.push(`${name}[${i}]: analytic ${analytic}, numeric ${numeric}`);
    }
  }
  return bad;
}

const options = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  n: fc.integer({ min: 1, max: 4 }),
  H: fc.integer({ min: 1, max: 8 }),
  K: fc.integer({ min: 2, max: 3 }),
  tau: fc.integer({ min: 1, max: 12 }),
  dense: fc.boolean(),
  readout: fc.constantFrom<CellModel['readout']>('every', 'last'),
  nonlinearity: fc.constantFrom<Nonlinearity>('tanh', 'relu'),
  feedback: fc.constantFrom<Feedback>('logits', 'softmax', 'teacher'),
});

describe.each(Object.values(CELLS).map((cell) => [cell.name, cell] as [string, Cell]))('the %s cell against central differences', (_, cell) => {
  it('agrees on every entry of every parameter over 150 random models', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(options, ({ seed, ...o }) => {
        // Jordan's cell is read out at every step (its recurrence runs through the output).
        const model = randomCellModel(cell, seed, { ...o, readout: cell.throughOutput ? 'every' : o.readout, truncation: null });
        seen.add(`${o.dense ? 'dense' : 'tokens'}/${model.readout}/${model.feedback ?? '-'}`);
        const bad = mismatches(model);
        if (bad.length > 0) throw new Error(`${cell.name} n ${o.n} H ${o.H} K ${o.K} tau ${o.tau} seed ${seed}: ${bad.slice(0, 3).join('; ')}`);
      }),
      { seed: 20261201, numRuns: 150 },
    );
    expect(seen.size).toBe(cell.throughOutput ? 6 : 4);
  });

  it('at the edge sizes n = H = 1, K = 2, tau = 1, every gradient is shaped like its parameter', () => {
    const model = randomCellModel(cell, 3, { n: 1, H: 1, K: 2, tau: 1, dense: false, truncation: null, readout: 'every' });
    const { grads } = cellGradients(model).cell;
    for (const name of cellParamNames(cell)) expect(grads[name]!.length, name).toBe(model.params[name]!.length);
    expect(mismatches(model)).toEqual([]);
  });

  it('a window as long as the sequence changes nothing; a shorter one cuts what crosses it', () => {
    const o = { n: 3, H: 4, K: 3, tau: 9, dense: true, readout: 'every' as const };
    const full = cellGradients(randomCellModel(cell, 11, { ...o, truncation: null })).cell.grads;
    const long = cellGradients(randomCellModel(cell, 11, { ...o, truncation: 9 })).cell.grads;
    const cut = cellGradients(randomCellModel(cell, 11, { ...o, truncation: 3 })).cell.grads;
    for (const name of cellParamNames(cell)) expect(Array.from(long[name]!), name).toEqual(Array.from(full[name]!));
    // The recurrent weights' gradient crosses time; the output layer's does not, unless the
    // recurrence runs through the output (Jordan).
    expect(Array.from(cut.W!)).not.toEqual(Array.from(full.W!));
    if (cell.throughOutput) expect(Array.from(cut.V!)).not.toEqual(Array.from(full.V!));
    else expect(Array.from(cut.V!)).toEqual(Array.from(full.V!));
    // h0 (and s0) receive what step 1 sends back: with a cut at 3, only L(1..3)'s share.
    if (cut.h0) expect(Array.from(cut.h0)).not.toEqual(Array.from(full.h0!));
  });

  it('would catch a wrong gradient: one perturbed entry fails the same check', () => {
    const model = randomCellModel(cell, 5, { n: 2, H: 3, K: 2, tau: 4, dense: false, truncation: null, readout: 'every' });
    const pass = cellGradients(model);
    const W = pass.cell.grads.W!;
    W[0] = W[0]! + 1e-4;
    const keep = model.params.W![0]!;
    model.params.W![0] = keep + EPS;
    const up = lossOf(model);
    model.params.W![0] = keep - EPS;
    const down = lossOf(model);
    model.params.W![0] = keep;
    const numeric = (up - down) / (2 * EPS);
    expect(Math.abs(W[0]! - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric)).toBe(false);
  });
});
