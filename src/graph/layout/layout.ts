/**
 * The unfolded graph as positions and paths: one column per step (h(0) in column 0), rows from
 * the bottom x, the cell's rows (h; the LSTM's s and h, and its gates when the cell is opened),
 * then o, yhat, L, y as the book draws them, and the edges within and between columns. A pure
 * function of the model's shape; drawing and tests read the same layout. The rules of where
 * everything goes are here: the nodes' boxes and the strips of entries inside them, the node
 * names above them, and the edge labels, each placed where it meets no box, name or other label.
 */
import type { Feedback, Model, StackShape, Variant } from '../../engine/index';
import { cellOfVariant, graphEdgeKey, stackShapeOf, readoutOf, readsOutAtEnd, teacherForced, truncationCut } from '../../engine/index';
import type { NodeKind } from './ids';
import { OUTPUT_KINDS, edgeId, nodeExists, nodeId, stackKind, stackLabel, stackName } from './ids';
import type { Box } from './boxes';
import { BoxGrid, LINE_HEIGHT, boxAt, textSize } from './boxes';
import { around, feedbackCurve, pathOf, placeLabel, sampleCurve, straight } from './curves';
import { COLUMN, GATE_H, GATE_SPACING, GATE_W, LABEL_WIDTH, MARGIN, NAME_FONT, NAME_GAP, NODE_H, NODE_PAD, NODE_W, OPENED_COLUMN, RADIUS, ROW, TEXT_PAD, CUT_FONT, EDGE_FONT, VALUE_FONT } from './geometry';
import type { StripLayout } from './strips';
import { stripLayout } from './strips';

/** Where the graph's shape comes from. */
export interface LayoutInput {
  readonly variant: Variant;
  /** A gated cell's network read out once at the end (Model.readout); absent: every step. */
  readonly readout?: 'last';
  readonly feedback: Feedback | null;
  readonly tau: number;
  /** Truncated BPTT window, or null. */
  readonly truncation: number | null;
  /** Whether the cell is drawn opened: its gates and candidate as nodes (a cell without gates looks the same either way). */
  readonly opened?: boolean;
  /** H and K, for the strips of entries inside the vector nodes (none without them); the positions do not depend on them. */
  readonly sizes?: { readonly hidden: number; readonly output: number };
  /** A sampled sequence (free running, section 10.2.1): x(t) for t >= `from` was chosen from yhat(t-1), by a draw or greedily. */
  readonly sampled?: SampledSteps | null;
  /**
   * A deep or bidirectional network (book sections 10.3 and 10.5): its cell's rows once per layer
   * and direction, bottom up, the reverse direction's above the forward's with its arrows right
   * to left and its initial state in column tau + 1; absent, one layer, forward.
   */
  readonly stack?: StackShape;
}

/** The layout input of a deep or bidirectional network's graph (its cell opened or not). */
export function stackLayoutInput(
  model: Pick<Model, 'variant' | 'readout' | 'sequence' | 'truncation' | 'sizes' | 'layers' | 'bidirectional'>, opened: boolean, sampled: SampledSteps | null = null,
): LayoutInput {
  const { hidden, output } = model.sizes;
  return { ...readoutOf(model), feedback: null, tau: model.sequence.length, truncation: model.truncation, opened, sizes: { hidden, output }, stack: stackShapeOf(model), sampled };
}

/** The steps of a sampled sequence whose input the model chose: from step `from` (p + 1) on, by `rule`. */
export interface SampledSteps {
  readonly from: number;
  readonly rule: 'draw' | 'greedy';
}

/** The label of a sample edge: x(t) ~ yhat(t-1), or x(t) = argmax yhat(t-1). */
export const SAMPLE_LABELS: Readonly<Record<SampledSteps['rule'], string>> = { draw: '∼', greedy: 'argmax' };

/** How a node is drawn: data and the loss as a circle with its text, a vector as a box holding its strips. */
export type NodeShape = 'circle' | 'box';

export interface LayoutNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly t: number;
  readonly x: number;
  readonly y: number;
  readonly shape: NodeShape;
  /** Its size: a circle's diameter twice; a gate inside an opened cell is drawn smaller. */
  readonly w: number;
  readonly h: number;
  /** A gate of the cell (a sigmoid in (0, 1)), drawn on a sequential scale. */
  readonly gate: boolean;
  /** What the node is called on screen, e.g. `h(3)`. */
  readonly label: string;
  /** Where its name is drawn: the centre of the name's text, from the node's centre (above it). */
  readonly labelDy: number;
  /** Its entries as drawn inside it, or null (x, y, L, or no sizes given). */
  readonly strip: StripLayout | null;
  /** In a stack (LayoutInput.stack), the layer and direction of a cell's node; absent elsewhere. */
  readonly layer?: number;
  readonly reverse?: boolean;
}

