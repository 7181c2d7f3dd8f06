/**
 * Pan and zoom with d3-zoom, as a behaviour factory (DESIGN.md, convention 7): created in an
 * effect, given the content's size by `update`, removed by `destroy`. The content is a plane
 * moved by a CSS transform, so panning is the compositor's work: nothing is repainted.
 *
 * Touch: one finger pans, two pinch (d3-zoom). Where the viewport's CSS lets the page scroll
 * under it (`touch-action: pan-y`, the phone's layout), a finger moving mostly up or down is
 * left to the page: the touch gate keeps it from d3-zoom, which would otherwise cancel the scroll.
 */
import { select } from 'd3-selection';
import type { ZoomBehavior, ZoomTransform } from 'd3-zoom';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { Box } from '../../graph/layout/index';
import { panToShow, withinContent } from './inView';
import type { TouchIntent } from './touchIntent';
import { oneFingerIntent } from './touchIntent';

export interface PanZoom {
  /** The size of the content, in its own units. */
  update: (size: { width: number; height: number }) => void;
  /** Shows the whole content. */
  fit: () => void;
  /** Shows the content at scale k with content point (x, y) at the viewport's centre, or as near it as leaves no empty band past the content's edges. */
  centreOn: (x: number, y: number, k?: number) => void;
  /** The visible part of the content, in its own units. */
  visible: () => { x0: number; x1: number; y0: number; y1: number; k: number };
  /**
   * Keeps a box of the content (its own units) in view: when it is not wholly visible, pans
   * (keeping the zoom) as little as brings it in, now and whenever the viewport's size changes;
   * null keeps nothing.
   */
  keep: (box: Box | null) => void;
  destroy: () => void;
}

/** Whether the page, or a box around `el` that scrolls, can scroll up or down now. */
function scrollsVertically(el: HTMLElement): boolean {
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (a.scrollHeight > a.clientHeight && /(auto|scroll)/.test(getComputedStyle(a).overflowY)) return true;
  }
  const page = document.scrollingElement;
  return page !== null && page.scrollHeight > page.clientHeight;
}

/**
 * Listens, before d3-zoom (capture), to the touches on `viewport`, and hides from d3-zoom the
 * moves of a gesture the page scrolls by: one finger that moves mostly up or down where the
 * viewport's touch-action lets the page pan vertically and something scrolls, and every move the browser no longer
 * lets be cancelled (it is scrolling). Returns the function that stops listening.
 */
function touchGate(viewport: HTMLElement): () => void {
  /** The gesture under way: none, or its intent and where its first finger went down (client px). */
  let gesture: { intent: TouchIntent; id: number; x: number; y: number } | null = null;
  const hide = (event: Event) => event.stopImmediatePropagation();
  const started = (event: TouchEvent) => {
    const first = event.changedTouches[0];
    if (gesture === null && first) {
      const scrolls = getComputedStyle(viewport).touchAction.includes('pan-y') && scrollsVertically(viewport);
      gesture = { intent: scrolls && event.touches.length === 1 ? 'undecided' : 'pan', id: first.identifier, x: first.clientX, y: first.clientY };
    } else if (gesture?.intent === 'undecided') gesture.intent = 'pan'; // a second finger: a pinch
    if (gesture?.intent === 'scroll') hide(event);
  };
  const moved = (event: TouchEvent) => {
    if (gesture === null) return;
    if (!event.cancelable) gesture.intent = 'scroll';
    if (gesture.intent === 'undecided') {
      const finger = Array.from(event.touches).find((t) => t.identifier === gesture!.id);
      if (finger) gesture.intent = oneFingerIntent(finger.clientX - gesture.x, finger.clientY - gesture.y);
    }
    if (gesture.intent !== 'pan') hide(event);
  };
  const ended = (event: TouchEvent) => { if (event.touches.length === 0) gesture = null; };
  const options = { capture: true, passive: true };
  viewport.addEventListener('touchstart', started, options);
  viewport.addEventListener('touchmove', moved, options);
  viewport.addEventListener('touchend', ended, options);
  viewport.addEventListener('touchcancel', ended, options);
  return () => {
    viewport.removeEventListener('touchstart', started, options);
    viewport.removeEventListener('touchmove', moved, options);
    viewport.removeEventListener('touchend', ended, options);
    viewport.removeEventListener('touchcancel', ended, options);
  };
}

/** Pans and zooms `plane` inside `viewport`; `onZoom` hears every new transform. */
export function createPanZoom(viewport: HTMLElement, plane: HTMLElement, onZoom: (t: ZoomTransform) => void): PanZoom {
  let size = { width: 1, height: 1 };
  let current: ZoomTransform = zoomIdentity;
  /** The box kept in view (content units), or null. */
  let kept: Box | null = null;
  // The viewport's size, kept by a ResizeObserver: reading clientWidth on every step would force a layout.
  let box = { w: viewport.clientWidth || 800, h: viewport.clientHeight || 400 };
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
  const ungate = touchGate(viewport);
  selection.call(behaviour).on('dblclick.zoom', null);
  const reveal = () => {
    const to = kept && panToShow(current, kept, box);
    if (to) selection.call(behaviour.transform, zoomIdentity.translate(to.x, to.y).scale(current.k));
  };
  const observer = typeof ResizeObserver === 'function'
    ? new ResizeObserver(([entry]) => {
      if (!entry) return;
      box = { w: entry.contentRect.width || box.w, h: entry.contentRect.height || box.h };
      // A taller or wider viewport (a drawer closed) shows no empty band past the content's edges.
      const to = withinContent(current, size, box);
      if (to.x !== current.x || to.y !== current.y) selection.call(behaviour.transform, zoomIdentity.translate(to.x, to.y).scale(current.k));
      reveal();
    })
    : null;
  observer?.observe(viewport);
  const viewSize = () => box;

  return {
    update: (s) => { size = s; },
    fit: () => {
      const { w, h } = viewSize();
      const k = Math.min(w / size.width, h / size.height, 1.5);
      selection.call(behaviour.transform, zoomIdentity.translate((w - size.width * k) / 2, (h - size.height * k) / 2).scale(k));
    },
    centreOn: (x, y, k = current.k) => {
      const { w, h } = viewSize();
      const to = withinContent({ x: w / 2 - x * k, y: h / 2 - y * k, k }, size, box);
      selection.call(behaviour.transform, zoomIdentity.translate(to.x, to.y).scale(k));
    },
    visible: () => {
      const { w, h } = viewSize();
      return { x0: -current.x / current.k, x1: (w - current.x) / current.k, y0: -current.y / current.k, y1: (h - current.y) / current.k, k: current.k };
    },
    keep: (b) => {
      kept = b;
      reveal();
    },
    destroy: () => {
      observer?.disconnect();
      ungate();
      selection.on('.zoom', null);
    },
  };
}
