/**
 * Geometry of the "predictions against targets" chart, pure functions of (model, trace, width):
 * a grid with one column per output step t (1..tau; single output: tau alone) and one row per
 * class k, each cell shaded by yhat(t)[k], the target y(t) outlined and a wrong argmax crossed.
 * A column whose yhat(t) is not finite is named and left unshaded, never drawn as a probability.
 * Everything is O(m K) for m output steps and K classes, and the marks come as a few SVG paths.
 */
import { scaleLinear } from 'd3-scale';
import type { Model, Trace } from '../../engine/index';
import { outputSteps, readsOutAtEnd } from '../../engine/index';
import type { Theme } from '../layout/colors';
import { sequentialColor } from '../layout/colors';
import type { PlotArea } from './charts';
import { cutLabel, symbolText, visibleLabel } from '../layout/labels';

/** Left margin for the class labels: the step charts' own, so narrow columns sit under their marks of the same t. */
const MARGIN = { top: 18, right: 16, bottom: 22, left: 54 } as const;
/** Narrowest and widest column in pixels (narrow panels with long sequences scroll). */
export const MIN_CELL = 2;
export const MAX_CELL = 48;
/** Row heights in pixels, and the height the rows share when there are many classes. */
const MIN_ROW = 1;
const MAX_ROW = 16;
const GRID_HEIGHT = 200;
/** Vertical pixels per class label: with shorter rows only every few classes are labelled. */
const LABEL_SPACING = 11;
/** Characters of a class label drawn beside the grid (the whole label is in the tooltip and the table). */
const LABEL_CHARS = 7;
/** Cells with yhat(t)[k] below this are not drawn: they show the p = 0 background. */
export const MIN_SHOWN = 0.02;
/** Number of shades of probability, one path each. */
export const LEVELS = 10;
/** Where non-finite columns are crossed: the middle of the band above the grid. */
const BAND_Y = 8;

/** The first entry of yhat(t) that is not finite, named, e.g. `yhat(3)[1] is NaN`. */
export interface NonFiniteEntry {
  readonly t: number;
  readonly index: number;
  readonly value: number;
  readonly text: string;
}

/** One output step: a column of the grid. */
export interface PredictionColumn {
  /** t: the step whose output this is (1..tau; single output: tau). */
  readonly t: number;
  /** x of the column's left edge. */
  readonly x: number;
  /** yhat(t): the K probabilities (a view on the trace's buffer, not a copy). */
  readonly probs: Float64Array;
  /** y(t): the target class. */
  readonly target: number;
  /** argmax_k yhat(t)[k] (the lowest k on a tie), or -1 when yhat(t) is not finite. */
  readonly argmax: number;
  /** Whether argmax_k yhat(t)[k] == y(t) (false when yhat(t) is not finite). */
  readonly correct: boolean;
  /** yhat(t)[y(t)]: the probability given to the target (NaN when yhat(t) is not finite). */
  readonly pTarget: number;
  /** The first non-finite entry of yhat(t), or null when all K are finite. */
  readonly nonFinite: NonFiniteEntry | null;
}

/** One class k: a row of the grid. */
export interface ClassRow {
  readonly k: number;
  /** y of the row's top edge. */
  readonly y: number;
  /** The class as drawn beside the grid: its label (short, whitespace made visible) or `#k`. */
  readonly label: string;
  /** The class in full for text: `#k “label”` or `#k`. */
  readonly name: string;
}

/** A labelled position along an axis. */
export interface GridTick {
  readonly value: number;
  readonly pos: number;
  readonly label: string;
}

