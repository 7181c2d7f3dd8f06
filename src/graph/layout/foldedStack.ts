/**
 * The folded graph of a deep or bidirectional network (book figures 10.11 and 10.13a): x at the
 * bottom, each layer's closed cell above the one it reads (the forward direction on the left, the
 * reverse on the right), then o, L and y over the top layer. Each carried state loops back into
 * itself through a one-step delay: the forward direction's from t - 1 (its loop on the left), the
 * reverse's from t + 1 (on the right). Each layer reads the h of both directions of the layer
 * under it, and o reads the top layer's. Node kinds are the unfolded graph's without the step
 * (`h_l1_reverse`), so that a node here names its row there. Only a drawn stack's chunk needs it.
 */
import type { ReadoutOf, StackShape } from '../../engine/index';
import { cellOfVariant, directionsOf, readsOutAtEnd } from '../../engine/index';
import type { FoldedEdge, FoldedKind, FoldedLayout, FoldedNode } from './folded';
import { FOLDED_RADIUS, closedStates } from './folded';
import { stackKind, stackName } from './ids';
import { weightsLabel } from './layout';
import type { StackCursor } from './stackSchedule';
import { stackPlaceOf, sweepsOf } from './stackSchedule';

const ROW = 56;
/** The centres of the forward and the reverse direction's column. */
const COLUMN = [70, 190] as const;
/** How far a loop reaches out of its node's column. */
const LOOP = 55;
/** A coordinate of a path, to a tenth of a unit. */
const f = (v: number): string => String(Math.round(v * 10) / 10);

/** A delay square, with the direction it carries from: `t-1` forward, `t+1` in the reverse direction. */
export interface FoldedDelay {
  readonly x: number;
  readonly y: number;
  readonly from: 't-1' | 't+1';
}

export interface FoldedStackLayout extends FoldedLayout {
  readonly delays: readonly FoldedDelay[];
}

