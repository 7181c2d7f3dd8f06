import { describe, expect, it } from 'vitest';
import { STEP_ELEMENTS_MAX, TABLE_ROWS, itemAt, pageOf, stepElements } from '../../../src/graph/charts/index';

describe('step pages', () => {
  it('gives the page of TABLE_ROWS items that holds an index, the last one short', () => {
    expect(pageOf(10, 3)).toEqual([0, 10]);
    expect(pageOf(2048, 0)).toEqual([0, TABLE_ROWS]);
    expect(pageOf(2048, TABLE_ROWS - 1)).toEqual([0, TABLE_ROWS]);
    expect(pageOf(2048, TABLE_ROWS)).toEqual([TABLE_ROWS, 2 * TABLE_ROWS]);
    expect(pageOf(2048, 2047)).toEqual([2048 - TABLE_ROWS, 2048]);
    expect(pageOf(100, 99, 64)).toEqual([64, 100]);
  });

  it('falls back to the first page when there is no index or it is out of range', () => {
    expect(pageOf(300, null)).toEqual([0, TABLE_ROWS]);
    expect(pageOf(300, -1)).toEqual([0, TABLE_ROWS]);
    expect(pageOf(300, 300)).toEqual([0, TABLE_ROWS]);
  });

  it('finds the cell under x, and -1 outside the row', () => {
    expect(itemAt(10, 10, 2, 5)).toBe(0);
    expect(itemAt(11.99, 10, 2, 5)).toBe(0);
    expect(itemAt(12, 10, 2, 5)).toBe(1);
    expect(itemAt(19.9, 10, 2, 5)).toBe(4);
    expect(itemAt(20, 10, 2, 5)).toBe(-1);
    expect(itemAt(9.9, 10, 2, 5)).toBe(-1);
  });

  it('draws steps as elements up to STEP_ELEMENTS_MAX', () => {
    expect(stepElements(STEP_ELEMENTS_MAX)).toBe(true);
    expect(stepElements(STEP_ELEMENTS_MAX + 1)).toBe(false);
  });
});
