/**
 * The two update rules of training: plain SGD and Adam (Kingma and Ba, 2015), over every
 * parameter of a model (modelParamNames: a deep or bidirectional network's every layer and
 * direction too). Optimizer state lives in flat Float64Arrays, one entry per parameter entry in
 * the order of modelParamNames, allocated once: a step
 * allocates nothing. An update is first proposed (written to caller-owned buffers, the
 * state untouched) and then committed, so a trainer can refuse an update that overflowed.
 * The state can be taken out (copies) and handed to a new optimizer, which goes on exactly as
 * this one would have.
 */
import { firstNonFinite } from '../kernels';
import type { Model, ParamName, Params } from '../model';
import { modelParamNames } from '../model';

/** What an optimizer needs of a model: its parameters and the shape that names them (modelParamNames). */
export type OptimizedModel = Pick<Model, 'variant' | 'params' | 'layers' | 'bidirectional'>;

/** The update rule. */
export type OptimizerKind = 'sgd' | 'adam';

/** Adam's constants. */
export interface AdamOptions {
  /** beta1: decay of the first moment m (default 0.9). */
  readonly beta1?: number;
  /** beta2: decay of the second moment v (default 0.999). */
  readonly beta2?: number;
  /** eps: added to sqrt(vhat) in the denominator (default 1e-8). */
  readonly eps?: number;
}

/** Adam's defaults from the paper. */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/** SGD on a flat segment: out[i] = p[i] - lr g[i] for i < len (out may be p). */
export function sgdUpdate(p: Float64Array, g: Float64Array, out: Float64Array, lr: number, len = p.length): void {
  for (let i = 0; i < len; i++) out[i] = p[i]! - lr * g[i]!;
}

/**
 * Adam on a flat segment for step number t (1-based): reads the moments m, v at [so, so+len),
 * writes the new moments to mOut, vOut (same offsets) and the new parameters to out.
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 */
export function adamUpdate(
  p: Float64Array, g: Float64Array, out: Float64Array, len: number,
  m: Float64Array, v: Float64Array, mOut: Float64Array, vOut: Float64Array, so: number,
  t: number, lr: number, o: Required<AdamOptions> = ADAM_DEFAULTS,
): void {
  const { beta1: b1, beta2: b2, eps } = o;
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  for (let i = 0; i < len; i++) {
    const gi = g[i]!;
    const mi = b1 * m[so + i]! + (1 - b1) * gi;
    const vi = b2 * v[so + i]! + (1 - b2) * gi * gi;
    mOut[so + i] = mi;
    vOut[so + i] = vi;
    out[i] = p[i]! - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
  }
}

/** What an update rule carries from one update to the next: enough for another optimizer to go on from it. */
export interface OptimizerState {
  readonly kind: OptimizerKind;
  /** t: the number of committed updates (Adam's bias-correction step count). */
  readonly steps: number;
  /** Adam's first moment m of dL/d(parameter), flat in modelParamNames order; null for SGD. */
  readonly m: Float64Array | null;
  /** Adam's second moment v of (dL/d(parameter))^2, flat as m; null for SGD. */
  readonly v: Float64Array | null;
}

/** An update rule with its state, bound to the parameter shapes of one model. */
export interface Optimizer {
  readonly kind: OptimizerKind;
  /** t: the number of committed updates (Adam's bias-correction step count). */
  readonly steps: number;
  /**
   * Writes the parameters after one update with learning rate lr into `out` (shaped like
   * `params`; may be `params` itself); the optimizer's state is not changed until `commit`.
   */
  propose(params: Params, grads: Params, out: Params, lr: number): void;
  /** Accepts the last proposal: the new moments become the state and t grows by one. */
  commit(): void;
  /** The first entry of the last proposal's moments (Adam's m and v) that is not finite; null for SGD. */
  proposalFault(): MomentFault | null;
  /** propose into `params` itself, then commit: one plain in-place step. */
  step(params: Params, grads: Params, lr: number): void;
  /** Adam's first moment m of dL/d(parameter), flat in modelParamNames order; null for SGD. */
  readonly m: Float64Array | null;
  /** Adam's second moment v of (dL/d(parameter))^2, flat as m; null for SGD. */
  readonly v: Float64Array | null;
  /** A copy of the committed state (t and the moments), for `createOptimizer(..., from)`. */
  state(): OptimizerState;
}

/** A moment entry that overflowed: g^2 in v, say, can exceed the largest double while g is finite. */
export interface MomentFault {
  /** m: the first moment; v: the second. */
  readonly moment: 'm' | 'v';
  /** The parameter whose gradient's moment it is. */
  readonly node: ParamName;
  /** Index of the entry within that parameter, row-major. */
  readonly index: number;
  /** The bad moment value. */
  readonly value: number;
}

