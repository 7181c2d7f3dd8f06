/**
 * One block of the unfolded graph's columns as elements: its own SVG on the plane, with a layer
 * of edges, one of edge labels (weights, the cut marker) and one of nodes (ring, body, name, the
 * value of a circle, the whole label on hover). The view (./unfoldedView.ts) draws them.
 */
import type { LayoutEdge, LayoutNode, UnfoldedLayout } from '../../graph/layout/index';
import { columnX } from '../../graph/layout/index';
import type { StripEls } from './stripView';
import { SVG, el } from './svg';

/** Drawn elements of one node or edge, and what they show now. */
export interface NodeEl { readonly node: LayoutNode; readonly g: SVGGElement; readonly body: SVGElement; readonly ring: SVGElement; readonly value: SVGTextElement | null; readonly title: SVGTitleElement; look: string; strip: StripEls | null; pick: SVGElement | null }
export interface EdgeEl { readonly edge: LayoutEdge; readonly path: SVGPathElement; look: string }

/** The layers of one block. */
export interface Block { readonly svg: SVGSVGElement; readonly edges: SVGGElement; readonly labels: SVGGElement; readonly nodes: SVGGElement }

/** A box of w x h centred on the origin, grown by `grow`, as rect attributes. */
const boxAttrs = (w: number, h: number, grow: number, cls: string) =>
  ({ x: -w / 2 - grow, y: -h / 2 - grow, width: w + 2 * grow, height: h + 2 * grow, rx: 5 + grow, class: cls });

/** Creates, on `plane`, the empty block of steps first..last: its SVG and layers (its steps are added by addStep). */
export function createBlock(plane: HTMLElement, layout: UnfoldedLayout, first: number, last: number): Block {
  // The block's own columns, with a column either side for the edges that enter it (its
  // content is in the plane's units: the viewBox starts where the block does).
  const { width, height, column } = layout;
  const x0 = Math.max(0, columnX(first, column) - column);
  const x1 = Math.min(width, columnX(last, column) + column);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'graph-block');
  svg.setAttribute('width', String(x1 - x0));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `${x0} 0 ${x1 - x0} ${height}`);
  svg.style.left = `${x0}px`;
  plane.appendChild(svg);
  return { svg, edges: el('g', { class: 'edges' }, svg), labels: el('g', { class: 'edge-labels' }, svg), nodes: el('g', { class: 'nodes' }, svg) };
}

/** An exercise's pick around a node: its shape grown clear of the gradient's ring, beneath it (made only for the nodes picked). */
export function pickMark(ne: NodeEl): SVGElement {
  const { node } = ne;
  const attrs = node.shape === 'circle' ? { r: node.w / 2 + 8, class: 'pick' } : boxAttrs(node.w, node.h, 8, 'pick');
  const mark = el(node.shape === 'circle' ? 'circle' : 'rect', attrs, ne.g);
  ne.g.insertBefore(mark, ne.g.firstChild);
  return mark;
}

/** Adds one step's nodes and edges to its block, each in its layer (not drawn yet: no state, no numbers). */
export function addStep(block: Block, nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): { nodes: NodeEl[]; edges: EdgeEl[] } {
  const edgeEls: EdgeEl[] = [];
  for (const edge of edges) {
    const path = el('path', { d: edge.path, 'data-edge': edge.id, class: `edge ${edge.role}${edge.cross ? ' cross' : ''}` }, block.edges);
    if (edge.cut) {
      // The cut marker: a short bar across the middle of the path.
      el('text', { x: edge.labelX, y: edge.labelY, class: 'cut-marker', 'text-anchor': 'middle', 'dominant-baseline': 'central' }, block.labels).textContent = '✂';
    } else if (edge.label !== '') {
      el('text', { x: edge.labelX, y: edge.labelY, class: 'edge-label', 'text-anchor': 'middle', 'dominant-baseline': 'central' }, block.labels).textContent = edge.label;
    }
    edgeEls.push({ edge, path, look: '' });
  }
  const nodeEls: NodeEl[] = [];
  for (const node of nodes) {
    const g = el('g', { 'data-node': node.id, class: `node ${node.kind}`, transform: `translate(${node.x},${node.y})`, role: 'img', 'aria-label': node.label }, block.nodes);
    const circle = node.shape === 'circle';
    const ring = circle ? el('circle', { r: node.w / 2 + 3, class: 'ring' }, g) : el('rect', boxAttrs(node.w, node.h, 3, 'ring'), g);
    const body = circle ? el('circle', { r: node.w / 2, class: 'body' }, g) : el('rect', boxAttrs(node.w, node.h, 0, 'body'), g);
    el('text', { y: node.labelDy, class: 'node-label', 'text-anchor': 'middle', 'dominant-baseline': 'central' }, g).textContent = node.label;
    const value = circle ? el('text', { y: 4, class: 'node-value', 'text-anchor': 'middle' }, g) : null;
    // The whole label on hover (a token's label is cut to its column).
    const title = el('title', {}, g);
    nodeEls.push({ node, g, body, ring, value, title, look: '', strip: null, pick: null });
  }
  return { nodes: nodeEls, edges: edgeEls };
}
