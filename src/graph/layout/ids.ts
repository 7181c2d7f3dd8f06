/**
 * The names of what the graphs draw (DESIGN.md, convention 10): nodes `<kind>@<t>` (x, the
 * cell's nodes such as h, s or f, then o, yhat, L, y), edges `<from>-><to>`, and what a user can
 * select: a node or a parameter.
 */
import type { Model, ParamName, Variant } from '../../engine/index';
import { VARIANTS, cellOfVariant, paramNames, readoutOf, readsOutAtEnd, stackParamName } from '../../engine/index';

/** A kind of node in the unfolded graph: `x`, one of the cell's nodes (`h`; the LSTM's `f`, `s` ...), `o`, `yhat`, `L` or `y`. */
export type NodeKind = string;
/** The kinds that exist only where a step has an output. */
export const OUTPUT_KINDS: readonly NodeKind[] = ['o', 'yhat', 'L', 'y'];

/** What the graph's shape depends on. */
export interface GraphShape {
  readonly variant: Variant;
  readonly tau: number;
  /** A gated cell's network read out once at the end (Model.readout); absent: every step. */
  readonly readout?: 'last';
}

/** The graph shape of a model: its variant and readout, over its tau steps. */
export const graphShapeOf = (model: Pick<Model, 'variant' | 'readout' | 'sequence'>): GraphShape =>
  ({ ...readoutOf(model), tau: model.sequence.length });

/** A selected node or parameter. */
export type Selection =
  | { readonly type: 'node'; readonly kind: NodeKind; readonly t: number }
  | { readonly type: 'param'; readonly name: ParamName };

/** `h@3`. */
export const nodeId = (kind: NodeKind, t: number): string => `${kind}@${t}`;
/**
 * The kind of a cell's node of layer `layer` in one direction, in a deep or bidirectional network:
 * PyTorch's suffixes, as on the stack's parameters (`h`, `h_l1`, `h_reverse`, `s_l2_reverse`).
 */
export const stackKind = (kind: NodeKind, layer: number, reverse: boolean): NodeKind => stackParamName(kind, layer, reverse);

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
/** A name (a node's kind, an edge's weights) of layer `layer` in one direction as drawn: the layer as a subscript past layer 0, the reverse direction after an arrow (`←U₁`). */
export const stackName = (name: string, layer: number, reverse: boolean): string =>
  `${reverse ? '←' : ''}${name}${layer > 0 ? [...String(layer)].map((d) => SUBSCRIPTS[Number(d)]).join('') : ''}`;

/** Label of a stack's node: `h(3)`, `h₁(3)` (layer 1), `←h(3)` (the reverse direction), `←s₂(4)`. */
export const stackLabel = (kind: NodeKind, layer: number, reverse: boolean, t: number): string => `${stackName(kind, layer, reverse)}(${t})`;

/** `h@2->h@3`. */
export const edgeId = (from: string, to: string): string => `${from}->${to}`;

/** The cell's nodes that the graph draws, bottom up (its gates too, drawn when the cell is opened). */
export const cellKinds = (variant: Variant): readonly NodeKind[] => cellOfVariant(variant).graph.rows.flatMap((r) => r.nodes);

/** Every kind of node of a variant's graph, bottom up: x, the cell's, then o, yhat, L, y (the book's order). */
export const nodeKinds = (variant: Variant): readonly NodeKind[] => ['x', ...cellKinds(variant), 'o', 'yhat', 'L', 'y'];

/** Whether a kind is one of the cell's gates or candidate, drawn only when the cell is opened. */
export const isInnerKind = (variant: Variant, kind: NodeKind): boolean =>
  cellOfVariant(variant).graph.rows.some((r) => r.inner === true && r.nodes.includes(kind));

/** Whether the variant's cell can be opened: it has gates to show. */
export const hasInnerRows = (variant: Variant): boolean => cellOfVariant(variant).graph.rows.some((r) => r.inner === true);

/** The steps at which a kind of node exists: [first, last], or null for none. A carried state starts at 0 (h(0) = h0, s(0) = s0). */
export function nodeSteps(shape: GraphShape, kind: NodeKind): readonly [number, number] | null {
  if (!nodeKinds(shape.variant).includes(kind)) return null;
  if (cellOfVariant(shape.variant).carried.some((c) => c.state === kind)) return [0, shape.tau];
  if (readsOutAtEnd(shape) && OUTPUT_KINDS.includes(kind)) return [shape.tau, shape.tau];
  return [1, shape.tau];
}

/** Whether node kind@t exists in this graph. */
export function nodeExists(shape: GraphShape, kind: NodeKind, t: number): boolean {
  const steps = nodeSteps(shape, kind);
  return steps !== null && Number.isInteger(t) && t >= steps[0] && t <= steps[1];
}

/** Reads a selection (`h@3` or a parameter name such as `W`); a string is the problem with it. */
export function parseSelection(text: string, shape: GraphShape): Selection | string {
  const params = paramNames(shape.variant);
  if ((params as readonly string[]).includes(text)) return { type: 'param', name: text as ParamName };
  const kinds = nodeKinds(shape.variant);
  const match = /^([A-Za-z]{1,8})@(\d{1,9})$/.exec(text);
  if (match === null || !kinds.includes(match[1]!)) {
    if (VARIANTS.some((v) => paramNames(v).includes(text))) return `a ${shape.variant} network has no ${text}`;
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);
    return `expected a node like "h@3" (${kinds.join(', ')}, then @ and a step) or a parameter (${params.join(', ')}), got ${shown}`;
  }
  const kind = match[1]!;
  const t = Number(match[2]);
  if (nodeExists(shape, kind, t)) return { type: 'node', kind, t };
  const [first, last] = nodeSteps(shape, kind)!;
  if (t === 0 && VARIANTS.some((v) => cellOfVariant(v).carried.some((c) => c.state === kind))) return `a ${shape.variant} network has no ${kind}@0 (no initial state ${kind}0)`;
  if (first === last) return `no node ${kind}@${t}: a network read out at the end has ${kind} only at the last step, ${kind}@${last}`;
  return `no node ${kind}@${t}: the steps of ${kind} run ${first}..${last}`;
}

/** The text of a selection, as stored and shared. */
export function selectionText(s: Selection): string {
  return s.type === 'param' ? s.name : nodeId(s.kind, s.t);
}
