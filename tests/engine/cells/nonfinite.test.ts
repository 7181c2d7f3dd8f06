/** The pass over a cell names the first value that is not finite: its pass, step, node and entry. */
import { describe, expect, it } from 'vitest';
import { cellGradients, cellOf } from '../../../src/engine/cells/index';
import { randomCellModel } from './cellModels';

const o = { n: 2, H: 3, K: 2, tau: 4, dense: false, truncation: null, readout: 'every' as const };

describe('non-finite values in a cell pass', () => {
  it('a NaN in the LSTM forget gate\'s bias is f(1)[1]', () => {
    const model = randomCellModel(cellOf('lstm')!, 1, o);
    model.params.bf![1] = Number.NaN;
    expect(cellGradients(model).nonFinite).toEqual({ pass: 'forward', step: 1, node: 'f', index: 1, value: Number.NaN });
  });

  it('an infinite GRU recurrent bias is m(1)[2] (tanh and sigmoid would hide it downstream)', () => {
    const model = randomCellModel(cellOf('gru')!, 2, o);
    model.params.bh![2] = Number.POSITIVE_INFINITY;
    expect(cellGradients(model).nonFinite).toEqual({ pass: 'forward', step: 1, node: 'm', index: 2, value: Number.POSITIVE_INFINITY });
  });

  it('an overflowing output is o(t), and finite step losses whose sum overflows are the loss', () => {
    const model = randomCellModel(cellOf('lstm')!, 3, o);
    model.params.c![0] = 1e308;
    model.params.c![1] = -1e308;
    model.sequence.targets.fill(1);
    const { nonFinite, stepLosses } = cellGradients(model);
    expect(stepLosses[0]).toBe(Number.POSITIVE_INFINITY);
    expect(nonFinite).toMatchObject({ pass: 'forward', step: 1, node: 'L' });
    const sum = randomCellModel(cellOf('gru')!, 4, o);
    sum.params.c![0] = 1e308;
    sum.params.c![1] = 0;
    sum.sequence.targets.fill(1);
    expect(cellGradients(sum).nonFinite).toMatchObject({ pass: 'forward', step: 2, node: 'loss', value: Number.POSITIVE_INFINITY });
  });
});
