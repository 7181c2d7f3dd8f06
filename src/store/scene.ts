/**
 * The scene the controls describe (topology, sizes, seed, truncation, the sequence as text or
 * token lists) and the model built from it. Pure: a given config always builds the same model,
 * bit for bit.
 */
import type { Feedback, Model, Nonlinearity, Variant } from '../engine/index';
import { LIMITS, MAX_LAYERS, cellOfVariant, initModel, modelParamNames, readsOutAtEnd, takesReadout } from '../engine/index';
import type { Lang } from '../i18n/i18n';
import type { Problem } from '../i18n/problem';
import { problem, problemText } from '../i18n/problem';

/** The training sequence as the controls edit it. */
export type SequenceSpec =
  /** A character task: characters become token ids; each target is the next character. */
  | { readonly mode: 'text'; readonly text: string }
  /** Token ids x(1..tau) and class ids y(1..tau), the same length (single output: the last one is the target). */
  | { readonly mode: 'tokens'; readonly inputs: readonly number[]; readonly targets: readonly number[] };

/** What the controls describe; buildModel turns it into a Model. */
export interface SceneConfig {
  readonly variant: Variant;
  /** Jordan's feedback; kept (and ignored) for the other variants so switching back restores it. */
  readonly feedback: Feedback;
  /** The Elman cell's h = tanh(a) or max(0, a) (PyTorch's nn.RNN nonlinearity); absent for tanh, ignored by the other cells. */
  readonly nonlinearity?: Nonlinearity;
  /** H: hidden units, 1..LIMITS.hidden. */
  readonly hidden: number;
  /** Seed of the initial parameters, an integer in 0..2^32-1. */
  readonly seed: number;
  /** k: truncated BPTT window in 1..LIMITS.length, or null for full BPTT. */
  readonly truncation: number | null;
  readonly sequence: SequenceSpec;
  /**
   * s: set the recurrent matrix to W = s I instead of drawing it (Elman and single output; ignored
   * for Jordan), as in the book's discussion of vanishing and exploding gradients; absent for a drawn W.
   */
  readonly recurrence?: number;
  /** D: layers, 1..MAX_LAYERS (section 10.5; PyTorch's num_layers); absent for one. Kept and ignored for Jordan, like feedback elsewhere. */
  readonly layers?: number;
  /** Whether each layer also runs backward in time (section 10.3; PyTorch's bidirectional); absent for one direction. Ignored for Jordan. */
  readonly bidirectional?: boolean;
  /** 'last': an LSTM or GRU read out once at the end (Model.readout); 'every' or absent for every step. Kept and ignored for the other cells. */
  readonly readout?: 'every' | 'last';
}

/** The scene the app opens with: Elman, next character of "hello world", 8 hidden units, seed 1. */
export const DEFAULT_SCENE: SceneConfig = {
  variant: 'elman',
  feedback: 'logits',
  hidden: 8,
  seed: 1,
  truncation: null,
  sequence: { mode: 'text', text: 'hello world' },
};

/** Largest seed: seeds are 32-bit unsigned integers. */
const MAX_SEED = 2 ** 32 - 1;

/** A scene refused: the field (`hidden`, `sequence.text`, ...) and the problem, in words in either language. */
export class SceneError extends Error {
  override readonly name = 'SceneError';
  /** Which control is wrong, e.g. `sequence.inputs[3]`. */
  readonly field: string;
  /** What is wrong, one line, e.g. `expected an integer in 1..512, got 0` (the message is in English). */
  readonly problem: string;
  /** The problem, to be put in words in either language. */
  readonly why: Problem;

  constructor(field: string, cause: Problem) {
    const problem = problemText(cause, 'en');
    super(`${field}: ${problem}`);
    this.field = field;
    this.problem = problem;
    this.why = cause;
  }

  /** `field: problem` in `lang`. */
  describe(lang: Lang): string {
    return `${this.field}: ${problemText(this.why, lang)}`;
  }
}

