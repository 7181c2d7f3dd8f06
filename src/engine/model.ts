/**
 * The engine's in-memory model: a network (the three of Deep Learning section 10.2, or a gated
 * cell of section 10.10) with its parameters and one training sequence. Every vector and matrix is a flat Float64Array in
 * row-major order; its shape follows from `sizes` and the variant (see shared/MODEL.md).
 */

import type { Cell, Nonlinearity, ParamSpec } from './cells/index';
import { cellOf, cellParamIsMatrix, cellParamNames, cellParamShape } from './cells/index';
import type { StackShape } from './stack/names';
import { parseStackParam, stackParamNames, stackParamShape } from './stack/names';

/** The model file's networks: the three design patterns of section 10.2 (hidden-to-hidden, output-to-hidden, one output at the end) and the gated cells. */
export type Variant = 'elman' | 'jordan' | 'single-output' | 'lstm' | 'gru';

export type { Nonlinearity } from './cells/index';
export const NONLINEARITIES: readonly Nonlinearity[] = ['tanh', 'relu'];

/** What a Jordan network feeds back into step t as f(t-1). */
export type Feedback = 'logits' | 'softmax' | 'teacher';

export const VARIANTS: readonly Variant[] = ['elman', 'jordan', 'single-output', 'lstm', 'gru'];

/** The section 10.2 networks, the topologies the page draws today (the gated cells: the engine and the command line). */
export type Topology = 'elman' | 'jordan' | 'single-output';
export const TOPOLOGIES: readonly Topology[] = ['elman', 'jordan', 'single-output'];
/** Whether a variant is one of the section 10.2 topologies. */
export const isTopology = (variant: Variant): variant is Topology => (TOPOLOGIES as readonly string[]).includes(variant);
export const FEEDBACKS: readonly Feedback[] = ['logits', 'softmax', 'teacher'];

export interface Sizes {
  /** n: size of an input x(t) (the vocabulary size for token inputs). */
  readonly input: number;
  /** H: size of the hidden state h(t). */
  readonly hidden: number;
  /** K: number of classes, the size of o(t) and yhat(t). */
  readonly output: number;
}

/** Every parameter by name: the cell's (./cells: e.g. U, W, b, h0; Uf ... s0 for the LSTM) and the output layer's V and c. */
export type Params = Readonly<Record<string, Float64Array>>;
export type ParamName = string;

/** Inputs x(1..tau): token ids (x(t) is the one-hot of ids[t-1]) or dense vectors. */
export type Inputs =
  | { readonly kind: 'tokens'; /** x(t) = onehot(ids[t-1]), ids in 0..n-1 */ readonly ids: Int32Array }
  | { readonly kind: 'dense'; /** x(t) = values[(t-1)*n .. t*n), tau x n */ readonly values: Float64Array };

export interface Sequence {
  /** tau: the number of time steps. */
  readonly length: number;
  readonly inputs: Inputs;
  /** y: class ids in 0..K-1; tau of them, or exactly one for the single-output network. */
  readonly targets: Int32Array;
}

export interface Labels {
  /** Display names of the n input symbols: text only, never parsed as HTML or TeX. */
  readonly input?: readonly string[];
  /** Display names of the K classes: text only. */
  readonly output?: readonly string[];
}

/**
 * The PyTorch modules a network's tensors belong to in a state dict (src/engine/file/torch.ts):
 * module names, the tensor names' prefixes without their final dot, '' for a tensor at the top.
 */
export interface TorchModules {
  /** The nn.RNN, nn.LSTM or nn.GRU, e.g. `rnn` (tensors `rnn.weight_ih_l0` ...) or `encoder.lstm`. */
  readonly recurrent: string;
  /** The nn.Linear output layer, e.g. `fc` (tensors `fc.weight`, `fc.bias`) or `head`. */
  readonly output: string;
  /** false: the recurrent module was built with bias=False (no bias_ih_l0, bias_hh_l0; the engine's biases start at 0); absent: it has them. */
  readonly recurrentBias?: false;
  /** false: the nn.Linear was built with bias=False (no bias; c starts at 0); absent: it has one. */
  readonly outputBias?: false;
}

