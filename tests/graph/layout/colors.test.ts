/**
 * The colour scales in both themes: light exactly as d3's PuOr and Oranges always gave it; dark
 * with 0 close to the dark graph and large values bright, lightness growing steadily from 0 to
 * each end, and a non-finite colour unlike any on the scale.
 */
import { lab, rgb } from 'd3-color';
import { interpolateOranges, interpolatePuOr } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { NON_FINITE_COLOR, divergingColor, sequentialColor } from '../../../src/graph/layout/index';

/** The dark theme's graph background (--graph) and empty node (--node-empty), styles.css. */
const DARK_GRAPH = '#141a21';
const DARK_EMPTY = '#222b35';

/** WCAG 2 relative luminance of a CSS colour. */
function luminance(css: string): number {
  const c = rgb(css);
  const f = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
}
/** WCAG 2 contrast ratio of two CSS colours. */
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
/** CIELAB lightness L* of a CSS colour. */
const lightness = (css: string): number => lab(css).l;

/** n + 1 evenly spaced points from `from` to `to`. */
const steps = (from: number, to: number, n = 200) => Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);

describe('the light scales', () => {
  it('are the colours they always were, bit for bit', () => {
    for (const limit of [1, 3, 0.25]) {
      for (const v of steps(-2 * limit, 2 * limit, 160)) {
        const s = Math.max(-1, Math.min(1, v / limit));
        expect(divergingColor(v, limit)).toBe(interpolatePuOr(0.5 - s / 2));
        expect(divergingColor(v, limit, 'light')).toBe(interpolatePuOr(0.5 - s / 2));
      }
    }
    expect(divergingColor(5, 0)).toBe(interpolatePuOr(0.5));
    for (const v of steps(-0.5, 1.5, 160)) {
      const expected = interpolateOranges(0.15 + 0.85 * Math.max(0, Math.min(1, v)));
      expect(sequentialColor(v)).toBe(expected);
      expect(sequentialColor(v, 'light')).toBe(expected);
    }
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(divergingColor(v)).toBe('#000000');
      expect(sequentialColor(v)).toBe('#000000');
    }
  });
});

describe('the dark scales', () => {
  it('put 0 close to the dark graph (below 1.5:1) and ±1 far from it (above 4:1)', () => {
    expect(contrast(divergingColor(0, 1, 'dark'), DARK_GRAPH)).toBeLessThan(1.5);
    expect(contrast(divergingColor(0, 1, 'dark'), DARK_EMPTY)).toBeLessThan(1.1);
    expect(contrast(sequentialColor(0, 'dark'), DARK_GRAPH)).toBeLessThan(1.5);
    for (const v of [-1, 1]) expect(contrast(divergingColor(v, 1, 'dark'), DARK_GRAPH)).toBeGreaterThan(4);
    expect(contrast(sequentialColor(1, 'dark'), DARK_GRAPH)).toBeGreaterThan(4);
    // Over ±3 (o(t)) and over a gradient's own largest entry alike.
    expect(divergingColor(3, 3, 'dark')).toBe(divergingColor(1, 1, 'dark'));
    expect(divergingColor(-0.02, 0.02, 'dark')).toBe(divergingColor(-1, 1, 'dark'));
  });

  it('grow in lightness from 0 to each end: never darker in steps of 0.005, brighter in steps of 0.05', () => {
    const rising = (scale: (v: number) => string, end: number) => {
      const fine = steps(0, end, 200).map((v) => lightness(scale(v)));
      for (let i = 1; i < fine.length; i++) expect(fine[i]!, `at ${(end * i) / 200}`).toBeGreaterThanOrEqual(fine[i - 1]!);
      const coarse = steps(0, end, 20).map((v) => lightness(scale(v)));
      for (let i = 1; i < coarse.length; i++) expect(coarse[i]! - coarse[i - 1]!, `at ${(end * i) / 20}`).toBeGreaterThan(1);
    };
    rising((v) => divergingColor(v, 1, 'dark'), 1);
    rising((v) => divergingColor(v, 1, 'dark'), -1);
    rising((v) => sequentialColor(v, 'dark'), 1);
    // Equally bright for +v and -v (within 5 L*): neither sign looks larger.
    for (const v of steps(0, 1, 20)) expect(Math.abs(lightness(divergingColor(v, 1, 'dark')) - lightness(divergingColor(-v, 1, 'dark')))).toBeLessThan(5);
  });

  it('keep PuOr\'s hues and their sides: purple for positive values, orange for negative ones, as in light', () => {
    const hue = (css: string) => {
      const c = lab(css);
      return { warm: c.b > 20 && c.a > 0, purple: c.b < -20 && c.a > 0 };
    };
    for (const v of [0.5, 1]) {
      for (const theme of ['light', 'dark'] as const) {
        expect(hue(divergingColor(v, 1, theme)).purple).toBe(true);
        expect(hue(divergingColor(-v, 1, theme)).warm).toBe(true);
        expect(hue(sequentialColor(v, theme)).warm).toBe(true);
      }
    }
  });

  it('draw a value that is not finite in white, brighter than any colour of the scales', () => {
    expect(NON_FINITE_COLOR.dark).toBe('rgb(255, 255, 255)');
    const brightest = Math.max(...steps(-1, 1).map((v) => lightness(divergingColor(v, 1, 'dark'))), ...steps(0, 1).map((v) => lightness(sequentialColor(v, 'dark'))));
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(divergingColor(v, 1, 'dark')).toBe(NON_FINITE_COLOR.dark);
      expect(sequentialColor(v, 'dark')).toBe(NON_FINITE_COLOR.dark);
    }
    expect(lightness(NON_FINITE_COLOR.dark) - brightest).toBeGreaterThan(15);
    expect(contrast(NON_FINITE_COLOR.dark, DARK_GRAPH)).toBeGreaterThan(15);
  });

  it('are rgb() colours, as the inspector\'s canvas reads them', () => {
    for (const v of [-1, -0.3, 0, 0.7, 1, NaN]) expect(divergingColor(v, 1, 'dark')).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    for (const v of [0, 0.4, 1]) expect(sequentialColor(v, 'dark')).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
  });
});