/**
 * What an edge computes: weights (U, W, V; a gate's Uf, Wf ...), an elementwise product inside a
 * gated cell, Jordan's feedback from the output through W, the softmax, the loss, the target
 * into the loss, or free running's draw of the next input from yhat(t-1) (no gradient returns along it).
 */
export type EdgeRole = 'weights' | 'product' | 'feedback' | 'softmax' | 'loss' | 'target' | 'sample';

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
  /** The centre of the edge's label (its weights, or the cut marker ✂). */
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

export * from './geometry';


/** Label of a node: `h(3)`, `yhat(2)`. */
export const nodeLabel = (kind: NodeKind, t: number): string => `${kind}(${t})`;
/** Label of a node by its id: `h@3` is `h(3)`. */
export function labelOfNodeId(id: string): string {
  const at = id.lastIndexOf('@');
  return nodeLabel(id.slice(0, at), Number(id.slice(at + 1)));
}

/** x of step t's column in a graph whose columns are `column` apart. */
export const columnX = (t: number, column = COLUMN): number => MARGIN + NODE_W / 2 + t * column;

/** The step whose column holds x (the nearest). */
export const stepAtX = (x: number, column = COLUMN): number => Math.floor((x - columnX(0, column) + column / 2) / column);

/** Whether no gradient crosses from step t+1 back to step t (MODEL.md, truncated BPTT). */
function cutAfter(input: LayoutInput, t: number): Cut {
  if (teacherForced(input)) return 'teacher';
  return truncationCut(input.truncation, t) ? 'truncation' : null;
}

/** One row of nodes: their kinds, whether they are gates, and the layer and direction of a cell's row (x and the outputs: 0, forward). */
interface Row {
  readonly nodes: readonly NodeKind[];
  readonly gate: boolean;
  readonly layer: number;
  readonly reverse: boolean;
}

/** The layers and directions of the graph's network: one layer, forward, unless a stack is given. */
const stackOf = (input: LayoutInput): StackShape => input.stack ?? { layers: 1, bidirectional: false };

/** The rows of a graph, bottom up: x, the cell's rows of each layer (forward, then reverse), then o, yhat, L, y. */
function rowsOf(input: LayoutInput): Row[] {
  const cellRows = cellOfVariant(input.variant).graph.rows.filter((r) => input.opened === true || r.inner !== true);
  const { layers, bidirectional } = stackOf(input);
  const rows: Row[] = [{ nodes: ['x'], gate: false, layer: 0, reverse: false }];
  for (let layer = 0; layer < layers; layer++) {
    for (const reverse of bidirectional ? [false, true] : [false]) rows.push(...cellRows.map((r) => ({ nodes: r.nodes, gate: r.inner === true, layer, reverse })));
  }
  return [...rows, ...(['o', 'yhat', 'L', 'y'] as const).map((k) => ({ nodes: [k], gate: false, layer: 0, reverse: false }))];
}

/** The label of weights drawn on an edge: one matrix by its name, several (a closed cell's) as U* or W*. */
export const weightsLabel = (params: readonly string[]): string => (params.length <= 1 ? (params[0] ?? '') : `${params[0]![0]}*`);

/** Data (x, y) and the loss are circles with their text; every other node is a vector, a box. */
const isCircle = (kind: NodeKind): boolean => kind === 'x' || kind === 'y' || kind === 'L';

/** The strip of a vector node of `entries` entries in a box w x h: the value row, and the gradient row under it (yhat: bars only). */
function stripOf(kind: NodeKind, entries: number, w: number, h: number): StripLayout {
  const inner = h - 6;
  if (kind === 'yhat') return stripLayout('bars', entries, w - 8, { valueY: -inner / 2, valueH: inner, gradY: null, gradH: 0 });
  const valueH = Math.round(inner * 0.6);
  const gradH = inner - valueH - 2;
  return stripLayout('cells', entries, w - 8, { valueY: -inner / 2, valueH, gradY: -inner / 2 + valueH + 2, gradH });
}

/** The boxes a node's own texts take: its name above it, and an x's or y's token label across it (LABEL_WIDTH at most). */
export function nodeTextBoxes(n: LayoutNode): Box[] {
  const name = textSize(n.label, NAME_FONT);
  const boxes = [boxAt(n.x, n.y + n.labelDy, name.w, name.h, TEXT_PAD)];
  if (n.kind === 'x' || n.kind === 'y') boxes.push(boxAt(n.x, n.y, LABEL_WIDTH, VALUE_FONT * LINE_HEIGHT, TEXT_PAD));
  return boxes;
}

/** How much wider a stack's columns are than one layer's, and its rows further apart. */
const STACK_COLUMN = 1.5;
const STACK_ROW = 1.2;