/** The model the scene describes: seeded glorot-uniform parameters and the scene's sequence. */
export function buildModel(config: SceneConfig): Model {
  checkInteger('hidden', config.hidden, 1, LIMITS.hidden);
  checkInteger('seed', config.seed, 0, MAX_SEED);
  if (config.truncation !== null) checkInteger('truncation', config.truncation, 1, LIMITS.length);
  if (config.recurrence !== undefined) {
    if (!Number.isFinite(config.recurrence) || Math.abs(config.recurrence) > 100) {
      throw new SceneError('recurrence', problem('numberRange', -100, 100, String(config.recurrence)));
    }
  }
  if (config.layers !== undefined) checkInteger('layers', config.layers, 1, MAX_LAYERS);
  const seq = encodeSequence(config);
  const feedsBack = cellOfVariant(config.variant).throughOutput !== undefined;
  // Jordan's recurrence runs through the output layer: it has no stack (PyTorch has no such module).
  const stack = feedsBack ? {} : {
    ...(config.layers !== undefined && config.layers > 1 ? { layers: config.layers } : {}),
    ...(config.bidirectional === true ? { bidirectional: true } : {}),
  };
  const model = initModel({
    variant: config.variant,
    ...(feedsBack ? { feedback: config.feedback } : {}),
    ...(config.nonlinearity === 'relu' && cellOfVariant(config.variant).takesNonlinearity ? { nonlinearity: config.nonlinearity } : {}),
    input: seq.input,
    hidden: config.hidden,
    output: seq.output,
    length: seq.ids.length,
    seed: config.seed,
    scheme: 'glorot-uniform',
    ...(config.truncation === null ? {} : { truncation: config.truncation }),
    ...stack,
    ...sceneReadout(config),
  });
  const H = config.hidden;
  // Jordan's W is H x K, not square: there the setting is kept and ignored, like feedback elsewhere.
  // A stack's every layer and direction has its own W (W, W_l1, W_reverse, ...): each is s I.
  if (config.recurrence !== undefined && !feedsBack) {
    for (const name of modelParamNames(model).filter((n) => /^W(_|$)/.test(n))) {
      const W = model.params[name]!;
      W.fill(0);
      for (let i = 0; i < H; i++) W[i * H + i] = config.recurrence;
    }
  }
  return {
    ...model,
    sequence: { length: seq.ids.length, inputs: { kind: 'tokens', ids: seq.ids }, targets: seq.targets },
    labels: seq.labels,
  };
}

/** The scene's readouts: an output every step, or (a gated cell) once at the end. */
export const READOUTS = ['every', 'last'] as const;

/** Whether the scene's network reads its output once at the end: the single-output variant, or a gated cell with readout 'last' (ignored for the others). */
export const sceneReadsAtEnd = (config: Pick<SceneConfig, 'variant' | 'readout'>): boolean => readsOutAtEnd({ variant: config.variant, ...sceneReadout(config) });

/** The model's readout field that a scene gives: 'last' for a gated cell read at the end, else none. */
const sceneReadout = (config: Pick<SceneConfig, 'variant' | 'readout'>): { readonly readout?: 'last' } =>
  (config.readout === 'last' && takesReadout(config.variant) ? { readout: 'last' } : {});

/** tau, the number of time steps of the scene (0 for a sequence too short to build). */
export function sequenceLength(config: SceneConfig): number {
  const seq = config.sequence;
  return seq.mode === 'text' ? Math.max(0, Array.from(seq.text).length - 1) : seq.inputs.length;
}

/** The scene with tau = length: the text (or the token lists) repeated from its start, or cut. */
export function withLength(config: SceneConfig, length: number): SceneConfig {
  checkInteger('length', length, 1, LIMITS.length);
  const seq = config.sequence;
  if (seq.mode === 'text') {
    const chars = Array.from(seq.text);
    if (chars.length === 0) throw new SceneError('sequence.text', problem('nothingToRepeat'));
    return { ...config, sequence: { mode: 'text', text: cycle(chars, length + 1).join('') } };
  }
  if (seq.inputs.length === 0 || seq.targets.length === 0) throw new SceneError('sequence.inputs', problem('nothingToRepeat'));
  return { ...config, sequence: { mode: 'tokens', inputs: cycle(seq.inputs, length), targets: cycle(seq.targets, length) } };
}

/**
 * The controls of an imported model: its variant, feedback, hidden size and truncation, the
 * given seed, and its sequence as text when its input labels are single characters (the
 * output labels equal to them) and each target is the next input, else as token lists.
 * Dense inputs become the token of each vector's largest entry.
 */
export function configFromModel(model: Model, seed: number): SceneConfig {
  const { sequence } = model;
  const inputs = sequence.inputs.kind === 'tokens' ? Array.from(sequence.inputs.ids) : denseToTokens(sequence.inputs.values, model.sizes.input);
  const targets = Array.from(sequence.targets);
  const last = targets[targets.length - 1] ?? 0;
  const text = asText(model, inputs, targets);
  return {
    variant: model.variant,
    feedback: model.feedback ?? DEFAULT_SCENE.feedback,
    ...(model.nonlinearity === 'relu' ? { nonlinearity: model.nonlinearity } : {}),
    hidden: model.sizes.hidden,
    seed,
    truncation: model.truncation !== null && model.truncation <= LIMITS.length ? model.truncation : null,
    ...((model.layers ?? 1) > 1 ? { layers: model.layers } : {}),
    ...(model.bidirectional === true ? { bidirectional: true } : {}),
    ...(model.readout === undefined ? {} : { readout: model.readout }),
    sequence: text !== null
      ? { mode: 'text', text }
      : { mode: 'tokens', inputs, targets: readsOutAtEnd(model) ? inputs.map(() => last) : targets },
  };
}