/** The chart: its frame, its columns and rows, their labels, and the totals over all columns. */
export interface PredictionsGrid {
  readonly width: number;
  readonly height: number;
  /** The grid's edges: columns span left..right, rows top..bottom. */
  readonly plot: PlotArea;
  /** tau: the number of time steps (not of columns). */
  readonly tau: number;
  /** K: the number of classes. */
  readonly classes: number;
  readonly cellWidth: number;
  readonly rowHeight: number;
  /** y of the band above the grid where non-finite columns are crossed. */
  readonly bandY: number;
  /** m columns in order of t. */
  readonly columns: readonly PredictionColumn[];
  /** K rows, class 0 at the top. */
  readonly rows: readonly ClassRow[];
  /** The rows labelled beside the grid (all of them when rows are tall enough), with the y of the label's centre. */
  readonly rowLabels: readonly GridTick[];
  /** Step labels under the grid, at column centres. */
  readonly xTicks: readonly GridTick[];
  /** Over the first i columns (i = 0..m): how many were right, how many finite, and the sum of their finite p(target). */
  readonly correctThrough: Int32Array;
  readonly finiteThrough: Int32Array;
  readonly pTargetSumThrough: Float64Array;
  /** Every column's non-finite entry, in order of t. */
  readonly nonFinite: readonly NonFiniteEntry[];
}

/** A count of steps as words: `1 step`, `3 steps`. */
const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;

/** A number for an SVG path, to 0.01 of a unit. */
const n2 = (v: number): string => String(Math.round(v * 100) / 100);

/** A class label as drawn: a blank one made visible (`␣` for a space), cut to LABEL_CHARS graphemes, the ellipsis one of them. */
function shortLabel(label: string): string {
  const { kept, cut } = cutLabel(visibleLabel(label), LABEL_CHARS);
  return cut ? `${cutLabel(kept, LABEL_CHARS - 1).kept}…` : kept;
}

/** A column from yhat(t) (row i of the trace) and y(t), in one pass over its K entries. */
function columnOf(yhat: Float64Array, i: number, K: number, t: number, x: number, target: number): PredictionColumn {
  const probs = yhat.subarray(i * K, (i + 1) * K);
  let argmax = 0;
  for (let k = 0; k < K; k++) {
    const p = probs[k]!;
    if (!Number.isFinite(p)) {
      const text = `yhat(${t})[${k}] is ${String(p)}`;
      return { t, x, probs, target, argmax: -1, correct: false, pTarget: NaN, nonFinite: { t, index: k, value: p, text } };
    }
    if (p > probs[argmax]!) argmax = k;
  }
  return { t, x, probs, target, argmax, correct: argmax === target, pTarget: probs[target]!, nonFinite: null };
}

/**
 * The grid of a model's pass, about `width` pixels wide (wider when m columns of MIN_CELL do not
 * fit), or null when the trace does not hold this model's pass.
 */
