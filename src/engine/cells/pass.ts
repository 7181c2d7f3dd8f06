/**
 * One forward + BPTT pass over a cell (./cell.ts) with the output layer (./output.ts):
 * `cellForwardStep(pass, t)` for t = 1..tau, then `cellBackwardStep(pass, t)` for t = tau..1.
 * The pass owns what is the same for every cell: the buffers, the output layer, truncation (no
 * carried state's gradient crosses a cut, shared/MODEL.md "Truncated BPTT"), the initial states'
 * gradients, and non-finite detection naming the step and node. The section 10.2 networks still
 * run on ../pass.ts until Elman and Jordan are cells too.
 */
import { firstNonFinite, vecAdd } from '../kernels';
import type { Sequence, Sizes } from '../model';
import type { NonFinite } from '../nonfinite';
import type { Cell, CellPass, Nonlinearity } from './cell';
import { lossGradient, outputBackward, outputForward } from './output';

/** A network built on a cell: the cell's parameters and the output layer's V (K x H) and c (K). */
export interface CellModel {
  readonly cell: Cell;
  readonly sizes: Sizes;
  /** Every parameter of the cell, and V and c; matrices row-major. */
  readonly params: Readonly<Record<string, Float64Array>>;
  readonly sequence: Sequence;
  /** k: no gradient crosses a multiple of k; null for full BPTT. */
  readonly truncation: number | null;
  /** Where the output is read: at every step, or once at the end (figure 10.5). */
  readonly readout: 'every' | 'last';
  /** tanh, or ReLU (the Elman cell). */
  readonly nonlinearity: Nonlinearity;
}

/** Where a value first stopped being finite: a node (forward) or dL/d(node) (backward) of step t. */
export type CellNonFinite = Omit<NonFinite, 'node'> & { readonly node: string };

/** A cell model with the buffers of one pass over it. */
export interface CellModelPass {
  readonly model: CellModel;
  /** The buffers the cell's step functions fill. */
  readonly cell: CellPass;
  /** o(t), yhat(t): m x K with m output steps, row t-1 (readout 'last': o(tau) in row 0). */
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  /** L(t), m entries. */
  readonly stepLosses: Float64Array;
  /** dL/do(t), m x K, rows as for o. */
  readonly gO: Float64Array;
  /** L(1) + ... + L(t) over the forward steps done so far. */
  loss: number;
  nonFinite: CellNonFinite | null;
}

/** The shape [rows, cols] of a parameter: a cell's by its kind, or the output layer's V and c. */
export function cellParamShape(cell: Cell, sizes: Sizes, name: string): readonly [number, number] {
  const { input: n, hidden: H, output: K } = sizes;
  if (name === 'V') return [K, H];
  if (name === 'c') return [K, 1];
  const spec = cell.params.find((p) => p.name === name);
  if (!spec) throw new RangeError(`${name}: the ${cell.name} cell has no such parameter`);
  return spec.kind === 'input' ? [H, n] : spec.kind === 'recurrent' ? [H, H] : [H, 1];
}

/** Every parameter's name: the cell's, then V and c. */
export const cellParamNames = (cell: Cell): readonly string[] => [...cell.params.map((p) => p.name), 'V', 'c'];

/** Number of steps with an output: tau, or 1 when read at the end. */
const outputCount = (model: CellModel) => (model.readout === 'last' ? 1 : model.sequence.length);

/** Row of o holding step t, or -1 when step t has no output. */
export function cellOutputRow(model: CellModel, t: number): number {
  if (model.readout === 'every') return t - 1;
  return t === model.sequence.length ? 0 : -1;
}

/** Whether what step t+1 sends back reaches step t (1 <= t < tau) under truncation. */
export function cellCrossesBack(model: CellModel, t: number): boolean {
  if (t >= model.sequence.length) return false;
  return model.truncation === null || t % model.truncation !== 0;
}

/** Allocates the buffers of one pass (zeros; the carried states' row 0 their initial values). */
export function createCellPass(model: CellModel): CellModelPass {
  const { cell, sizes } = model;
  const { hidden: H, output: K } = sizes;
  const tau = model.sequence.length;
  const m = outputCount(model);
  const carried = new Map(cell.carried.map((c) => [c.state, c.initial]));
  const nodes: Record<string, Float64Array> = {};
  for (const node of cell.nodes) {
    const initial = carried.get(node.name);
    nodes[node.name] = new Float64Array((initial ? tau + 1 : tau) * H);
    if (initial) nodes[node.name]!.set(model.params[initial]!);
  }
  const factors: Record<string, Float64Array> = {};
  for (const name of [...cell.carried.map((c) => `d${c.state}`), ...cell.factors.map((f) => f.name)]) factors[name] = new Float64Array(tau * H);
  const grads: Record<string, Float64Array> = {};
  for (const name of cellParamNames(cell)) grads[name] = new Float64Array(model.params[name]!.length);
  const carry: Record<string, Float64Array> = {};
  for (const c of cell.carried) carry[c.state] = new Float64Array(H);
  return {
    model,
    cell: { sizes, tau, inputs: model.sequence.inputs, nonlinearity: model.nonlinearity, params: model.params, nodes, factors, grads, carry },
    o: new Float64Array(m * K), yhat: new Float64Array(m * K), stepLosses: new Float64Array(m), gO: new Float64Array(m * K),
    loss: 0,
    nonFinite: null,
  };
}

