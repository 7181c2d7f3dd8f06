/**
 * A whole run's series drawn at a chart's width: its buckets gathered into one column per pixel
 * (or one per bucket while there are fewer), each column the minimum, maximum and last value of
 * the stretch it covers, so that a spike of one iteration among a million still shows. The
 * geometry is a band from each column's minimum to its maximum and a line through its last value.
 * Pure, and linear in the buckets: the columns go into arrays of the width, reused frame to frame.
 */
import type { RunSeries } from './runSeries';

/** Columns of a downsampled series; entries past `count` are unused. */
export interface RunColumns {
  /** Columns filled: the width, or the series' buckets when there are fewer. */
  count: number;
  /** Smallest, largest and last finite value of each column's stretch (NaN when it has none). */
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly last: Float64Array;
}

/** Column arrays for charts up to `width` pixels wide. */
export function runColumns(width: number): RunColumns {
  return { count: 0, min: new Float64Array(width), max: new Float64Array(width), last: new Float64Array(width) };
}

/**
 * Gathers the series into `width` columns (fewer when it has fewer buckets), written into `out`
 * (arrays of at least `width`, made when absent or too short); returns the columns.
 */
export function downsampleRun(series: RunSeries, width: number, out?: RunColumns): RunColumns {
  const w = Math.max(1, Math.floor(width));
  const cols = out && out.min.length >= w ? out : runColumns(w);
  const stored = series.count;
  const buckets = stored + (series.open ? 1 : 0);
  const count = Math.min(w, buckets);
  cols.count = count;
  let b = 0;
  for (let c = 0; c < count; c++) {
    // Column c covers buckets [floor(c * buckets / count), floor((c + 1) * buckets / count)).
    const end = Math.floor(((c + 1) * buckets) / count);
    let lo = NaN;
    let hi = NaN;
    let at = NaN;
    for (; b < end; b++) {
      const open = b === stored;
      const bMin = open ? series.open!.min : series.min[b]!;
      const bMax = open ? series.open!.max : series.max[b]!;
      const bLast = open ? series.open!.last : series.last[b]!;
      if (Number.isFinite(bMin) && !(bMin >= lo)) lo = bMin;
      if (Number.isFinite(bMax) && !(bMax <= hi)) hi = bMax;
      if (Number.isFinite(bLast)) at = bLast;
    }
    cols.min[c] = lo;
    cols.max[c] = hi;
    cols.last[c] = at;
  }
  return cols;
}

/** What the curve draws in a width x height box. */
export interface RunCurve {
  /** SVG path of the band from each column's minimum to its maximum (a closed outline), '' when nothing is finite. */
  readonly band: string;
  /** SVG polyline points through each column's last value. */
  readonly line: string;
  /** The smallest and largest finite value drawn, and whether the y scale is log10 (asked for, and every value positive). */
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
}

/** The band and line of `cols` in a width x height box; y on log10 when `log` and every value is positive. */
export function runCurve(cols: RunColumns, width: number, height: number, log: boolean): RunCurve {
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 0; c < cols.count; c++) {
    if (cols.min[c]! < lo) lo = cols.min[c]!;
    if (cols.max[c]! > hi) hi = cols.max[c]!;
  }
  if (lo === Infinity) return { band: '', line: '', lo: NaN, hi: NaN, log: false };
  const useLog = log && lo > 0;
  const f = (v: number) => (useLog ? Math.log10(v) : v);
  const span = f(hi) - f(lo) || 1;
  const y = (v: number) => (height - ((f(v) - f(lo)) / span) * height).toFixed(1);
  // Column c spans [c, c + 1) of `count` across the width; a single column fills it.
  const n = cols.count;
  const x = (c: number) => (n === 1 ? c * width : (c / (n - 1)) * width).toFixed(1);
  const top: string[] = [];
  const bottom: string[] = [];
  const line: string[] = [];
  for (let c = 0; c < n; c++) {
    if (!Number.isFinite(cols.min[c]!)) continue;
    top.push(`${x(c)},${y(cols.max[c]!)}`);
    bottom.push(`${x(c)},${y(cols.min[c]!)}`);
    line.push(`${x(c)},${y(cols.last[c]!)}`);
  }
  if (n === 1) {
    // One column: drawn across the whole width.
    top.push(`${width.toFixed(1)},${y(cols.max[0]!)}`);
    bottom.push(`${width.toFixed(1)},${y(cols.min[0]!)}`);
    line.push(`${width.toFixed(1)},${y(cols.last[0]!)}`);
  }
  bottom.reverse();
  return { band: `M${top.join('L')}L${bottom.join('L')}Z`, line: line.join(' '), lo, hi, log: useLog };
}