export function predictionsGrid(model: Model, trace: Trace, width: number): PredictionsGrid | null {
  const K = model.sizes.output;
  const tau = model.sequence.length;
  const m = outputSteps(model);
  const targets = model.sequence.targets;
  if (trace.yhat.length !== m * K || targets.length !== m) return null;
  const room = Math.max(0, Math.round(width) - MARGIN.left - MARGIN.right);
  const cellWidth = Math.max(MIN_CELL, Math.min(MAX_CELL, room / m));
  const rowHeight = Math.max(MIN_ROW, Math.min(MAX_ROW, Math.floor(GRID_HEIGHT / K)));
  const plot = { left: MARGIN.left, right: MARGIN.left + m * cellWidth, top: MARGIN.top, bottom: MARGIN.top + K * rowHeight };
  const first = readsOutAtEnd(model) ? tau : 1;

  const columns: PredictionColumn[] = [];
  const nonFinite: NonFiniteEntry[] = [];
  const correctThrough = new Int32Array(m + 1);
  const finiteThrough = new Int32Array(m + 1);
  const pTargetSumThrough = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    const c = columnOf(trace.yhat, i, K, first + i, plot.left + i * cellWidth, targets[i]!);
    columns.push(c);
    if (c.nonFinite) nonFinite.push(c.nonFinite);
    correctThrough[i + 1] = correctThrough[i]! + (c.correct ? 1 : 0);
    finiteThrough[i + 1] = finiteThrough[i]! + (c.nonFinite ? 0 : 1);
    pTargetSumThrough[i + 1] = pTargetSumThrough[i]! + (c.nonFinite ? 0 : c.pTarget);
  }

  const names = model.labels?.output;
  const rows: ClassRow[] = [];
  for (let k = 0; k < K; k++) {
    const label = names?.[k];
    rows.push({ k, y: plot.top + k * rowHeight, label: label === undefined ? `#${k}` : shortLabel(label), name: symbolText(names, k) });
  }
  const every = Math.ceil(LABEL_SPACING / rowHeight);
  const rowLabels = rows.filter((r) => r.k % every === 0).map((r) => ({ value: r.k, pos: r.y + rowHeight / 2, label: r.label }));

  // About one step label per 40 pixels, at whole steps.
  const count = Math.max(1, Math.min(m, Math.floor((plot.right - plot.left) / 40)));
  const ticks = m === 1 ? [0] : scaleLinear().domain([0, m - 1]).ticks(count).filter((i) => Number.isInteger(i));
  const xTicks = ticks.map((i) => ({ value: first + i, pos: plot.left + (i + 0.5) * cellWidth, label: String(first + i) }));

  return {
    width: Math.max(Math.round(width), Math.ceil(plot.right + MARGIN.right)), height: plot.bottom + MARGIN.bottom,
    plot, tau, classes: K, cellWidth, rowHeight, bandY: BAND_Y, columns, rows, rowLabels, xTicks,
    correctThrough, finiteThrough, pTargetSumThrough, nonFinite,
  };
}

/** The index of step t's column, or -1 when step t has no output (single output before tau). */
export function columnIndex(grid: PredictionsGrid, t: number): number {
  const first = grid.columns[0]?.t ?? 1;
  const i = t - first;
  return i >= 0 && i < grid.columns.length ? i : -1;
}

/** How many columns are computed once the forward pass has reached step `through` (0: none). */
export function reachedColumns(grid: PredictionsGrid, through: number): number {
  const first = grid.columns[0]?.t ?? 1;
  return Math.max(0, Math.min(grid.columns.length, through - first + 1));
}

/** A probability in two decimals for text, never rounding a tiny or near-certain one to 0 or 1. */
export function probabilityText(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p === 0 || p === 1) return String(p);
  if (p < 0.005) return '<0.01';
  if (p > 0.995) return '>0.99';
  return p.toFixed(2);
}

/** The totals over the first `count` columns: right answers, finite columns, mean p(target) over those (null: none). */
export function totalsOf(grid: PredictionsGrid, count: number): { correct: number; finite: number; meanPTarget: number | null } {
  const c = Math.max(0, Math.min(grid.columns.length, count));
  const finite = grid.finiteThrough[c]!;
  return { correct: grid.correctThrough[c]!, finite, meanPTarget: finite > 0 ? grid.pTargetSumThrough[c]! / finite : null };
}

/** The summary of the first `count` columns, e.g. `12 of 20 steps predicted right; mean p(target) 0.41`. */
export function summaryText(grid: PredictionsGrid, count = grid.columns.length): string {
  const c = Math.max(0, Math.min(grid.columns.length, count));
  if (c === 0) return 'No prediction computed yet';
  const { correct, finite, meanPTarget } = totalsOf(grid, c);
  const parts = [`${correct} of ${steps(c)} predicted right`];
  if (meanPTarget === null) parts.push('mean p(target) unknown: no yhat(t) is finite');
  else parts.push(`mean p(target) ${probabilityText(meanPTarget)}${finite < c ? ` over the ${steps(finite)} whose yhat(t) is finite` : ''}`);
  return parts.join('; ');
}

