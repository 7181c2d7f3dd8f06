/**
 * The unfolded graph drawn in an SVG, as a behaviour factory: `update` takes the layout, the
 * numbers of the pass and the cursor, and touches only the elements whose look changed, so
 * stepping through tau = 512 stays cheap; a frame loop moves the flow along the active edges.
 */
import type { EdgeState, NodeState } from '../../graph/animation';
import { cursorAt, edgeState, flowDashOffset, nodeState } from '../../graph/animation';
import { divergingColor, logShare, sequentialColor } from '../../graph/colors';
import type { LayoutEdge, LayoutNode, UnfoldedLayout } from '../../graph/layout';
import { RADIUS } from '../../graph/layout';
import type { NodeNumbers } from '../../graph/magnitudes';

const SVG = 'http://www.w3.org/2000/svg';

/** What the view draws. */
export interface UnfoldedProps {
  readonly layout: UnfoldedLayout;
  /** Per node and edge numbers of the pass, or null while the trace is on its way. */
  readonly numbers: { readonly nodes: ReadonlyMap<string, NodeNumbers>; readonly edges: ReadonlyMap<string, number> } | null;
  readonly position: number;
  readonly tau: number;
  readonly selected: string | null;
  /** Display names of tokens and classes (text only). */
  readonly symbols: (kind: 'x' | 'y', id: number) => string;
}

export interface UnfoldedView {
  update: (props: UnfoldedProps) => void;
  destroy: () => void;
}

/** Drawn elements of one node or edge, and what they show now. */
interface NodeEl { readonly node: LayoutNode; readonly g: SVGGElement; readonly circle: SVGCircleElement; readonly ring: SVGCircleElement; readonly value: SVGTextElement; look: string }
interface EdgeEl { readonly edge: LayoutEdge; readonly path: SVGPathElement; look: string; state: EdgeState }

const el = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent: Element): SVGElementTagNameMap[K] => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent.appendChild(e);
  return e;
};

/** The fill of a node with a value: h and o on the diverging scale, yhat and L sequential. */
function fillOf(node: LayoutNode, n: NodeNumbers | undefined, lossScale: number): string {
  if (!n) return '#ffffff';
  if (node.kind === 'h') return divergingColor(n.value);
  if (node.kind === 'o') return divergingColor(n.value, 3);
  if (node.kind === 'yhat') return sequentialColor(n.value);
  if (node.kind === 'L') return sequentialColor(n.value / lossScale);
  return '#e8edf2';
}

/** The short text inside a node: the token for x and y, 2 digits for the rest. */
function valueText(node: LayoutNode, n: NodeNumbers | undefined, symbols: UnfoldedProps['symbols']): string {
  if (!n) return '';
  if (node.kind === 'x' || node.kind === 'y') return Number.isInteger(n.value) ? symbols(node.kind, n.value) : '';
  if (!Number.isFinite(n.value)) return Number.isNaN(n.value) ? 'NaN' : '∞';
  return n.value.toFixed(Math.abs(n.value) >= 10 ? 0 : 2);
}

