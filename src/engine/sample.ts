/**
 * Free running (Deep Learning section 10.2.1): the model generates a sequence from its own
 * outputs. After a prompt x(1..p) read as given, each next input x(t+1) is a token drawn from
 * yhat(t) at temperature T, softmax(o(t) / T), or its argmax (greedy), and is fed back as the
 * next step's input: the edge yhat(t) -> x(t+1) that teacher forcing replaces with the true
 * y(t) at training time. Pure and seeded (./rng.ts): the same model, prompt, length, temperature
 * and seed give the same tokens. A deep network (one direction) runs a step at a time through all
 * its layers (./stack/steps.ts); a bidirectional one cannot run free, its backward direction
 * reading the steps not drawn yet.
 */
import type { Model } from './model';
import { LIMITS, isStacked, readsOutAtEnd, stackShapeOf } from './model';
import { stackModelOf } from './pass/gradients';
import { createPass, forwardStep, outputRow } from './pass/pass';
import { createRng } from './rng';
import { createStackSteps, stackForwardStep, stackOutputRow } from './stack/steps';

/** How each next token is chosen from yhat(t). */
export type SampleRule =
  /** x(t+1) drawn from softmax(o(t) / temperature), temperature > 0. */
  | { readonly kind: 'draw'; readonly temperature: number }
  /** x(t+1) = argmax o(t) (= argmax yhat(t)), ties to the lowest id. */
  | { readonly kind: 'greedy' };

/** What to generate. */
export interface SampleSpec {
  /** p >= 1: how many tokens of the model's sequence, from its start, are read as given. */
  readonly prompt: number;
  /** L >= 1: how many tokens to generate after the prompt (p + L <= LIMITS.length). */
  readonly length: number;
  readonly rule: SampleRule;
  /** Seed of the draws, an integer in 0..2^32-1 (greedy draws nothing). */
  readonly seed: number;
}

/** Lowest temperature accepted (as T falls to 0 the draws become greedy's argmax, which the greedy rule gives exactly). */
export const MIN_TEMPERATURE = 1e-3;
/** Highest temperature accepted. */
export const MAX_TEMPERATURE = 100;

/** Why a model or a request cannot be sampled, with the numbers to say it (put in words by the page in either language). */
export type SampleProblem =
  | { readonly kind: 'dense' }
  | { readonly kind: 'read-at-end' }
  | { readonly kind: 'bidirectional' }
  | { readonly kind: 'classes'; readonly n: number; readonly K: number }
  | { readonly kind: 'labels'; readonly id: number; readonly input: string; readonly output: string }
  | { readonly kind: 'prompt'; readonly max: number; readonly got: number }
  | { readonly kind: 'length'; readonly max: number; readonly got: number }
  | { readonly kind: 'temperature'; readonly got: number }
  | { readonly kind: 'seed'; readonly got: number }
  | { readonly kind: 'non-finite'; readonly step: number };

/** The problem in English, one line. */
export function describeSampleProblem(p: SampleProblem): string {
  switch (p.kind) {
    case 'dense': return 'sampling needs token inputs: this model reads dense vectors';
    case 'read-at-end': return 'sampling needs an output at every step: this network reads out only at the end';
    case 'bidirectional': return 'sampling runs forward in time: a bidirectional network\'s backward direction reads the steps after t, which are not drawn yet';
    case 'classes': return `sampling needs the classes to be the input symbols: n = ${p.n}, K = ${p.K}`;
    case 'labels': return `sampling needs the classes to be the input symbols: input ${p.id} is "${p.input}", class ${p.id} is "${p.output}"`;
    case 'prompt': return `prompt: expected an integer in 1..${p.max}, got ${p.got}`;
    case 'length': return `length: expected an integer in 1..${p.max}, got ${p.got}`;
    case 'temperature': return `temperature: expected a number in ${MIN_TEMPERATURE}..${MAX_TEMPERATURE}, got ${p.got}`;
    case 'seed': return `seed: expected an integer in 0..${2 ** 32 - 1}, got ${p.got}`;
    case 'non-finite': return `yhat(${p.step}) is not finite: nothing can be drawn from it`;
  }
}

/** A request refused: what is wrong, as data (`why`) and in English (`message`). */
export class SampleError extends Error {
  override readonly name = 'SampleError';
  readonly why: SampleProblem;

  constructor(why: SampleProblem) {
    super(describeSampleProblem(why));
    this.why = why;
  }
}

/** What free running produced. */
export interface Sample {
  /** p, the prompt's length. */
  readonly prompt: number;
  /** x(1..p+L): the prompt's tokens, then the L generated ones. */
  readonly inputs: Int32Array;
  /**
   * y(1..p+L): the next token of each step, x(t+1), and for the last step the token drawn from
   * its own yhat(p+L) (so that every step's loss reads as the model's choice).
   */
  readonly targets: Int32Array;
  /** yhat(1..p+L), (p+L) x K, row t-1: what each token was drawn from. */
  readonly yhat: Float64Array;
}

/** Why the model cannot be sampled at all (whatever the request), or null when it can. */
export function sampleProblemOf(model: Model): SampleProblem | null {
  if (model.sequence.inputs.kind !== 'tokens') return { kind: 'dense' };
  if (readsOutAtEnd(model)) return { kind: 'read-at-end' };
  if (stackShapeOf(model).bidirectional) return { kind: 'bidirectional' };
  const { input: n, output: K } = model.sizes;
  if (n !== K) return { kind: 'classes', n, K };
  const inputs = model.labels?.input;
  const outputs = model.labels?.output;
  if (inputs !== undefined || outputs !== undefined) {
    for (let id = 0; id < n; id++) {
      const a = inputs?.[id] ?? String(id);
      const b = outputs?.[id] ?? String(id);
      if (a !== b) return { kind: 'labels', id, input: a, output: b };
    }
  }
  return null;
}

