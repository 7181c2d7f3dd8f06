/**
 * Seeded random models with a named initialisation scheme: the same options and seed give
 * the same model, bit for bit.
 */
import type { Feedback, Model, Nonlinearity, ParamName, Variant } from '../model';
import { cellOfVariant, cellParamOf, feedsBack, LIMITS, modelParamIsMatrix, modelParamNames, modelParamShape, READOUT_ONLY, readsOutAtEnd, takesReadout } from '../model';
import { MAX_LAYERS } from '../stack/names';
import type { Rng } from '../rng';
import { createRng } from '../rng';

/** How the parameters are drawn. */
export type InitScheme =
  /** Weight matrices uniform in +-sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010); biases and initial states at their cell's start (0; the LSTM's forget bias 1). */
  | 'glorot-uniform'
  /** Every parameter, biases and h0 too, uniform in [-0.5, 0.5): every gradient matters. */
  | 'uniform';

export const INIT_SCHEMES: readonly InitScheme[] = ['glorot-uniform', 'uniform'];

/** What `initModel` builds. */
export interface InitOptions {
  readonly variant: Variant;
  /** Jordan only; logits by default. */
  readonly feedback?: Feedback;
  /** Elman and single output only; absent: tanh. */
  readonly nonlinearity?: Nonlinearity;
  /** n, H, K. */
  readonly input: number;
  readonly hidden: number;
  readonly output: number;
  /** tau. */
  readonly length: number;
  /** 32-bit unsigned seed. */
  readonly seed: number;
  /** Default 'glorot-uniform'. */
  readonly scheme?: InitScheme;
  /** Random token ids (default), or dense inputs uniform in [-1, 1). */
  readonly inputs?: 'tokens' | 'dense';
  /** Truncated BPTT window k, or none. */
  readonly truncation?: number;
  /** 1 to 4 layers (default 1); not Jordan. */
  readonly layers?: number;
  /** Each layer in both directions (default not); not Jordan. */
  readonly bidirectional?: boolean;
  /** 'last': an LSTM or GRU read out once at the end (Model.readout); absent: every step. */
  readonly readout?: 'last';
}

/** Checks the options, naming the first bad one. */
function checkOptions(o: InitOptions): void {
  const ints: [string, number, number, number][] = [
    ['input', o.input, 1, LIMITS.input], ['hidden', o.hidden, 1, LIMITS.hidden],
    ['output', o.output, 2, LIMITS.output], ['length', o.length, 1, LIMITS.length],
    ['seed', o.seed, 0, 2 ** 32 - 1], ['truncation', o.truncation ?? 1, 1, LIMITS.length], ['layers', o.layers ?? 1, 1, MAX_LAYERS],
  ];
  for (const [name, v, lo, hi] of ints) {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name}: expected an integer in ${lo}..${hi}, got ${v}`);
  }
  if (!feedsBack(o.variant) && o.feedback !== undefined) throw new RangeError('feedback: only a jordan network has feedback');
  if (feedsBack(o.variant) && ((o.layers ?? 1) > 1 || o.bidirectional)) throw new RangeError(`${(o.layers ?? 1) > 1 ? 'layers' : 'bidirectional'}: a jordan network has one layer in one direction`);
  if (o.nonlinearity !== undefined && !cellOfVariant(o.variant).takesNonlinearity) throw new RangeError('nonlinearity: only an elman or single-output network has a nonlinearity (tanh or relu)');
  if (o.readout !== undefined && !takesReadout(o.variant)) throw new RangeError(`readout: ${READOUT_ONLY}`);
  const denseMax = Math.floor(LIMITS.denseInputs / o.input);
  if (o.inputs === 'dense' && o.length > denseMax) {
    throw new RangeError(`length: dense inputs of tau x n numbers are at most ${LIMITS.denseInputs}: expected at most ${denseMax} for n = ${o.input}, got ${o.length}`);
  }
}

/** Draws one parameter of shape [rows, cols] under a scheme (a vector under Glorot's: its cell's start value, 0 by default). */
function drawParam(rng: Rng, scheme: InitScheme, matrix: boolean, start: number, rows: number, cols: number, fanIn: number): Float64Array {
  const out = new Float64Array(rows * cols);
  if (scheme === 'glorot-uniform' && !matrix) return out.fill(start);
  const limit = scheme === 'uniform' ? 0.5 : Math.sqrt(6 / (fanIn + rows));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-limit, limit);
  return out;
}

/** A seeded random model with a random sequence (drawn in the order U, W, V, b, c, h0, inputs, targets). */
export function initModel(o: InitOptions): Model {
  checkOptions(o);
  const scheme = o.scheme ?? 'glorot-uniform';
  const rng = createRng(o.seed);
  const stack = { ...(o.layers === undefined || o.layers === 1 ? {} : { layers: o.layers }), ...(o.bidirectional ? { bidirectional: true } : {}) };
  const shape = { variant: o.variant, sizes: { input: o.input, hidden: o.hidden, output: o.output }, ...stack };
  const draw = (name: ParamName): Float64Array => {
    const [rows, cols] = modelParamShape(shape, name);
    return drawParam(rng, scheme, modelParamIsMatrix(shape, name), cellParamOf(shape, name)?.start ?? 0, rows, cols, cols);
  };
  const params: Record<ParamName, Float64Array> = {};
  for (const name of modelParamNames(shape)) params[name] = draw(name);
  const tau = o.length;
  const inputs = o.inputs === 'dense'
    ? { kind: 'dense' as const, values: Float64Array.from({ length: tau * o.input }, () => rng.uniform(-1, 1)) }
    : { kind: 'tokens' as const, ids: Int32Array.from({ length: tau }, () => rng.int(o.input)) };
  const targets = Int32Array.from({ length: readsOutAtEnd(o) ? 1 : tau }, () => rng.int(o.output));
  return {
    variant: o.variant,
    feedback: feedsBack(o.variant) ? (o.feedback ?? 'logits') : null,
    ...(o.nonlinearity === undefined ? {} : { nonlinearity: o.nonlinearity }),
    sizes: shape.sizes,
    params,
    sequence: { length: tau, inputs, targets },
    truncation: o.truncation ?? null,
    labels: null,
    ...stack,
    ...(o.readout === undefined ? {} : { readout: o.readout }),
  };
}
