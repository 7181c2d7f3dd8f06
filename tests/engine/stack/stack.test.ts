/**
 * Deep and bidirectional networks (src/engine/stack): one layer in one direction is the cell
 * pass itself, to the bit; every other shape agrees with central differences on every entry of
 * every parameter; truncation cuts the reversed direction where the sequence is cut.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, CellModel } from '../../../src/engine/cells/index';
import { cellCrossesBack, cellGradients, cellOf, cellParamNames } from '../../../src/engine/cells/index';
import type { StackModel } from '../../../src/engine/stack/stack';
import { parseStackParam, stackParamName, stackParamNames, stackParamShape } from '../../../src/engine/stack/names';
import { stackGradients } from '../../../src/engine/stack/stack';
import type { Draw } from './stackModels';
import { CELLS, describeDraw, randomStack } from './stackModels';

describe('one layer, one direction', () => {
  it('is the cell pass itself: the same loss and gradients, bit for bit', () => {
    let seed = 1;
    for (const c of CELLS) {
      for (const readout of ['every', 'last'] as const) {
        for (const dense of [false, true]) {
          for (const truncation of [null, 2]) {
            const d: Draw = { ...c, layers: 1, bidirectional: false, readout, dense, truncation, tau: 5 };
            const stack = randomStack(seed++, d);
            const one: CellModel = { ...stack, feedback: null };
            const expected = cellGradients(one);
            const got = stackGradients(stack);
            expect(got.loss, describeDraw(d)).toBe(expected.loss);
            for (const name of cellParamNames(stack.cell)) expect(Array.from(got.grads[name]!), `${describeDraw(d)}: ${name}`).toEqual(Array.from(expected.cell.grads[name]!));
          }
        }
      }
    }
  });
});

const EPS = 1e-5;

/** dL/d(params[name][i]) by central differences of the stack's loss. */
function numeric(model: StackModel, name: string, i: number): number {
  const p = model.params[name] as Float64Array;
  const keep = p[i]!;
  p[i] = keep + EPS;
  const up = stackGradients(model).loss;
  p[i] = keep - EPS;
  const down = stackGradients(model).loss;
  p[i] = keep;
  return (up - down) / (2 * EPS);
}

/** Whether an analytic gradient entry agrees with the numeric one: |analytic - numeric| <= 1e-8 + 1e-6 |numeric|. */
const agrees = (analytic: number, numeric: number): boolean => Math.abs(analytic - numeric) <= 1e-8 + 1e-6 * Math.abs(numeric);

/** Entries where the analytic gradient and central differences disagree, as readable strings. */
function mismatches(model: StackModel): string[] {
  const { grads } = stackGradients(model);
  const bad: string[] = [];
  for (const name of stackParamNames(model.cell, model)) {
    for (let i = 0; i < model.params[name]!.length; i++) {
      const n = numeric(model, name, i);
      if (!agrees(grads[name]![i]!, n)) bad.push(`${name}[${i}]: analytic ${grads[name]![i]}, numeric ${n}`);
    }
  }
  return bad;
}

