/** The strips of entries inside the vector nodes: cells, bins, positions inside the node, yhat's bars. */
import { describe, expect, it } from 'vitest';
import { MAX_CELLS, barHeight, binValues, binsOf, cellOfEntry, stripLayout, unfoldedLayout } from '../../../src/graph/layout/index';

const rows = { valueY: -10, valueH: 12, gradY: 4, gradH: 6 };

describe('a strip', () => {
  it('draws a cell per entry up to 32, side by side over its width', () => {
    for (const n of [1, 3, 8, 32]) {
      const s = stripLayout('cells', n, 64, rows);
      expect(s.cells).toHaveLength(n);
      expect(s.compressed).toBe(false);
      expect(s.cells.map((c) => c.first)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(s.cells[0]!.x).toBe(-32);
      expect(s.cells.at(-1)!.x + s.cells.at(-1)!.w).toBeCloseTo(32, 9);
      expect(s.cells.every((c) => c.w === 64 / n)).toBe(true);
    }
  });

  it('bins a longer vector into 32 cells of consecutive entries, each its bin\'s mean', () => {
    const s = stripLayout('cells', 100, 64, rows);
    expect(s.compressed).toBe(true);
    expect(s.cells).toHaveLength(MAX_CELLS);
    // The bins cover 0..99 once each, in order, 3 or 4 entries each.
    expect(s.cells[0]!.first).toBe(0);
    expect(s.cells.at(-1)!.end).toBe(100);
    for (let i = 1; i < s.cells.length; i++) expect(s.cells[i]!.first).toBe(s.cells[i - 1]!.end);
    expect(new Set(s.cells.map((c) => c.end - c.first))).toEqual(new Set([3, 4]));
    const v = Float64Array.from({ length: 100 }, (_, i) => i);
    const means = binValues(s, v);
    s.cells.forEach((c, i) => expect(means[i]).toBeCloseTo((c.first + c.end - 1) / 2, 12));
    expect(cellOfEntry(s, 99)).toBe(31);
    expect(cellOfEntry(s, 3)).toBe(s.cells.findIndex((c) => c.first <= 3 && 3 < c.end));
    expect(binsOf(64)).toHaveLength(32);
  });

  it('bins yhat\'s bars by their sum: the probability mass of the bin', () => {
    const s = stripLayout('bars', 64, 64, { valueY: -11, valueH: 22, gradY: null, gradH: 0 });
    const p = new Float64Array(64).fill(1 / 64);
    const mass = binValues(s, p);
    expect(mass).toHaveLength(32);
    for (const m of mass) expect(m).toBeCloseTo(2 / 64, 12);
    expect(mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('draws a bar as tall as its probability, a sliver for a tiny one, nothing for zero', () => {
    expect(barHeight(1, 22)).toBe(22);
    expect(barHeight(0.5, 22)).toBe(11);
    expect(barHeight(1e-9, 22)).toBe(0.75);
    expect(barHeight(0, 22)).toBe(0);
    expect(barHeight(NaN, 22)).toBe(0);
  });
});

describe('the strips in the layout', () => {
  it('every vector node holds its strip inside its box; x, y and L have none', () => {
    for (const [variant, opened] of [['elman', false], ['lstm', true], ['gru', true]] as const) {
      const layout = unfoldedLayout({ variant, feedback: null, tau: 4, truncation: null, opened, sizes: { hidden: 40, output: 5 } });
      for (const n of layout.nodes) {
        if (n.kind === 'x' || n.kind === 'y' || n.kind === 'L') {
          expect(n.strip, n.id).toBeNull();
          continue;
        }
        const s = n.strip!;
        expect(s.entries, n.id).toBe(n.kind === 'o' || n.kind === 'yhat' ? 5 : 40);
        expect(s.cells).toHaveLength(Math.min(s.entries, MAX_CELLS));
        expect(s.kind).toBe(n.kind === 'yhat' ? 'bars' : 'cells');
        expect(s.gradY === null).toBe(n.kind === 'yhat');
        for (const c of s.cells) {
          expect(c.x, n.id).toBeGreaterThanOrEqual(-n.w / 2);
          expect(c.x + c.w, n.id).toBeLessThanOrEqual(n.w / 2 + 1e-9);
        }
        const bottom = s.gradY === null ? s.valueY + s.valueH : s.gradY + s.gradH;
        expect(s.valueY, n.id).toBeGreaterThanOrEqual(-n.h / 2);
        expect(bottom, n.id).toBeLessThanOrEqual(n.h / 2);
        if (s.gradY !== null) expect(s.gradY).toBeGreaterThanOrEqual(s.valueY + s.valueH);
      }
    }
  });

  it('places the nodes where it would without sizes: only the strips depend on H and K', () => {
    const a = unfoldedLayout({ variant: 'lstm', feedback: null, tau: 5, truncation: 2, opened: true });
    const b = unfoldedLayout({ variant: 'lstm', feedback: null, tau: 5, truncation: 2, opened: true, sizes: { hidden: 300, output: 7 } });
    expect(b.nodes.map(({ strip: _, ...n }) => n)).toEqual(a.nodes.map(({ strip: _, ...n }) => n));
    expect(b.edges).toEqual(a.edges);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
  });
});
