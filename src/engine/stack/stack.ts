/**
 * Deep and bidirectional networks over one cell (shared/MODEL.md "Depth, direction, output";
 * PyTorch's `num_layers` and `bidirectional`): D layers, each running the cell forward in time
 * and, bidirectional, a second copy of it with its own parameters backward in time (over the
 * sequence reversed). Layer l > 0 reads z(t) = [h_f(t); h_b(t)] of layer l - 1 (h_f(t) alone with
 * one direction); the output layer reads the top layer's: o(t) = c + V z(t) at every step, or
 * once, o = c + V [h_f(tau); h_b(1)] (PyTorch's h_n).
 *
 * One whole pass at a time: forward layer by layer, each layer a cell pass with no output layer
 * of its own (../cells/pass.ts, readout 'none'); then BPTT from the top layer down, dL/dz(t) from
 * the output layer (or the layer above) added into each direction's dL/dh(t) before its BPTT, and
 * each layer's dL/dx(t) = sum over its input weights P of P^T d_P(t) becoming dL/dz(t) of the
 * layer under it. Truncation cuts time, never the path between layers. A one-direction network's
 * forward half also runs a step at a time, every layer at step t before step t + 1 (./steps.ts,
 * for free running), on the step functions below.
 */
import type { Cell, CellModel, CellModelPass, Nonlinearity, Nudge } from '../cells/index';
import { applyNudge, cellBackwardStep, cellForwardStep, createCellPass } from '../cells/index';
import { firstNonFinite, matTVecAdd } from '../kernels';
import type { Inputs, Sequence, Sizes } from '../model';
import type { NonFinite } from '../pass/nonfinite';
import { lossGradient, outputBackward, outputLogits, outputLoss } from '../cells/output';
import type { StackShape } from './names';
import { MAX_LAYERS, describeStack, directionsOf, layerSizes, ownParams, parseStackNode, stackParamName } from './names';

/** A deep or bidirectional network: the cell's parameters of every layer and direction by stackParamName, and the output layer's V (K x H dirs) and c (K). */
export interface StackModel extends StackShape {
  /** Not Jordan's (PyTorch has no such module): its recurrence runs through the output layer. */
  readonly cell: Cell;
  /** n (layer 0's input), H (every layer's, each direction), K. */
  readonly sizes: Sizes;
  readonly params: Readonly<Record<string, Float64Array>>;
  readonly sequence: Sequence;
  readonly truncation: number | null;
  readonly readout: 'every' | 'last';
  readonly nonlinearity: Nonlinearity;
}

/** The inputs backwards in time: x(tau), ..., x(1). */
function reversedInputs(inputs: Inputs, tau: number, n: number): Inputs {
  if (inputs.kind === 'tokens') return { kind: 'tokens', ids: inputs.ids.slice().reverse() };
  const values = new Float64Array(tau * n);
  for (let t = 0; t < tau; t++) values.set(inputs.values.subarray((tau - 1 - t) * n, (tau - t) * n), t * n);
  return { kind: 'dense', values };
}

/** Where a value first stopped being finite: a node or dL/d(node) of a layer and direction (its stack name, e.g. `h_l1_reverse`) at the sequence's step t. */
export type StackNonFinite = Omit<NonFinite, 'node'> & { readonly node: string };

/** One whole pass over a stack. */
export interface StackPass {
  readonly model: StackModel;
  /** Per layer, per direction (forward, then reverse): the cell pass, its steps in its own time (reverse: step t is the sequence's tau + 1 - t). */
  readonly cells: readonly (readonly CellModelPass[])[];
  /** z(t) of each layer, tau x (H dirs), row t-1: [h_f(t); h_b(t)]. */
  readonly z: readonly Float64Array[];
  /** o(t), yhat(t), dL/do(t): m x K with m output steps (1 when read at the end). */
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  readonly gO: Float64Array;
  /** L(t), m entries; L their sum. */
  readonly stepLosses: Float64Array;
  readonly loss: number;
  /** dL/d(parameter) of every stack parameter. */
  readonly grads: Readonly<Record<string, Float64Array>>;
  readonly nonFinite: StackNonFinite | null;
}

