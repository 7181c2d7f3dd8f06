/**
 * One forward + BPTT pass over a cell (./cell.ts) with the output layer (./output.ts):
 * `cellForwardStep(pass, t)` for t = 1..tau, then `cellBackwardStep(pass, t)` for t = tau..1.
 * The pass owns what is the same for every cell: the buffers, the output layer, truncation (no
 * carried state's gradient crosses a cut, shared/MODEL.md "Truncated BPTT"), the initial states'
 * gradients, and non-finite detection naming the step and node. ../pass.ts runs every model's
 * pass on it.
 */
import { firstNonFinite, vecAdd } from '../kernels';
import type { Feedback, Sequence, Sizes } from '../model';
import type { NonFinite } from '../pass/nonfinite';
import type { Cell, CellPass, Nonlinearity, Nudge, ParamSpec } from './cell';
import { applyNudge } from './cell';
import { lossGradient, outputBackward, outputLogits, outputLoss } from './output';

/** A network built on a cell: the cell's parameters and the output layer's V (K x H) and c (K). */
export interface CellModel {
  readonly cell: Cell;
  readonly sizes: Sizes;
  /** Every parameter of the cell, and V and c; matrices row-major. */
  readonly params: Readonly<Record<string, Float64Array>>;
  readonly sequence: Sequence;
  /** k: no gradient crosses a multiple of k; null for full BPTT. */
  readonly truncation: number | null;
  /**
   * Where the output is read: at every step, once at the end (figure 10.5), or nowhere: a layer of
   * a deep or bidirectional network (../stack), whose h(t) the next layer or the stack's output layer reads.
   */
  readonly readout: 'every' | 'last' | 'none';
  /**
   * The second direction of a bidirectional layer: its inputs are the sequence's backwards, so its
   * step t is the sequence's step tau + 1 - t, and truncation cuts where the sequence's steps are cut.
   */
  readonly reversed?: true;
  /** tanh, or ReLU (the Elman cell). */
  readonly nonlinearity: Nonlinearity;
  /** What Jordan's cell feeds back; null for the others. */
  readonly feedback: Feedback | null;
}

/** Where a value first stopped being finite: a node (forward) or dL/d(node) (backward) of step t. */
export type CellNonFinite = Omit<NonFinite, 'node'> & { readonly node: string };

/** What the pass checks and adds at each step, worked out once per pass (no lookups by name per step). */
interface StepPlan {
  /** Every node with its buffer, and 1 for a state (row t holds step t) or 0 (row t-1). */
  readonly nodes: readonly { readonly name: string; readonly buffer: Float64Array; readonly rowShift: 0 | 1 }[];
  /** dL/dh(t) and each carried state's factor, with what step t+1 sends back to it and its initial state's gradient. */
  readonly states: readonly { readonly name: string; readonly factor: Float64Array; readonly carry: Float64Array | null; readonly initialGrad: Float64Array | null }[];
  /** The cell's own factors, complete after its backward step. */
  readonly own: readonly { readonly name: string; readonly factor: Float64Array }[];
}

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
  /** The steps' plan over these buffers. */
  readonly plan: StepPlan;
}

/** The shape [rows, cols] of a parameter: a cell's by its kind, or the output layer's V and c. */
export function cellParamShape(cell: Cell, sizes: Sizes, name: string): readonly [number, number] {
  const { input: n, hidden: H, output: K } = sizes;
  if (name === 'V') return [K, H];
  if (name === 'c') return [K, 1];
  const spec = cell.params.find((p) => p.name === name);
  if (!spec) throw new RangeError(`${name}: the ${cell.name} cell has no such parameter`);
  switch (spec.kind) {
    case 'input': return [H, n];
    case 'recurrent': return [H, H];
    case 'feedback': return [H, K];
    default: return [H, 1];
  }
}

/** Whether a parameter is a matrix (written as rows in the model file) or a vector: by its kind, V a matrix, c a vector. */
export function cellParamIsMatrix(cell: Cell, name: string): boolean {
  if (name === 'V') return true;
  if (name === 'c') return false;
  const kind = cell.params.find((p) => p.name === name)?.kind;
  if (kind === undefined) throw new RangeError(`${name}: the ${cell.name} cell has no such parameter`);
  return kind === 'input' || kind === 'recurrent' || kind === 'feedback';
}

/**
 * Every parameter's name, in the model file's order: the weight matrices with the output layer's
 * V after them, the biases with c after them, then the initial states (Elman: U, W, V, b, c, h0).
 */
