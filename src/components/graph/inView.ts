/**
 * The pan that brings a box of the content into view, keeping the zoom: a pure function of the
 * transform, the box and the viewport's size, so that panZoom and the tests share one rule.
 */
import type { Box } from '../../graph/layout/index';

/** A pan and zoom: screen = content * k + (x, y), in px from the viewport's top left. */
export interface Transform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** The room, in px, kept between a box brought into view and the viewport's edge. */
export const IN_VIEW_MARGIN = 12;

/** The new translation along one axis: the segment [a, b] (content units) inside [0, size] px with `margin` to spare, moved as little as can be; centred when it is too long. */
function shift(t: number, k: number, a: number, b: number, size: number, margin: number): number {
  const s0 = t + a * k;
  const s1 = t + b * k;
  if (s1 - s0 + 2 * margin > size) return size / 2 - ((a + b) / 2) * k;
  if (s0 < margin) return t + margin - s0;
  if (s1 > size - margin) return t + size - margin - s1;
  return t;
}

/**
 * The translation (x, y) at which `box` (content units) is wholly inside a viewport of w x h px
 * at the transform's zoom, moved as little as can be, or null when it is in view already.
 */
export function panToShow(t: Transform, box: Box, view: { readonly w: number; readonly h: number }, margin = IN_VIEW_MARGIN): { x: number; y: number } | null {
  const x = shift(t.x, t.k, box.left, box.right, view.w, margin);
  const y = shift(t.y, t.k, box.top, box.bottom, view.h, margin);
  return x === t.x && y === t.y ? null : { x, y };
}

/**
 * The translation of `t` moved as little as keeps the view on the content: along an axis where the
 * content at the transform's zoom is larger than the viewport, no empty band past its edges
 * (left of column 0, below the x row); along one where it is smaller, as it was.
 */
export function withinContent(t: Transform, content: { readonly width: number; readonly height: number }, view: { readonly w: number; readonly h: number }): { x: number; y: number } {
  const axis = (v: number, length: number, size: number): number => (length * t.k > size ? Math.min(0, Math.max(size - length * t.k, v)) : v);
  return { x: axis(t.x, content.width, view.w), y: axis(t.y, content.height, view.h) };
}
