/**
 * The unfolded graph as positions and paths: one column per step (h(0) in column 0), rows from
 * the bottom x, h, o, yhat, L, y as the book draws them, and the edges U, V, W within and between
 * columns. A pure function of the topology and tau; drawing and tests read the same layout.
 */
import type { Feedback, Variant } from '../../engine/index';
import { teacherForced, truncationCut } from '../../engine/index';
import type { NodeKind } from './ids';
import { edgeId, nodeExists, nodeId } from './ids';

/** Where the graph's shape comes from. */
export interface LayoutInput {
  readonly variant: Variant;
  readonly feedback: Feedback | null;
  readonly tau: number;
  /** Truncated BPTT window, or null. */
  readonly truncation: number | null;
}

export interface LayoutNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly t: number;
  readonly x: number;
  readonly y: number;
  /** What the node is called on screen, e.g. `h(3)`. */
  readonly label: string;
}

/** What an edge computes: a weight matrix, the softmax, the loss, or the target into the loss. */
export type EdgeRole = 'U' | 'V' | 'W' | 'softmax' | 'loss' | 'target';

/** Why no gradient flows back along an edge: truncated BPTT, or teacher forcing. */
export type Cut = 'truncation' | 'teacher' | null;

export interface LayoutEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly role: EdgeRole;
  /** The step of the node the edge enters. */
  readonly t: number;
  /** Whether the edge joins two steps. */
  readonly cross: boolean;
  readonly cut: Cut;
  /** Teacher forcing draws the o -> h feedback it replaces, which carries nothing forward either. */
  readonly carriesForward: boolean;
  /** Whether BPTT sends a gradient back along it: not where it is cut, nor into data (y). */
  readonly carriesGradient: boolean;
  /** SVG path data. */
  readonly path: string;
  /** Where the edge's label sits. */
  readonly labelX: number;
  readonly labelY: number;
}

export interface UnfoldedLayout {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
}

/** Distance between step columns and between rows, and the node radius. */
export const COLUMN = 120;
export const ROW = 72;
export const RADIUS = 20;
export const MARGIN = 40;
/** The widest a token's label inside an x or y node is drawn: its column, less a gap to each neighbour's. */
export const LABEL_WIDTH = COLUMN - 24;
/** The most graphemes of a label drawn in the graph, whatever their width. */
export const LABEL_GRAPHEMES = 24;

/** Row of each kind, counted from the top (y, the target, is on top as in the book). */
const ROWS: Record<NodeKind, number> = { y: 0, L: 1, yhat: 2, o: 3, h: 4, x: 5 };

/** Label of a node: `h(3)`, `yhat(2)`. */
export const nodeLabel = (kind: NodeKind, t: number): string => `${kind}(${t})`;

/** x of step t's column. */
export const columnX = (t: number): number => MARGIN + RADIUS + t * COLUMN;
const rowY = (kind: NodeKind): number => MARGIN + RADIUS + ROWS[kind] * ROW;

/** Whether no gradient crosses from step t+1 back to step t (MODEL.md, truncated BPTT). */
function cutAfter(input: LayoutInput, t: number): Cut {
  if (teacherForced(input)) return 'teacher';
  return truncationCut(input.truncation, t) ? 'truncation' : null;
}

/** A straight segment between two node centres, trimmed to the circles. */
function straight(a: LayoutNode, b: LayoutNode): string {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const d = Math.hypot(dx, dy);
  const ux = dx / d;
  const uy = dy / d;
  return `M${a.x + ux * RADIUS},${a.y + uy * RADIUS}L${b.x - ux * RADIUS},${b.y - uy * RADIUS}`;
}

/** A curve from the top of one node down into the side of a later step's node (Jordan's feedback). */
function feedbackCurve(a: LayoutNode, b: LayoutNode): string {
  const x0 = a.x + RADIUS * 0.7;
  const y0 = a.y + RADIUS * 0.7;
  const x1 = b.x - RADIUS * 0.7;
  const y1 = b.y - RADIUS * 0.7;
  return `M${x0},${y0}C${x0 + COLUMN * 0.45},${y0 + ROW * 0.2} ${x1 - COLUMN * 0.45},${y1 - ROW * 0.2} ${x1},${y1}`;
}

/** The unfolded graph of a topology over tau steps. */
export function unfoldedLayout(input: LayoutInput): UnfoldedLayout {
  const shape = { variant: input.variant, tau: input.tau };
  const nodes: LayoutNode[] = [];
  const byId = new Map<string, LayoutNode>();
  const add = (kind: NodeKind, t: number): void => {
    if (!nodeExists(shape, kind, t)) return;
    const node = { id: nodeId(kind, t), kind, t, x: columnX(t), y: rowY(kind), label: nodeLabel(kind, t) };
    nodes.push(node);
    byId.set(node.id, node);
  };
  add('h', 0);
  for (let t = 1; t <= input.tau; t++) for (const kind of ['x', 'h', 'o', 'yhat', 'L', 'y'] as const) add(kind, t);

  const edges: LayoutEdge[] = [];
  const connect = (from: string, to: string, role: EdgeRole, t: number, cut: Cut = null, carriesForward = true): void => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return;
    const cross = a.t !== b.t;
    const path = cross && a.kind !== 'h' ? feedbackCurve(a, b) : straight(a, b);
    const labelX = (a.x + b.x) / 2 + (cross ? 0 : 8);
    const labelY = (a.y + b.y) / 2 + (cross ? -8 : 0);
    const carriesGradient = cut === null && a.kind !== 'y';
    edges.push({ id: edgeId(from, to), from, to, role, t, cross, cut, carriesForward, carriesGradient, path, labelX, labelY });
  };
  const jordan = input.variant === 'jordan';
  for (let t = 1; t <= input.tau; t++) {
    connect(nodeId('x', t), nodeId('h', t), 'U', t);
    if (!jordan) connect(nodeId('h', t - 1), nodeId('h', t), 'W', t, cutAfter(input, t - 1));
    else if (t > 1) {
      const teacher = input.feedback === 'teacher';
      connect(nodeId('o', t - 1), nodeId('h', t), 'W', t, cutAfter(input, t - 1), !teacher);
      // Teacher forcing feeds the target y(t-1) forward instead: data, through which no gradient returns.
      if (teacher) connect(nodeId('y', t - 1), nodeId('h', t), 'W', t);
    }
    connect(nodeId('h', t), nodeId('o', t), 'V', t);
    connect(nodeId('o', t), nodeId('yhat', t), 'softmax', t);
    connect(nodeId('yhat', t), nodeId('L', t), 'loss', t);
    connect(nodeId('y', t), nodeId('L', t), 'target', t);
  }
  return {
    nodes, edges,
    width: columnX(input.tau) + RADIUS + MARGIN,
    height: rowY('x') + RADIUS + MARGIN,
  };
}
