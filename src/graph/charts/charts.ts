/**
 * Geometry of the two step charts, as pure functions of (model, trace) and of (tau, position):
 * L(t) per step on a linear scale, and ||dL/dh(t)|| per step on a log10 scale (the vanishing or
 * exploding picture). A zero norm sits on the axis floor, marked; a value that is not finite is
 * put in a band above the plot and named, never drawn as if it were a number.
 */
import { range } from 'd3-array';
import { scaleLinear, scaleLog } from 'd3-scale';
import type { Model, Trace } from '../../engine/index';
import { mirror, readsOutAtEnd } from '../../engine/index';

/** The default width of a chart in pixels (SVG user units at 1:1); the panel passes its own width. */
export const CHART_WIDTH = 640;
/** The narrowest chart drawn: narrower panels get this width and scroll. */
export const MIN_CHART_WIDTH = 240;
/** The height of a chart in pixels. */
export const CHART_HEIGHT = 168;
const MARGIN = { top: 26, right: 16, bottom: 26, left: 54 } as const;
/** Where non-finite values are marked: the middle of the band above the plot. */
const BAND_Y = 9;
/** Smallest and largest decades a float64 power of ten can stand for (10^-323 is subnormal, 10^309 overflows). */
const MIN_DECADE = -323;
const MAX_DECADE = 308;

/** The plot area inside the margins. */
export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** An axis tick: its value, its position along the axis, and its label. */
export interface Tick {
  readonly value: number;
  readonly pos: number;
  readonly label: string;
}

/** How a step's value is drawn: as a number, on the floor as a zero (log scale), or named as not finite. */
export type MarkKind = 'value' | 'zero' | 'nonfinite';

/** One step's drawn mark: a bar (loss, from `base` up to `y`) or a point (norm, at `y`). */
export interface Mark {
  readonly t: number;
  readonly value: number;
  readonly kind: MarkKind;
  /** Centre of step t. */
  readonly x: number;
  /** Top of the bar or the point; the band above the plot when not finite. */
  readonly y: number;
}

/** A step value with its step, e.g. the largest finite L(t). */
export interface StepValue {
  readonly t: number;
  readonly value: number;
}

/** One chart: where each step's mark goes, its axes, and what it could not draw as a number. */
export interface StepChart {
  readonly kind: 'loss' | 'norm';
  readonly width: number;
  readonly height: number;
  readonly plot: PlotArea;
  readonly tau: number;
  /** Width of one step along x. */
  readonly stepWidth: number;
  /** Width of a loss bar (the step width less a gap while there is room for one). */
  readonly barWidth: number;
  /** y of the baseline: 0 for the loss, the axis floor for the norm. */
  readonly base: number;
  /** y of the band above the plot where non-finite values are marked. */
  readonly bandY: number;
  /** One mark per step that has the value: tau (the loss of single output: one, at t = tau). */
  readonly marks: readonly Mark[];
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  /** SVG path through consecutive finite non-zero points (norm), broken at zeros and non-finite values; '' for the loss. */
  readonly line: string;
  /** Steps whose value is exactly zero (norm: drawn on the floor). */
  readonly zeros: readonly number[];
  /** Steps whose value is NaN or infinite, with the value. */
  readonly nonFinite: readonly StepValue[];
  /** The smallest and largest finite values (norm: finite and non-zero), or null when there is none. */
  readonly smallest: StepValue | null;
  readonly largest: StepValue | null;
  /** Norm: the value at the axis floor (a power of ten); loss: 0. */
  readonly floor: number;
}

/** Both charts of a pass, sharing one time axis. */
export interface ChartsGeometry {
  readonly tau: number;
  readonly loss: StepChart;
  readonly norm: StepChart;
}

/** Where the cursor is, for the charts: its step and which steps' values it has computed. */
export interface ChartProgress {
  readonly phase: 'start' | 'forward' | 'backward';
  /** The step the cursor is at (forward t, then backward t), or null at position 0. */
  readonly cursor: number | null;
  /** L(t) is known for t <= lossThrough (0: none yet). */
  readonly lossThrough: number;
  /** ||dL/dh(t)|| is known for t >= normFrom (tau + 1: none yet). */
  readonly normFrom: number;
}

