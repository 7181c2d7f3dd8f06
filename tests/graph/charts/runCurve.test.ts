/** A whole run's series kept in bounded memory and drawn at the chart's width: every spike survives. */
import { describe, expect, it } from 'vitest';
import type { RunSeries } from '../../../src/graph/charts/index';
import { RUN_SERIES_BUCKETS, RUN_SERIES_BYTES, appendRunSeries, downsampleRun, emptyRunSeries, lastOfRunSeries, runColumns, runCurve } from '../../../src/graph/charts/index';

/** A series of `values`, appended in batches of `batch`, with at most `cap` buckets. */
function seriesOf(values: ArrayLike<number>, batch = 37, cap?: number): RunSeries {
  let s = emptyRunSeries();
  for (let i = 0; i < values.length; i += batch) s = appendRunSeries(s, Array.prototype.slice.call(values, i, i + batch) as number[], cap);
  return s;
}

/** A falling loss with a few one-iteration spikes (up) and dips (down). */
function spiky(n: number, spikes: readonly number[], dips: readonly number[]): Float64Array {
  const v = Float64Array.from({ length: n }, (_, i) => 2 * Math.exp(-i / (n / 4)) + 0.1 + 0.01 * Math.sin(i));
  for (const i of spikes) v[i] = 50;
  for (const i of dips) v[i] = 1e-6;
  return v;
}