/** The folded graph of a stack of `shape` of the variant's cell. */
export function foldedStackLayout(network: ReadoutOf, shape: StackShape): FoldedStackLayout {
  const { variant } = network;
  const cell = cellOfVariant(variant);
  const end = readsOutAtEnd(network) ? '(τ)' : '';
  const r = FOLDED_RADIUS;
  const directions = directionsOf(shape);
  const width = directions === 2 ? 280 : 190;
  const middle = directions === 2 ? (COLUMN[0] + COLUMN[1]) / 2 : 95;
  const states = closedStates(variant);
  // x, each layer's states, then o, L and y.
  const rows = 1 + shape.layers * states.length + 3;
  const rowY = (i: number): number => 30 + (rows - 1 - i) * ROW;

  const nodes: FoldedNode[] = [{ kind: 'x', x: middle, y: rowY(0), label: 'x' }];
  for (let layer = 0; layer < shape.layers; layer++) {
    for (let d = 0; d < directions; d++) {
      states.forEach((state, i) => nodes.push({
        kind: stackKind(state, layer, d === 1), x: directions === 2 ? COLUMN[d]! : middle, y: rowY(1 + layer * states.length + i), label: stackName(state, layer, d === 1),
      }));
    }
  }
  const top = 1 + shape.layers * states.length;
  (['o', 'L', 'y'] as const).forEach((kind, i) => nodes.push({ kind, x: middle, y: rowY(top + i), label: `${kind}${end}` }));
  const at = new Map(nodes.map((n) => [n.kind, n]));
  const node = (kind: FoldedKind): FoldedNode => at.get(kind)!;

  /** From circle to circle, the label beside its middle (on the left of a forward one, the right of a reverse one). */
  const straight = (label: string, a: FoldedKind, b: FoldedKind, side: -1 | 1 = 1): FoldedEdge => {
    const p = node(a);
    const q = node(b);
    const length = Math.hypot(q.x - p.x, q.y - p.y);
    const ux = (q.x - p.x) / length;
    const uy = (q.y - p.y) / length;
    return {
      id: `${a}->${b}`, label, recurrent: false,
      path: `M${f(p.x + ux * r)},${f(p.y + uy * r)}L${f(q.x - ux * r)},${f(q.y - uy * r)}`,
      labelX: (p.x + q.x) / 2 + (side > 0 ? 8 : -22), labelY: (p.y + q.y) / 2 + 4,
    };
  };
  const weights = (kind: 'input' | 'recurrent', layer: number, reverse: boolean): string =>
    stackName(weightsLabel(cell.params.filter((p) => p.kind === kind).map((p) => p.name)), layer, reverse);
  const kindOf = (state: FoldedKind, layer: number, d: number): FoldedKind => stackKind(state, layer, d === 1);
  const bottom = states[0]!;

  const edges: FoldedEdge[] = [];
  const delays: FoldedDelay[] = [];
  for (let layer = 0; layer < shape.layers; layer++) {
    for (let d = 0; d < directions; d++) {
      const side = d === 1 ? 1 : -1;
      // What the layer reads: x, or the h of every direction of the layer under it (labelled once, on its own direction's edge).
      const below = layer === 0 ? ['x'] : Array.from({ length: directions }, (_, e) => kindOf('h', layer - 1, e));
      below.forEach((from, e) => edges.push(straight(layer === 0 || e === d ? weights('input', layer, d === 1) : '', from, kindOf(bottom, layer, d), side)));
      for (let i = 1; i < states.length; i++) edges.push(straight('', kindOf(states[i - 1]!, layer, d), kindOf(states[i]!, layer, d), side));
      // Each carried state back into itself: the forward direction's loop out to the left, the reverse's to the right.
      for (const { state } of cell.carried) {
        const n = node(kindOf(state, layer, d));
        const out = n.x + side * (directions === 2 ? LOOP : LOOP + 20);
        const delay: FoldedDelay = { x: n.x + side * (directions === 2 ? LOOP - 12 : LOOP + 8), y: n.y, from: d === 1 ? 't+1' : 't-1' };
        delays.push(delay);
        edges.push({
          id: `${n.kind}->${n.kind}`, label: state === 'h' ? weights('recurrent', layer, d === 1) : '', recurrent: true,
          path: `M${n.x + side * r * 0.7},${n.y - r * 0.7}C${out},${n.y - 50} ${out},${n.y + 50} ${n.x + side * r * 0.7},${n.y + r * 0.7}`,
          labelX: delay.x + (side > 0 ? 10 : -10), labelY: delay.y - 14,
        });
      }
    }
  }
  for (let d = 0; d < directions; d++) edges.push(straight(d === 0 ? 'V' : '', kindOf('h', shape.layers - 1, d), 'o', d === 1 ? 1 : -1));
  edges.push(straight('', 'o', 'L'), straight('', 'y', 'L'));
  return { nodes, edges, delays, width, height: rowY(0) + 30 };
}

/**
 * Which folded nodes are active at a cursor: forward, the sweep's layer and direction with what
 * it reads (x, or the layer under it) and the output when the sweep completes it (the last sweep:
 * at each step, or for a single output at its last); BPTT, the sweep's layer and direction with
 * where its gradient comes from (the output, or the layer over it).
 */
export function foldedStackActive(network: ReadoutOf, shape: StackShape, c: StackCursor, tau: number): ReadonlySet<FoldedKind> {
  if (c.position === 0) return new Set();
  const place = stackPlaceOf(c, tau, shape);
  const states = closedStates(network.variant);
  const directions = directionsOf(shape);
  const last = c.sweep === sweepsOf(shape).length - 1;
  const top = place.layer === shape.layers - 1;
  // A single output is computed with the last sweep's last own step, and its gradient first in BPTT.
  const output = last && (!readsOutAtEnd(network) || c.steps === (c.phase === 'forward' ? tau : 1));
  const own = states.map((s) => stackKind(s, place.layer, place.reverse));
  const layerH = (layer: number): FoldedKind[] => Array.from({ length: directions }, (_, d) => stackKind('h', layer, d === 1));
  if (c.phase === 'forward') return new Set([...(place.layer === 0 ? ['x'] : layerH(place.layer - 1)), ...own, ...(output ? ['o', 'L', 'y'] : [])]);
  return new Set([...own, ...(top ? (!last || output ? ['L', 'o'] : []) : layerH(place.layer + 1))]);
}
