/**
 * The inspector's colour scale: ColorBrewer PuOr, diverging and colour-blind safe (positive
 * purple, zero near white, negative orange), as the graph panels use it. Numbers always go with it.
 */
import { interpolatePuOr } from 'd3-scale-chromatic';

/** The colour of v on a symmetric scale of half-width `limit`; black for a value that is not finite. */
export function heatColor(v: number, limit: number): string {
  if (!Number.isFinite(v)) return '#000000';
  const s = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0;
  return interpolatePuOr(0.5 - s / 2);
}

/** The largest finite |v| of some arrays (0 when none): the half-width of their common scale. */
export function maxAbs(...arrays: readonly (Float64Array | null)[]): number {
  let m = 0;
  for (const a of arrays) {
    if (!a) continue;
    for (const x of a) if (Number.isFinite(x) && Math.abs(x) > m) m = Math.abs(x);
  }
  return m;
}