/** ||v[offset .. offset+len)||, scaled so that large finite entries do not overflow; NaN or Infinity when an entry is not finite. */
export function vectorNorm(v: Float64Array, offset: number, len: number): number {
  let max = 0;
  for (let i = 0; i < len; i++) {
    const a = Math.abs(v[offset + i]!);
    if (Number.isNaN(a)) return NaN;
    if (a > max) max = a;
  }
  if (max === 0 || max === Infinity) return max;
  let s = 0;
  for (let i = 0; i < len; i++) {
    const r = v[offset + i]! / max;
    s += r * r;
  }
  return max * Math.sqrt(s);
}

/** ||dL/dh(t)|| for t = 1..tau, from a trace's tau x H rows of dL/dh. */
export function gradientNorms(model: Model, trace: Trace): Float64Array {
  const H = model.sizes.hidden;
  const tau = model.sequence.length;
  const norms = new Float64Array(tau);
  for (let t = 1; t <= tau; t++) norms[t - 1] = vectorNorm(trace.gH, (t - 1) * H, H);
  return norms;
}

/** Where the charts stand at a position (0..2 tau, clamped): forward steps 1..tau, then BPTT steps tau..1. */
export function chartProgress(tau: number, position: number): ChartProgress {
  const p = Math.max(0, Math.min(2 * tau, Math.round(position)));
  if (p === 0) return { phase: 'start', cursor: null, lossThrough: 0, normFrom: tau + 1 };
  if (p <= tau) return { phase: 'forward', cursor: p, lossThrough: p, normFrom: tau + 1 };
  const t = mirror(tau, p);
  return { phase: 'backward', cursor: t, lossThrough: tau, normFrom: t };
}

/** Whether the chart's value at step t is computed at this progress. */
export function isReached(kind: StepChart['kind'], progress: ChartProgress, t: number): boolean {
  return kind === 'loss' ? t <= progress.lossThrough : t >= progress.normFrom;
}

/** The steps [from, to] of a chart that are computed at this progress, or null for none. */
export function reachedSteps(chart: Pick<StepChart, 'kind' | 'tau'>, progress: ChartProgress): readonly [number, number] | null {
  if (chart.kind === 'loss') return progress.lossThrough >= 1 ? [1, Math.min(progress.lossThrough, chart.tau)] : null;
  return progress.normFrom <= chart.tau ? [Math.max(1, progress.normFrom), chart.tau] : null;
}

/** The centre x of step t. */
export function stepX(chart: Pick<StepChart, 'plot' | 'stepWidth'>, t: number): number {
  return chart.plot.left + (t - 0.5) * chart.stepWidth;
}

/** The x span [left, right] of the steps a chart has computed, or null for none (what is drawn in colour). */
export function reachedSpan(chart: StepChart, progress: ChartProgress): readonly [number, number] | null {
  const steps = reachedSteps(chart, progress);
  if (!steps) return null;
  return [chart.plot.left + (steps[0] - 1) * chart.stepWidth, chart.plot.left + steps[1] * chart.stepWidth];
}

/** A power of ten as `1`, `10`, `10⁻⁵`. */
export function decadeLabel(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return `10${exponent < 0 ? '⁻' : ''}${String(Math.abs(exponent)).replace(/\d/g, (d) => sup[Number(d)]!)}`;
}

/** A fine log tick m x 10^e (m = 1, 2, 5) as text: plainly near 1 (`0.01`, `0.2`, `5`, `20`), else `10⁻⁵`, `2×10⁻⁵`. */
export function logTickLabel(m: number, e: number): string {
  if (e >= -2 && e <= 2) return String(Number((m * 10 ** e).toPrecision(1)));
  return m === 1 ? decadeLabel(e) : `${m}×${decadeLabel(e)}`;
}

/** Ticks m x 10^e of the decades lo..hi: 1, 2 and 5 per decade over two decades or fewer, else at most six powers of ten. */
function logTicks(lo: number, hi: number): { m: number; e: number }[] {
  if (hi - lo <= 2) return [...range(lo, hi).flatMap((e) => [1, 2, 5].map((m) => ({ m, e }))), { m: 1, e: hi }];
  return range(lo, hi + 1, Math.ceil((hi - lo) / 5)).map((e) => ({ m: 1, e }));
}