/** The cell model of one layer and direction, reading `inputs` (in the sequence's order): a cell pass over it reads x(t) of `inputs` at its step t, as the step runs. */
export function layerModel(model: StackModel, layer: number, reverse: boolean, inputs: Inputs): CellModel {
  const sizes = layerSizes(model.sizes, model, layer);
  const tau = model.sequence.length;
  const params: Record<string, Float64Array> = { V: new Float64Array(0), c: new Float64Array(0) };
  for (const p of ownParams(model.cell)) {
    const v = model.params[stackParamName(p, layer, reverse)];
    if (!v) throw new RangeError(`${stackParamName(p, layer, reverse)}: missing`);
    params[p] = v;
  }
  return {
    cell: model.cell, sizes, params, truncation: model.truncation, readout: 'none', nonlinearity: model.nonlinearity, feedback: null,
    sequence: { length: tau, inputs: reverse ? reversedInputs(inputs, tau, sizes.input) : inputs, targets: new Int32Array(0) },
    ...(reverse ? { reversed: true as const } : {}),
  };
}

/** The sequence's step of a direction's own step t, and the direction's own step of the sequence's step t (the map is its own inverse). */
export const stepOf = (reverse: boolean, tau: number, t: number): number => (reverse ? tau + 1 - t : t);

/**
 * A small change to one entry of one node of a stack for finite differences of dL/d(node): `node`
 * a layer's and direction's cell node by its stack name (`h`, `h_l1_reverse`, `f_l2`) or the output
 * layer's `o`, at the sequence's step t (the reverse direction's own step tau + 1 - t).
 */
export type StackNudge = Nudge;

/**
 * L, every L(t) and every parameter's gradient of a stack, by one whole pass (with a node nudged
 * for finite differences, if given). Where a gradient's sum stops being finite while every
 * per-step value is, the pass is run again with the sums watched after each backward step, to
 * name the parameter and the step that made it so.
 */
export function stackGradients(model: StackModel, nudge: StackNudge | null = null): StackPass {
  const pass = runStack(model, false, nudge);
  if (pass.nonFinite || Object.values(pass.grads).every((g) => firstNonFinite(g, 0, g.length) < 0)) return pass;
  return runStack(model, true, nudge);
}

/** The nudge of one layer's and direction's cell pass, in its own time, or null when `nudge` is for another (or the output layer's). */
function cellNudge(model: StackModel, nudge: StackNudge | null, layer: number, reverse: boolean): Nudge | null {
  if (!nudge || nudge.node === 'o') return null;
  const target = parseStackNode(model.cell, model, nudge.node);
  if (!target) throw new RangeError(`${nudge.node}: ${describeStack(model.cell, model)} has no such node`);
  if (target.layer !== layer || target.reverse !== reverse) return null;
  return { ...nudge, node: target.node, t: stepOf(reverse, model.sequence.length, nudge.t) };
}

/** The first value of a pass that stopped being finite, kept as the pass goes. */
export interface Seen {
  nonFinite: StackNonFinite | null;
}

/** Keeps the first non-finite value a cell pass saw (its step in its own time), named as the stack names it. */
export function noteCell(seen: Seen, pass: CellModelPass, layer: number, reverse: boolean): void {
  const nf = pass.nonFinite;
  if (seen.nonFinite || !nf) return;
  const node = nf.node === 'loss' ? nf.node : stackParamName(nf.node, layer, reverse);
  seen.nonFinite = { ...nf, node, step: stepOf(reverse, pass.model.sequence.length, nf.step) };
}

/** Keeps the first non-finite entry of v[vo..vo+len) as `node` at the sequence's step, if none was seen yet. */
export function noteValue(seen: Seen, step: number, node: string, v: Float64Array, vo: number, len: number, pass: NonFinite['pass']): void {
  if (seen.nonFinite) return;
  const i = firstNonFinite(v, vo, len);
  if (i >= 0) seen.nonFinite = { pass, step, node, index: i, value: v[vo + i]! };
}

/** What the forward half of a whole pass leaves for its BPTT (StackPass's fields of the same names). */
interface StackForward {
  readonly cells: CellModelPass[][];
  readonly z: Float64Array[];
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  readonly stepLosses: Float64Array;
  readonly loss: number;
  /** [h_f(tau); h_b(1)] of the top layer: what the output layer reads at the end. */
  readonly last: Float64Array;
  /** The sequence's step of output row r: r + 1, or tau when read at the end. */
  readonly outputStep: (r: number) => number;
  /** The vector output row r reads, and where in it. */
  readonly read: (r: number) => [Float64Array, number];
}