describe('deep and bidirectional networks against central differences', () => {
  it('agree on every entry of every parameter: every cell, 1 to 3 layers, one or two directions, output every step or at the end', () => {
    let seed = 100;
    let checked = 0;
    for (const c of CELLS) {
      for (const layers of [1, 2, 3]) {
        for (const bidirectional of [false, true]) {
          if (layers === 1 && !bidirectional) continue;
          for (const readout of ['every', 'last'] as const) {
            const d: Draw = { ...c, layers, bidirectional, readout, dense: seed % 2 === 0, sizes: { input: 3, hidden: 2, output: 3 } };
            const model = randomStack(seed++, d);
            const bad = mismatches(model);
            expect(bad, describeDraw(d)).toEqual([]);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(40);
  }, 60_000);

  it('would catch a wrong gradient: one entry of a reverse layer\'s gradient changed by 1e-4 fails the check', () => {
    const model = randomStack(9, { cell: 'gru', layers: 2, bidirectional: true, readout: 'every', dense: false });
    const { grads } = stackGradients(model);
    const name = stackParamName('W', 1, true);
    const n = numeric(model, name, 0);
    expect(agrees(grads[name]![0]!, n)).toBe(true);
    expect(agrees(grads[name]![0]! + 1e-4, n)).toBe(false);
  });

  it('a layer\'s change reaches the output through every layer above it, and the reverse direction reads the sequence backwards', () => {
    // Every parameter of layer 0's reverse direction has a gradient: the path runs through layer 1 to the output.
    const model = randomStack(11, { cell: 'lstm', layers: 2, bidirectional: true, readout: 'last', dense: true });
    const { grads } = stackGradients(model);
    for (const p of model.cell.params) expect(Math.max(...Array.from(grads[stackParamName(p.name, 0, true)]!, Math.abs)), p.name).toBeGreaterThan(0);
  });
});

describe('truncation in the reversed direction', () => {
  it('cuts where the sequence is cut: k = 3, tau = 7 cuts after steps 3 and 6, the reversed pass\'s own steps 4 -> 5 and 1 -> 2', () => {
    const cell = cellOf('elman') as Cell;
    const base = { cell, truncation: 3, feedback: null, sequence: { length: 7, inputs: { kind: 'tokens' as const, ids: new Int32Array(7) }, targets: new Int32Array(0) } };
    expect([1, 2, 3, 4, 5, 6].map((t) => cellCrossesBack(base, t))).toEqual([true, true, false, true, true, false]);
    expect([1, 2, 3, 4, 5, 6].map((t) => cellCrossesBack({ ...base, reversed: true }, t))).toEqual([false, true, true, false, true, true]);
  });
});

describe('names and shapes', () => {
  it('names parameters as PyTorch suffixes them, and reads the names back', () => {
    const cell = cellOf('gru')!;
    const shape = { layers: 2, bidirectional: true };
    const names = stackParamNames(cell, shape);
    expect(names.slice(0, 3)).toEqual(['Uu', 'Ur', 'U']);
    expect(names).toContain('Wu_l1_reverse');
    expect(names.slice(-2)).toEqual(['V', 'c']);
    expect(names).toHaveLength(4 * cell.params.length + 2);
    expect(parseStackParam(cell, shape, 'Wu_l1_reverse')).toEqual({ param: 'Wu', layer: 1, reverse: true });
    expect(parseStackParam(cell, shape, 'Wu_l2')).toBeNull();
    expect(parseStackParam(cell, { layers: 2, bidirectional: false }, 'Wu_reverse')).toBeNull();
    expect(parseStackParam(cell, shape, 'Wu_l0')).toBeNull();
    expect(parseStackParam(cell, shape, 'Wq')).toBeNull();
  });

  it('gives layer 1 and up input weights over both directions of the layer under, and V over the top layer\'s', () => {
    const cell = cellOf('lstm')!;
    const sizes = { input: 5, hidden: 4, output: 3 };
    const shape = { layers: 3, bidirectional: true };
    expect(stackParamShape(cell, sizes, shape, 'Uf')).toEqual([4, 5]);
    expect(stackParamShape(cell, sizes, shape, 'Uf_l2_reverse')).toEqual([4, 8]);
    expect(stackParamShape(cell, sizes, shape, 'Wf_l1')).toEqual([4, 4]);
    expect(stackParamShape(cell, sizes, shape, 'V')).toEqual([3, 8]);
    expect(() => stackParamShape(cell, sizes, shape, 'Uf_l3')).toThrow('Uf_l3: a 3-layer bidirectional lstm network has no such parameter');
  });

  it('refuses a cell that cannot be stacked, and a depth out of range', () => {
    const model = randomStack(3, { cell: 'elman', layers: 1, bidirectional: false, readout: 'every', dense: false });
    expect(() => stackGradients({ ...model, cell: cellOf('jordan')! })).toThrow('the jordan cell cannot be stacked');
    expect(() => stackGradients({ ...model, layers: 5 })).toThrow('layers: 5, must be 1 to 4');
  });
});
