/**
 * Seeded small sequence tasks, each returned as a Model: the sequence and its targets come
 * from the task, the parameters from initModel with the same seed. The sequence is drawn
 * from a second stream, createRng(seed ^ TASK_STREAM), so it does not echo the parameters.
 */
import { initModel } from '../file/init';
import type { Model, ParamName, Variant } from '../model';
import { VARIANTS, cellParamOf, feedsBack, modelParamNames, readsOutAtEnd } from '../model';
import { createRng } from '../rng';

/** XORed into the seed for the stream that draws a task's sequence. */
export const TASK_STREAM = 0x9e3779b9;

/** The cells the echo task runs on: every network with an output at each step (not the single-output one). */
export type EchoVariant = Exclude<Variant, 'single-output'>;

/** The cells delayedEcho and cuedEcho accept (and compareCells trains): every variant but the single-output one. */
export const ECHO_VARIANTS: readonly EchoVariant[] = VARIANTS.filter((v): v is EchoVariant => !readsOutAtEnd({ variant: v }));

/** What delayedEcho builds. */
export interface EchoOptions {
  /** The cell: elman (default), jordan (its feedback: logits), lstm or gru. The sequence does not depend on it. */
  readonly variant?: EchoVariant;
  /** d: the delay; y(t) = x(t - d). */
  readonly lag: number;
  /** tau. */
  readonly length: number;
  /** n = K: number of distinct tokens. */
  readonly symbols: number;
  /** H. */
  readonly hidden: number;
  /** 32-bit unsigned seed. */
  readonly seed: number;
  /** D, 1 to 4 layers (default 1); not Jordan. */
  readonly layers?: number;
  /** Each layer also backward in time (default not); not Jordan. */
  readonly bidirectional?: boolean;
}

/** What parity and countClassification build. */
export interface TaskOptions {
  /** tau. */
  readonly length: number;
  /** H. */
  readonly hidden: number;
  /** 32-bit unsigned seed. */
  readonly seed: number;
}

/** Names of the first symbols: a, b, c, ...; then s26, s27, ... */
function symbolNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i < 26 ? String.fromCharCode(97 + i) : `s${i}`));
}

/** Checks an integer option. */
function checkInt(name: string, v: number, lo: number): void {
  if (!Number.isInteger(v) || v < lo) throw new RangeError(`${name}: expected an integer >= ${lo}, got ${v}`);
}

/** The depth and direction of a task's options, as initModel takes them (absent: one layer, one direction). */
const stackOf = (o: { readonly layers?: number; readonly bidirectional?: boolean }) =>
  ({ ...(o.layers === undefined ? {} : { layers: o.layers }), ...(o.bidirectional === undefined ? {} : { bidirectional: o.bidirectional }) });

/** The model of `initModel` with its sequence replaced by tokens `ids` and targets `targets`. */
function withSequence(base: Model, ids: Int32Array, targets: Int32Array, input: string[], output: string[]): Model {
  return {
    ...base,
    sequence: { length: ids.length, inputs: { kind: 'tokens', ids }, targets },
    labels: { input, output },
  };
}

/**
 * Delayed echo (tokens): random tokens x(1..tau) in 0..n-1, target y(t) = x(t - lag) for
 * t > lag and the fixed class 0 for t <= lag. Learning it needs a memory of lag steps. The
 * sequence comes from the seed alone, so every cell gets the same one; the parameters are
 * initModel's for the cell and the seed.
 */
export function delayedEcho(o: EchoOptions): Model {
  checkInt('lag', o.lag, 0);
  checkInt('symbols', o.symbols, 2);
  const variant = o.variant ?? 'elman';
  if (!ECHO_VARIANTS.includes(variant)) throw new RangeError(`variant: expected one of ${ECHO_VARIANTS.join(', ')}, got ${String(variant)}`);
  const base = initModel({ variant, input: o.symbols, hidden: o.hidden, output: o.symbols, length: o.length, seed: o.seed, ...stackOf(o) });
  const rng = createRng((o.seed ^ TASK_STREAM) >>> 0);
  const ids = Int32Array.from({ length: o.length }, () => rng.int(o.symbols));
  const targets = Int32Array.from({ length: o.length }, (_, i) => (i + 1 > o.lag ? ids[i - o.lag]! : 0));
  const names = symbolNames(o.symbols);
  return withSequence(base, ids, targets, names, names);
}

/** What cuedEcho builds. */
export interface CuedEchoOptions {
  /** The cell: elman (default), jordan (its feedback: logits), lstm or gru. The sequence does not depend on it. */
  readonly variant?: EchoVariant;
  /** d >= 1: the steps from a cue to its query; at the query, y(t) = x(t - d). */
  readonly lag: number;
  /** How many cue-to-query episodes of d + 1 steps: tau = episodes (d + 1). */
  readonly episodes: number;
  /** Number of distinct cues (a, b, ...). */
  readonly cues: number;
  /** H. */
  readonly hidden: number;
  /** 32-bit unsigned seed. */
  readonly seed: number;
  /** D, 1 to 4 layers (default 1); not Jordan. */
  readonly layers?: number;
  /** Each layer also backward in time (default not); not Jordan. */
  readonly bidirectional?: boolean;
}