/** The loss of a stack by its forward pass alone (with a node nudged, if given): what central differences difference. */
export function stackLoss(model: StackModel, nudge: StackNudge | null = null): number {
  return stackForward(model, nudge, { nonFinite: null }).loss;
}

/** Throws unless the stack can be computed: not Jordan's cell (its recurrence runs through the output layer), 1 to MAX_LAYERS layers. */
export function expectStackable(model: StackModel): void {
  if (model.cell.throughOutput) throw new RangeError(`the ${model.cell.name} cell cannot be stacked: its recurrence runs through the output layer`);
  if (!Number.isInteger(model.layers) || model.layers < 1 || model.layers > MAX_LAYERS) throw new RangeError(`layers: ${model.layers}, must be 1 to ${MAX_LAYERS}`);
}

/**
 * Forward step t, in the direction's own time, of one layer's direction d (0 forward, 1 reverse):
 * its cell's step, then its h(t) into z of the layer (tau x (H dirs)) at the sequence's step, in its half.
 */
export function layerForwardStep(model: StackModel, pass: CellModelPass, d: number, z: Float64Array, t: number): void {
  const H = model.sizes.hidden;
  cellForwardStep(pass, t);
  z.set(pass.cell.nodes.h!.subarray(t * H, (t + 1) * H), (stepOf(d === 1, model.sequence.length, t) - 1) * H * directionsOf(model) + d * H);
}

/** The output layer's buffers: o(t), yhat(t), m x K, and L(t), m entries (m output steps). */
export interface StackOutputs {
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  readonly stepLosses: Float64Array;
}

/**
 * The output layer at row r, the sequence's step t, reading v[vo..vo + H dirs) (z(t) of the top
 * layer, or [h_f(tau); h_b(1)] read at the end): o(t) = c + V v (nudged, if asked), yhat(t) =
 * softmax(o(t)), L(t) = -log yhat(t)[y] with y = targets[r] as it is now, each checked finite.
 * Returns L(t).
 */
export function outputForwardRow(model: StackModel, out: StackOutputs, r: number, t: number, v: Float64Array, vo: number, nudge: StackNudge | null, seen: Seen): number {
  const { hidden: H, output: K } = model.sizes;
  const { o, yhat, stepLosses } = out;
  outputLogits(o, r * K, model.params.V!, model.params.c!, K, H * directionsOf(model), v, vo);
  if (nudge?.node === 'o') applyNudge({ nudge }, 'o', t, o, r * K);
  stepLosses[r] = outputLoss(yhat, o, r * K, K, model.sequence.targets[r]!);
  noteValue(seen, t, 'o', o, r * K, K, 'forward');
  noteValue(seen, t, 'yhat', yhat, r * K, K, 'forward');
  noteValue(seen, t, 'L', stepLosses, r, 1, 'forward');
  return stepLosses[r]!;
}

/** The forward half of a whole pass: every layer and direction, then the output layer. */
function stackForward(model: StackModel, nudge: StackNudge | null, seen: Seen): StackForward {
  expectStackable(model);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const dirs = directionsOf(model);
  const Z = H * dirs;

  // Forward, layer by layer.
  const cells: CellModelPass[][] = [];
  const z: Float64Array[] = [];
  let below: Inputs = model.sequence.inputs;
  for (let l = 0; l < model.layers; l++) {
    const layer = Array.from({ length: dirs }, (_, d) => createCellPass(layerModel(model, l, d === 1, below), cellNudge(model, nudge, l, d === 1)));
    const out = new Float64Array(tau * Z);
    layer.forEach((pass, d) => {
      for (let t = 1; t <= tau; t++) layerForwardStep(model, pass, d, out, t);
      noteCell(seen, pass, l, d === 1);
    });
    cells.push(layer);
    z.push(out);
    below = { kind: 'dense', values: out };
  }

  // The output layer, on the top layer's z(t) (read at the end: [h_f(tau); h_b(1)]).
  const top = cells[model.layers - 1]!;
  const m = model.readout === 'last' ? 1 : tau;
  const o = new Float64Array(m * K);
  const yhat = new Float64Array(m * K);
  const stepLosses = new Float64Array(m);
  const last = new Float64Array(Z);
  top.forEach((pass, d) => last.set(pass.cell.nodes.h!.subarray(tau * H, (tau + 1) * H), d * H));
  const read = (r: number): [Float64Array, number] => (model.readout === 'last' ? [last, 0] : [z[model.layers - 1]!, r * Z]);
  const outputStep = (r: number): number => (model.readout === 'last' ? tau : r + 1);
  let loss = 0;
  for (let r = 0; r < m; r++) {
    const [v, vo] = read(r);
    loss += outputForwardRow(model, { o, yhat, stepLosses }, r, outputStep(r), v, vo, nudge, seen);
  }
  return { cells, z, o, yhat, stepLosses, loss, last, outputStep, read };
}