/** The geometry shared by both charts: plot area, step width and time ticks. */
function frame(tau: number, chartWidth: number) {
  const width = Math.max(MIN_CHART_WIDTH, Math.round(chartWidth));
  const plot: PlotArea = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: CHART_HEIGHT - MARGIN.bottom };
  const stepWidth = (plot.right - plot.left) / tau;
  const barWidth = stepWidth >= 3 ? stepWidth * 0.75 : stepWidth;
  const x = scaleLinear().domain([1, tau]);
  // About one labelled tick per 60 pixels.
  const ticks = tau === 1 ? [1] : x.ticks(Math.max(2, Math.min(tau, Math.floor((plot.right - plot.left) / 60)))).filter((t) => Number.isInteger(t) && t >= 1);
  const xTicks: Tick[] = ticks.map((t) => ({ value: t, pos: plot.left + (t - 0.5) * stepWidth, label: String(t) }));
  return { width, height: CHART_HEIGHT, plot, tau, stepWidth, barWidth, xTicks, bandY: BAND_Y };
}

/** Extremes of the values that a chart draws as numbers. */
function extremes(values: readonly StepValue[]): { smallest: StepValue | null; largest: StepValue | null } {
  let smallest: StepValue | null = null;
  let largest: StepValue | null = null;
  for (const v of values) {
    if (!smallest || v.value < smallest.value) smallest = v;
    if (!largest || v.value > largest.value) largest = v;
  }
  return { smallest, largest };
}

/** L(t) per step as bars on a linear scale from 0 (single output: one bar, at t = tau), `width` pixels wide. */
export function lossChart(model: Model, trace: Trace, width = CHART_WIDTH): StepChart {
  const tau = model.sequence.length;
  const f = frame(tau, width);
  const steps = readsOutAtEnd(model) ? [tau] : range(1, tau + 1);
  const all = steps.map((t, i) => ({ t, value: trace.stepLosses[i]! }));
  const finite = all.filter((v) => Number.isFinite(v.value));
  const { smallest, largest } = extremes(finite);
  const y = scaleLinear().domain([0, largest && largest.value > 0 ? largest.value : 1]).nice(4).range([f.plot.bottom, f.plot.top]).clamp(true);
  // Tiny losses (a trained model) in exponent form: fixed decimals would not fit the axis.
  const top = y.domain()[1]!;
  const format = top < 1e-2 ? (v: number) => (v === 0 ? '0' : v.toExponential(1)) : y.tickFormat(4);
  const marks: Mark[] = all.map(({ t, value }) => Number.isFinite(value)
    ? { t, value, kind: 'value', x: stepX(f, t), y: y(value) }
    : { t, value, kind: 'nonfinite', x: stepX(f, t), y: f.bandY });
  return {
    ...f, kind: 'loss', base: y(0), marks, line: '', zeros: [], floor: 0, smallest, largest,
    yTicks: y.ticks(4).map((v) => ({ value: v, pos: y(v), label: format(v) })),
    nonFinite: all.filter((v) => !Number.isFinite(v.value)),
  };
}

/** ||dL/dh(t)|| per step as points on a log10 scale, `width` pixels wide: zeros on the floor, non-finite values in the band above. */
export function normChart(model: Model, trace: Trace, width = CHART_WIDTH): StepChart {
  const tau = model.sequence.length;
  const f = frame(tau, width);
  const norms = gradientNorms(model, trace);
  const all = Array.from(norms, (value, i) => ({ t: i + 1, value }));
  const positive = all.filter((v) => Number.isFinite(v.value) && v.value > 0);
  const zeros = all.filter((v) => v.value === 0).map((v) => v.t);
  const { smallest, largest } = extremes(positive);
  // Whole decades around the values; with zeros present, one decade more below, so the floor holds only zeros.
  let lo = smallest ? Math.floor(Math.log10(smallest.value)) - (zeros.length > 0 ? 1 : 0) : -3;
  let hi = largest ? Math.ceil(Math.log10(largest.value)) : 0;
  lo = Math.max(MIN_DECADE, Math.min(lo, MAX_DECADE - 1));
  hi = Math.min(MAX_DECADE, Math.max(hi, lo + 1));
  const floor = 10 ** lo;
  const y = scaleLog().base(10).domain([floor, 10 ** hi]).range([f.plot.bottom, f.plot.top]).clamp(true);
  const fine = hi - lo <= 2;
  const yTicks: Tick[] = logTicks(lo, hi).map(({ m, e }) => ({ value: m * 10 ** e, pos: y(m * 10 ** e), label: fine ? logTickLabel(m, e) : decadeLabel(e) }));
  const marks: Mark[] = all.map(({ t, value }) => {
    const x = stepX(f, t);
    if (!Number.isFinite(value)) return { t, value, kind: 'nonfinite', x, y: f.bandY };
    if (value === 0) return { t, value, kind: 'zero', x, y: f.plot.bottom };
    return { t, value, kind: 'value', x, y: y(value) };
  });
  let line = '';
  let open = false;
  for (const m of marks) {
    if (m.kind !== 'value') { open = false; continue; }
    line += `${open ? 'L' : 'M'}${m.x.toFixed(2)},${m.y.toFixed(2)}`;
    open = true;
  }
  return {
    ...f, kind: 'norm', base: f.plot.bottom, marks, yTicks, line, zeros, floor, smallest, largest,
    nonFinite: all.filter((v) => !Number.isFinite(v.value)),
  };
}

