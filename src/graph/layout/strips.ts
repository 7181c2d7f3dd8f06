/**
 * The entries of a vector node drawn inside it: a value strip of cells (and, in BPTT, a gradient
 * strip under it), or yhat's bars. Up to MAX_CELLS entries get a cell each; a longer vector is
 * compressed into MAX_CELLS bins of consecutive entries, each cell the MEAN of its bin (for yhat's
 * bars the SUM: the probability mass of the bin). Positions are relative to the node's centre.
 */

/** The most cells a strip draws; past that the entries are binned. */
export const MAX_CELLS = 32;

/** One cell: entries first .. end-1, drawn at x (its left edge, from the node's centre) with width w. */
export interface StripCell {
  /** The first entry of its bin (its own entry when the strip is not compressed). */
  readonly first: number;
  /** One past its last entry. */
  readonly end: number;
  readonly x: number;
  readonly w: number;
}

/** How a node's entries are drawn: as coloured cells, or as bars (yhat's probabilities). */
export type StripKind = 'cells' | 'bars';

export interface StripLayout {
  readonly kind: StripKind;
  /** The vector's length. */
  readonly entries: number;
  /** Whether entries are binned (more than MAX_CELLS). */
  readonly compressed: boolean;
  readonly cells: readonly StripCell[];
  /** The value strip's (or the bars' area's) top and height, from the node's centre. */
  readonly valueY: number;
  readonly valueH: number;
  /** The gradient strip's top and height, or null for a node without one (yhat). */
  readonly gradY: number | null;
  readonly gradH: number;
}

/** The bins of `entries` consecutive entries over `cells` cells: bin i holds first..end-1. */
export function binsOf(entries: number, cells = Math.min(entries, MAX_CELLS)): { first: number; end: number }[] {
  return Array.from({ length: cells }, (_, i) => ({ first: Math.floor((i * entries) / cells), end: Math.floor(((i + 1) * entries) / cells) }));
}

/**
 * A strip of `entries` entries spanning `width` (centred on the node), its value row at valueY
 * with height valueH, and its gradient row (null for none) below.
 */
export function stripLayout(kind: StripKind, entries: number, width: number, rows: { valueY: number; valueH: number; gradY: number | null; gradH: number }): StripLayout {
  const bins = binsOf(entries);
  const w = width / Math.max(1, bins.length);
  const cells = bins.map((b, i) => ({ ...b, x: -width / 2 + i * w, w }));
  return { kind, entries, compressed: entries > MAX_CELLS, cells, ...rows };
}

/** Each cell's number of `v` (entries offset..offset+length-1): its bin's mean, or for bars its sum. */
export function binValues(strip: StripLayout, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(strip.cells.length);
  strip.cells.forEach((c, i) => {
    let s = 0;
    for (let j = c.first; j < c.end; j++) s += v[j]!;
    out[i] = strip.kind === 'bars' ? s : s / (c.end - c.first);
  });
  return out;
}

/** The cell holding entry i (the bin it falls in), or -1. */
export function cellOfEntry(strip: StripLayout, i: number): number {
  return strip.cells.findIndex((c) => i >= c.first && i < c.end);
}

/** A bar's height for probability p in [0, 1] (a visible sliver for any p > 0) in an area of height h. */
export function barHeight(p: number, h: number): number {
  if (!(p > 0)) return 0;
  return Math.max(0.75, Math.min(1, p) * h);
}
