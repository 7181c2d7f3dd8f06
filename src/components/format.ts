/** How numbers are written on screen: short, and never silently hiding a non-finite value. */

/** NaN and the infinities by name, or null for a finite number. */
function named(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Infinity';
  if (x === -Infinity) return '-Infinity';
  return null;
}

/** A number in at most 4 significant digits (exponent form below 1e-3 and from 1e4); NaN and infinities by name. */
export function formatNumber(x: number): string {
  const name = named(x);
  if (name !== null) return name;
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(3).replace(/\.?0+e/, 'e') : String(Number(x.toPrecision(4)));
}

/** A number in full precision: the shortest text that reads back as the same double; NaN and infinities by name. */
export function formatFull(x: number): string {
  return named(x) ?? String(x);
}

/** The Euclidean norm of a vector, ||v|| = sqrt(sum of v[i]^2). */
export function euclideanNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** A vector as `[0.1, -0.25, 3]`. */
export function formatVector(v: ArrayLike<number>): string {
  return `[${Array.from(v, formatNumber).join(', ')}]`;
}

/** A byte count in words; `inBytes` writes a small count (English by default). */
export function formatBytes(bytes: number, inBytes: (n: number) => string = (n) => `${n} bytes`): string {
  if (bytes < 1024) return inBytes(bytes);
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