describe('the run series', () => {
  it('keeps every value exactly while the run fits, and the first and last', () => {
    const values = Float64Array.from({ length: 500 }, (_, i) => Math.cos(i));
    const s = seriesOf(values);
    expect(s).toMatchObject({ length: 500, stride: 1, count: 500, open: null, first: values[0] });
    expect(Array.from(s.last.subarray(0, 500))).toEqual(Array.from(values));
    expect(lastOfRunSeries(s)).toBe(values[499]);
    expect(lastOfRunSeries(emptyRunSeries())).toBeUndefined();
  });

  it('bounds its buckets, merging neighbours so that the extremes of every stretch survive', () => {
    const cap = 64;
    const n = 10_000;
    const values = spiky(n, [17, 5003, 9998], [4001]);
    const s = seriesOf(values, 97, cap);
    expect(s.length).toBe(n);
    expect(s.count).toBeLessThanOrEqual(cap);
    expect(s.min.length).toBeLessThanOrEqual(cap);
    // The buckets and the open one cover every value once.
    expect(s.count * s.stride + (s.open?.n ?? 0)).toBe(n);
    const all = [...s.max.subarray(0, s.count), s.open?.max ?? -Infinity];
    expect(Math.max(...all)).toBe(50);
    expect(Math.min(...s.min.subarray(0, s.count), s.open?.min ?? Infinity)).toBe(1e-6);
    // Each bucket's min and max are those of its stretch.
    for (let b = 0; b < s.count; b++) {
      const stretch = values.subarray(b * s.stride, (b + 1) * s.stride);
      expect(s.min[b]).toBe(Math.min(...stretch));
      expect(s.max[b]).toBe(Math.max(...stretch));
      expect(s.last[b]).toBe(stretch.at(-1));
    }
    expect(lastOfRunSeries(s)).toBe(values[n - 1]);
    expect(s.first).toBe(values[0]);
  });

  it('states its cap in bytes: three float64 arrays of RUN_SERIES_BUCKETS', () => {
    expect(RUN_SERIES_BUCKETS * 3 * 8).toBe(RUN_SERIES_BYTES);
    expect(RUN_SERIES_BYTES).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('never changes what an earlier series shows', () => {
    // What a reader sees: the stored buckets (the arrays past `count` belong to later series) and the open one.
    const seen = (s: RunSeries) => ({ ...s, min: s.min.slice(0, s.count), max: s.max.slice(0, s.count), last: s.last.slice(0, s.count) });
    const a = seriesOf([1, 2, 3, 4, 5], 5, 4);
    const before = seen(a);
    const b = appendRunSeries(a, [100, -100, 7, 8, 9, 10, 11], 4);
    expect(b.length).toBe(12);
    expect(seen(a)).toEqual(before);
    const cols = downsampleRun(a, 10);
    // Four buckets at most: (1, 2) and (3, 4) merged, 5 still open; nothing of b's.
    expect(Array.from(cols.max.subarray(0, cols.count))).toEqual([2, 4, 5]);
    expect(Array.from(cols.min.subarray(0, cols.count))).toEqual([1, 3, 5]);
  });
});

describe('downsampleRun', () => {
  it('gives one column per pixel, and every spike and dip survives', () => {
    const n = 100_000;
    const spikes = [3, 12_345, 77_777, 99_999];
    const dips = [50_000];
    const values = spiky(n, spikes, dips);
    for (const cap of [RUN_SERIES_BUCKETS, 1024]) {
      const s = seriesOf(values, 1000, cap);
      const width = 320;
      const cols = downsampleRun(s, width);
      expect(cols.count).toBe(width);
      const max = cols.max.subarray(0, width);
      const min = cols.min.subarray(0, width);
      // Each spike is the maximum of its own column: as many columns reach it as there are spikes in distinct columns.
      expect(max.filter((v) => v === 50).length).toBe(spikes.length);
      expect(min.filter((v) => v === 1e-6).length).toBe(dips.length);
      expect(Math.max(...max)).toBe(50);
      // The columns are in order: the first spike near the left, the last at the right edge.
      expect(max[0]).toBe(50);
      expect(max[width - 1]).toBe(50);
      expect(cols.last[width - 1]).toBe(values[n - 1]);
    }
  });

  it('has one column per value while there are fewer values than pixels', () => {
    const s = seriesOf([3, 1, 2]);
    const cols = downsampleRun(s, 320);
    expect(cols.count).toBe(3);
    expect(Array.from(cols.max.subarray(0, 3))).toEqual([3, 1, 2]);
    expect(Array.from(cols.min.subarray(0, 3))).toEqual([3, 1, 2]);
  });

  it('works for an empty run and a one-point run', () => {
    const empty = downsampleRun(emptyRunSeries(), 320);
    expect(empty.count).toBe(0);
    expect(runCurve(empty, 320, 70, true)).toEqual({ band: '', line: '', lo: NaN, hi: NaN, log: false });
    const one = downsampleRun(seriesOf([0.5]), 320);
    expect(one.count).toBe(1);
    const curve = runCurve(one, 320, 70, true);
    expect(curve).toMatchObject({ lo: 0.5, hi: 0.5, log: true });
    // Drawn across the width, at a finite height.
    expect(curve.line).toBe('0.0,70.0 320.0,70.0');
    expect(curve.band).not.toMatch(/NaN/);
  });

  it('reuses the columns it is given: nothing allocated per point or per frame', () => {
    const out = runColumns(320);
    const s = seriesOf(spiky(50_000, [10], []), 500);
    const a = downsampleRun(s, 320, out);
    const b = downsampleRun(appendRunSeries(s, [60]), 320, out);
    expect(a).toBe(out);
    expect(b).toBe(out);
    expect(b.min).toBe(out.min);
    expect(b.max.length).toBe(320);
    expect(b.max[319]).toBe(60);
    // Too short a buffer is replaced, not overrun.
    expect(downsampleRun(s, 640, out)).not.toBe(out);
  });

  it('skips values that are not finite, and a curve falls back to linear when a value is not positive', () => {
    const cols = downsampleRun(seriesOf([1, NaN, Infinity, 4]), 2);
    expect(cols.count).toBe(2);
    expect(Array.from(cols.max.subarray(0, 2))).toEqual([1, 4]);
    const curve = runCurve(downsampleRun(seriesOf([0, 1, 2]), 10), 100, 10, true);
    expect(curve.log).toBe(false);
    expect(curve.line).toBe('0.0,10.0 50.0,5.0 100.0,0.0');
    const spikeCurve = runCurve(downsampleRun(seriesOf([1, 1, 100, 1]), 10), 30, 10, false);
    // The band's top reaches the top of the box at the spike.
    expect(spikeCurve.band).toContain('20.0,0.0');
  });
});
