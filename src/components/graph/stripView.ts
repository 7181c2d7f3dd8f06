/**
 * The strips inside a vector node, drawn with a d3 join from the layout's StripLayout: a cell per
 * entry (or per bin) on the value row, the gradient row under it, or yhat's bars with the target
 * class marked. Each mark carries `data-entry` (its bin's first entry). The colours follow the
 * graph's scales: a gate sequential in (0, 1); o diverging over ±3; the other nodes over ±1; the
 * gradient diverging over its own largest |entry| (its size is the node's ring); each scale in
 * the page's theme.
 */
import { select } from 'd3-selection';
import type { LayoutNode, StripCell, StripLayout, Theme } from '../../graph/layout/index';
import { barHeight, binValues, cellOfEntry, divergingColor, sequentialColor } from '../../graph/layout/index';
import type { NodeVectors } from '../../graph/charts/index';
import { SVG } from './svg';

/** The drawn rows of one node's strip. */
export interface StripEls {
  readonly strip: StripLayout;
  /** The whole strip: hidden until first painted (`data-painted`), so that no unpainted cell shows black. */
  readonly all: SVGGElement;
  readonly value: SVGGElement;
  readonly grad: SVGGElement | null;
  /** yhat's outline around the target's bar. */
  readonly target: SVGRectElement | null;
  /** What the strip was last painted from, and in which theme. */
  paintedFrom: NodeVectors | null;
  paintedIn: Theme | null;
}

const group = (parent: Element, cls: string): SVGGElement => {
  const g = document.createElementNS(SVG, 'g');
  g.setAttribute('class', cls);
  parent.appendChild(g);
  return g;
};

/** Joins one row of cells: a rect per cell at its x, over the row's top and height. */
function joinRow(g: SVGGElement, cells: readonly StripCell[], y: number, h: number): void {
  select(g).selectAll<SVGRectElement, StripCell>('rect').data(cells).join('rect')
    .attr('data-entry', (c) => c.first)
    .attr('x', (c) => c.x)
    .attr('y', y)
    .attr('width', (c) => c.w)
    .attr('height', h);
}

/** Builds a node's strip inside its group `g`. */
export function buildStrip(g: SVGGElement, strip: StripLayout): StripEls {
  const all = group(g, `strip ${strip.kind}`);
  const value = group(all, 'value-strip');
  joinRow(value, strip.cells, strip.valueY, strip.valueH);
  let grad: SVGGElement | null = null;
  if (strip.gradY !== null) {
    grad = group(all, 'grad-strip');
    joinRow(grad, strip.cells, strip.gradY, strip.gradH);
  }
  let target: SVGRectElement | null = null;
  if (strip.kind === 'bars') {
    target = document.createElementNS(SVG, 'rect');
    target.setAttribute('class', 'target-mark');
    target.setAttribute('y', String(strip.valueY - 1));
    target.setAttribute('height', String(strip.valueH + 2));
    all.appendChild(target);
  }
  return { strip, all, value, grad, target, paintedFrom: null, paintedIn: null };
}

/** The colour of a value entry of a node, in a theme. */
function valueColor(node: LayoutNode, v: number, theme: Theme): string {
  if (node.gate) return sequentialColor(v, theme);
  return divergingColor(v, node.kind === 'o' ? 3 : 1, theme);
}

/** The largest finite |v| (0 when none). */
function largest(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!) && Math.abs(v[i]!) > m) m = Math.abs(v[i]!);
  return m;
}

/** Paints a strip from the node's vectors in a theme (a cheap no-op when it shows them so already). */
export function paintStrip(els: StripEls, node: LayoutNode, vectors: NodeVectors, theme: Theme): void {
  if (els.paintedFrom === vectors && els.paintedIn === theme) return;
  if (els.paintedFrom === null) els.all.setAttribute('data-painted', '');
  els.paintedFrom = vectors;
  els.paintedIn = theme;
  const { strip } = els;
  const values = binValues(strip, vectors.value);
  const rects = els.value.children;
  if (strip.kind === 'bars') {
    for (let i = 0; i < rects.length; i++) {
      const h = barHeight(values[i]!, strip.valueH);
      rects[i]!.setAttribute('y', String(strip.valueY + strip.valueH - h));
      rects[i]!.setAttribute('height', String(h));
    }
    const at = vectors.target === null ? -1 : cellOfEntry(strip, vectors.target);
    for (let i = 0; i < rects.length; i++) rects[i]!.setAttribute('class', i === at ? 'bar target' : 'bar');
    if (els.target) {
      const c = strip.cells[at];
      els.target.setAttribute('display', c ? 'inline' : 'none');
      if (c) {
        els.target.setAttribute('x', String(c.x - 0.5));
        els.target.setAttribute('width', String(c.w + 1));
      }
    }
  } else {
    for (let i = 0; i < rects.length; i++) rects[i]!.setAttribute('fill', valueColor(node, values[i]!, theme));
  }
  if (els.grad && vectors.grad) {
    const g = binValues(strip, vectors.grad);
    const limit = largest(g);
    const cells = els.grad.children;
    for (let i = 0; i < cells.length; i++) cells[i]!.setAttribute('fill', divergingColor(g[i]!, limit, theme));
  }
}
