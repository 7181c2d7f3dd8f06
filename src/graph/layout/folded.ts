/**
 * The folded (recurrent) graph of each topology as the book draws it (figures 10.3-10.5):
 * x, h, o, L, y with edges U, V, W and the recurrence drawn as a loop through a one-step delay
 * (the black square). Which parts are active at a cursor is a pure function too.
 */
import type { Variant } from '../../engine/index';
import type { Cursor } from './animation';

export type FoldedKind = 'x' | 'h' | 'o' | 'L' | 'y';

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
  /** The loop through the delay. */
  readonly recurrent: boolean;
}

export interface FoldedLayout {
  readonly nodes: readonly FoldedNode[];
  readonly edges: readonly FoldedEdge[];
  /** Where the one-step delay square sits. */
  readonly delay: { readonly x: number; readonly y: number };
  readonly width: number;
  readonly height: number;
}

const X = 90;
const Y: Record<FoldedKind, number> = { y: 30, L: 90, o: 150, h: 210, x: 270 };
export const FOLDED_RADIUS = 18;

/** The folded graph of a topology. */
export function foldedLayout(variant: Variant): FoldedLayout {
  const end = variant === 'single-output' ? '(τ)' : '';
  const nodes: FoldedNode[] = (['x', 'h', 'o', 'L', 'y'] as const).map((kind) => ({
    kind, x: X, y: Y[kind], label: kind === 'x' || kind === 'h' ? kind : `${kind}${end}`,
  }));
  const r = FOLDED_RADIUS;
  const straight = (id: string, label: string, a: FoldedKind, b: FoldedKind): FoldedEdge => ({
    id, label, recurrent: false,
    path: `M${X},${Y[a] + (Y[b] > Y[a] ? r : -r)}L${X},${Y[b] + (Y[b] > Y[a] ? -r : r)}`,
    labelX: X + 8, labelY: (Y[a] + Y[b]) / 2 + 4,
  });
  const loopFrom: FoldedKind = variant === 'jordan' ? 'o' : 'h';
  const loopTop = Y[loopFrom];
  const delay = { x: X + 62, y: (loopTop + Y.h) / 2 };
  const loop: FoldedEdge = {
    id: `${loopFrom}->h`, label: 'W', recurrent: true,
    path: variant === 'jordan'
      ? `M${X + r},${loopTop}C${X + 62},${loopTop} ${X + 62},${Y.h} ${X + r},${Y.h}`
      : `M${X + r * 0.7},${Y.h - r * 0.7}C${X + 75},${Y.h - 55} ${X + 75},${Y.h + 55} ${X + r * 0.7},${Y.h + r * 0.7}`,
    labelX: X + 72, labelY: delay.y - 12,
  };
  return {
    nodes,
    edges: [straight('x->h', 'U', 'x', 'h'), straight('h->o', 'V', 'h', 'o'), straight('o->L', '', 'o', 'L'), straight('y->L', '', 'y', 'L'), loop],
    delay,
    width: 190,
    height: 300,
  };
}

/** Which folded nodes are active at a cursor: the forward step's path up, or BPTT's path down. */
export function foldedActive(variant: Variant, c: Cursor, tau: number): ReadonlySet<FoldedKind> {
  if (c.t === 0) return new Set();
  const output = variant !== 'single-output' || c.t === tau;
  if (c.phase === 'forward') return new Set<FoldedKind>(output ? ['x', 'h', 'o', 'L', 'y'] : ['x', 'h']);
  return new Set<FoldedKind>(output ? ['L', 'o', 'h'] : ['h']);
}
