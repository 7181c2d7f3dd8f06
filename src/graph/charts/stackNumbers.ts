/**
 * What the unfolded graph of a deep or bidirectional network encodes (as ./magnitudes.ts and
 * ./nodeVectors.ts do for one cell), read from the trace of a stack's whole pass (engine/stack
 * trace.ts): each node's scalar and ||dL/d(node)||, its vectors, and the size of the gradient
 * each edge carries back. A cell's node of layer l in one direction (LayoutNode.layer, .reverse)
 * is read from that layer's and direction's buffers, in its own time: the reverse direction's
 * own step s is the sequence's step tau + 1 - s, and its initial state sits at tau + 1.
 */
import type { StackModel, StackTrace } from '../../engine/index';
import { cellNodeRow, cellOutputRow, layerSizes, nodeGradientOf, stackParamName } from '../../engine/index';
import type { LayoutEdge, LayoutNode, UnfoldedLayout } from '../layout/layout';
import type { NodeNumbers } from './magnitudes';
import { inputValue, lossEdgeMagnitude, mean, norm, softmaxEdgeMagnitude } from './magnitudes';
import type { NodeVectors } from './nodeVectors';

/** Reads the trace of a stack's pass for its graph: its nodes' numbers and vectors and its edges' magnitudes. */
export function stackReader(model: StackModel, pass: StackTrace) {
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const cellModel = model.cell;
  /** The buffers of the layer and direction that computed a cell's node, and the node's step in its own time. */
  const cellOf = (node: Pick<LayoutNode, 't' | 'layer' | 'reverse'>) => {
    const reverse = node.reverse === true;
    const layer = node.layer ?? 0;
    return { cell: pass.layers[layer]![reverse ? 1 : 0]!, layer, reverse, s: reverse ? tau + 1 - node.t : node.t };
  };
  /** The row of o, yhat, L and dL/do holding step t. */
  const outputRowOf = (t: number): number => cellOutputRow(model.readout, tau, t);
  /** The sizes layer l's cell sees (its input is n, or the layer under's z). */
  const valuesOf = (c: ReturnType<typeof cellOf>) => ({ sizes: layerSizes(model.sizes, model, c.layer), nodes: c.cell.nodes, factors: c.cell.factors });
  const target = (t: number): number => model.sequence.targets[outputRowOf(t)]!;

  /** A cell's node's vectors: its value, and dL/d(node) (an initial state's: the gradient of its parameter). */
  const cellVectors = (node: LayoutNode): NodeVectors | null => {
    const c = cellOf(node);
    const { reverse, s } = c;
    const buf = c.cell.nodes[node.kind];
    if (!buf) return null;
    const r = cellNodeRow(cellModel, node.kind, s);
    const value = buf.subarray(r * H, (r + 1) * H);
    if (s === 0) {
      const initial = cellModel.carried.find((c) => c.state === node.kind)?.initial;
      return { value, grad: initial === undefined ? null : (pass.grads[stackParamName(initial, node.layer ?? 0, reverse)] ?? null), target: null };
    }
    return { value, grad: nodeGradientOf(cellModel, valuesOf(c), node.kind, s), target: null };
  };

  const vectors = (node: LayoutNode): NodeVectors | null => {
    switch (node.kind) {
      case 'x': case 'y': case 'L': return null;
      case 'o': {
        const r = outputRowOf(node.t);
        return { value: pass.o.subarray(r * K, (r + 1) * K), grad: pass.gO.subarray(r * K, (r + 1) * K), target: null };
      }
      case 'yhat': {
        const r = outputRowOf(node.t);
        return { value: pass.yhat.subarray(r * K, (r + 1) * K), grad: null, target: target(node.t) };
      }
      default:
        return cellVectors(node);
    }
  };

  const numbers = (node: LayoutNode): NodeNumbers => {
    const t = node.t;
    switch (node.kind) {
      case 'x':
        return { value: inputValue(model.sequence.inputs, model.sizes.input, t), gradNorm: null };
      case 'y':
        return { value: target(t), gradNorm: null };
      case 'L':
        return { value: pass.stepLosses[outputRowOf(t)]!, gradNorm: null };
      case 'yhat':
        return { value: pass.yhat[outputRowOf(t) * K + target(t)]!, gradNorm: lossEdgeMagnitude(pass.yhat, outputRowOf(t), K, target(t)) };
      default: {
        const v = vectors(node)!;
        return { value: mean(v.value, 0, v.value.length), gradNorm: v.grad === null ? null : norm(v.grad, 0, v.grad.length) };
      }
    }
  };

  /** ||dL/d(from)|| carried back along an edge (in BPTT, its width and colour). */
  const magnitude = (edge: LayoutEdge, to: LayoutNode): number => {
    if (edge.cut !== null) return 0;
    const t = edge.t;
    switch (edge.role) {
      case 'weights': {
        if (edge.key === null) {
          // The output layer's V: its columns over the top layer's h in the edge's direction, V^T dL/do(t) there.
          const from = edge.from.includes('_reverse') ? 1 : 0;
          const row = outputRowOf(t);
          const Z = model.params['V']!.length / K;
          let s = 0;
          for (let j = from * H; j < (from + 1) * H; j++) {
            let g = 0;
            for (let k = 0; k < K; k++) g += model.params['V']![k * Z + j]! * pass.gO[row * K + k]!;
            s += g * g;
          }
          return Math.sqrt(s);
        }
        // A cell's edge, of the layer and direction of the node it enters, at that node's own step.
        const { cell, s } = cellOf(to);
        return cell.edgeNorms[edge.key]![s - 1]!;
      }
      case 'softmax':
        return softmaxEdgeMagnitude(pass.yhat, outputRowOf(t), K, target(t));
      case 'loss':
        return lossEdgeMagnitude(pass.yhat, outputRowOf(t), K, target(t));
      default:
        return 0;
    }
  };
  return { numbers, vectors, magnitude };
}

/** Every node's numbers and every edge's magnitude of a stack's graph, keyed by id (as graphNumbers). */
export function stackGraphNumbers(model: StackModel, trace: StackTrace, layout: UnfoldedLayout): { nodes: Map<string, NodeNumbers>; edges: Map<string, number> } {
  const reader = stackReader(model, trace);
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  return {
    nodes: new Map(layout.nodes.map((n) => [n.id, reader.numbers(n)])),
    edges: new Map(layout.edges.map((e) => [e.id, reader.magnitude(e, byId.get(e.to)!)])),
  };
}
