/**
 * The numbers the unfolded graph encodes, from a model and the trace of its pass: a scalar per
 * node for its colour, ||dL/d(node)|| per node, and the size of the gradient each edge carries
 * back to the node it leaves.
 */
import type { Model, Trace } from '../../engine/index';
import { cellNodeRow, cellOfVariant, outputRow, targetAt } from '../../engine/index';
import type { LayoutEdge, LayoutNode, UnfoldedLayout } from '../layout/layout';

/** What a node's colour shows, and its gradient's size. */
export interface NodeNumbers {
  /**
   * h: mean of h(t) in [-1, 1]; o: mean of o(t); yhat: yhat(t)[y(t)], the probability of the
   * target; L: L(t); x, y: the token or class id.
   */
  readonly value: number;
  /** ||dL/d(node)||, or null for data (x, y) and for L (dL/dL = 1). */
  readonly gradNorm: number | null;
}

/** ||v[offset .. offset + len)||. */
export const norm = (v: Float64Array, offset: number, len: number): number => {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[offset + i]! * v[offset + i]!;
  return Math.sqrt(s);
};
/** The mean of v[offset .. offset + len). */
export const mean = (v: Float64Array, offset: number, len: number): number => {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[offset + i]!;
  return s / len;
};


/** What x(t)'s colour shows: its token id, or the mean of its n dense entries. */
export const inputValue = (inputs: Model['sequence']['inputs'], n: number, t: number): number =>
  (inputs.kind === 'tokens' ? inputs.ids[t - 1]! : mean(inputs.values, (t - 1) * n, n));

/** The numbers of one node. */
export function nodeNumbers(model: Model, trace: Trace, node: LayoutNode): NodeNumbers {
  const { hidden: H, output: K } = model.sizes;
  const t = node.t;
  switch (node.kind) {
    case 'x':
      return { value: inputValue(model.sequence.inputs, model.sizes.input, t), gradNorm: null };
    case 'y':
      return { value: targetAt(model, t), gradNorm: null };
    case 'o':
      return { value: mean(trace.o, outputRow(model, t) * K, K), gradNorm: norm(trace.gO, outputRow(model, t) * K, K) };
    case 'yhat': {
      const r = outputRow(model, t);
      return { value: trace.yhat[r * K + targetAt(model, t)]!, gradNorm: lossEdgeMagnitude(trace.yhat, r, K, targetAt(model, t)) };
    }
    case 'L':
      return { value: trace.stepLosses[outputRow(model, t)]!, gradNorm: null };
    default: {
      // A node of the cell: h(t), s(t), a gate; its mean, and ||dL/d(node)(t)|| (h(0), s(0): the initial state's gradient).
      const cell = cellOfVariant(model.variant);
      const value = mean(trace.nodes[node.kind]!, cellNodeRow(cell, node.kind, t) * H, H);
      if (t === 0) {
        const initial = cell.carried.find((c) => c.state === node.kind)?.initial;
        const g = initial === undefined ? undefined : trace.grads[initial];
        return { value, gradNorm: g === undefined ? null : norm(g, 0, H) };
      }
      const values = { sizes: model.sizes, nodes: trace.nodes, factors: trace.factors };
      let s = 0;
      for (let i = 0; i < H; i++) s += cell.nodeGradient(values, node.kind, t, i) ** 2;
      return { value, gradNorm: Math.sqrt(s) };
    }
  }
}

/** What the softmax edge o(t) -> yhat(t) carries back, from row r of yhat (K wide): the loss's own part of dL/do(t), ||yhat(t) - onehot(y)||. */
export function softmaxEdgeMagnitude(yhat: Float64Array, r: number, K: number, y: number): number {
  let s = 0;
  for (let k = 0; k < K; k++) {
    const g = yhat[r * K + k]! - (k === y ? 1 : 0);
    s += g * g;
  }
  return Math.sqrt(s);
}

/** What the loss edge yhat(t) -> L(t) carries back: |dL(t)/dyhat(t)[y]| = 1 / yhat(t)[y]. */
export const lossEdgeMagnitude = (yhat: Float64Array, r: number, K: number, y: number): number => 1 / yhat[r * K + y]!;

/** ||dL/d(from)|| carried back along one edge: what the edge's width and colour show in BPTT. */
export function edgeMagnitude(model: Model, trace: Trace, edge: LayoutEdge, from: LayoutNode): number {
  if (edge.cut !== null || from.kind === 'y') return 0;
  const K = model.sizes.output;
  const t = edge.t;
  const r = outputRow(model, t);
  if (edge.key !== null) return trace.edgeNorms[edge.key]![t - 1]!;
  switch (edge.role) {
    case 'weights':
      // The output layer's V: V^T dL/do(t), the part of dL/dh(t) that comes from the output.
      return trace.outputGradNorms[r]!;
    case 'feedback':
      // Jordan's W^T dL/da(t), toward f(t-1).
      return norm(trace.back, (t - 1) * K, K);
    case 'softmax':
      return softmaxEdgeMagnitude(trace.yhat, r, K, targetAt(model, t));
    case 'loss':
      return lossEdgeMagnitude(trace.yhat, r, K, targetAt(model, t));
    case 'target':
    case 'product':
    case 'sample':
      return 0;
  }
}

/** Every node's numbers and every edge's magnitude, keyed by id. */
export function graphNumbers(model: Model, trace: Trace, layout: UnfoldedLayout): { nodes: Map<string, NodeNumbers>; edges: Map<string, number> } {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  return {
    nodes: new Map(layout.nodes.map((n) => [n.id, nodeNumbers(model, trace, n)])),
    edges: new Map(layout.edges.map((e) => [e.id, edgeMagnitude(model, trace, e, byId.get(e.from)!)])),
  };
}
