/**
 * The vectors a vector node of the unfolded graph draws in its strips, read from a trace: its
 * value and dL/d(node) (as the inspector shows them), and for yhat the target class.
 */
import type { Model, Trace } from '../../engine/index';
import { cellNodeRow, cellOfVariant, nodeGradientOf, outputRow, targetAt } from '../../engine/index';
import type { LayoutNode } from '../layout/layout';

export interface NodeVectors {
  /** The node's value: h(t), s(t), a gate, o(t) or yhat(t). */
  readonly value: Float64Array;
  /** dL/d(node), or null where the node has none to draw (yhat: the engine differentiates softmax and the loss together). */
  readonly grad: Float64Array | null;
  /** yhat's target class y(t), or null. */
  readonly target: number | null;
}

/** The vectors of a vector node (null for x, y and L), computed when first asked for and kept. */
export function nodeVectorsOf(model: Model, trace: Trace): (node: LayoutNode) => NodeVectors | null {
  const { hidden: H, output: K } = model.sizes;
  const cell = cellOfVariant(model.variant);
  const values = { sizes: model.sizes, nodes: trace.nodes, factors: trace.factors };
  const known = new Map<string, NodeVectors | null>();
  const compute = (node: LayoutNode): NodeVectors | null => {
    const t = node.t;
    switch (node.kind) {
      case 'x': case 'y': case 'L': return null;
      case 'o': {
        const r = outputRow(model, t);
        return { value: trace.o.subarray(r * K, (r + 1) * K), grad: trace.gO.subarray(r * K, (r + 1) * K), target: null };
      }
      case 'yhat': {
        const r = outputRow(model, t);
        return { value: trace.yhat.subarray(r * K, (r + 1) * K), grad: null, target: targetAt(model, t) };
      }
      default: {
        const buf = trace.nodes[node.kind];
        if (!buf) return null;
        const r = cellNodeRow(cell, node.kind, t);
        const value = buf.subarray(r * H, (r + 1) * H);
        if (t === 0) {
          const initial = cell.carried.find((c) => c.state === node.kind)?.initial;
          return { value, grad: initial === undefined ? null : (trace.grads[initial] ?? null), target: null };
        }
        return { value, grad: nodeGradientOf(cell, values, node.kind, t), target: null };
      }
    }
  };
  return (node) => {
    if (!known.has(node.id)) known.set(node.id, compute(node));
    return known.get(node.id)!;
  };
}
