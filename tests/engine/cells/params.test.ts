/** Each cell's parameters: names, shapes and which are matrices, read from its description. */
import { describe, expect, it } from 'vitest';
import { CELLS, cellOf, cellParamIsMatrix, cellParamNames, cellParamShape } from '../../../src/engine/cells/index';

const sizes = { input: 2, hidden: 3, output: 4 };
const table = (name: string) => {
  const cell = cellOf(name)!;
  return Object.fromEntries(cellParamNames(cell).map((p) => [p, [...cellParamShape(cell, sizes, p), cellParamIsMatrix(cell, p) ? 'matrix' : 'vector']]));
};

describe('cell parameters', () => {
  it('the registry lists the four cells by name', () => {
    expect(Object.keys(CELLS)).toEqual(['elman', 'jordan', 'lstm', 'gru']);
    expect(cellOf('toString')).toBeNull();
    expect(cellOf('single-output')).toBeNull();
  });

  it('Elman and Jordan: U, W, b (and h0), V, c; Jordan\'s W is H x K', () => {
    expect(table('elman')).toEqual({ U: [3, 2, 'matrix'], W: [3, 3, 'matrix'], b: [3, 1, 'vector'], h0: [3, 1, 'vector'], V: [4, 3, 'matrix'], c: [4, 1, 'vector'] });
    // The model file's order: weights and V, biases and c, initial states.
    expect(cellParamNames(cellOf('elman')!)).toEqual(['U', 'W', 'V', 'b', 'c', 'h0']);
    expect(cellParamNames(cellOf('jordan')!)).toEqual(['U', 'W', 'V', 'b', 'c']);
    expect(table('jordan')).toEqual({ U: [3, 2, 'matrix'], W: [3, 4, 'matrix'], b: [3, 1, 'vector'], V: [4, 3, 'matrix'], c: [4, 1, 'vector'] });
  });

  it('LSTM and GRU: the gates\' weights and biases, the initial states, the output layer', () => {
    const lstm = table('lstm');
    expect(Object.keys(lstm)).toEqual(['Uf', 'Ug', 'Uq', 'U', 'Wf', 'Wg', 'Wq', 'W', 'V', 'bf', 'bg', 'bq', 'b', 'c', 'h0', 's0']);
    expect([lstm.Uf, lstm.Wq, lstm.bf, lstm.s0]).toEqual([[3, 2, 'matrix'], [3, 3, 'matrix'], [3, 1, 'vector'], [3, 1, 'vector']]);
    const gru = table('gru');
    expect(Object.keys(gru)).toEqual(['Uu', 'Ur', 'U', 'Wu', 'Wr', 'W', 'V', 'bu', 'br', 'b', 'bh', 'c', 'h0']);
    expect(gru.bh).toEqual([3, 1, 'vector']);
  });

  it('a matrix of one column is still a matrix (n = 1)', () => {
    const cell = cellOf('lstm')!;
    expect(cellParamShape(cell, { input: 1, hidden: 3, output: 2 }, 'Uf')).toEqual([3, 1]);
    expect(cellParamIsMatrix(cell, 'Uf')).toBe(true);
    expect(() => cellParamShape(cell, sizes, 'Wu')).toThrow('Wu: the lstm cell has no such parameter');
  });
});