export interface Model {
  readonly variant: Variant;
  /** Jordan's feedback signal f; null for the other variants. */
  readonly feedback: Feedback | null;
  /** h(t) = tanh(a(t)), or max(0, a(t)) with 'relu' (Elman and single output); absent: tanh. */
  readonly nonlinearity?: Nonlinearity;
  readonly sizes: Sizes;
  readonly params: Params;
  readonly sequence: Sequence;
  /** k: truncated BPTT window (no gradient crosses a multiple of k); null for full BPTT. */
  readonly truncation: number | null;
  readonly labels: Labels | null;
  /** D, 1 to 4 layers (section 10.5; PyTorch's num_layers); absent: 1. Not Jordan. */
  readonly layers?: number;
  /** Whether each layer also runs backward in time (section 10.3; PyTorch's bidirectional); absent: no. Not Jordan. */
  readonly bidirectional?: boolean;
  /** Its modules in a PyTorch state dict, when it came from one; absent: `rnn` and `fc`. */
  readonly torch?: TorchModules;
  /**
   * 'last': a gated cell's network read out once, o = c + V h(tau), as the single-output network
   * reads Elman's (figure 10.5; with depth or two directions, PyTorch's h_n); absent: an output
   * every step. Only the LSTM and the GRU: Elman's is the variant `single-output`, Jordan's output
   * is its recurrence.
   */
  readonly readout?: 'last';
}

/** Documented limits of a model file, checked before anything large is allocated. */
export const LIMITS = {
  input: 1024,
  hidden: 512,
  output: 1024,
  length: 2048,
  /**
   * Most numbers of dense inputs, tau x n (768 x 1024): with every other size at its limit, every
   * number at its longest (24 characters) and every label too, the file stays within fileBytes
   * (62.2 MB of 64 MiB), which tau 2048 x n 1024 (96.3 MB) would not.
   */
  denseInputs: 768 * 1024,
  labelChars: 64,
  /** Largest model file accepted: bytes on disk (CLI, file import), characters of text (parseModelText). */
  fileBytes: 64 * 1024 * 1024,
} as const;

/** The cell a variant runs on (./cells): the single-output network is Elman's cell read out at the end. */
export const cellOfVariant = (variant: Variant): Cell => cellOf(variant === 'single-output' ? 'elman' : variant)!;

/** Shape [rows, cols] of each parameter (vectors are [len, 1]), from the variant's cell. */
export function paramShape(model: Pick<Model, 'variant' | 'sizes'>, name: ParamName): readonly [number, number] {
  const cell = cellOfVariant(model.variant);
  if (!cellParamNames(cell).includes(name)) throw new RangeError(`${name}: a ${model.variant} network has no such parameter`);
  return cellParamShape(cell, model.sizes, name);
}

/** Whether a parameter is a matrix (rows in the model file) or a vector. */
export const paramIsMatrix = (variant: Variant, name: ParamName): boolean => cellParamIsMatrix(cellOfVariant(variant), name);

/** The parameters this variant has, in the model file's order (Jordan has no h0). */
export const paramNames = (variant: Variant): readonly ParamName[] => cellParamNames(cellOfVariant(variant));

/** A model's depth and direction (one layer, one direction unless it says otherwise). */
export const stackShapeOf = (model: Pick<Model, 'layers' | 'bidirectional'>): StackShape =>
  ({ layers: model.layers ?? 1, bidirectional: model.bidirectional ?? false });

/** Whether a model is deep or bidirectional (../stack), rather than one layer in one direction. */
export const isStacked = (model: Pick<Model, 'layers' | 'bidirectional'>): boolean => (model.layers ?? 1) > 1 || model.bidirectional === true;

/** Why a computation of one layer in one direction (a one-cell pass, its trace, its Jacobians) refuses a deep or bidirectional network. */
export const ONE_CELL_ONLY = 'this computes one layer in one direction; a deep or bidirectional network is computed whole (stackGradients, stackTraceOf)';

/** Throws, naming the depth and direction, when a model is deep or bidirectional. */
export function expectOneCell(model: Pick<Model, 'layers' | 'bidirectional'>): void {
  if (!isStacked(model)) return;
  const { layers, bidirectional } = stackShapeOf(model);
  const shape = [layers > 1 ? `num_layers = ${layers}` : null, bidirectional ? 'bidirectional' : null].filter((s) => s !== null).join(' and ');
  throw new RangeError(`${shape}: ${ONE_CELL_ONLY}`);
}

/** Every parameter of a model, in the model file's order: the variant's, or a deep or bidirectional network's (`W`, `W_l1`, `W_reverse`, ..., V, c). */
export function modelParamNames(model: Pick<Model, 'variant' | 'layers' | 'bidirectional'>): readonly ParamName[] {
  return isStacked(model) ? stackParamNames(cellOfVariant(model.variant), stackShapeOf(model)) : paramNames(model.variant);
}