/** Total number of parameter entries of a model (over modelParamNames: every layer and direction of a stack). */
export function paramCount(model: OptimizedModel): number {
  let s = 0;
  for (const name of modelParamNames(model)) s += model.params[name]?.length ?? 0;
  return s;
}

/** The parameter `name` as an array, or an error naming it when the model lacks it. */
function arr(p: Params, name: ParamName): Float64Array {
  const a = p[name];
  if (!a) throw new RangeError(`parameter ${name} is missing`);
  return a;
}

/** The entries of a moment as `size` finite numbers (v also >= 0), naming the first that is not; `name` is its path. */
function checkMoment(a: unknown, size: number, name: string, nonNegative: boolean): Float64Array {
  if (!(a instanceof Float64Array) || a.length !== size) {
    throw new RangeError(`${name}: expected a Float64Array of ${size} numbers (one per parameter entry), got ${a instanceof Float64Array ? `${a.length}` : String(a)}`);
  }
  for (let i = 0; i < size; i++) {
    const x = a[i]!;
    if (!Number.isFinite(x) || (nonNegative && x < 0)) throw new RangeError(`${name}[${i}]: expected a ${nonNegative ? 'finite number >= 0' : 'finite number'}, got ${x}`);
  }
  return a;
}

/** Checks a state to resume from against the rule and the parameter count, naming the first bad field (under `path`). */
function checkOptimizerState(s: OptimizerState, kind: OptimizerKind, size: number, path: string): void {
  if (s.kind !== kind) throw new RangeError(`${path}.kind: expected ${kind} (the options' optimizer), got ${String(s.kind)}`);
  if (!Number.isInteger(s.steps) || s.steps < 0) throw new RangeError(`${path}.steps: expected an integer >= 0, got ${s.steps}`);
  if (kind === 'sgd') return;
  checkMoment(s.m, size, `${path}.m`, false);
  checkMoment(s.v, size, `${path}.v`, true);
}

/**
 * An optimizer for the parameters of `model`: fresh (zero moments, t = 0), or going on from the
 * state `from` (copied, checked: its rule, t, and one finite moment entry per parameter entry).
 * `path` names `from` in errors.
 */
export function createOptimizer(
  model: OptimizedModel, kind: OptimizerKind, adam: AdamOptions = {}, from?: OptimizerState, path = 'optimizer',
): Optimizer {
  const names = modelParamNames(model);
  const size = paramCount(model);
  const o: Required<AdamOptions> = { ...ADAM_DEFAULTS, ...adam };
  if (from) checkOptimizerState(from, kind, size, path);
  let t = from?.steps ?? 0;
  if (kind === 'sgd') {
    const propose = (params: Params, grads: Params, out: Params, lr: number): void => {
      for (const name of names) sgdUpdate(arr(params, name), arr(grads, name), arr(out, name), lr);
    };
    const commit = (): void => { t++; };
    return {
      kind, m: null, v: null, propose, commit,
      proposalFault: () => null,
      get steps() { return t; },
      state: () => ({ kind, steps: t, m: null, v: null }),
      step(params, grads, lr) { propose(params, grads, params, lr); commit(); },
    };
  }
  // Double buffers: the proposal writes the next moments into (mNext, vNext); commit swaps.
  let m = from?.m ? from.m.slice() : new Float64Array(size), v = from?.v ? from.v.slice() : new Float64Array(size);
  let mNext = new Float64Array(size), vNext = new Float64Array(size);
  const propose = (params: Params, grads: Params, out: Params, lr: number): void => {
    let so = 0;
    for (const name of names) {
      const p = arr(params, name);
      adamUpdate(p, arr(grads, name), arr(out, name), p.length, m, v, mNext, vNext, so, t + 1, lr, o);
      so += p.length;
    }
  };
  const proposalFault = (): MomentFault | null => {
    let so = 0;
    for (const name of names) {
      const len = arr(model.params, name).length;
      const i = firstNonFinite(mNext, so, len);
      if (i >= 0) return { moment: 'm', node: name, index: i, value: mNext[so + i]! };
      const j = firstNonFinite(vNext, so, len);
      if (j >= 0) return { moment: 'v', node: name, index: j, value: vNext[so + j]! };
      so += len;
    }
    return null;
  };
  const commit = (): void => {
    [m, mNext] = [mNext, m];
    [v, vNext] = [vNext, v];
    t++;
  };
  return {
    kind, propose, commit, proposalFault,
    get m() { return m; },
    get v() { return v; },
    get steps() { return t; },
    state: () => ({ kind, steps: t, m: m.slice(), v: v.slice() }),
    step(params, grads, lr) { propose(params, grads, params, lr); commit(); },
  };
}