/** The unfolded graph of a model's shape over tau steps. */
export function unfoldedLayout(input: LayoutInput): UnfoldedLayout {
  const cell = cellOfVariant(input.variant);
  const rows = rowsOf(input);
  const opened = rows.some((r) => r.gate);
  const { layers, bidirectional } = stackOf(input);
  // One layer, forward, is the network of one cell.
  const stacked = layers > 1 || bidirectional;
  // A stack's columns are wider and its rows further apart: each takes the edges from every row of the layer under (and its gates' longer names).
  const widen = stacked ? STACK_COLUMN : 1;
  const column = (opened ? OPENED_COLUMN : COLUMN) * widen;
  const gateSpacing = GATE_SPACING * widen;
  // y of each row, from the top (y, the target, is on top as in the book).
  const gates = new Set(cell.nodes.filter((n) => n.gate).map((n) => n.name));
  // Where each kind of node goes, by the kind its id carries (a stack's `h_l1_reverse`).
  const place = new Map<NodeKind, { dx: number; y: number; w: number; h: number }>();
  let y = MARGIN + RADIUS;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    row.nodes.forEach((kind, j) => {
      const [w, h] = isCircle(kind) ? [2 * RADIUS, 2 * RADIUS] : row.gate ? [GATE_W, GATE_H] : [NODE_W, NODE_H];
      place.set(stackKind(kind, row.layer, row.reverse), { dx: (j - (row.nodes.length - 1) / 2) * gateSpacing, y, w, h });
    });
    if (i > 0) y += ROW * (stacked ? STACK_ROW : 1);
  }
  const height = y + RADIUS + MARGIN;

  const entriesOf = (kind: NodeKind): number | null => {
    if (!input.sizes || isCircle(kind)) return null;
    return kind === 'o' || kind === 'yhat' ? input.sizes.output : input.sizes.hidden;
  };
  const nodes: LayoutNode[] = [];
  const byId = new Map<string, LayoutNode>();
  if (stacked && cell.throughOutput) throw new RangeError(`a ${input.variant} network has no layers or directions: its recurrence runs through its output`);
  const carried = new Set(cell.carried.map((c) => c.state));
  const stackWeightsLabel = (params: readonly string[], layer: number, reverse: boolean): string => {
    const label = weightsLabel(params);
    return label === '' ? '' : stackName(label, layer, reverse);
  };
  /** Whether a node of `kind` (of the reverse direction's rows when `reverse`) exists at step t: a reverse carried state at 1..tau + 1. */
  const exists = (kind: NodeKind, t: number, reverse: boolean): boolean =>
    reverse ? Number.isInteger(t) && t >= 1 && t <= input.tau + (carried.has(kind) ? 1 : 0) : nodeExists(input, kind, t);
  const add = (kind: NodeKind, t: number, layer = 0, reverse = false): void => {
    const at = place.get(stackKind(kind, layer, reverse));
    if (!at || !exists(kind, t, reverse)) return;
    const entries = entriesOf(kind);
    const node: LayoutNode = {
      id: nodeId(stackKind(kind, layer, reverse), t), kind, t, x: columnX(t, column) + at.dx, y: at.y, shape: isCircle(kind) ? 'circle' : 'box', w: at.w, h: at.h,
      gate: gates.has(kind), label: stacked ? stackLabel(kind, layer, reverse, t) : nodeLabel(kind, t), labelDy: -at.h / 2 - NAME_GAP - (NAME_FONT * LINE_HEIGHT) / 2,
      strip: entries === null ? null : stripOf(kind, entries, at.w, at.h),
      ...(stacked && !isCircle(kind) && !OUTPUT_KINDS.includes(kind) ? { layer, reverse } : {}),
    };
    nodes.push(node);
    byId.set(node.id, node);
  };
  const directions = bidirectional ? [false, true] : [false];
  // The initial states: h(0) (s(0)) of each layer; a reverse direction's at tau + 1, where it starts.
  for (let layer = 0; layer < layers; layer++) for (const c of cell.carried) add(c.state, 0, layer, false);
  for (let t = 1; t <= input.tau; t++) for (const row of rows) for (const kind of row.nodes) add(kind, t, row.layer, row.reverse);
  if (bidirectional) for (let layer = 0; layer < layers; layer++) for (const c of cell.carried) add(c.state, input.tau + 1, layer, true);

  // What an edge label must not meet: every node's box (and the room for its ring), name and token label.
  const taken = new BoxGrid(column);
  for (const n of nodes) {
    taken.add(boxAt(n.x, n.y, n.w, n.h, NODE_PAD));
    for (const b of nodeTextBoxes(n)) taken.add(b);
  }

  const edges: LayoutEdge[] = [];
  const connect = (from: string, to: string, role: EdgeRole, t: number, o: { label?: string; key?: string; cut?: Cut; carriesForward?: boolean } = {}): void => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return;
    const cross = a.t !== b.t;
    const cut = o.cut ?? null;
    // Past a node in the same column (more than one row apart): around it, on the left into a reverse direction's row.
    const arc = !cross && a.x === b.x && Math.abs(a.y - b.y) > ROW * 1.5;
    const curve = role === 'sample' ? sampleCurve(a, b, column) : cross && role === 'feedback' ? feedbackCurve(a, b, column) : arc ? around(a, b, b.reverse ? -1 : 1) : straight(a, b);
    const label = o.label ?? '';
    const text = cut !== null ? '✂' : label;
    let labelX = (curve[0] + curve[6]) / 2;
    let labelY = (curve[1] + curve[7]) / 2;
    if (text !== '') {
      const size = textSize(text, cut !== null ? CUT_FONT : EDGE_FONT);
      const placed = placeLabel(curve, size.w, size.h, taken);
      taken.add(placed.box);
      labelX = Math.round(placed.x * 100) / 100;
      labelY = Math.round(placed.y * 100) / 100;
    }
    // No gradient returns into data (y), nor through a draw (sampling is not differentiable).
    const carriesGradient = cut === null && a.kind !== 'y' && role !== 'sample';
    edges.push({
      id: edgeId(from, to), from, to, role, label, key: o.key ?? null, t, cross, cut,
      carriesForward: o.carriesForward ?? true, carriesGradient, path: pathOf(curve, !arc && !(cross && (role === 'feedback' || role === 'sample'))), labelX, labelY,
    });
  };
  const cellEdges = cell.graph.edges.filter((e) => e.shown === undefined || e.shown === (opened ? 'opened' : 'closed'));
  /** The node kinds x(t) stands for in layer l's cell: x itself, or the layer under's h in each direction. */
  const inputsOf = (layer: number): NodeKind[] => (layer === 0 ? ['x'] : directions.map((r) => stackKind('h', layer - 1, r)));
  for (let t = 1; t <= input.tau; t++) {
    for (let layer = 0; layer < layers; layer++) {
      for (const reverse of directions) {
        for (const e of cellEdges) {
          const to = nodeId(stackKind(e.to, layer, reverse), t);
          const o = { label: stacked ? stackWeightsLabel(e.params, layer, reverse) : weightsLabel(e.params), key: graphEdgeKey(e) };
          const role = e.params.length > 0 ? 'weights' : 'product';
          if (e.from === 'x') {
            // One matrix over both directions of the layer under (H x 2H): named on the first edge of the two.
            inputsOf(layer).forEach((from, i) => connect(nodeId(from, t), to, role, t, i === 0 ? o : { ...o, label: '' }));
          } else if (!e.prev) {
            connect(nodeId(stackKind(e.from, layer, reverse), t), to, role, t, o);
          } else {
            // The reverse direction runs backwards in time, from step t + 1 (tau + 1: its initial state), cut where the sequence is.
            const from = nodeId(stackKind(e.from, layer, reverse), reverse ? t + 1 : t - 1);
            connect(from, to, role, t, { ...o, cut: reverse ? (t < input.tau ? cutAfter(input, t) : null) : cutAfter(input, t - 1) });
          }
        }
      }
    }
    if (cell.throughOutput && t > 1) {
      const teacher = teacherForced(input);
      connect(nodeId('o', t - 1), nodeId('h', t), 'feedback', t, { label: 'W', cut: cutAfter(input, t - 1), carriesForward: !teacher });
      // Teacher forcing feeds the target y(t-1) forward instead: data, through which no gradient returns.
      if (teacher) connect(nodeId('y', t - 1), nodeId('h', t), 'feedback', t, { label: 'W' });
    }
    // The output layer reads the top layer's h(t) in each direction (read once at the end: the reverse direction's last, h(1)).
    for (const reverse of directions) {
      const from = reverse && readsOutAtEnd(input) ? 1 : t;
      connect(nodeId(stackKind('h', layers - 1, reverse), from), nodeId('o', t), 'weights', t, { label: 'V' });
    }
    connect(nodeId('o', t), nodeId('yhat', t), 'softmax', t);
    connect(nodeId('yhat', t), nodeId('L', t), 'loss', t);
    connect(nodeId('y', t), nodeId('L', t), 'target', t);
    // Free running: the input the model chose, drawn from (or the argmax of) the previous step's output.
    if (input.sampled && t >= input.sampled.from && t > 1) connect(nodeId('yhat', t - 1), nodeId('x', t), 'sample', t, { label: SAMPLE_LABELS[input.sampled.rule] });
  }
  const lastColumn = input.tau + (bidirectional ? 1 : 0);
  return { nodes, edges, column, width: columnX(lastColumn, column) + NODE_W / 2 + MARGIN + (opened ? gateSpacing * 1.5 : 0), height };
}
