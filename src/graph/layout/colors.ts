/**
 * Colour scales of the graphs, colour-blind safe (ColorBrewer PuOr, and a single orange hue with
 * width for gradients): never the only carrier of meaning, since numbers and widths go with them.
 */
import { interpolateOranges, interpolatePuOr } from 'd3-scale-chromatic';

/** v / limit in [-1, 1] on the diverging purple-orange scale (0 near white); black when not finite. */
export function divergingColor(v: number, limit = 1): string {
  if (!Number.isFinite(v)) return '#000000';
  const s = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0;
  return interpolatePuOr(0.5 - s / 2);
}

/** A value in [0, 1] on the sequential orange scale. */
export function sequentialColor(v: number): string {
  if (!Number.isFinite(v)) return '#000000';
  return interpolateOranges(0.15 + 0.85 * Math.max(0, Math.min(1, v)));
}

/**
 * A gradient size in [0, 1] on a log scale between `floor` and `ceiling` (sizes below the floor
 * are 0): how wide and how dark an edge is drawn.
 */
export function logShare(size: number, floor: number, ceiling: number): number {
  if (!(size > floor)) return 0;
  if (!Number.isFinite(size) || size >= ceiling) return 1;
  return Math.log(size / floor) / Math.log(ceiling / floor);
}