/** One whole pass; `watch`: every gradient's sum checked after each backward step. */
function runStack(model: StackModel, watch: boolean, nudge: StackNudge | null): StackPass {
  const seen: Seen = { nonFinite: null };
  const { cells, z, o, yhat, stepLosses, loss, outputStep, read } = stackForward(model, nudge, seen);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const Z = H * directionsOf(model);
  const m = stepLosses.length;
  const V = model.params.V!;
  const c = model.params.c!;
  const targets = model.sequence.targets;
  const gO = new Float64Array(m * K);
  const checkOut = (step: number, node: string, v: Float64Array, vo: number, len: number, pass: NonFinite['pass']) => noteValue(seen, step, node, v, vo, len, pass);
  /** A gradient's sum that stopped being finite, adding the contribution of the sequence's step t. */
  const checkSum = (t: number, name: string, g: Float64Array) => checkOut(t, name, g, 0, g.length, 'backward');

  // BPTT: dL/do(t), then dL/dz(t) of the top layer (read at the end: of [h_f(tau); h_b(1)]).
  const grads: Record<string, Float64Array> = { V: new Float64Array(V.length), c: new Float64Array(c.length) };
  let gZ = new Float64Array(tau * Z);
  const gLast = new Float64Array(Z);
  for (let r = m - 1; r >= 0; r--) {
    lossGradient(gO, yhat, r * K, K, targets[r]!);
    checkOut(outputStep(r), 'o', gO, r * K, K, 'backward');
    const [v, vo] = read(r);
    if (model.readout === 'last') outputBackward(grads.c!, grads.V!, gLast, 0, V, K, Z, gO, 0, v, vo);
    else outputBackward(grads.c!, grads.V!, gZ, r * Z, V, K, Z, gO, r * K, v, vo);
    if (watch) for (const name of ['V', 'c']) checkSum(outputStep(r), name, grads[name]!);
  }
  for (let l = model.layers - 1; l >= 0; l--) {
    const layer = cells[l]!;
    const gBelow = l > 0 ? new Float64Array(tau * Z) : null;
    layer.forEach((pass, d) => {
      const reverse = d === 1;
      const dh = pass.cell.factors.dh!;
      // What reaches h(t) from above, into dL/dh(t) (row t-1 of the pass's own step t) before its BPTT.
      for (let t = 1; t <= tau; t++) {
        const zo = (stepOf(reverse, tau, t) - 1) * Z + d * H;
        for (let i = 0; i < H; i++) dh[(t - 1) * H + i] = dh[(t - 1) * H + i]! + gZ[zo + i]!;
      }
      if (l === model.layers - 1 && model.readout === 'last') for (let i = 0; i < H; i++) dh[(tau - 1) * H + i] = dh[(tau - 1) * H + i]! + gLast[d * H + i]!;
      for (let t = tau; t >= 1; t--) {
        cellBackwardStep(pass, t);
        if (watch) for (const p of ownParams(model.cell)) checkSum(stepOf(reverse, tau, t), stackParamName(p, l, reverse), pass.cell.grads[p]!);
      }
      noteCell(seen, pass, l, reverse);
      for (const p of ownParams(model.cell)) grads[stackParamName(p, l, reverse)] = pass.cell.grads[p]!;
      if (!gBelow) return;
      // dL/dx(t) = sum of P^T d_P(t) over the input weights, at the sequence's step, into dL/dz(t) of the layer under.
      const n = pass.model.sizes.input;
      for (const spec of model.cell.params) {
        if (spec.kind !== 'input') continue;
        const P = pass.cell.params[spec.name]!;
        const factor = pass.cell.factors[spec.factor!]!;
        for (let t = 1; t <= tau; t++) matTVecAdd(gBelow, (stepOf(reverse, tau, t) - 1) * n, P, H, n, factor, (t - 1) * H);
      }
    });
    if (gBelow) gZ = gBelow;
  }
  return { model, cells, z, o, yhat, gO, stepLosses, loss, grads, nonFinite: seen.nonFinite };
}