/**
 * The cued echo (tokens): episodes of d + 1 steps, each a random cue x(s) in a, b, ... (ids
 * 1..cues), d - 1 blanks (id 0), then the query mark ? (id cues + 1) at s + d. At the query the
 * target is the cue d steps back, y(t) = x(t - d); everywhere else it is the class _ (0): nothing
 * to echo. Between a cue and its query the input is the same blank at every step, so nothing but
 * a memory carried over d steps tells the cue (nor can the position: every episode looks alike);
 * without it the loss per query stays at the cues' entropy (about ln(cues)). This is the long time lag the
 * gated cells were made for (Deep Learning 10.10; Hochreiter and Schmidhuber 1997, experiment 2).
 */
export function cuedEcho(o: CuedEchoOptions): Model {
  checkInt('lag', o.lag, 1);
  checkInt('episodes', o.episodes, 1);
  checkInt('cues', o.cues, 2);
  const variant = o.variant ?? 'elman';
  if (!ECHO_VARIANTS.includes(variant)) throw new RangeError(`variant: expected one of ${ECHO_VARIANTS.join(', ')}, got ${String(variant)}`);
  const length = o.episodes * (o.lag + 1);
  const base = initModel({ variant, input: o.cues + 2, hidden: o.hidden, output: o.cues + 1, length, seed: o.seed, ...stackOf(o) });
  const rng = createRng((o.seed ^ TASK_STREAM) >>> 0);
  const ids = new Int32Array(length);
  const targets = new Int32Array(length);
  for (let e = 0; e < o.episodes; e++) {
    const start = e * (o.lag + 1);
    ids[start] = 1 + rng.int(o.cues);
    ids[start + o.lag] = o.cues + 1;
    targets[start + o.lag] = ids[start]!;
  }
  const names = symbolNames(o.cues);
  return withSequence(base, ids, targets, ['_', ...names, '?'], ['_', ...names]);
}

/**
 * Running parity (Elman, tokens 0 and 1): random bits x(1..tau), target y(t) = x(1) xor ...
 * xor x(t), the parity of the bits so far (class 1: odd).
 */
export function parity(o: TaskOptions): Model {
  const base = initModel({ variant: 'elman', input: 2, hidden: o.hidden, output: 2, length: o.length, seed: o.seed });
  const rng = createRng((o.seed ^ TASK_STREAM) >>> 0);
  const ids = Int32Array.from({ length: o.length }, () => rng.int(2));
  let acc = 0;
  const targets = Int32Array.from(ids, (bit) => (acc ^= bit));
  return withSequence(base, ids, targets, ['0', '1'], ['even', 'odd']);
}

/**
 * Counting (single output, tokens a, b, c): random tokens x(1..tau); the one target is 1 if
 * the sequence holds more a's than b's, else 0 (c is a distractor).
 */
export function countClassification(o: TaskOptions): Model {
  const base = initModel({ variant: 'single-output', input: 3, hidden: o.hidden, output: 2, length: o.length, seed: o.seed });
  const rng = createRng((o.seed ^ TASK_STREAM) >>> 0);
  const ids = Int32Array.from({ length: o.length }, () => rng.int(3));
  let balance = 0;
  for (const id of ids) balance += id === 0 ? 1 : id === 1 ? -1 : 0;
  return withSequence(base, ids, Int32Array.of(balance > 0 ? 1 : 0), ['a', 'b', 'c'], ['a <= b', 'a > b']);
}

/**
 * A copy of a model with a hidden-to-hidden recurrence (Elman or single output) whose W is
 * scale * I: the book's presets 0.5 I (gradients vanish), 1.1 I and 1.5 I (saturation). In a deep
 * or bidirectional network every layer's and direction's W (`W_l1_reverse`, ...) is.
 */
export function identityRecurrence(model: Model, scale: number): Model {
  if (feedsBack(model.variant)) throw new RangeError(`identityRecurrence: W of a ${model.variant} network is H x K, not square`);
  if (!Number.isFinite(scale)) throw new RangeError(`scale: expected a finite number, got ${scale}`);
  const H = model.sizes.hidden;
  const W = new Float64Array(H * H);
  for (let i = 0; i < H; i++) W[i * H + i] = scale;
  const params: Record<ParamName, Float64Array> = {};
  for (const name of modelParamNames(model)) params[name] = cellParamOf(model, name)?.name === 'W' ? W.slice() : model.params[name]!.slice();
  return { ...model, params };
}
