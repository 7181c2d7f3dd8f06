/**
 * How one node or edge of the unfolded graph looks in a state (./unfoldedView.ts draws them): a
 * node's classes, ring, fill, text and accessible name; an edge's class, width and colour. Each is
 * written only when its look changed (the look kept on the element).
 */
import type { EdgeState, NodeState, Theme } from '../../graph/layout/index';
import { logShare, sequentialColor } from '../../graph/layout/index';
import { euclideanNorm, formatNumber } from '../format';
import type { EdgeEl, NodeEl } from './blockView';
import { pickMark } from './blockView';
import { fillOf, shownOf } from './nodeLook';
import type { PassScales } from './passScales';
import type { UnfoldedProps } from './unfoldedView';

/** Draws a node in state `s`, its scales in `theme`; `fit` cuts a token's label to its column. */
export function drawNode(ne: NodeEl, s: NodeState, props: UnfoldedProps, scales: PassScales, theme: Theme, fit: (label: string) => string): void {
  const n = props.numbers?.nodes.get(ne.node.id);
  const shown = s.value ? n : undefined;
  const grad = s.gradient && n?.gradNorm != null ? logShare(n.gradNorm, scales.gradFloor, scales.gradCeiling) : -1;
  const selected = props.selected === ne.node.id;
  const picked = props.picked.has(ne.node.id);
  const look = `${s.value}|${s.active}|${s.gradient}|${grad.toFixed(2)}|${selected}|${picked}|${shown ? shown.value : ''}|${theme}`;
  if (look === ne.look) return;
  ne.look = look;
  ne.g.setAttribute('class', `node ${ne.node.kind}${s.value ? ' computed' : ''}${s.active ? ' active' : ''}${s.gradient ? ' has-gradient' : ''}${selected ? ' selected' : ''}${picked ? ' picked' : ''}`);
  ne.ring.setAttribute('stroke-width', grad >= 0 ? String(1 + 6 * grad) : '0');
  if (picked && !ne.pick) ne.pick = pickMark(ne);
  if (!picked && ne.pick) {
    ne.pick.remove();
    ne.pick = null;
  }
  if (ne.value) {
    ne.body.style.fill = fillOf(ne.node, shown, scales.lossScale, theme);
    const { text, whole } = shownOf(ne.node, shown, props.symbols, fit);
    ne.value.textContent = text;
    ne.title.textContent = whole ?? '';
    // The accessible name says what is drawn: the label and, once computed, the value (a token's whole label).
    const value = whole ?? text;
    ne.g.setAttribute('aria-label', value ? `${ne.node.label} = ${value}` : ne.node.label);
  } else {
    // A vector's accessible name: its label and, once computed, its norm (its entries are in the inspector).
    const v = s.value ? props.vectors?.(ne.node) : null;
    ne.g.setAttribute('aria-label', v ? `${ne.node.label}: ‖${ne.node.label}‖ = ${formatNumber(euclideanNorm(v.value))}` : ne.node.label);
  }
}

/** Draws an edge in `state`: in BPTT as wide and as dark as the gradient it carries back, on the pass's scale. */
export function drawEdge(ee: EdgeEl, state: EdgeState, props: UnfoldedProps, scales: PassScales, theme: Theme): void {
  const m = props.numbers?.edges.get(ee.edge.id) ?? 0;
  const share = state === 'backward' || state === 'backward-done' ? logShare(m, scales.gradFloor, scales.gradCeiling) : -1;
  const look = `${state}|${share.toFixed(2)}|${theme}`;
  if (look === ee.look) return;
  ee.look = look;
  ee.path.setAttribute('class', `edge ${ee.edge.role}${ee.edge.cross ? ' cross' : ''} ${state}`);
  if (share >= 0) {
    ee.path.setAttribute('stroke-width', String(1 + 7 * share));
    ee.path.setAttribute('stroke', sequentialColor(0.25 + 0.75 * share, theme));
  } else {
    ee.path.removeAttribute('stroke-width');
    ee.path.removeAttribute('stroke');
  }
}
