/**
 * One hit area over a long chart (more steps than stepPages' STEP_ELEMENTS_MAX): pointing at it
 * names the item under the pointer in its tooltip and its data-step. React draws it once per
 * pass; the pointer changes only those two attributes, so a chart of 2,048 steps costs the DOM
 * two elements, not 4,096.
 */
import type { PointerEvent } from 'react';
import { itemAt } from '../../graph/charts/index';

export interface HoverTargetProps {
  /** The row of equal cells: its left edge, top, cell width, height and number of cells (SVG units). */
  readonly left: number;
  readonly top: number;
  readonly cell: number;
  readonly height: number;
  readonly count: number;
  /** The step of cell i, and the tooltip that names it. */
  readonly step: (i: number) => number;
  readonly title: (i: number) => string;
}

export function HoverTarget({ left, top, cell, height, count, step, title }: HoverTargetProps) {
  const point = (e: PointerEvent<SVGRectElement>) => {
    const rect = e.currentTarget;
    const box = rect.getBoundingClientRect();
    if (box.width <= 0) return;
    const x = left + ((e.clientX - box.left) * cell * count) / box.width;
    const i = itemAt(x, left, cell, count);
    const text = rect.firstElementChild;
    if (i < 0 || !text) return;
    rect.dataset.step = String(step(i));
    text.textContent = title(i);
  };
  return (
    <rect x={left} y={top} width={cell * count} height={height} fill="transparent" data-hover="steps" onPointerMove={point} onPointerEnter={point}>
      <title />
    </rect>
  );
}
