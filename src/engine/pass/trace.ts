/**
 * A whole finished pass as plain buffers for the graph panels: every forward state, every
 * backward factor, the parameter gradients, and the cross-time gradient each step sends back;
 * with what the stepping session shows at any position that the buffers alone do not tell (the
 * size of each parameter gradient summed so far, and where sums stopped being finite), so that
 * the snapshot at every position is read from the trace (snapshotOfTrace).
 */
import { euclideanNorm, frobeniusNorm } from '../train/clip';
import { graphEdgeKey } from '../cells/index';
import { matTVecAdd, vecAdd } from '../kernels';
import { cellOfVariant, outputSteps, paramNames } from '../model';
import type { NonFinite } from './nonfinite';
import type { ParamGrads, Pass } from './pass';
import { backwardStep } from './pass';
import { nonFiniteGradients } from './contributions';
import { runForward, totalLoss } from './gradients';
import type { Model, Sizes } from '../model';
import type { Cell } from '../cells/index';

/** The buffers of a pass over a model (row layouts as in ForwardStates and BackwardFactors). */
export interface Trace {
  /** a(t), tau x H. */
  readonly a: Float64Array;
  /** h(t), (tau+1) x H; row 0 is h(0). */
  readonly h: Float64Array;
  /** o(t), yhat(t): m x K (single output: one row, for t = tau). */
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  /** L(t), m entries. */
  readonly stepLosses: Float64Array;
  /** dL/do(t) m x K, dL/dh(t) tau x H, dL/da(t) tau x H (empty for the gated cells). */
  readonly gO: Float64Array;
  readonly gH: Float64Array;
  readonly gA: Float64Array;
  /** Every node of the model's cell by name (h, a; the LSTM's f, g, q, z, s, h), rows as in cells/cell.ts. */
  readonly nodes: Readonly<Record<string, Float64Array>>;
  /** Every backward factor of the cell by name (dh, da; the LSTM's ds, dpf, ...). */
  readonly factors: Readonly<Record<string, Float64Array>>;
  /**
   * What step t sends back across time through the recurrent weights, tau rows: the sum of
   * P^T d(t) over them, H wide (Elman: W^T dL/da(t), toward h(t-1)), or Jordan's W^T dL/da(t),
   * K wide (dL/df(t-1)); whether or not truncation lets it arrive.
   */
  readonly back: Float64Array;
  /** ||dL/dx(t)||, the sum of P^T d(t) over the input weights, tau entries: what the input edges of step t carry back. */
  readonly inputGradNorms: Float64Array;
  /** ||V^T dL/do(t)||, m entries (rows as for o): the size of the gradient the V edge of step t carries back to h(t). */
  readonly outputGradNorms: Float64Array;
  /**
   * What each edge of the cell's graph carries back to the node it leaves, by graphEdgeKey, tau
   * entries each (step t in entry t-1): the norm of its weights' sum of P^T d(t) plus its
   * elementwise part (Cell.edgeGradient).
   */
  readonly edgeNorms: Readonly<Record<string, Float64Array>>;
  /** dL/d(parameter), summed over every step. */
  readonly grads: ParamGrads;
  /**
   * ||dL/d(param)|| (frobeniusNorm) of each gradient summed over backward steps tau..t, tau rows
   * of one entry per parameter in paramNames order: row t-1 after backward step t.
   */
  readonly gradNormsByStep: Float64Array;
  /** The first value of a node, of dL/d(node) or of the loss's sum that was not finite, in the order the pass computes them; null if none. */
  readonly nodeFault: NonFinite | null;
  /** Each parameter gradient whose sum over the steps stopped being finite, at the step that made it so, in paramNames order. */
  readonly sumFaults: readonly NonFinite[];
  /** The first non-finite value of the pass: nodeFault, else the first of sumFaults; null if none. */
  readonly nonFinite: NonFinite | null;
}

/** The trace of a full pass over a model: the pass run forward, then backward one step at a time with the sums' norms taken after each. */
export function traceOf(model: Model): Trace {
  const pass = runForward(model);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const names = paramNames(model.variant);
  const P = names.length;
  const { grads } = pass.backward;
  const gradNormsByStep = new Float64Array(tau * P);
  for (let t = tau; t >= 1; t--) {
    backwardStep(pass, t);
    for (let j = 0; j < P; j++) gradNormsByStep[(t - 1) * P + j] = frobeniusNorm(grads[names[j]!]!);
  }
  const { forward: f, backward: g } = pass;
  const { back, inputGradNorms, edgeNorms } = cellEdgeNorms(cellOfVariant(model.variant), model.sizes, model.params, tau, f.nodes, g.factors);
  const nodeFault = pass.nonFinite;
  const sumFaults = nonFiniteGradients(pass);
  return {
    a: f.a, h: f.h, o: f.o, yhat: f.yhat, stepLosses: f.stepLosses,
    gO: g.gO, gH: g.gH, gA: g.gA, nodes: f.nodes, factors: g.factors, back, inputGradNorms,
    outputGradNorms: rowNormsOfProduct(model.params.V!, K, H, g.gO, outputSteps(model)),
    edgeNorms, grads, gradNormsByStep, nodeFault, sumFaults, nonFinite: nodeFault ?? sumFaults[0] ?? null,
  };
}

