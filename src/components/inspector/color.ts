import { useCallback } from 'react';
import { divergingColor } from '../../graph/layout/index';
import { selectDrawnTheme } from '../../store/slices/theme';
import { useApp } from '../../store/store';

/** A colour of the inspector's scale: v over ±limit. */
export type HeatColor = (v: number, limit: number) => string;

/**
 * The inspector's colour scale: the graphs' diverging one (graph/colors.ts) in the page's theme,
 * so that it repaints when the theme changes; numbers always go with it.
 */
export function useHeatColor(): HeatColor {
  const theme = useApp(selectDrawnTheme);
  return useCallback((v, limit) => divergingColor(v, limit, theme), [theme]);
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