/** Both charts of a model's pass, `width` pixels wide, or null when the trace does not hold this model's pass. */
export function chartsGeometry(model: Model, trace: Trace, width = CHART_WIDTH): ChartsGeometry | null {
  const tau = model.sequence.length;
  const outputs = readsOutAtEnd(model) ? 1 : tau;
  if (trace.gH.length !== tau * model.sizes.hidden || trace.stepLosses.length !== outputs) return null;
  return { tau, loss: lossChart(model, trace, width), norm: normChart(model, trace, width) };
}

/** How a mark's outline is painted: filled (bars, points), hollow (a zero's triangle) or a stroke alone (a non-finite cross). */
export type MarkPaint = 'fill' | 'hollow' | 'stroke';

/** A number for an SVG path, to 0.01 of a unit. */
const n2 = (v: number): string => String(Math.round(v * 100) / 100);

/**
 * The outline of one step's mark as SVG path data: a bar from the base (loss), a dot (norm), a
 * hollow downward triangle on the floor (zero norm), a cross in the band above (not finite).
 */
export function markPath(chart: StepChart, m: Mark): { readonly d: string; readonly paint: MarkPaint } {
  if (m.kind === 'nonfinite') {
    const r = Math.min(4, Math.max(2, chart.stepWidth / 2));
    return { d: `M${n2(m.x - r)},${n2(m.y - r)}L${n2(m.x + r)},${n2(m.y + r)}M${n2(m.x - r)},${n2(m.y + r)}L${n2(m.x + r)},${n2(m.y - r)}`, paint: 'stroke' };
  }
  if (chart.kind === 'loss') {
    const h = Math.max(chart.base - m.y, 0.75);
    return { d: `M${n2(m.x - chart.barWidth / 2)},${n2(chart.base)}v${n2(-h)}h${n2(chart.barWidth)}v${n2(h)}z`, paint: 'fill' };
  }
  const r = Math.min(3.5, Math.max(1, chart.stepWidth / 3));
  if (m.kind === 'zero') return { d: `M${n2(m.x - r - 1)},${n2(m.y - 2 * r - 1)}h${n2(2 * r + 2)}l${n2(-r - 1)},${n2(2 * r + 1)}z`, paint: 'hollow' };
  return { d: `M${n2(m.x - r)},${n2(m.y)}a${n2(r)},${n2(r)} 0 1,0 ${n2(2 * r)},0a${n2(r)},${n2(r)} 0 1,0 ${n2(-2 * r)},0`, paint: 'fill' };
}

/** Every step's mark of a chart as one path per kind of paint: the grey picture in three elements, not tau. */
export function marksPaths(chart: StepChart): Readonly<Record<MarkPaint, string>> {
  const paths: Record<MarkPaint, string> = { fill: '', hollow: '', stroke: '' };
  for (const m of chart.marks) {
    const { d, paint } = markPath(chart, m);
    paths[paint] += d;
  }
  return paths;
}

/** Steps as short text: `t = 1–4, 7`. */
export function stepsText(steps: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < steps.length) {
    let j = i;
    while (j + 1 < steps.length && steps[j + 1] === steps[j]! + 1) j++;
    parts.push(j === i ? String(steps[i]) : `${steps[i]}–${steps[j]}`);
    i = j + 1;
  }
  return `t = ${parts.join(', ')}`;
}
