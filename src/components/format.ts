/** How numbers are written on screen: short, and never silently hiding a non-finite value. */

/** A number in at most 4 significant digits; NaN and infinities by name. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
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
