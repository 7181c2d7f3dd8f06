/**
 * A log-scale line chart of quantities over the distance d = t - k (1..D), e.g. how
 * ||dh(t)/dh(t-d)|| decays or grows as a gradient travels back, beside rho^d and a bound.
 * Pure: paths and ticks only. Zeros (exact, or underflowed) and values that are not finite
 * are left out of the lines and counted, so that they can be named.
 */
import type { PlotArea } from './charts';
import { decadeLabel } from './charts';

export interface DecaySeries {
  /** What the line is, e.g. `||dh(t)/dh(t-d)||`. */
  readonly name: string;
  /** Entry d-1 holds the value at distance d. */
  readonly values: ArrayLike<number>;
}

export interface DecayLine {
  readonly name: string;
  /** SVG path through the positive finite values (a gap at each zero or non-finite value). */
  readonly d: string;
  /** Distances whose value is exactly 0. */
  readonly zeros: readonly number[];
  /** Distances whose value is not finite. */
  readonly nonFinite: readonly number[];
}

export interface DecayChart {
  readonly width: number;
  readonly height: number;
  readonly plot: PlotArea;
  readonly lines: readonly DecayLine[];
  /** Decade ticks on the log axis: 10^e at pos. */
  readonly yTicks: readonly { readonly pos: number; readonly label: string }[];
  readonly xTicks: readonly { readonly pos: number; readonly label: string }[];
  /** Largest distance D. */
  readonly span: number;
}

/** About this many decade labels at most; more decades are thinned. */
const MAX_Y_TICKS = 6;

/** The chart of `series` over d = 1..span in a width x height box. */
export function decayChart(series: readonly DecaySeries[], span: number, width = 420, height = 180): DecayChart {
  const plot = { left: 52, right: width - 12, top: 10, bottom: height - 34 };
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < span; i++) {
      const v = s.values[i]!;
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, Math.log10(v));
        hi = Math.max(hi, Math.log10(v));
      }
    }
  }
  if (lo === Infinity) { lo = -1; hi = 1; }
  lo = Math.floor(lo);
  hi = Math.max(lo + 1, Math.ceil(hi));
  const x = (d: number) => plot.left + (span <= 1 ? 0.5 : (d - 1) / (span - 1)) * (plot.right - plot.left);
  const y = (e: number) => plot.bottom - ((e - lo) / (hi - lo)) * (plot.bottom - plot.top);
  const lines = series.map((s) => {
    const zeros: number[] = [];
    const nonFinite: number[] = [];
    let d = '';
    let pen = false;
    for (let i = 0; i < span; i++) {
      const v = s.values[i]!;
      if (!Number.isFinite(v)) nonFinite.push(i + 1);
      else if (v === 0) zeros.push(i + 1);
      if (!(v > 0 && Number.isFinite(v))) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x(i + 1).toFixed(1)},${y(Math.log10(v)).toFixed(1)}`;
      pen = true;
    }
    return { name: s.name, d, zeros, nonFinite };
  });
  const every = Math.ceil((hi - lo + 1) / MAX_Y_TICKS);
  const yTicks = [];
  for (let e = lo; e <= hi; e++) if ((e - lo) % every === 0) yTicks.push({ pos: y(e), label: decadeLabel(e) });
  const xStep = Math.max(1, Math.ceil(span / 8));
  const xTicks = [];
  // Ticks every xStep, and the last distance, dropping a tick that would crowd it.
  for (let d = 1; d <= span; d += xStep) if (d === span || span - d >= xStep / 2) xTicks.push({ pos: x(d), label: String(d) });
  if (xTicks.at(-1)?.label !== String(span)) xTicks.push({ pos: x(span), label: String(span) });
  return { width, height, plot, lines, yTicks, xTicks, span };
}
