/**
 * The names of what the graphs draw (DESIGN.md, convention 10): nodes `<kind>@<t>` (x, h, o,
 * yhat, L, y), edges `<from>-><to>`, and what a user can select: a node or a parameter.
 */
import type { ParamName, Variant } from '../../engine/index';
import { paramNames } from '../../engine/index';

/** The kinds of node in the unfolded graph. */
export type NodeKind = 'x' | 'h' | 'o' | 'yhat' | 'L' | 'y';
export const NODE_KINDS: readonly NodeKind[] = ['x', 'h', 'o', 'yhat', 'L', 'y'];
/** The kinds that exist only where a step has an output. */
export const OUTPUT_KINDS: readonly NodeKind[] = ['o', 'yhat', 'L', 'y'];

/** What the graph's shape depends on. */
export interface GraphShape {
  readonly variant: Variant;
  readonly tau: number;
}

/** A selected node or parameter. */
export type Selection =
  | { readonly type: 'node'; readonly kind: NodeKind; readonly t: number }
  | { readonly type: 'param'; readonly name: ParamName };

/** `h@3`. */
export const nodeId = (kind: NodeKind, t: number): string => `${kind}@${t}`;
/** `h@2->h@3`. */
export const edgeId = (from: string, to: string): string => `${from}->${to}`;

/** The steps at which a kind of node exists: [first, last], or null for none. */
export function nodeSteps(shape: GraphShape, kind: NodeKind): readonly [number, number] | null {
  if (kind === 'h') return [shape.variant === 'jordan' ? 1 : 0, shape.tau];
  if (shape.variant === 'single-output' && OUTPUT_KINDS.includes(kind)) return [shape.tau, shape.tau];
  return [1, shape.tau];
}

/** Whether node kind@t exists in this graph. */
export function nodeExists(shape: GraphShape, kind: NodeKind, t: number): boolean {
  const steps = nodeSteps(shape, kind);
  return steps !== null && Number.isInteger(t) && t >= steps[0] && t <= steps[1];
}

/** Reads a selection (`h@3` or a parameter name such as `W`); a string is the problem with it. */
export function parseSelection(text: string, shape: GraphShape): Selection | string {
  if ((paramNames(shape.variant) as readonly string[]).includes(text)) return { type: 'param', name: text as ParamName };
  if (text === 'h0') return 'a jordan network has no h0';
  const match = /^(x|h|o|yhat|L|y)@(\d{1,9})$/.exec(text);
  if (match === null) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);
    return `expected a node like "h@3" (x, h, o, yhat, L or y, then @ and a step) or a parameter (${paramNames(shape.variant).join(', ')}), got ${shown}`;
  }
  const kind = match[1] as NodeKind;
  const t = Number(match[2]);
  if (nodeExists(shape, kind, t)) return { type: 'node', kind, t };
  if (kind === 'h' && t === 0) return 'a jordan network has no h@0 (no initial state h0)';
  const [first, last] = nodeSteps(shape, kind)!;
  if (first === last) return `no node ${kind}@${t}: the single-output network has ${kind} only at the last step, ${kind}@${last}`;
  return `no node ${kind}@${t}: the steps of ${kind} run ${first}..${last}`;
}

/** The text of a selection, as stored and shared. */
export function selectionText(s: Selection): string {
  return s.type === 'param' ? s.name : nodeId(s.kind, s.t);
}