export function cellParamNames(cell: Cell): readonly string[] {
  const of = (...kinds: ParamSpec['kind'][]) => cell.params.filter((p) => kinds.includes(p.kind)).map((p) => p.name);
  return [...of('input', 'recurrent', 'feedback'), 'V', ...of('bias'), 'c', ...of('initial')];
}

/** Number of steps with an output: tau, 1 when read at the end, none in a layer of a stack. */
const outputCount = (model: CellModel) => (model.readout === 'none' ? 0 : model.readout === 'last' ? 1 : model.sequence.length);

/** Row of o holding step t, or -1 when step t has no output. */
export function cellOutputRow(readout: CellModel['readout'], tau: number, t: number): number {
  if (readout === 'every') return t - 1;
  return readout === 'last' && t === tau ? 0 : -1;
}

/** Whether a truncation window k cuts between step t and step t+1: t is a multiple of k (MODEL.md "Truncated BPTT"). */
export const truncationCut = (truncation: number | null, t: number): boolean => truncation !== null && t >= 1 && t % truncation === 0;

/** Whether what step t+1 sends back reaches step t (1 <= t < tau): not across a truncation cut, nor under teacher forcing. */
export function cellCrossesBack(model: Pick<CellModel, 'cell' | 'feedback' | 'truncation' | 'sequence' | 'reversed'>, t: number): boolean {
  const tau = model.sequence.length;
  if (t >= tau) return false;
  if (model.cell.throughOutput?.crosses(model.feedback) === false) return false;
  // Reversed, steps t + 1 -> t are the sequence's steps tau - t -> tau + 1 - t: cut where the sequence is cut after step tau - t.
  return !truncationCut(model.truncation, model.reversed ? tau - t : t);
}

/** The states with an initial row: h (zeros where the cell has no h0) and every carried state. */
const stateNodes = (cell: Cell): ReadonlySet<string> => new Set(['h', ...cell.carried.map((c) => c.state)]);

/** The row of a node's buffer that holds step t: row t of a state (h, s), row t-1 of the others. */
export const cellNodeRow = (cell: Cell, node: string, t: number): number => (stateNodes(cell).has(node) ? t : t - 1);


/** Allocates the buffers of one pass (zeros; the carried states' row 0 their initial values), with a nudge for finite differences. */
export function createCellPass(model: CellModel, nudge: Nudge | null = null): CellModelPass {
  const { cell, sizes } = model;
  const { hidden: H, output: K } = sizes;
  const tau = model.sequence.length;
  const m = outputCount(model);
  const states = stateNodes(cell);
  const nodes: Record<string, Float64Array> = {};
  for (const node of cell.nodes) nodes[node.name] = new Float64Array((states.has(node.name) ? tau + 1 : tau) * H);
  for (const c of cell.carried) nodes[c.state]!.set(model.params[c.initial]!);
  const factors: Record<string, Float64Array> = {};
  for (const name of factorNames(cell)) factors[name] = new Float64Array(tau * H);
  const grads: Record<string, Float64Array> = {};
  for (const name of cellParamNames(cell)) grads[name] = new Float64Array(model.params[name]!.length);
  const carry: Record<string, Float64Array> = {};
  for (const c of cell.carried) carry[c.state] = new Float64Array(H);
  if (cell.throughOutput) carry.f = new Float64Array(K);
  const o = new Float64Array(m * K);
  const yhat = new Float64Array(m * K);
  const gO = new Float64Array(m * K);
  const initialOf = new Map(cell.carried.map((c) => [c.state, c.initial]));
  const plan: StepPlan = {
    nodes: cell.nodes.map((node) => ({ name: node.name, buffer: nodes[node.name]!, rowShift: states.has(node.name) ? 1 : 0 })),
    states: ['h', ...cell.carried.filter((c) => c.state !== 'h').map((c) => c.state)].map((state) => {
      const initial = initialOf.get(state);
      return { name: state, factor: factors[`d${state}`]!, carry: initial ? carry[state]! : null, initialGrad: initial ? grads[initial]! : null };
    }),
    own: cell.factors.map((f) => ({ name: f.name.slice(1), factor: factors[f.name]! })),
  };
  return {
    model,
    cell: {
      sizes, tau, inputs: model.sequence.inputs, nonlinearity: model.nonlinearity, feedback: model.feedback, targets: model.sequence.targets,
      output: { o, yhat, gO }, params: model.params, nodes, factors, grads, carry, nudge,
    },
    o, yhat, stepLosses: new Float64Array(m), gO,
    loss: 0,
    nonFinite: null,
    plan,
  };
}