/** Draws into `root` (a <g> that pan and zoom move); `onSelect` hears clicks on nodes. */
export function createUnfoldedView(root: SVGGElement, onSelect: (id: string) => void): UnfoldedView {
  const edgesLayer = el('g', { class: 'edges' }, root);
  const labelsLayer = el('g', { class: 'edge-labels' }, root);
  const nodesLayer = el('g', { class: 'nodes' }, root);
  let layout: UnfoldedLayout | null = null;
  let nodeEls: NodeEl[] = [];
  let edgeEls: EdgeEl[] = [];
  let flowing: EdgeEl[] = [];
  let frame = 0;

  const onClick = (event: MouseEvent) => {
    const target = (event.target as Element).closest('[data-node]');
    const id = target?.getAttribute('data-node');
    if (id) onSelect(id);
  };
  nodesLayer.addEventListener('click', onClick);

  const build = (next: UnfoldedLayout): void => {
    layout = next;
    edgesLayer.replaceChildren();
    labelsLayer.replaceChildren();
    nodesLayer.replaceChildren();
    edgeEls = next.edges.map((edge) => {
      const path = el('path', { d: edge.path, 'data-edge': edge.id, class: `edge ${edge.role}${edge.cross ? ' cross' : ''}` }, edgesLayer);
      if (edge.cut) {
        // The cut marker: a short bar across the middle of the path.
        el('text', { x: edge.labelX, y: edge.labelY + 4, class: 'cut-marker', 'text-anchor': 'middle' }, labelsLayer).textContent = '✂';
      } else if (edge.role === 'U' || edge.role === 'V' || edge.role === 'W') {
        el('text', { x: edge.labelX, y: edge.labelY, class: 'edge-label' }, labelsLayer).textContent = edge.role;
      }
      return { edge, path, look: '', state: 'idle' as EdgeState };
    });
    nodeEls = next.nodes.map((node) => {
      const g = el('g', { 'data-node': node.id, class: `node ${node.kind}`, transform: `translate(${node.x},${node.y})`, role: 'button', 'aria-label': node.label }, nodesLayer);
      const ring = el('circle', { r: RADIUS + 3, class: 'ring' }, g);
      const circle = el('circle', { r: RADIUS, class: 'body' }, g);
      el('text', { y: -RADIUS - 6, class: 'node-label', 'text-anchor': 'middle' }, g).textContent = node.label;
      const value = el('text', { y: 4, class: 'node-value', 'text-anchor': 'middle' }, g);
      return { node, g, circle, ring, value, look: '' };
    });
  };

  const tick = (ms: number): void => {
    for (const e of flowing) e.path.setAttribute('stroke-dashoffset', String(flowDashOffset(e.state, ms)));
    frame = flowing.length > 0 ? requestAnimationFrame(tick) : 0;
  };

  const update = (props: UnfoldedProps): void => {
    if (props.layout !== layout) build(props.layout);
    const cursor = cursorAt(props.position, props.tau);
    const numbers = props.numbers;
    let lossScale = 1;
    if (numbers) for (const [id, n] of numbers.nodes) if (id.startsWith('L@') && Number.isFinite(n.value)) lossScale = Math.max(lossScale, n.value);
    let gradCeiling = 1e-12;
    if (numbers) for (const m of numbers.edges.values()) if (Number.isFinite(m)) gradCeiling = Math.max(gradCeiling, m);
    const gradFloor = gradCeiling * 1e-6;

    for (const ne of nodeEls) {
      const s: NodeState = nodeState(ne.node, cursor);
      const n = numbers?.nodes.get(ne.node.id);
      const shown = s.value ? n : undefined;
      const grad = s.gradient && n?.gradNorm != null ? logShare(n.gradNorm, gradFloor, gradCeiling) : -1;
      const look = `${s.value}|${s.active}|${s.gradient}|${grad.toFixed(2)}|${props.selected === ne.node.id}|${shown ? shown.value : ''}`;
      if (look === ne.look) continue;
      ne.look = look;
      ne.g.setAttribute('class', `node ${ne.node.kind}${s.value ? ' computed' : ''}${s.active ? ' active' : ''}${s.gradient ? ' has-gradient' : ''}${props.selected === ne.node.id ? ' selected' : ''}`);
      ne.circle.setAttribute('fill', s.value ? fillOf(ne.node, shown, lossScale) : '#ffffff');
      ne.ring.setAttribute('stroke-width', grad >= 0 ? String(1 + 6 * grad) : '0');
      ne.value.textContent = valueText(ne.node, shown, props.symbols);
    }

    flowing = [];
    for (const ee of edgeEls) {
      const state = edgeState(ee.edge, cursor);
      const m = numbers?.edges.get(ee.edge.id) ?? 0;
      const share = state === 'backward' || state === 'backward-done' ? logShare(m, gradFloor, gradCeiling) : -1;
      const look = `${state}|${share.toFixed(2)}`;
      ee.state = state;
      if (state === 'forward' || state === 'backward') flowing.push(ee);
      if (look === ee.look) continue;
      ee.look = look;
      ee.path.setAttribute('class', `edge ${ee.edge.role}${ee.edge.cross ? ' cross' : ''} ${state}`);
      if (share >= 0) {
        ee.path.setAttribute('stroke-width', String(1 + 7 * share));
        ee.path.setAttribute('stroke', sequentialColor(0.25 + 0.75 * share));
      } else {
        ee.path.removeAttribute('stroke-width');
        ee.path.removeAttribute('stroke');
      }
      if (state !== 'forward' && state !== 'backward') ee.path.removeAttribute('stroke-dashoffset');
    }
    if (flowing.length > 0 && frame === 0) frame = requestAnimationFrame(tick);
  };

  return {
    update,
    destroy: () => {
      if (frame) cancelAnimationFrame(frame);
      nodesLayer.removeEventListener('click', onClick);
      root.replaceChildren();
    },
  };
}
