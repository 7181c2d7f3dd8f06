/** The width of a chart's box, measured, so that charts are drawn at 1:1 at any panel width. */
import type { RefObject } from 'react';
import { useEffect, useRef, useState } from 'react';
import { MIN_CHART_WIDTH } from '../../graph/charts/index';

/**
 * The width of an element in whole steps of 8 pixels (at least MIN_CHART_WIDTH), so that the
 * charts are drawn at 1:1 (readable text at any panel width) and recomputed only when it changes.
 */
export function useWidth(): readonly [RefObject<HTMLDivElement | null>, number | null] {
  const ref = useRef<HTMLDivElement>(null);
  const [px, setPx] = useState<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined && w > 0) setPx(Math.max(MIN_CHART_WIDTH, Math.floor(w / 8) * 8));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, px] as const;
}
