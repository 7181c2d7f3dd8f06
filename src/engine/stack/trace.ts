/**
 * A deep or bidirectional network's whole pass as plain buffers, for the page: what the worker
 * sends (no cell objects, only typed arrays, transferred) and the graph reads (graph/charts
 * stackNumbers): every layer's and direction's nodes and backward factors in its own time (the
 * reverse direction's own step s is the sequence's step tau + 1 - s), what each of its cell's
 * edges carries back, z(t) of every layer, the output layer's values, the loss and every
 * gradient.
 */
import { cellEdgeNorms } from '../pass/trace';
import type { StackModel, StackPass } from './stack';
import { stackGradients } from './stack';

/** One layer in one direction: its cell's buffers in its own time. */
export interface StackLayerTrace {
  /** Forward values of every node of the cell (carried states with their initial row 0), as CellPass.nodes. */
  readonly nodes: Readonly<Record<string, Float64Array>>;
  /** Backward factors (dL/dh(t) as `dh`, the carried states' and the cell's own), as CellPass.factors. */
  readonly factors: Readonly<Record<string, Float64Array>>;
  /** ||what each cell edge carries back|| per own step, by graphEdgeKey (Trace.edgeNorms). */
  readonly edgeNorms: Readonly<Record<string, Float64Array>>;
}

/** The pass's own buffers (StackPass) but its cells: z(t) of each layer, the output layer's o, yhat, dL/do and L(t), L, every gradient. */
export interface StackTrace extends Pick<StackPass, 'z' | 'o' | 'yhat' | 'gO' | 'stepLosses' | 'loss' | 'grads' | 'nonFinite'> {
  /** Per layer, per direction (forward, then reverse). */
  readonly layers: readonly (readonly StackLayerTrace[])[];
}

/** The trace of a stack's whole pass. */
export function stackTraceOf(model: StackModel): StackTrace {
  const pass = stackGradients(model);
  const tau = model.sequence.length;
  const layers = pass.cells.map((layer) => layer.map((c): StackLayerTrace => ({
    nodes: c.cell.nodes,
    factors: c.cell.factors,
    edgeNorms: cellEdgeNorms(model.cell, c.model.sizes, c.cell.params, tau, c.cell.nodes, c.cell.factors).edgeNorms,
  })));
  const { z, o, yhat, gO, stepLosses, loss, grads, nonFinite } = pass;
  return { layers, z, o, yhat, gO, stepLosses, loss, grads, nonFinite };
}

/** The buffers of a stack trace, each once, to transfer with postMessage. */
export function stackTraceTransfer(trace: StackTrace): ArrayBuffer[] {
  const arrays = [
    ...trace.layers.flatMap((layer) => layer.flatMap((c) => [...Object.values(c.nodes), ...Object.values(c.factors), ...Object.values(c.edgeNorms)])),
    ...trace.z, trace.o, trace.yhat, trace.gO, trace.stepLosses, ...Object.values(trace.grads),
  ];
  return [...new Set(arrays.map((v) => v.buffer as ArrayBuffer))];
}
