/** The inspector's colour scale is the graphs' (graph/colors.ts); numbers always go with it. */
export { divergingColor as heatColor } from '../../graph/layout/index';

/** The largest finite |v| of some arrays (0 when none): the half-width of their common scale. */
export function maxAbs(...arrays: readonly (Float64Array | null)[]): number {
  let m = 0;
  for (const a of arrays) {
    if (!a) continue;
    for (const x of a) if (Number.isFinite(x) && Math.abs(x) > m) m = Math.abs(x);
  }
  return m;
}
