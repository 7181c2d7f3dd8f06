/**
 * TeX for numbers, vectors and matrices read from Float64Arrays: numbers only, never text a
 * user typed (labels stay out of TeX). The inspector's equations are built from these.
 */

/** Most entries of a vector (and rows or columns of a matrix) written out; longer ones are elided. */
export const MAX_TEX_ENTRIES = 8;
/** Entries written before the ellipsis of an elided vector (the last entry follows it). */
const HEAD = MAX_TEX_ENTRIES - 2;

/** A number in TeX, 3 significant digits (scientific below 1e-3 and from 1e4); NaN and infinities by name. */
export function texNumber(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (x === Infinity) return '\\infty';
  if (x === -Infinity) return '-\\infty';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) {
    const [mantissa = '', exponent = '0'] = x.toExponential(2).split('e');
    return `${String(Number(mantissa))} \\times 10^{${Number(exponent)}}`;
  }
  return String(Number(x.toPrecision(3)));
}

/** A class or token id (an integer from an Int32Array) in TeX. */
export function texInt(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : '\\text{NaN}';
}

/** The indices to write of `length` entries: all of them, or a head, an ellipsis (-1) and the last. */
export function shownIndices(length: number): number[] {
  if (length <= MAX_TEX_ENTRIES) return Array.from({ length }, (_, i) => i);
  return [...Array.from({ length: HEAD }, (_, i) => i), -1, length - 1];
}

/** A column vector as a bmatrix, elided with \vdots beyond MAX_TEX_ENTRIES entries. */
export function texVector(v: Float64Array): string {
  const rows = shownIndices(v.length).map((i) => (i < 0 ? '\\vdots' : texNumber(v[i]!)));
  return `\\begin{bmatrix} ${rows.join(' \\\\ ')} \\end{bmatrix}`;
}

/** A row vector (the transpose of a column) as a one-row bmatrix, elided with \cdots. */
export function texRowVector(v: Float64Array): string {
  const cols = shownIndices(v.length).map((i) => (i < 0 ? '\\cdots' : texNumber(v[i]!)));
  return `\\begin{bmatrix} ${cols.join(' & ')} \\end{bmatrix}`;
}

/** A rows x cols row-major matrix as a bmatrix, elided with \vdots, \cdots and \ddots. */
export function texMatrix(m: Float64Array, rows: number, cols: number): string {
  const rs = shownIndices(rows);
  const cs = shownIndices(cols);
  const lines = rs.map((i) => cs.map((j) => {
    if (i < 0) return j < 0 ? '\\ddots' : '\\vdots';
    return j < 0 ? '\\cdots' : texNumber(m[i * cols + j]!);
  }).join(' & '));
  return `\\begin{bmatrix} ${lines.join(' \\\\ ')} \\end{bmatrix}`;
}

/** `name^{(t)}`: a quantity at step t (t a number, or `t`/`\tau` in symbolic sums). */
export const at = (name: string, t: number | string): string => `${name}^{(${t})}`;

/** `g_{name^{(t)}}`: dL/d(name) at step t. */
export const grad = (name: string, t: number | string): string => `g_{${at(name, t)}}`;

/** The symbol of yhat. */
export const YHAT = '\\hat{y}';

/** `onehot(id)`. */
export const onehot = (id: string): string => `\\operatorname{onehot}(${id})`;

/** A term dropped by truncation or teacher forcing, struck through and marked as cut. */
export const cut = (term: string, why: string): string => `\\underbrace{\\cancel{${term}}}_{\\text{${why}}}`;

/**
 * One equation: `lhs = rhs[0]` on one line, or, with more right-hand sides, an aligned block
 * whose rows are `= rhs[i]` (the symbolic form first, then the live numbers).
 */
export function equation(lhs: string, ...rhs: string[]): string {
  if (rhs.length <= 1) return `${lhs} = ${rhs[0] ?? ''}`;
  return `\\begin{aligned} ${lhs} &= ${rhs.join(' \\\\ &= ')} \\end{aligned}`;
}
