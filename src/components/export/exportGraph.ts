/**
 * The graphs as files for slides: a standalone SVG document made from what is on screen (the
 * unfolded graph's blocks as groups in one <svg>, every computed style the app's CSS gives them
 * written as presentation attributes, in the light theme on a white background, a title and a description), and a PNG
 * of that document drawn on a canvas by a small SVG painter of our own. The painter is there for
 * the Content-Security-Policy: `img-src 'self'` forbids loading the SVG from a blob: or data: URL
 * into an <img>, so nothing here loads an image. User text (labels) only ever travels as DOM text
 * nodes, written out by XMLSerializer.
 */
import type { Theme } from '../../graph/layout/index';
import { BUILD_ALL_EVENT, PAINT_THEME_EVENT } from '../graph/unfoldedView';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Which graph. */
export type GraphKind = 'unfolded' | 'folded';

/** Inherited properties copied from the computed style, where they differ from the parent's. */
const INHERITED = [
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity',
  'stroke-linecap', 'stroke-linejoin', 'paint-order', 'font-family', 'font-size', 'font-style', 'font-weight', 'text-anchor', 'visibility',
] as const;
/** Properties that are not inherited, with their initial values (written only when they differ). */
const NOT_INHERITED: Readonly<Record<string, string>> = { opacity: '1' };
/** Elements that draw nothing themselves: copied as they are. */
const UNDRAWN = new Set(['title', 'desc', 'metadata']);
/** Attributes of the screen only: tab stops, roles, inline styles (their effect is in the copied styles). */
const SCREEN_ONLY = ['style', 'role', 'tabindex', 'focusable'];

/** A computed value as an SVG attribute value: lengths without `px`, dash lists space-separated, transparent as none. */
function attributeValue(property: string, value: string): string {
  if (property === 'stroke-dasharray') return value === 'none' ? value : value.replace(/px/g, '').split(/[\s,]+/).join(' ');
  if ((property === 'fill' || property === 'stroke') && /^rgba\(.*,\s*0\)$/.test(value)) return 'none';
  return /^-?[\d.]+(e[-+]?\d+)?px$/.test(value) ? value.slice(0, -2) : value;
}

type Layer = 'fill' | 'stroke' | 'markers';

/** The order fill, stroke and markers are painted in (`paint-order: stroke` paints the stroke first). */
function paintOrder(value: string | undefined): Layer[] {
  const named = (value ?? 'normal').split(/\s+/).filter((v): v is Layer => v === 'fill' || v === 'stroke' || v === 'markers');
  return [...named, ...(['fill', 'stroke', 'markers'] as const).filter((l) => !named.includes(l))];
}

/**
 * Text painted stroke first (`paint-order: stroke`: a halo that keeps numbers readable on any
 * fill) as two texts, the halo behind: renderers without paint-order (PowerPoint) draw it right.
 */
function splitHalo(copy: Element, style: ReadonlyMap<string, string>): void {
  const order = paintOrder(style.get('paint-order'));
  if (order.indexOf('stroke') > order.indexOf('fill') || style.get('stroke') === 'none' || !(parseFloat(style.get('stroke-width') ?? '0') > 0)) return;
  const halo = copy.cloneNode(true) as Element;
  halo.setAttribute('fill', 'none');
  halo.setAttribute('stroke', style.get('stroke')!);
  halo.setAttribute('class', `${copy.getAttribute('class') ?? ''} halo`.trim());
  halo.setAttribute('aria-hidden', 'true');
  copy.setAttribute('stroke', 'none');
  for (const e of [halo, copy]) e.removeAttribute('paint-order');
  copy.before(halo);
}

/**
 * Writes onto `copy` (a deep clone of `original`) and its descendants the computed styles of
 * `original`'s: inherited properties where they differ from the parent's (all of them on the
 * first element), the others where they are not initial. Elements not displayed are left out.
 */
