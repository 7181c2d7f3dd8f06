/**
 * Colour scales of the graphs, colour-blind safe (ColorBrewer PuOr, and a single orange hue with
 * width for gradients): never the only carrier of meaning, since numbers and widths go with them.
 * Each scale has a light and a dark variant: in both, the larger |v| the further from the page
 * (light: 0 near white, growing darker; dark: 0 near the dark theme's empty node, growing
 * brighter), so a zero never stands out more than a large value.
 */
import { interpolateLab, piecewise } from 'd3-interpolate';
import { interpolateOranges, interpolatePuOr } from 'd3-scale-chromatic';

/** The theme a scale is painted for: `<html data-theme>`. */
export type Theme = 'light' | 'dark';

/**
 * The colour of a value that is not finite (NaN, ±Infinity): black in the light theme (no scale
 * colour is that dark), white in the dark theme (no scale colour is that bright).
 */
export const NON_FINITE_COLOR: Readonly<Record<Theme, string>> = { light: '#000000', dark: 'rgb(255, 255, 255)' };

/**
 * The dark diverging scale over t in [0, 1] (t = 0.5 - s/2, as PuOr's: purple positive, orange
 * negative): bright purple (s = +1) through a deep purple to the dark theme's empty node colour
 * (--node-empty, #222b35) at s = 0, then a deep and a bright orange (s = -1); PuOr's hues at
 * about equal lightness on both sides, interpolated in CIELAB so that lightness grows steadily
 * from 0 to each end.
 */
const darkPuOr = piecewise(interpolateLab, ['#bca3ff', '#7a60bd', '#222b35', '#a35a14', '#f1a340']);

/** The dark sequential scale over [0, 1]: from a dark warm grey (near --node-empty) to bright orange, in CIELAB. */
const darkOranges = piecewise(interpolateLab, ['#2b2a2e', '#9a5512', '#ffb454']);

/**
 * v / limit in [-1, 1] on the diverging purple-orange scale (light: 0 near white; dark: 0 near
 * the empty node's colour); NON_FINITE_COLOR when not finite.
 */
export function divergingColor(v: number, limit = 1, theme: Theme = 'light'): string {
  if (!Number.isFinite(v)) return NON_FINITE_COLOR[theme];
  const s = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0;
  return (theme === 'dark' ? darkPuOr : interpolatePuOr)(0.5 - s / 2);
}

/** A value in [0, 1] on the sequential orange scale (light: pale to dark; dark: dark to bright); NON_FINITE_COLOR when not finite. */
export function sequentialColor(v: number, theme: Theme = 'light'): string {
  if (!Number.isFinite(v)) return NON_FINITE_COLOR[theme];
  const u = Math.max(0, Math.min(1, v));
  return theme === 'dark' ? darkOranges(u) : interpolateOranges(0.15 + 0.85 * u);
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
