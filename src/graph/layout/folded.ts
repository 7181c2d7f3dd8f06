/**
 * The folded (recurrent) graph of each network as the book draws it (figures 10.3-10.5): x, the
 * cell's states (h; the LSTM's s and h), o, L, y with their edges, and each recurrence drawn as a
 * loop through a one-step delay (the black square): h back into h, the LSTM's s into s, Jordan's
 * o into h. Which parts are active at a cursor is a pure function too.
 */
import type { ReadoutOf, Variant } from '../../engine/index';
import { cellOfVariant, readsOutAtEnd } from '../../engine/index';
import type { Cursor } from './animation';
import { weightsLabel } from './layout';

/** `x`, a state the closed cell shows (`h`, the LSTM's `s`), `o`, `L` or `y`. */
export type FoldedKind = string;

export interface FoldedNode {
  readonly kind: FoldedKind;
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface FoldedEdge {
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
  /** The loop through a delay. */
  readonly recurrent: boolean;
}

export interface FoldedLayout {
  readonly nodes: readonly FoldedNode[];
  readonly edges: readonly FoldedEdge[];
  /** Where each loop's one-step delay square sits. */
  readonly delays: readonly { readonly x: number; readonly y: number }[];
  readonly width: number;
  readonly height: number;
}

const X = 90;
const ROW = 60;
export const FOLDED_RADIUS = 18;

/** The states a closed cell shows, bottom up: its rows that are not gates (h; the LSTM's s under h). */
export const closedStates = (variant: Variant): readonly FoldedKind[] =>
  cellOfVariant(variant).graph.rows.filter((r) => r.inner !== true).flatMap((r) => r.nodes);

/** The folded graph of a network: its variant's cell, read out at every step or at the end. */
export function foldedLayout(network: ReadoutOf): FoldedLayout {
  const cell = cellOfVariant(network.variant);
  const end = readsOutAtEnd(network) ? '(τ)' : '';
  // Top to bottom: y, L, o, the closed cell's rows (h above s), x.
  const cellRows = [...closedStates(network.variant)].reverse();
  const kinds: FoldedKind[] = ['y', 'L', 'o', ...cellRows, 'x'];
  const Y = new Map(kinds.map((k, i) => [k, 30 + i * ROW]));
  const y = (k: FoldedKind): number => Y.get(k)!;
  const nodes: FoldedNode[] = kinds.map((kind) => ({
    kind, x: X, y: y(kind), label: kind === 'o' || kind === 'L' || kind === 'y' ? `${kind}${end}` : kind,
  }));
  const r = FOLDED_RADIUS;
  const straight = (label: string, a: FoldedKind, b: FoldedKind): FoldedEdge => ({
    id: `${a}->${b}`, label, recurrent: false,
    path: `M${X},${y(a) + (y(b) > y(a) ? r : -r)}L${X},${y(b) + (y(b) > y(a) ? -r : r)}`,
    labelX: X + 8, labelY: (y(a) + y(b)) / 2 + 4,
  });
  const below = cellRows[cellRows.length - 1]!;
  // The weights as the closed cell's edges name them: U and W, or U* and W* for a cell's several.
  const weights = (kind: 'input' | 'recurrent'): string => weightsLabel(cell.params.filter((p) => p.kind === kind).map((p) => p.name));
  const chain: FoldedEdge[] = [straight(weights('input'), 'x', below)];
  for (let i = cellRows.length - 1; i > 0; i--) chain.push(straight('', cellRows[i]!, cellRows[i - 1]!));
  chain.push(straight('V', 'h', 'o'), straight('', 'o', 'L'), straight('', 'y', 'L'));

  const delays: { x: number; y: number }[] = [];
  const loops: FoldedEdge[] = [];
  if (cell.throughOutput) {
    // Jordan's: from o round into h.
    const top = y('o');
    const delay = { x: X + 62, y: (top + y('h')) / 2 };
    delays.push(delay);
    loops.push({ id: 'o->h', label: 'W', recurrent: true, path: `M${X + r},${top}C${X + 62},${top} ${X + 62},${y('h')} ${X + r},${y('h')}`, labelX: X + 72, labelY: delay.y - 12 });
  } else {
    // Each carried state back into itself, the hidden state's through the recurrent weights.
    for (const { state } of cell.carried) {
      const sy = y(state);
      const delay = { x: X + 62, y: sy };
      delays.push(delay);
      loops.push({
        id: `${state}->${state}`, label: state === 'h' ? weights('recurrent') : '', recurrent: true,
        path: `M${X + r * 0.7},${sy - r * 0.7}C${X + 75},${sy - 55} ${X + 75},${sy + 55} ${X + r * 0.7},${sy + r * 0.7}`,
        labelX: X + 72, labelY: delay.y - 12,
      });
    }
  }
  return { nodes, edges: [...chain, ...loops], delays, width: 190, height: y('x') + 30 };
}

/** Which folded nodes are active at a cursor: the forward step's path up, or BPTT's path down. */
export function foldedActive(network: ReadoutOf, c: Cursor, tau: number): ReadonlySet<FoldedKind> {
  if (c.t === 0) return new Set();
  const states = closedStates(network.variant);
  const output = !readsOutAtEnd(network) || c.t === tau;
  if (c.phase === 'forward') return new Set<FoldedKind>(output ? ['x', ...states, 'o', 'L', 'y'] : ['x', ...states]);
  return new Set<FoldedKind>(output ? ['L', 'o', ...states] : states);
}