/** Records the first non-finite entry of v[vo..vo+len) as `node` at step t, if none was seen yet. */
function check(pass: CellModelPass, direction: NonFinite['pass'], t: number, node: string, v: Float64Array, vo: number, len: number): void {
  if (pass.nonFinite) return;
  const i = firstNonFinite(v, vo, len);
  if (i >= 0) pass.nonFinite = { pass: direction, step: t, node, index: i, value: v[vo + i]! };
}

/** Every backward factor's name: dL/dh(t), the carried states', the cell's own. */
const factorNames = (cell: Cell): readonly string[] => [...new Set(['dh', ...cell.carried.map((c) => `d${c.state}`), ...cell.factors.map((f) => f.name)])];

/** Forward step t (1..tau): the cell's nodes, then where step t has an output, o(t), yhat(t), L(t). */
export function cellForwardStep(pass: CellModelPass, t: number): void {
  const { model } = pass;
  const { hidden: H, output: K } = model.sizes;
  model.cell.forward(pass.cell, t);
  for (const node of pass.plan.nodes) check(pass, 'forward', t, node.name, node.buffer, (t - 1 + node.rowShift) * H, H);
  const row = cellOutputRow(model.readout, model.sequence.length, t);
  if (row < 0) return;
  const oo = row * K;
  outputLogits(pass.o, oo, model.params.V!, model.params.c!, K, H, pass.cell.nodes.h!, t * H);
  applyNudge(pass.cell, 'o', t, pass.o, oo);
  pass.stepLosses[row] = outputLoss(pass.yhat, pass.o, oo, K, model.sequence.targets[row]!);
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
  const { factors, grads, nodes } = pass.cell;
  const ro = (t - 1) * H;
  const crossing = cellCrossesBack(model, t);
  const row = cellOutputRow(model.readout, model.sequence.length, t);
  if (row >= 0) {
    const oo = row * K;
    lossGradient(pass.gO, pass.yhat, oo, K, model.sequence.targets[row]!);
    if (crossing) cell.throughOutput?.backward(pass.cell, oo);
    check(pass, 'backward', t, 'o', pass.gO, oo, K);
    outputBackward(grads.c!, grads.V!, factors.dh!, ro, model.params.V!, K, H, pass.gO, oo, nodes.h!, t * H);
  }
  const { plan } = pass;
  for (const state of plan.states) {
    if (crossing && state.carry) vecAdd(state.factor, ro, state.carry, 0, H);
    check(pass, 'backward', t, state.name, state.factor, ro, H);
  }
  cell.backward(pass.cell, t);
  for (const f of plan.own) check(pass, 'backward', t, f.name, f.factor, ro, H);
  if (t === 1) for (const state of plan.states) if (state.initialGrad) vecAdd(state.initialGrad, 0, state.carry!, 0, H);
}

/**
 * Each parameter gradient whose sum over backward steps tau..through stopped being finite, at the
 * step whose contribution made it so, in cellParamNames order: the pass is run again with every
 * sum checked after each backward step (a pass's own steps check only the per-step factors, which
 * can all be finite while a sum overflows). Empty when none did.
 */
export function nonFiniteCellGradients(model: CellModel, through = 1): CellNonFinite[] {
  const pass = createCellPass(model);
  const tau = model.sequence.length;
  for (let t = 1; t <= tau; t++) cellForwardStep(pass, t);
  const names = cellParamNames(model.cell);
  const first = new Map<string, CellNonFinite>();
  for (let t = tau; t >= through && first.size < names.length; t--) {
    cellBackwardStep(pass, t);
    for (const name of names) {
      if (first.has(name)) continue;
      const g = pass.cell.grads[name]!;
      const i = firstNonFinite(g, 0, g.length);
      if (i >= 0) first.set(name, { pass: 'backward', step: t, node: name, index: i, value: g[i]! });
    }
  }
  return names.flatMap((name) => first.get(name) ?? []);
}

/** L, every L(t) and every parameter's gradient, by one whole pass. */
export function cellGradients(model: CellModel): CellModelPass {
  const pass = createCellPass(model);
  const tau = model.sequence.length;
  for (let t = 1; t <= tau; t++) cellForwardStep(pass, t);
  for (let t = tau; t >= 1; t--) cellBackwardStep(pass, t);
  return pass;
}