/** The sequence of a scene as the engine holds it, with the sizes it implies. */
interface EncodedSequence {
  /** n. */
  readonly input: number;
  /** K. */
  readonly output: number;
  /** x(1..tau) as token ids. */
  readonly ids: Int32Array;
  /** y: tau class ids, or the one of the single-output network. */
  readonly targets: Int32Array;
  readonly labels: Model['labels'];
}

/** Token ids, targets, sizes and labels of the scene's sequence; throws a SceneError naming the bad field. */
function encodeSequence(config: SceneConfig): EncodedSequence {
  const single = sceneReadsAtEnd(config);
  const seq = config.sequence;
  if (seq.mode === 'text') {
    // A quick bound on UTF-16 units before splitting a hostile string into code points.
    const maxChars = LIMITS.length + 1;
    if (seq.text.length > 2 * maxChars) throw tooLong(seq.text.length);
    const chars = Array.from(seq.text);
    if (chars.length > maxChars) throw tooLong(chars.length);
    const vocabulary = [...new Set(chars)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    if (vocabulary.length < 2) throw new SceneError('sequence.text', problem('fewCharacters', vocabulary.length));
    if (vocabulary.length > LIMITS.input) {
      throw new SceneError('sequence.text', problem('manyCharacters', vocabulary.length, LIMITS.input));
    }
    const index = new Map(vocabulary.map((ch, i) => [ch, i]));
    const ids = Int32Array.from(chars.slice(0, -1), (ch) => index.get(ch)!);
    const next = Int32Array.from(chars.slice(1), (ch) => index.get(ch)!);
    return {
      input: vocabulary.length,
      output: vocabulary.length,
      ids,
      targets: single ? next.slice(-1) : next,
      labels: { input: vocabulary, output: [...vocabulary] },
    };
  }
  const tau = seq.inputs.length;
  if (tau < 1) throw new SceneError('sequence.inputs', problem('noTokens'));
  if (tau > LIMITS.length) throw new SceneError('sequence.inputs', problem('manyTokens', LIMITS.length, tau));
  if (seq.targets.length !== tau) {
    throw new SceneError('sequence.targets', problem('targetCount', tau, seq.targets.length));
  }
  const ids = checkIds('sequence.inputs', seq.inputs, LIMITS.input, 'tokenId');
  const targets = checkIds('sequence.targets', seq.targets, LIMITS.output, 'classId');
  return {
    input: Math.max(2, Math.max(...ids) + 1),
    output: Math.max(2, Math.max(...targets) + 1),
    ids,
    targets: single ? targets.slice(-1) : targets,
    labels: null,
  };
}

function tooLong(got: number): SceneError {
  return new SceneError('sequence.text', problem('textTooLong', LIMITS.length + 1, LIMITS.length, got));
}

/** The ids as an Int32Array, each an integer in 0..limit-1. */
function checkIds(field: string, ids: readonly number[], limit: number, noun: 'tokenId' | 'classId'): Int32Array {
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= limit) {
      throw new SceneError(`${field}[${i}]`, problem(noun, limit - 1, String(id)));
    }
  });
  return Int32Array.from(ids);
}

/** Throws a SceneError unless `value` is an integer in lo..hi. */
function checkInteger(field: string, value: number, lo: number, hi: number): void {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new SceneError(field, problem('integerRange', lo, hi, String(value)));
  }
}

/** The first `count` items of the endless repetition of `items` (non-empty). */
function cycle<T>(items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, i) => items[i % items.length]!);
}

/** The token of each dense vector's largest entry (the first on ties). */
function denseToTokens(values: Float64Array, n: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < values.length; start += n) {
    let best = 0;
    for (let j = 1; j < n; j++) if (values[start + j]! > values[start + best]!) best = j;
    out.push(best);
  }
  return out;
}

/** The sequence as text, or null when it is not a character task the text mode can say exactly. */
function asText(model: Model, inputs: readonly number[], targets: readonly number[]): string | null {
  const symbols = model.labels?.input;
  const classes = model.labels?.output;
  if (model.sequence.inputs.kind !== 'tokens' || symbols === undefined || classes === undefined) return null;
  if (symbols.length !== classes.length || symbols.some((s, i) => s !== classes[i])) return null;
  if (!symbols.every((s) => Array.from(s).length === 1) || new Set(symbols).size !== symbols.length) return null;
  const single = readsOutAtEnd(model);
  // Next-character targets: y(t) = x(t+1) for every t < tau.
  if (!single && inputs.some((x, i) => i > 0 && targets[i - 1] !== x)) return null;
  const last = targets[targets.length - 1];
  if (last === undefined) return null;
  return [...inputs, last].map((id) => symbols[id]!).join('');
}