/** Records the first non-finite entry of v[vo..vo+len) as `node` at step t, if none was seen yet. */
function check(pass: CellModelPass, direction: NonFinite['pass'], t: number, node: string, v: Float64Array, vo: number, len: number): void {
  if (pass.nonFinite) return;
  const i = firstNonFinite(v, vo, len);
  if (i >= 0) pass.nonFinite = { pass: direction, step: t, node, index: i, value: v[vo + i]! };
}

/** The row offset of step t in a node's buffer: row t of a carried state, row t-1 of the others. */
const nodeOffset = (cell: Cell, node: string, t: number, H: number) => (cell.carried.some((c) => c.state === node) ? t : t - 1) * H;

/** Forward step t (1..tau): the cell's nodes, then where step t has an output, o(t), yhat(t), L(t). */
export function cellForwardStep(pass: CellModelPass, t: number): void {
  const { model } = pass;
  const { cell } = model;
  const { hidden: H, output: K } = model.sizes;
  cell.forward(pass.cell, t);
  for (const node of cell.nodes) check(pass, 'forward', t, node.name, pass.cell.nodes[node.name]!, nodeOffset(cell, node.name, t, H), H);
  const row = cellOutputRow(model, t);
  if (row < 0) return;
  const oo = row * K;
  pass.stepLosses[row] = outputForward(pass.o, pass.yhat, oo, model.params.V!, model.params.c!, K, H, pass.cell.nodes.h!, t * H, model.sequence.targets[row]!);
  check(pass, 'forward', t, 'o', pass.o, oo, K);
  check(pass, 'forward', t, 'yhat', pass.yhat, oo, K);
  check(pass, 'forward', t, 'L', pass.stepLosses, row, 1);
  pass.loss += pass.stepLosses[row]!;
  if (!pass.nonFinite && !Number.isFinite(pass.loss)) pass.nonFinite = { pass: 'forward', step: t, node: 'loss', index: 0, value: pass.loss };
}

/**
 * Backward step t (tau..1), after every forward step and the backward steps t+1..tau: dL/do(t)
 * and the output layer's gradients, dL/d(carried state)(t) with what step t+1 sent back (unless
 * truncation cuts it), then the cell's step; at t = 1 what it sends back is the initial states'
 * gradient.
 */
export function cellBackwardStep(pass: CellModelPass, t: number): void {
  const { model } = pass;
  const { cell } = model;
  const { hidden: H, output: K } = model.sizes;
  const { factors, grads, carry, nodes } = pass.cell;
  const ro = (t - 1) * H;
  const row = cellOutputRow(model, t);
  if (row >= 0) {
    const oo = row * K;
    lossGradient(pass.gO, pass.yhat, oo, K, model.sequence.targets[row]!);
    check(pass, 'backward', t, 'o', pass.gO, oo, K);
    outputBackward(grads.c!, grads.V!, factors.dh!, ro, model.params.V!, K, H, pass.gO, oo, nodes.h!, t * H);
  }
  if (cellCrossesBack(model, t)) for (const c of cell.carried) vecAdd(factors[`d${c.state}`]!, ro, carry[c.state]!, 0, H);
  for (const c of cell.carried) check(pass, 'backward', t, c.state, factors[`d${c.state}`]!, ro, H);
  cell.backward(pass.cell, t);
  for (const f of cell.factors) check(pass, 'backward', t, f.name, factors[f.name]!, ro, H);
  if (t === 1) for (const c of cell.carried) vecAdd(grads[c.initial]!, 0, carry[c.state]!, 0, H);
}

/** L, every L(t) and every parameter's gradient, by one whole pass. */
export function cellGradients(model: CellModel): CellModelPass {
  const pass = createCellPass(model);
  const tau = model.sequence.length;
  for (let t = 1; t <= tau; t++) cellForwardStep(pass, t);
  for (let t = tau; t >= 1; t--) cellBackwardStep(pass, t);
  return pass;
}