function inlineStyles(original: Element, copy: Element, parent: ReadonlyMap<string, string> | null): void {
  if (UNDRAWN.has(original.localName)) return;
  const computed = getComputedStyle(original);
  if (computed.display === 'none') {
    copy.remove();
    return;
  }
  const own = new Map<string, string>();
  for (const p of INHERITED) {
    const value = attributeValue(p, computed.getPropertyValue(p));
    own.set(p, value);
    // An attribute the app set (and CSS may have overridden) is replaced by what is computed.
    if (value !== '' && (parent === null || parent.get(p) !== value)) copy.setAttribute(p, value);
    else copy.removeAttribute(p);
  }
  for (const [p, initial] of Object.entries(NOT_INHERITED)) {
    const value = attributeValue(p, computed.getPropertyValue(p));
    if (value !== '' && value !== initial) copy.setAttribute(p, value);
    else copy.removeAttribute(p);
  }
  for (const name of SCREEN_ONLY) copy.removeAttribute(name);
  if (original.localName === 'text') splitHalo(copy, own);
  const copies = Array.from(copy.children);
  Array.from(original.children).forEach((child, i) => {
    const c = copies[i];
    if (c) inlineStyles(child, c, own);
  });
}

/** A copy of `original` as a <g> (or its own kind), with its children and styles, moved by (x, y). */
function copyAsGroup(original: Element, x: number, y: number): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  const cls = original.getAttribute('class');
  if (cls) g.setAttribute('class', cls);
  if (x !== 0 || y !== 0) g.setAttribute('transform', `translate(${x},${y})`);
  for (const child of Array.from(original.childNodes)) g.appendChild(child.cloneNode(true));
  // Pair the group with the original for the styles: the same children in the same order.
  inlineStyles(original, g, null);
  return g;
}

/** The live graph on screen, or null: the unfolded graph's viewport (or this topology's row side by side), the folded <svg>. */
export function findGraph(kind: GraphKind, variant: string): Element | null {
  if (kind === 'folded') return document.querySelector('[data-testid="folded-graph"]');
  return document.querySelector('[data-testid="unfolded-graph"]') ?? document.querySelector(`[data-testid="unfolded-${CSS.escape(variant)}"]`);
}

/** What the standalone document says about itself. */
export interface SvgText {
  readonly title: string;
  readonly desc: string;
}

/**
 * Runs `copy` with the page in the light theme, so that a file is light on white whatever the
 * theme on screen (for slides and paper): the CSS colours by `<html data-theme>`, the colour
 * scales (painted by the views as fills) by asking every unfolded graph to paint them light
 * (PAINT_THEME_EVENT) and then in the page's theme again. The styles are read synchronously:
 * nothing is painted in the other theme, and the app has no CSS transitions that would lag behind.
 */
function inLightTheme<T>(copy: () => T): T {
  const root = document.documentElement;
  const theme = root.dataset['theme'];
  if (theme === undefined || theme === 'light') return copy();
  const paint = (detail: Theme | null) => {
    for (const plane of document.querySelectorAll('.graph-plane')) plane.dispatchEvent(new CustomEvent(PAINT_THEME_EVENT, { detail }));
  };
  root.dataset['theme'] = 'light';
  paint('light');
  try {
    return copy();
  } finally {
    root.dataset['theme'] = theme;
    paint(null);
  }
}

/**
 * A standalone SVG document (a detached <svg> element) of a live graph: the unfolded graph's
 * viewport or the folded graph's <svg>, drawn in full whatever the zoom, labels shown, in the
 * light theme on white whatever the theme on screen. Its colours are the computed ones, never
 * the page's CSS variables (undefined outside it).
 */
export function standaloneSvg(kind: GraphKind, graph: Element, text: SvgText): SVGSVGElement {
  return inLightTheme(() => lightSvg(kind, graph, text));
}