/** The shape [rows, cols] of any parameter of a model (a deep or bidirectional network's too). */
export function modelParamShape(model: Pick<Model, 'variant' | 'sizes' | 'layers' | 'bidirectional'>, name: ParamName): readonly [number, number] {
  return isStacked(model) ? stackParamShape(cellOfVariant(model.variant), model.sizes, stackShapeOf(model), name) : paramShape(model, name);
}

/** The cell parameter a model's parameter is (a stack's `Wf_l1_reverse` is the LSTM's `Wf`), or null for the output layer's V and c. */
export function cellParamOf(model: Pick<Model, 'variant' | 'layers' | 'bidirectional'>, name: ParamName): ParamSpec | null {
  if (name === 'V' || name === 'c') return null;
  const cell = cellOfVariant(model.variant);
  const base = isStacked(model) ? parseStackParam(cell, stackShapeOf(model), name)?.param : name;
  const spec = cell.params.find((p) => p.name === base);
  if (!spec) throw new RangeError(`${name}: a ${model.variant} network has no such parameter`);
  return spec;
}

/** Whether any parameter of a model is a matrix: as its cell's parameter is, V a matrix, c a vector. */
export function modelParamIsMatrix(model: Pick<Model, 'variant' | 'layers' | 'bidirectional'>, name: ParamName): boolean {
  if (!isStacked(model)) return paramIsMatrix(model.variant, name);
  const spec = cellParamOf(model, name);
  return spec === null ? name === 'V' : cellParamIsMatrix(cellOfVariant(model.variant), spec.name);
}

/** Whether the variant's recurrence runs through its output (Jordan's, figure 10.4): step t-1's o, yhat or y feeds step t. */
export const feedsBack = (variant: Variant): boolean => cellOfVariant(variant).throughOutput !== undefined;

/** Whether a string names a variant. */
export const isVariant = (s: string): s is Variant => (VARIANTS as readonly string[]).includes(s);

/** How a network reads its output: the variant, and a gated cell's readout. */
export type ReadoutOf = Pick<Model, 'variant' | 'readout'>;

/** A model's ReadoutOf alone: its variant, and its readout when it has one. */
export const readoutOf = (model: { readonly variant: Variant; readonly readout?: 'last' | undefined }): ReadoutOf => ({ variant: model.variant, ...(model.readout === undefined ? {} : { readout: model.readout }) });

/**
 * Whether a variant may be read out once at the end by the model's `readout` field: the gated
 * cells' (Elman's cell read at the end is the variant `single-output`; Jordan's output is its recurrence).
 */
export const takesReadout = (variant: Variant): boolean => !feedsBack(variant) && cellOfVariant(variant) !== cellOfVariant('single-output');

/** Why a readout is refused on any other network, the rule above in words. */
export const READOUT_ONLY = 'only an lstm or gru network takes a readout ("last": one output at the end); an elman network read at the end is the variant "single-output"';

/**
 * A network of a cell read out at every step or once at the end: the variant, and for a gated
 * cell read at the end, readout 'last' (the Elman cell's is the variant `single-output`); null
 * for a cell with no such network (Jordan's, read at the end).
 */
export function networkOfCell(cell: Cell, readout: 'every' | 'last'): ReadoutOf | null {
  const every = VARIANTS.find((v) => v !== 'single-output' && cellOfVariant(v) === cell);
  if (every === undefined) return null;
  if (readout === 'every') return { variant: every };
  if (cell === cellOfVariant('single-output')) return { variant: 'single-output' };
  return takesReadout(every) ? { variant: every, readout: 'last' } : null;
}

/** Whether a network reads its output once, at the last step (figure 10.5), rather than at every step. */
export const readsOutAtEnd = (model: ReadoutOf): boolean => model.variant === 'single-output' || model.readout === 'last';

/** Where a network reads its output: 'last', once at the end, or 'every' step (a cell pass's and a stack's readout). */
export const readoutKindOf = (model: ReadoutOf): 'every' | 'last' => (readsOutAtEnd(model) ? 'last' : 'every');

/** Number of steps that produce an output o(t): tau, or 1 for a network read out at the end. */
export function outputSteps(model: ReadoutOf & Pick<Model, 'sequence'>): number {
  return readsOutAtEnd(model) ? 1 : model.sequence.length;
}
