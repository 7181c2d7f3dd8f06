/**
 * The unfolded graph as positions and paths: one column per step (h(0) in column 0), rows from
 * the bottom x, the cell's rows (h; the LSTM's s and h, and its gates when the cell is opened),
 * then o, yhat, L, y as the book draws them, and the edges within and between columns. A pure
 * function of the model's shape; drawing and tests read the same layout.
 */
import type { Feedback, Variant } from '../../engine/index';
import { cellOfVariant, graphEdgeKey, teacherForced, truncationCut } from '../../engine/index';
import type { NodeKind } from './ids';
import { edgeId, nodeExists, nodeId } from './ids';

/** Where the graph's shape comes from. */
export interface LayoutInput {
  readonly variant: Variant;
  readonly feedback: Feedback | null;
  readonly tau: number;
  /** Truncated BPTT window, or null. */
  readonly truncation: number | null;
  /** Whether the cell is drawn opened: its gates and candidate as nodes (a cell without gates looks the same either way). */
  readonly opened?: boolean;
}

export interface LayoutNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly t: number;
  readonly x: number;
  readonly y: number;
  /** Its radius: a gate inside an opened cell is drawn smaller. */
  readonly r: number;
  /** A gate of the cell (a sigmoid in (0, 1)), drawn on a sequential scale. */
  readonly gate: boolean;
  /** What the node is called on screen, e.g. `h(3)`. */
  readonly label: string;
}

/**
 * What an edge computes: weights (U, W, V; a gate's Uf, Wf ...), an elementwise product inside a
 * gated cell, Jordan's feedback from the output through W, the softmax, the loss, or the target
 * into the loss.
 */
export type EdgeRole = 'weights' | 'product' | 'feedback' | 'softmax' | 'loss' | 'target';

/** Why no gradient flows back along an edge: truncated BPTT, or teacher forcing. */
export type Cut = 'truncation' | 'teacher' | null;

export interface LayoutEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly role: EdgeRole;
  /** The weights it carries as drawn beside it (`W`, `Uf`; a closed cell's `U*` for several), or ''. */
  readonly label: string;
  /** The cell's edge it draws (graphEdgeKey: where the trace keeps what it carries back), or null for the output layer's. */
  readonly key: string | null;
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
  /** Distance between step columns. */
  readonly column: number;
  readonly width: number;
  readonly height: number;
}

/** Distance between step columns (an opened gated cell's are wider) and between rows, and the node radius. */
export const COLUMN = 120;
export const OPENED_COLUMN = 200;
export const ROW = 72;
export const RADIUS = 20;
/** A gate's radius, and how far apart the gates of a row sit. */
export const GATE_RADIUS = 15;
const GATE_SPACING = 46;
export const MARGIN = 40;
/** The widest a token's label inside an x or y node is drawn: its column, less a gap to each neighbour's. */
export const LABEL_WIDTH = COLUMN - 24;
/** The most graphemes of a label drawn in the graph, whatever their width. */
export const LABEL_GRAPHEMES = 24;

/** Label of a node: `h(3)`, `yhat(2)`. */
export const nodeLabel = (kind: NodeKind, t: number): string => `${kind}(${t})`;

/** x of step t's column in a graph whose columns are `column` apart. */
export const columnX = (t: number, column = COLUMN): number => MARGIN + RADIUS + t * column;

/** The step whose column holds x (the nearest). */
export const stepAtX = (x: number, column = COLUMN): number => Math.floor((x - columnX(0, column) + column / 2) / column);

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
  return `M${a.x + ux * a.r},${a.y + uy * a.r}L${b.x - ux * b.r},${b.y - uy * b.r}`;
}

/** How far to the side of a column an arc past its nodes bulges. */
const AROUND = RADIUS * 1.9;

/** An arc up one side of a column, past the nodes between (a closed LSTM's x(t) -> h(t), around s(t)). */
function around(a: LayoutNode, b: LayoutNode): string {
  const side = AROUND;
  return `M${a.x + a.r * 0.7},${a.y - a.r * 0.7}C${a.x + side},${a.y - ROW * 0.5} ${b.x + side},${b.y + ROW * 0.5} ${b.x + b.r * 0.7},${b.y + b.r * 0.7}`;
}

/** A curve from the top of one node down into the side of a later step's node (Jordan's feedback). */
function feedbackCurve(a: LayoutNode, b: LayoutNode, column: number): string {
  const x0 = a.x + a.r * 0.7;
  const y0 = a.y + a.r * 0.7;
  const x1 = b.x - b.r * 0.7;
  const y1 = b.y - b.r * 0.7;
  return `M${x0},${y0}C${x0 + column * 0.45},${y0 + ROW * 0.2} ${x1 - column * 0.45},${y1 - ROW * 0.2} ${x1},${y1}`;
}