/** Why the request cannot be served on this model, or null. */
function specProblem(model: Model, spec: SampleSpec): SampleProblem | null {
  const tau = model.sequence.length;
  if (!Number.isInteger(spec.prompt) || spec.prompt < 1 || spec.prompt > tau) return { kind: 'prompt', max: tau, got: spec.prompt };
  const room = LIMITS.length - spec.prompt;
  if (!Number.isInteger(spec.length) || spec.length < 1 || spec.length > room) return { kind: 'length', max: room, got: spec.length };
  if (spec.rule.kind === 'draw') {
    const T = spec.rule.temperature;
    if (!Number.isFinite(T) || T < MIN_TEMPERATURE || T > MAX_TEMPERATURE) return { kind: 'temperature', got: T };
  }
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 2 ** 32 - 1) return { kind: 'seed', got: spec.seed };
  return null;
}

/** The id of the largest of o[from..from+K), the lowest on ties. */
export function argmax(o: Float64Array, from: number, K: number): number {
  let best = 0;
  for (let j = 1; j < K; j++) if (o[from + j]! > o[from + best]!) best = j;
  return best;
}

/**
 * A token drawn from softmax(o[from..from+K) / T) with the uniform number u in [0, 1): the first
 * id whose cumulative probability passes u (weights exp((o_j - max o) / T), so nothing overflows).
 */
export function drawToken(o: Float64Array, from: number, K: number, T: number, u: number, weights: Float64Array): number {
  const top = o[from + argmax(o, from, K)]!;
  let sum = 0;
  for (let j = 0; j < K; j++) {
    weights[j] = Math.exp((o[from + j]! - top) / T);
    sum += weights[j]!;
  }
  const target = u * sum;
  let acc = 0;
  for (let j = 0; j < K; j++) {
    acc += weights[j]!;
    if (target < acc) return j;
  }
  // Rounding can leave u * sum at the very top: the last id with any weight.
  for (let j = K - 1; j > 0; j--) if (weights[j]! > 0) return j;
  return 0;
}

/** The forward pass free running steps: step(t) for t = 1, 2, ..., then o(t) and yhat(t) are row row(t) of o and yhat (K entries each). */
interface Stepper {
  readonly step: (t: number) => void;
  readonly row: (t: number) => number;
  readonly o: Float64Array;
  readonly yhat: Float64Array;
}

/** The one-cell pass over the running model, or a deep network's pass a step at a time through its layers. */
function stepperOf(running: Model): Stepper {
  if (isStacked(running)) {
    const steps = createStackSteps(stackModelOf(running));
    return { step: (t) => stackForwardStep(steps, t), row: (t) => stackOutputRow(steps.model, t), o: steps.o, yhat: steps.yhat };
  }
  const pass = createPass(running);
  return { step: (t) => forwardStep(pass, t), row: (t) => outputRow(running, t), o: pass.forward.o, yhat: pass.forward.yhat };
}

/**
 * Runs the model free: x(1..p) from its sequence, then for t = p..p+L each next token chosen from
 * o(t) by the rule (x(t+1) for t < p+L; for t = p+L, the last step's target). Throws a SampleError
 * naming why when the model's classes are not its input symbols, it is bidirectional, the request
 * is out of range, or yhat(t) is not finite.
 */
export function sample(model: Model, spec: SampleSpec): Sample {
  const problem = sampleProblemOf(model) ?? specProblem(model, spec);
  if (problem) throw new SampleError(problem);
  if (model.sequence.inputs.kind !== 'tokens') throw new SampleError({ kind: 'dense' });
  const K = model.sizes.output;
  const p = spec.prompt;
  const total = p + spec.length;
  const inputs = new Int32Array(total);
  inputs.set(model.sequence.inputs.ids.subarray(0, p));
  const targets = new Int32Array(total);
  targets.set(inputs.subarray(1, p));
  // The pass (a deep network's: its layer 0) reads x(t) and (Jordan's teacher forcing) y(t-1) from these arrays as it steps: each is written before the step that reads it.
  const running: Model = { ...model, sequence: { length: total, inputs: { kind: 'tokens', ids: inputs }, targets } };
  const { step, row, o, yhat: stepYhat } = stepperOf(running);
  const rng = createRng(spec.seed);
  const weights = new Float64Array(K);
  const yhat = new Float64Array(total * K);
  for (let t = 1; t <= total; t++) {
    step(t);
    const from = row(t) * K;
    for (let j = 0; j < K; j++) {
      if (!Number.isFinite(stepYhat[from + j]!) || !Number.isFinite(o[from + j]!)) throw new SampleError({ kind: 'non-finite', step: t });
    }
    yhat.set(stepYhat.subarray(from, from + K), (t - 1) * K);
    if (t < p) continue;
    const next = spec.rule.kind === 'greedy'
      ? argmax(o, from, K)
      : drawToken(o, from, K, spec.rule.temperature, rng.next(), weights);
    targets[t - 1] = next;
    if (t < total) inputs[t] = next;
  }
  return { prompt: p, inputs, targets, yhat };
}

/** The model reading the sample: the same parameters and labels, the sequence x = sample.inputs, y = sample.targets. */
export function sampledModel(model: Model, s: Sample): Model {
  return { ...model, sequence: { length: s.inputs.length, inputs: { kind: 'tokens', ids: s.inputs.slice() }, targets: s.targets.slice() } };
}
