/** The log-scale chart over the distance t - k: lines break at zeros and non-finite values, which are named. */
import { describe, expect, it } from 'vitest';
import { decayChart } from '../../../src/graph/charts/index';

describe('decayChart', () => {
  it('draws positive values on a decade scale and names zeros and non-finite values', () => {
    const c = decayChart([
      { name: 'a', values: [1, 0.1, 0.01, 0, 1e-4] },
      { name: 'b', values: [2, NaN, Infinity, 0.5, 0.25] },
    ], 5, 400, 200);
    const [a, b] = c.lines;
    expect(a!.zeros).toEqual([4]);
    expect(a!.nonFinite).toEqual([]);
    expect(b!.nonFinite).toEqual([2, 3]);
    // Three moves for a: d = 1..3 as one run, then d = 5 after the zero.
    expect(a!.d.match(/M/g)).toHaveLength(2);
    expect(a!.d.match(/L/g)).toHaveLength(2);
    // Decades from 10^-4 up to 10^1 (b reaches 2): equal spacing, the largest at the top.
    const labels = c.yTicks.map((t) => t.label);
    expect(labels[0]).toBe('10⁻⁴');
    expect(labels.at(-1)).toBe('10');
    expect(c.yTicks[0]!.pos).toBe(c.plot.bottom);
    expect(c.yTicks.at(-1)!.pos).toBe(c.plot.top);
    // d = 1 at the left edge and d = 5 at the right.
    expect(a!.d.startsWith(`M${c.plot.left.toFixed(1)},`)).toBe(true);
    expect(c.xTicks.at(-1)).toEqual({ pos: c.plot.right, label: '5' });
  });

  it('keeps the last distance as a tick without crowding it, and copes with nothing drawable', () => {
    const c = decayChart([{ name: 'z', values: new Float64Array(60) }], 60);
    expect(c.lines[0]!.d).toBe('');
    expect(c.lines[0]!.zeros).toHaveLength(60);
    const labels = c.xTicks.map((t) => Number(t.label));
    expect(labels.at(-1)).toBe(60);
    const gaps = labels.slice(1).map((v, i) => v - labels[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4);
  });
});