/** The shade of a level 1..LEVELS: the middle of its band of probabilities on the sequential scale (in `theme`). */
export function levelColour(level: number, theme: Theme = 'light'): string {
  return sequentialColor((level - 0.5) / LEVELS, theme);
}

/** The level 1..LEVELS of a probability: level l holds ((l-1)/LEVELS, l/LEVELS]. */
export function levelOf(p: number): number {
  return Math.max(1, Math.min(LEVELS, Math.ceil(p * LEVELS)));
}

/** The chart's marks as SVG paths: a handful of elements however many cells there are. */
export interface PredictionPaths {
  /** Finite columns' background (the p = 0 shade), one rectangle per run of finite columns. */
  readonly background: string;
  /** Cells with yhat(t)[k] >= MIN_SHOWN, one path per level 1..LEVELS (index level - 1). */
  readonly shades: readonly string[];
  /** The outline of every column's target cell y(t). */
  readonly targets: string;
  /** A cross in the argmax cell of every column predicted wrong (finite columns only). */
  readonly wrong: string;
  /** The outline of every non-finite column, and a cross above it in the band. */
  readonly nonFiniteColumns: string;
  readonly nonFiniteCrosses: string;
  /** Stroke width of the target outlines and crosses: thinner in small cells, so a mark stays in its cell. */
  readonly stroke: number;
  /** Whether the crosses get a white halo (cells of 6 pixels or more; in smaller ones it would hide the neighbours). */
  readonly halo: boolean;
}

/** The path of a rectangle. */
const rect = (x: number, y: number, w: number, h: number) => `M${n2(x)},${n2(y)}h${n2(w)}v${n2(h)}h${n2(-w)}z`;
/** The path of a cross of half-size r centred on (x, y). */
const cross = (x: number, y: number, r: number) => `M${n2(x - r)},${n2(y - r)}L${n2(x + r)},${n2(y + r)}M${n2(x - r)},${n2(y + r)}L${n2(x + r)},${n2(y - r)}`;

/** Every mark of the grid as a few paths, in one pass over the m K cells. */
export function predictionPaths(grid: PredictionsGrid): PredictionPaths {
  const { cellWidth: w, rowHeight: h, plot } = grid;
  const shades = new Array<string>(LEVELS).fill('');
  let background = '';
  let targets = '';
  let wrong = '';
  let nonFiniteColumns = '';
  let nonFiniteCrosses = '';
  let runStart = -1;
  const stroke = Math.min(1.5, Math.max(0.5, Math.min(w, h) / 4));
  const inset = Math.min(stroke / 2, w / 4, h / 4);
  const r = Math.max(1, Math.min(w, h) * 0.3);
  grid.columns.forEach((c, i) => {
    targets += rect(c.x + inset, plot.top + c.target * h + inset, w - 2 * inset, h - 2 * inset);
    if (c.nonFinite) {
      if (runStart >= 0) background += rect(grid.columns[runStart]!.x, plot.top, (i - runStart) * w, plot.bottom - plot.top);
      runStart = -1;
      nonFiniteColumns += rect(c.x, plot.top, w, plot.bottom - plot.top);
      nonFiniteCrosses += cross(c.x + w / 2, grid.bandY, Math.min(4, Math.max(2, w / 2)));
      return;
    }
    if (runStart < 0) runStart = i;
    for (let k = 0; k < c.probs.length; k++) {
      const p = c.probs[k]!;
      if (p >= MIN_SHOWN) shades[levelOf(p) - 1] += rect(c.x, plot.top + k * h, w, h);
    }
    if (!c.correct) wrong += cross(c.x + w / 2, plot.top + (c.argmax + 0.5) * h, r);
  });
  if (runStart >= 0) background += rect(grid.columns[runStart]!.x, plot.top, (grid.columns.length - runStart) * w, plot.bottom - plot.top);
  return { background, shades, targets, wrong, nonFiniteColumns, nonFiniteCrosses, stroke, halo: Math.min(w, h) >= 6 };
}