/**
 * What BPTT sends back along a cell's edges at every step of a finished pass over `tau` steps:
 * `back`, ||dL/dx(t)|| and every edge's norm (Trace), from its nodes and backward factors; for a
 * model's pass, or for one layer and direction of a stack's (../stack) in its own time.
 */
export function cellEdgeNorms(cell: Cell, sizes: Sizes, params: Readonly<Record<string, Float64Array>>, tau: number, nodes: Trace['nodes'], factors: Trace['factors']): Pick<Trace, 'back' | 'inputGradNorms' | 'edgeNorms'> {
  const { input: n, hidden: H, output: K } = sizes;
  const values = { sizes, nodes, factors };
  // P^T d(t) for every weight matrix P at one step: once per step, shared by the edges that carry P.
  const weights = cell.params.filter((p) => p.kind === 'input' || p.kind === 'recurrent' || p.kind === 'feedback');
  const width = (kind: string): number => (kind === 'input' ? n : kind === 'feedback' ? K : H);
  const products = new Map(weights.map((p) => [p.name, new Float64Array(width(p.kind))]));
  const backWidth = cell.throughOutput ? K : H;
  const back = new Float64Array(tau * backWidth);
  const inputGradNorms = new Float64Array(tau);
  const edges = cell.graph.edges;
  const edgeNorms: Record<string, Float64Array> = {};
  for (const e of edges) edgeNorms[graphEdgeKey(e)] = new Float64Array(tau);
  const dx = new Float64Array(n);
  const scratch = new Float64Array(Math.max(n, H));
  for (let t = 1; t <= tau; t++) {
    dx.fill(0);
    for (const p of weights) {
      const v = products.get(p.name)!;
      v.fill(0);
      matTVecAdd(v, 0, params[p.name]!, H, v.length, factors[p.factor!]!, (t - 1) * H);
      if (p.kind === 'input') vecAdd(dx, 0, v, 0, n);
      else vecAdd(back, (t - 1) * backWidth, v, 0, backWidth);
    }
    inputGradNorms[t - 1] = euclideanNorm([dx]);
    for (const e of edges) {
      const out = scratch.subarray(0, e.from === 'x' ? n : H);
      out.fill(0);
      for (const name of e.params) vecAdd(out, 0, products.get(name)!, 0, out.length);
      cell.edgeGradient(values, e, t, out);
      edgeNorms[graphEdgeKey(e)]![t - 1] = euclideanNorm([out]);
    }
  }
  return { back, inputGradNorms, edgeNorms };
}

/** ||M^T g_r|| for each of the `count` rows g_r of G (M is rows x cols; G is count x rows), scaled as the global norm is. */
function rowNormsOfProduct(M: Float64Array, rows: number, cols: number, G: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  const v = new Float64Array(cols);
  for (let r = 0; r < count; r++) {
    v.fill(0);
    matTVecAdd(v, 0, M, rows, cols, G, r * rows);
    out[r] = euclideanNorm([v]);
  }
  return out;
}

/** The buffers of a trace, to transfer with postMessage. */
export function traceTransfer(trace: Trace): ArrayBuffer[] {
  const { a, h, o, yhat, stepLosses, gO, gH, gA, nodes, factors, back, inputGradNorms, outputGradNorms, edgeNorms, grads, gradNormsByStep } = trace;
  const arrays = [a, h, o, yhat, stepLosses, gO, gH, gA, ...Object.values(nodes), ...Object.values(factors), back, inputGradNorms, outputGradNorms, ...Object.values(edgeNorms), gradNormsByStep, ...Object.values(grads)];
  // h is also nodes.h, dL/dh also factors.dh: each buffer is transferred once.
  return [...new Set(arrays.map((v) => v.buffer as ArrayBuffer))];
}

/** A finished Pass over the trace's buffers, so that pass functions (e.g. stepContribution) read a trace. */
export function passOfTrace(model: Model, trace: Trace): Pass {
  const width = cellOfVariant(model.variant).throughOutput ? model.sizes.output : model.sizes.hidden;
  return {
    model,
    forward: { a: trace.a, h: trace.h, o: trace.o, yhat: trace.yhat, stepLosses: trace.stepLosses, nodes: trace.nodes },
    backward: { gO: trace.gO, gH: trace.gH, gA: trace.gA, factors: trace.factors, grads: trace.grads, carry: new Float64Array(width) },
    loss: totalLoss(trace.stepLosses),
    nonFinite: trace.nonFinite,
    cells: null,
  };
}