function lightSvg(kind: GraphKind, graph: Element, text: SvgText): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  let width: number;
  let height: number;
  const parts: SVGGElement[] = [];
  if (kind === 'unfolded') {
    let blocks = Array.from(graph.querySelectorAll<SVGSVGElement>('.graph-plane > svg.graph-block'));
    if (blocks.length === 0) throw new Error('the unfolded graph is not drawn yet');
    // The plane's size; each block draws its columns in the plane's units, from its viewBox's x.
    const plane = blocks[0]!.parentElement!;
    // The graph at rest and whole: a step's motion stopped, and (a long graph holds only the blocks in view) every block built.
    plane.dispatchEvent(new Event(BUILD_ALL_EVENT));
    blocks = Array.from(graph.querySelectorAll<SVGSVGElement>('.graph-plane > svg.graph-block'));
    width = parseFloat(plane.style.width);
    height = parseFloat(plane.style.height);
    // Labels hidden while zoomed out (level of detail) belong in the file: show them while copying.
    const far = graph.classList.contains('far');
    graph.classList.remove('far');
    try {
      for (const block of blocks) {
        const style = getComputedStyle(block);
        const box = block.viewBox.baseVal as DOMRect | null;
        parts.push(copyAsGroup(block, (parseFloat(style.left) || 0) - (box?.x ?? 0), (parseFloat(style.top) || 0) - (box?.y ?? 0)));
      }
    } finally {
      if (far) graph.classList.add('far');
    }
  } else {
    const box = (graph as SVGSVGElement).viewBox.baseVal;
    width = box.width;
    height = box.height;
    parts.push(copyAsGroup(graph, -box.x, -box.y));
  }
  if (!(width > 0 && height > 0)) throw new Error('the graph has no size');
  svg.setAttribute('version', '1.1');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = text.title;
  const desc = document.createElementNS(SVG_NS, 'desc');
  desc.textContent = text.desc;
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x: 0, y: 0, width, height, fill: '#ffffff' })) background.setAttribute(k, String(v));
  svg.append(title, desc, background, ...parts);
  return svg;
}