/** The rows of a graph, bottom up, each with its nodes and its gap to the row below. */
function rowsOf(input: LayoutInput): { nodes: readonly NodeKind[]; gate: boolean }[] {
  const cellRows = cellOfVariant(input.variant).graph.rows.filter((r) => input.opened === true || r.inner !== true);
  return [
    { nodes: ['x'], gate: false },
    ...cellRows.map((r) => ({ nodes: r.nodes, gate: r.inner === true })),
    ...(['o', 'yhat', 'L', 'y'] as const).map((k) => ({ nodes: [k], gate: false })),
  ];
}

/** The label of weights drawn on an edge: one matrix by its name, several (a closed cell's) as U* or W*. */
export const weightsLabel = (params: readonly string[]): string => (params.length <= 1 ? (params[0] ?? '') : `${params[0]![0]}*`);

/** The unfolded graph of a model's shape over tau steps. */
export function unfoldedLayout(input: LayoutInput): UnfoldedLayout {
  const cell = cellOfVariant(input.variant);
  const rows = rowsOf(input);
  const opened = rows.some((r) => r.gate);
  const column = opened ? OPENED_COLUMN : COLUMN;
  // y of each row, from the top (y, the target, is on top as in the book).
  const gates = new Set(cell.nodes.filter((n) => n.gate).map((n) => n.name));
  const place = new Map<NodeKind, { dx: number; y: number; r: number }>();
  let y = MARGIN + RADIUS;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    row.nodes.forEach((kind, j) => place.set(kind, {
      dx: (j - (row.nodes.length - 1) / 2) * GATE_SPACING,
      y,
      r: row.gate ? GATE_RADIUS : RADIUS,
    }));
    if (i > 0) y += ROW;
  }
  const height = y + RADIUS + MARGIN;

  const shape = { variant: input.variant, tau: input.tau };
  const nodes: LayoutNode[] = [];
  const byId = new Map<string, LayoutNode>();
  const add = (kind: NodeKind, t: number): void => {
    const at = place.get(kind);
    if (!at || !nodeExists(shape, kind, t)) return;
    const node = { id: nodeId(kind, t), kind, t, x: columnX(t, column) + at.dx, y: at.y, r: at.r, gate: gates.has(kind), label: nodeLabel(kind, t) };
    nodes.push(node);
    byId.set(node.id, node);
  };
  for (const c of cell.carried) add(c.state, 0);
  for (let t = 1; t <= input.tau; t++) for (const row of rows) for (const kind of row.nodes) add(kind, t);

  const edges: LayoutEdge[] = [];
  const connect = (from: string, to: string, role: EdgeRole, t: number, o: { label?: string; key?: string; cut?: Cut; carriesForward?: boolean } = {}): void => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return;
    const cross = a.t !== b.t;
    const cut = o.cut ?? null;
    // Past a node in the same column (more than one row apart): around it.
    const arc = !cross && a.x === b.x && Math.abs(a.y - b.y) > ROW * 1.5;
    const path = cross && role === 'feedback' ? feedbackCurve(a, b, column) : arc ? around(a, b) : straight(a, b);
    const labelX = arc ? a.x + AROUND + 4 : (a.x + b.x) / 2 + (cross ? 0 : 8);
    const labelY = (a.y + b.y) / 2 + (cross ? -8 : 0);
    const carriesGradient = cut === null && a.kind !== 'y';
    edges.push({
      id: edgeId(from, to), from, to, role, label: o.label ?? '', key: o.key ?? null, t, cross, cut,
      carriesForward: o.carriesForward ?? true, carriesGradient, path, labelX, labelY,
    });
  };
  const cellEdges = cell.graph.edges.filter((e) => e.shown === undefined || e.shown === (opened ? 'opened' : 'closed'));
  for (let t = 1; t <= input.tau; t++) {
    for (const e of cellEdges) {
      const from = nodeId(e.from, e.prev ? t - 1 : t);
      connect(from, nodeId(e.to, t), e.params.length > 0 ? 'weights' : 'product', t, {
        label: weightsLabel(e.params), key: graphEdgeKey(e), cut: e.prev ? cutAfter(input, t - 1) : null,
      });
    }
    if (cell.throughOutput && t > 1) {
      const teacher = teacherForced(input);
      connect(nodeId('o', t - 1), nodeId('h', t), 'feedback', t, { label: 'W', cut: cutAfter(input, t - 1), carriesForward: !teacher });
      // Teacher forcing feeds the target y(t-1) forward instead: data, through which no gradient returns.
      if (teacher) connect(nodeId('y', t - 1), nodeId('h', t), 'feedback', t, { label: 'W' });
    }
    connect(nodeId('h', t), nodeId('o', t), 'weights', t, { label: 'V' });
    connect(nodeId('o', t), nodeId('yhat', t), 'softmax', t);
    connect(nodeId('yhat', t), nodeId('L', t), 'loss', t);
    connect(nodeId('y', t), nodeId('L', t), 'target', t);
  }
  return { nodes, edges, column, width: columnX(input.tau, column) + RADIUS + MARGIN + (opened ? GATE_SPACING * 1.5 : 0), height };
}
