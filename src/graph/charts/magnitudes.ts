/**
 * The numbers the unfolded graph encodes, from a model and the trace of its pass: a scalar per
 * node for its colour, ||dL/d(node)|| per node, and the size of the gradient each edge carries
 * back to the node it leaves.
 */
import type { Model, Trace } from '../../engine/index';
import { outputRow, targetAt } from '../../engine/index';
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

const norm = (v: Float64Array, offset: number, len: number): number => {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[offset + i]! * v[offset + i]!;
  return Math.sqrt(s);
};
const mean = (v: Float64Array, offset: number, len: number): number => {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[offset + i]!;
  return s / len;
};


/** The numbers of one node. */
export function nodeNumbers(model: Model, trace: Trace, node: LayoutNode): NodeNumbers {
  const { hidden: H, output: K } = model.sizes;
  const t = node.t;
  switch (node.kind) {
    case 'x': {
      const inputs = model.sequence.inputs;
      return { value: inputs.kind === 'tokens' ? inputs.ids[t - 1]! : mean(inputs.values, (t - 1) * model.sizes.input, model.sizes.input), gradNorm: null };
    }
    case 'y':
      return { value: targetAt(model, t), gradNorm: null };
    case 'h': {
      const gradNorm = t === 0 ? (trace.grads.h0 === undefined ? null : norm(trace.grads.h0, 0, H)) : norm(trace.gH, (t - 1) * H, H);
      return { value: mean(trace.h, t * H, H), gradNorm };
    }
    case 'o':
      return { value: mean(trace.o, outputRow(model, t) * K, K), gradNorm: norm(trace.gO, outputRow(model, t) * K, K) };
    case 'yhat': {
      const r = outputRow(model, t);
      const p = trace.yhat[r * K + targetAt(model, t)]!;
      return { value: p, gradNorm: 1 / p };
    }
    case 'L':
      return { value: trace.stepLosses[outputRow(model, t)]!, gradNorm: null };
  }
}

/** ||dL/d(from)|| carried back along one edge: what the edge's width and colour show in BPTT. */
export function edgeMagnitude(model: Model, trace: Trace, edge: LayoutEdge, from: LayoutNode): number {
  if (edge.cut !== null || from.kind === 'y') return 0;
  const { hidden: H, output: K } = model.sizes;
  const t = edge.t;
  const r = outputRow(model, t);
  switch (edge.role) {
    case 'U':
      // dL/dx(t) = U^T dL/da(t), whose norm the worker computed with the trace.
      return trace.inputGradNorms[t - 1]!;
    case 'W': {
      const width = model.variant === 'jordan' ? K : H;
      return norm(trace.back, (t - 1) * width, width);
    }
    case 'V':
      // V^T dL/do(t), the part of dL/dh(t) that comes from the output.
      return trace.outputGradNorms[r]!;
    case 'softmax': {
      // The loss's own part of dL/do(t): yhat(t) - onehot(y(t)).
      let s = 0;
      const y = targetAt(model, t);
      for (let k = 0; k < K; k++) {
        const g = trace.yhat[r * K + k]! - (k === y ? 1 : 0);
        s += g * g;
      }
      return Math.sqrt(s);
    }
    case 'loss':
      return 1 / trace.yhat[r * K + targetAt(model, t)]!;
    case 'target':
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