/** The SVG document as text, XML declaration first. */
export function svgDocument(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

// ---- PNG: an SVG painter for what the graphs use ----------------------------------------------

/** What an SVG element inherits when nothing sets it. */
const INITIAL: Readonly<Record<string, string>> = {
  fill: 'black', 'fill-opacity': '1', 'fill-rule': 'nonzero', stroke: 'none', 'stroke-width': '1', 'stroke-dasharray': 'none',
  'stroke-dashoffset': '0', 'stroke-opacity': '1', 'stroke-linecap': 'butt', 'stroke-linejoin': 'miter', 'paint-order': 'normal', 'font-family': 'sans-serif',
  'font-size': '16', 'font-style': 'normal', 'font-weight': '400', 'text-anchor': 'start', visibility: 'visible',
  'marker-start': 'none', 'marker-end': 'none',
};
type Style = Record<string, string>;

/** The style an element is drawn with: its attributes over what it inherits. */
function styleOf(el: Element, inherited: Readonly<Style>): Style {
  const style: Style = { ...inherited };
  for (const p of Object.keys(INITIAL)) {
    const v = el.getAttribute(p);
    if (v !== null && v !== 'inherit') style[p] = v;
  }
  return style;
}

/** The style of an element from the root down (for a marker's content, which inherits from the marker's ancestors). */
function resolvedStyle(el: Element): Style {
  const chain: Element[] = [];
  for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
  return chain.reduce<Style>((style, e) => styleOf(e, style), { ...INITIAL });
}

const num = (el: Element, name: string): number => parseFloat(el.getAttribute(name) ?? '0') || 0;

/** The outline of a basic shape or path, or null for anything else. */
function outlineOf(el: Element): Path2D | null {
  const p = new Path2D();
  switch (el.localName) {
    case 'path': return new Path2D(el.getAttribute('d') ?? '');
    case 'rect': p.rect(num(el, 'x'), num(el, 'y'), num(el, 'width'), num(el, 'height')); return p;
    case 'circle': p.arc(num(el, 'cx'), num(el, 'cy'), num(el, 'r'), 0, 2 * Math.PI); return p;
    case 'ellipse': p.ellipse(num(el, 'cx'), num(el, 'cy'), num(el, 'rx'), num(el, 'ry'), 0, 0, 2 * Math.PI); return p;
    case 'line': p.moveTo(num(el, 'x1'), num(el, 'y1')); p.lineTo(num(el, 'x2'), num(el, 'y2')); return p;
    case 'polyline': case 'polygon': {
      const xy = (el.getAttribute('points') ?? '').trim().split(/[\s,]+/).map(Number);
      for (let i = 0; i + 1 < xy.length; i += 2) {
        if (i === 0) p.moveTo(xy[i]!, xy[i + 1]!);
        else p.lineTo(xy[i]!, xy[i + 1]!);
      }
      if (el.localName === 'polygon') p.closePath();
      return p;
    }
    default: return null;
  }
}

/** Sets a colour for fill or stroke with its opacity; false when there is nothing to paint. */
function usePaint(ctx: CanvasRenderingContext2D, colour: string | undefined, opacity: string | undefined, alpha: number, which: 'fillStyle' | 'strokeStyle'): boolean {
  if (!colour || colour === 'none' || colour.startsWith('url(')) return false;
  ctx[which] = colour;
  ctx.globalAlpha = alpha * (parseFloat(opacity ?? '1') || 0);
  return true;
}

/** Sets the stroke's width, dashes, caps and joins; false when the stroke has no width. */
function useStroke(ctx: CanvasRenderingContext2D, s: Style): boolean {
  const width = parseFloat(s['stroke-width']!) || 0;
  if (width <= 0) return false; // a canvas ignores lineWidth = 0 and would keep the last width
  ctx.lineWidth = width;
  const dashes = s['stroke-dasharray'] === 'none' ? [] : s['stroke-dasharray']!.split(/[\s,]+/).map(Number);
  ctx.setLineDash(dashes.every((d) => d >= 0) && dashes.some((d) => d > 0) ? dashes : []);
  ctx.lineDashOffset = parseFloat(s['stroke-dashoffset']!) || 0;
  ctx.lineCap = s['stroke-linecap'] as CanvasLineCap;
  ctx.lineJoin = s['stroke-linejoin'] as CanvasLineJoin;
  return true;
}

/** The point and direction (radians) at the start or the end of a path or line. */
function tangent(el: Element, end: boolean): { x: number; y: number; angle: number } | null {
  try {
    if (el instanceof SVGGeometryElement) {
      const length = el.getTotalLength();
      const at = end ? length : 0;
      const p = el.getPointAtLength(at);
      const q = el.getPointAtLength(end ? Math.max(0, at - 0.5) : Math.min(length, 0.5));
      return { x: p.x, y: p.y, angle: end ? Math.atan2(p.y - q.y, p.x - q.x) : Math.atan2(q.y - p.y, q.x - p.x) };
    }
  } catch {
    // No geometry in this browser for a detached element: no marker.
  }
  return null;
}

/** Draws the marker that `ref` (url(#id)) names at one end of `el`. */
function drawMarker(ctx: CanvasRenderingContext2D, el: Element, ref: string, end: boolean, strokeWidth: number, alpha: number): void {
  const id = /^url\(\s*["']?#([^"')]+)["']?\s*\)$/.exec(ref)?.[1];
  const marker = id ? el.closest('svg')?.querySelector(`marker#${CSS.escape(id)}`) : null;
  const at = marker ? tangent(el, end) : null;
  if (!marker || !at) return;
  const orient = marker.getAttribute('orient') ?? '0';
  const angle = orient === 'auto' ? at.angle : orient === 'auto-start-reverse' ? at.angle + (end ? 0 : Math.PI) : (parseFloat(orient) || 0) * Math.PI / 180;
  const mw = marker.hasAttribute('markerWidth') ? num(marker, 'markerWidth') : 3;
  const mh = marker.hasAttribute('markerHeight') ? num(marker, 'markerHeight') : 3;
  const [vx, vy, vw, vh] = (marker.getAttribute('viewBox') ?? `0 0 ${mw} ${mh}`).trim().split(/[\s,]+/).map(Number) as [number, number, number, number];
  const s = Math.min(mw / vw, mh / vh);
  ctx.save();
  ctx.translate(at.x, at.y);
  ctx.rotate(angle);
  if (marker.getAttribute('markerUnits') !== 'userSpaceOnUse') ctx.scale(strokeWidth, strokeWidth);
  ctx.translate((mw - vw * s) / 2 - s * (num(marker, 'refX') - vx), (mh - vh * s) / 2 - s * (num(marker, 'refY') - vy));
  ctx.scale(s, s);
  ctx.translate(-vx, -vy);
  const style = resolvedStyle(marker);
  for (const child of Array.from(marker.children)) drawElement(ctx, child, style, alpha);
  ctx.restore();
}

/** Draws an element and its children onto the canvas. */
function drawElement(ctx: CanvasRenderingContext2D, el: Element, inherited: Readonly<Style>, alpha: number): void {
  if (UNDRAWN.has(el.localName) || el.localName === 'defs' || el.localName === 'marker' || el.getAttribute('display') === 'none') return;
  const s = styleOf(el, inherited);
  const a = alpha * (el.hasAttribute('opacity') ? parseFloat(el.getAttribute('opacity')!) : 1);
  ctx.save();
  const m = el instanceof SVGGraphicsElement ? el.transform.baseVal.consolidate()?.matrix : undefined;
  if (m) ctx.transform(m.a, m.b, m.c, m.d, m.e, m.f);
  const visible = s.visibility === 'visible';
  if (el.localName === 'g' || el.localName === 'svg' || el.localName === 'a') {
    for (const child of Array.from(el.children)) drawElement(ctx, child, s, a);
  } else if (el.localName === 'text' && visible) {
    ctx.font = `${s['font-style']} ${s['font-weight']} ${parseFloat(s['font-size']!) || 16}px ${s['font-family']}`;
    const anchor = s['text-anchor'];
    ctx.textAlign = anchor === 'middle' ? 'center' : anchor === 'end' ? 'right' : 'left';
    ctx.textBaseline = 'alphabetic';
    const text = el.textContent ?? '';
    const [x, y] = [num(el, 'x'), num(el, 'y')];
    for (const layer of paintOrder(s['paint-order'])) {
      if (layer === 'fill' && usePaint(ctx, s.fill, s['fill-opacity'], a, 'fillStyle')) ctx.fillText(text, x, y);
      if (layer === 'stroke' && usePaint(ctx, s.stroke, s['stroke-opacity'], a, 'strokeStyle') && useStroke(ctx, s)) ctx.strokeText(text, x, y);
    }
  } else if (visible) {
    const outline = outlineOf(el);
    if (outline) {
      const open = el.localName === 'line';
      const width = parseFloat(s['stroke-width']!) || 0;
      for (const layer of paintOrder(s['paint-order'])) {
        if (layer === 'fill' && !open && usePaint(ctx, s.fill, s['fill-opacity'], a, 'fillStyle')) ctx.fill(outline, s['fill-rule'] === 'evenodd' ? 'evenodd' : 'nonzero');
        if (layer === 'stroke' && usePaint(ctx, s.stroke, s['stroke-opacity'], a, 'strokeStyle') && useStroke(ctx, s)) ctx.stroke(outline);
        if (layer === 'markers' && s['marker-start'] !== 'none') drawMarker(ctx, el, s['marker-start']!, false, width, a);
        if (layer === 'markers' && s['marker-end'] !== 'none') drawMarker(ctx, el, s['marker-end']!, true, width, a);
      }
    }
  }
  ctx.restore();
}

/** Largest canvas side and area drawn (browsers refuse larger canvases): a long graph gets a smaller scale. */
export const MAX_CANVAS_SIDE = 16384;
export const MAX_CANVAS_AREA = 2 ** 26;

/** The scale a graph of this size is rasterised at: `wanted`, or less where the canvas would be too large. */
export function pngScale(width: number, height: number, wanted = 2): number {
  return Math.min(wanted, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height, Math.sqrt(MAX_CANVAS_AREA / (width * height)));
}

/** The standalone SVG painted onto a canvas at `scale` (2 by default, less for a very long graph), as a PNG. */
export async function pngOf(svg: SVGSVGElement, wanted = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const scale = pngScale(width, height, wanted);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(canvas.width / width, canvas.height / height);
  // Fonts of the page (system fonts, nothing loaded) are the canvas's: the text looks as on screen.
  for (const child of Array.from(svg.children)) drawElement(ctx, child, INITIAL, 1);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
}
