/**
 * Pan and zoom with d3-zoom, as a behaviour factory (DESIGN.md, convention 7): created in an
 * effect, given the content's size by `update`, removed by `destroy`. The content is a plane
 * moved by a CSS transform, so panning is the compositor's work: nothing is repainted.
 */
import { select } from 'd3-selection';
import type { ZoomBehavior, ZoomTransform } from 'd3-zoom';
import { zoom, zoomIdentity } from 'd3-zoom';

export interface PanZoom {
  /** The size of the content, in its own units. */
  update: (size: { width: number; height: number }) => void;
  /** Shows the whole content. */
  fit: () => void;
  /** Shows the content at scale k with content point (x, y) at the viewport's centre. */
  centreOn: (x: number, y: number, k?: number) => void;
  /** The visible part of the content, in its own units. */
  visible: () => { x0: number; x1: number; k: number };
  destroy: () => void;
}

/** Pans and zooms `plane` inside `viewport`; `onZoom` hears every new transform. */
export function createPanZoom(viewport: HTMLElement, plane: HTMLElement, onZoom: (t: ZoomTransform) => void): PanZoom {
  let size = { width: 1, height: 1 };
  let current: ZoomTransform = zoomIdentity;
  // The viewport's size, kept by a ResizeObserver: reading clientWidth on every step would force a layout.
  let box = { w: viewport.clientWidth || 800, h: viewport.clientHeight || 400 };
  const observer = typeof ResizeObserver === 'function'
    ? new ResizeObserver(([entry]) => { if (entry) box = { w: entry.contentRect.width || box.w, h: entry.contentRect.height || box.h }; })
    : null;
  observer?.observe(viewport);
  const viewSize = () => box;
  const behaviour: ZoomBehavior<HTMLElement, unknown> = zoom<HTMLElement, unknown>()
    // d3-zoom's own extent reads clientWidth at each transform: that too from the kept size.
    .extent(() => [[0, 0], [box.w, box.h]])
    .scaleExtent([0.01, 4])
    .on('zoom', (event: { transform: ZoomTransform }) => {
      current = event.transform;
      plane.style.transform = `translate(${current.x}px, ${current.y}px) scale(${current.k})`;
      onZoom(current);
    });
  const selection = select(viewport);
  selection.call(behaviour).on('dblclick.zoom', null);

  return {
    update: (s) => { size = s; },
    fit: () => {
      const { w, h } = viewSize();
      const k = Math.min(w / size.width, h / size.height, 1.5);
      selection.call(behaviour.transform, zoomIdentity.translate((w - size.width * k) / 2, (h - size.height * k) / 2).scale(k));
    },
    centreOn: (x, y, k = current.k) => {
      const { w, h } = viewSize();
      selection.call(behaviour.transform, zoomIdentity.translate(w / 2 - x * k, h / 2 - y * k).scale(k));
    },
    visible: () => {
      const { w } = viewSize();
      return { x0: -current.x / current.k, x1: (w - current.x) / current.k, k: current.k };
    },
    destroy: () => {
      observer?.disconnect();
      selection.on('.zoom', null);
    },
  };
}
