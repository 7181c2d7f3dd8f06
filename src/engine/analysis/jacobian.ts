/**
 * The Jacobian dh(t)/dh(k) = A(t) A(t-1) ... A(k+1), with A(s) = dh(s)/dh(s-1): the path a
 * gradient takes from h(t) back to h(k) (the inputs x held fixed). Its norm is what makes
 * gradients vanish or explode over t - k steps (Deep Learning 10.7). D(s) = diag(1 - h(s)^2):
 *
 *   Elman, single output: A(s) = D(s) W
 *   Jordan, logits:        A(s) = D(s) W V                      (f(s-1) = o(s-1) = c + V h(s-1))
 *   Jordan, softmax:       A(s) = D(s) W (diag(p) - p p^T) V    (p = yhat(s-1))
 *   Jordan, teacher:       A(s) = 0: f(s-1) = onehot(y(s-1)) is data, nothing crosses time
 */
import { forward } from '../pass/gradients';
import { spectralRadius } from './dynamics';
import type { Model } from '../model';
import type { NonFinite } from '../pass/nonfinite';

/** The most multiply-adds a view may cost, H^3 per step of the product: about half a second. */
const MAX_WORK = 2 ** 28;

/** The longest span t - k whose Jacobian view is computed at hidden size H (all of 2048 up to H = 51). */
export const jacobianMaxSpan = (H: number): number => Math.max(1, Math.floor(MAX_WORK / H ** 3));

/**
 * The constant matrix M of the loop, with A(s) = D(s) M: W (Elman, single output), W V
 * (Jordan, logits); none for softmax feedback (the factor depends on yhat(s-1)) or teacher
 * forcing (the loop is cut).
 */
export type Loop = 'W' | 'WV' | 'softmax' | 'cut';

/** What the product needs of a model's forward pass. */
interface Recurrence {
  readonly H: number;
  readonly K: number;
  /** h(0..tau), (tau+1) x H. */
  readonly h: Float64Array;
  /** yhat(1..tau), tau x K (Jordan). */
  readonly yhat: Float64Array;
  readonly W: Float64Array;
  readonly V: Float64Array;
  readonly loop: Loop;
  /** M, H x H, when the loop has one. */
  readonly M: Float64Array | null;
  /** The earliest k: 0 (h(0) exists), or 1 for Jordan. */
  readonly first: number;
  readonly tau: number;
  readonly nonFinite: NonFinite | null;
}

function recurrenceOf(model: Model): Recurrence {
  const { hidden: H, output: K } = model.sizes;
  const W = model.params.W!, V = model.params.V!;
  const { states, nonFinite } = forward(model);
  const jordan = model.variant === 'jordan';
  const loop: Loop = !jordan ? 'W' : model.feedback === 'logits' ? 'WV' : model.feedback === 'softmax' ? 'softmax' : 'cut';
  let M: Float64Array | null = null;
  if (loop === 'W') M = W;
  if (loop === 'WV') {
    M = new Float64Array(H * H);
    for (let i = 0; i < H; i++) for (let l = 0; l < K; l++) {
      const w = W[i * K + l]!;
      for (let j = 0; j < H; j++) M[i * H + j] = M[i * H + j]! + w * V[l * H + j]!;
    }
  }
  return { H, K, h: states.h, yhat: states.yhat, W, V, loop, M, first: jordan ? 1 : 0, tau: model.sequence.length, nonFinite };
}

/** out = A(s) = dh(s)/dh(s-1), H x H row-major (s >= first + 1). */
function stepFactor(out: Float64Array, r: Recurrence, s: number): void {
  const { H, K, h, loop } = r;
  if (loop === 'cut') {
    out.fill(0);
    return;
  }
  let M = r.M;
  if (loop === 'softmax') {
    // (diag(p) - p p^T) V, K x H, then W times it: H x H.
    const p = r.yhat.subarray((s - 2) * K, (s - 1) * K);
    const pV = new Float64Array(H);
    for (let l = 0; l < K; l++) for (let j = 0; j < H; j++) pV[j] = pV[j]! + p[l]! * r.V[l * H + j]!;
    const SV = new Float64Array(K * H);
    for (let l = 0; l < K; l++) for (let j = 0; j < H; j++) SV[l * H + j] = p[l]! * (r.V[l * H + j]! - pV[j]!);
    M = new Float64Array(H * H);
    for (let i = 0; i < H; i++) for (let l = 0; l < K; l++) {
      const w = r.W[i * K + l]!;
      for (let j = 0; j < H; j++) M[i * H + j] = M[i * H + j]! + w * SV[l * H + j]!;
    }
  }
  for (let i = 0; i < H; i++) {
    const d = 1 - h[s * H + i]! ** 2;
    for (let j = 0; j < H; j++) out[i * H + j] = d * M![i * H + j]!;
  }
}

/** max_i (1 - h(s)_i^2): the largest tanh' at step s. */
function maxSlope(r: Recurrence, s: number): number {
  let m = 0;
  for (let i = 0; i < r.H; i++) m = Math.max(m, 1 - r.h[s * r.H + i]! ** 2);
  return m;
}

/** out = J A, all H x H row-major. */
function multiply(out: Float64Array, J: Float64Array, A: Float64Array, H: number): void {
  out.fill(0);
  for (let i = 0; i < H; i++) for (let l = 0; l < H; l++) {
    const jil = J[i * H + l]!;
    if (jil !== 0) for (let j = 0; j < H; j++) out[i * H + j] = out[i * H + j]! + jil * A[l * H + j]!;
  }
}

const identity = (H: number): Float64Array => {
  const I = new Float64Array(H * H);
  for (let i = 0; i < H; i++) I[i * H + i] = 1;
  return I;
};

function checkSteps(r: Recurrence, t: number, k: number): void {
  if (!Number.isInteger(t) || !Number.isInteger(k) || k < r.first || k > t || t > r.tau) {
    throw new RangeError(`expected integers ${r.first} <= k <= t <= ${r.tau}, got t = ${t}, k = ${k}`);
  }
}

/**
 * Power iteration on J^T J from v (a unit-norm guess, updated in place to the top right
 * singular vector), stopped when the estimate changes by less than 1e-13 relative.
 */
function powerIteration(J: Float64Array, rows: number, cols: number, v: Float64Array, maxIts: number): number {
  const u = new Float64Array(rows);
  const w = new Float64Array(cols);
  let sigma = 0;
  for (let it = 0; it < maxIts; it++) {
    let nv = 0;
    for (let j = 0; j < cols; j++) nv += v[j]! * v[j]!;
    nv = Math.sqrt(nv);
    if (nv === 0 || !Number.isFinite(nv)) return nv === 0 ? 0 : NaN;
    for (let j = 0; j < cols; j++) v[j] = v[j]! / nv;
    let nu = 0;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += J[i * cols + j]! * v[j]!;
      u[i] = s;
      nu += s * s;
    }
    const est = Math.sqrt(nu);
    w.fill(0);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[j] = w[j]! + J[i * cols + j]! * u[i]!;
    v.set(w);
    const done = Math.abs(est - sigma) <= 1e-13 * est;
    sigma = est;
    if (done) break;
  }
  return sigma;
}

/** A fixed generic start vector (no zero entries, not aligned with the axes). */
const generic = (n: number): Float64Array => Float64Array.from({ length: n }, (_, j) => 1 + 0.5 * Math.sin(1.7 * j + 0.3));

/**
 * v = v / ||v|| + g / ||g||: the last singular vector (the products change slowly from one
 * step to the next) plus the generic start g, so that no direction is missing when the top
 * singular vector moves (a diagonal product converges to an axis exactly).
 */
function warmStart(v: Float64Array, g: Float64Array): void {
  let nv = 0, ng = 0;
  for (let j = 0; j < v.length; j++) { nv += v[j]! ** 2; ng += g[j]! ** 2; }
  nv = Math.sqrt(nv);
  ng = Math.sqrt(ng);
  const usable = nv > 0 && Number.isFinite(nv);
  for (let j = 0; j < v.length; j++) v[j] = (usable ? v[j]! / nv : 0) + g[j]! / ng;
}

/**
 * ||J||_2 = sigma_max(J): the largest singular value of the rows x cols matrix J, by power
 * iteration on J^T J from a fixed generic start (at most 2000 iterations).
 */
export function spectralNorm(J: Float64Array, rows: number, cols: number): number {
  return powerIteration(J, rows, cols, generic(cols), 2000);
}

/** dh(t)/dh(k), H x H row-major (entry (i, j) = dh(t)_i / dh(k)_j); the identity when k = t. */
export function hiddenJacobian(model: Model, t: number, k: number): Float64Array {
  const r = recurrenceOf(model);
  checkSteps(r, t, k);
  let J: Float64Array = identity(r.H);
  let next: Float64Array = new Float64Array(r.H * r.H);
  const A = new Float64Array(r.H * r.H);
  for (let s = t; s > k; s--) {
    stepFactor(A, r, s);
    multiply(next, J, A, r.H);
    [J, next] = [next, J];
  }
  return J;
}

/** What the UI shows of the gradient's path back through time from step t to step k. */
export interface JacobianView {
  /** t: the later step. */
  readonly t: number;
  /** k: the earlier step (k <= t). */
  readonly k: number;
  /** dh(t)/dh(k), H x H row-major. */
  readonly jacobian: Float64Array;
  /** ||dh(t)/dh(k)||_2: how much a gradient at h(t) can grow or shrink on its way to h(k). */
  readonly norm: number;
  /** ||dh(t)/dh(t-d)||_2 for d = 1..t-k (entry d-1). */
  readonly norms: Float64Array;
  /**
   * An upper bound on norms[d-1] for d = 1..t-k: prod over s = t-d+1..t of max_i (1 - h(s)_i^2)
   * ||M||_2 (the textbook bound, tanh' <= 1), or of ||A(s)||_2 for softmax feedback.
   */
  readonly bounds: Float64Array;
  readonly loop: Loop;
  /** rho(M), the spectral radius of the loop's matrix (0 when the loop is cut, null for softmax). */
  readonly radius: number | null;
  /** ||M||_2 (0 when cut, null for softmax). */
  readonly loopNorm: number | null;
  /** The first value of the forward pass that is not finite, if any (then the numbers above are not either). */
  readonly nonFinite: NonFinite | null;
}

/**
 * The Jacobian dh(t)/dh(k), its norm at every distance d = 1..t-k (the product extended one
 * step back at a time, each norm warm-started from the last), and rho and ||.||_2 of the loop;
 * refuses spans longer than jacobianMaxSpan(H).
 */
export function jacobianView(model: Model, t: number, k: number): JacobianView {
  const r = recurrenceOf(model);
  checkSteps(r, t, k);
  const { H } = r;
  if (t - k > jacobianMaxSpan(H)) throw new RangeError(`t - k: at most ${jacobianMaxSpan(H)} steps at H = ${H} (each step costs H^3), got ${t - k}`);
  const norms = new Float64Array(t - k);
  const bounds = new Float64Array(t - k);
  let J: Float64Array = identity(H);
  let next: Float64Array = new Float64Array(H * H);
  const A = new Float64Array(H * H);
  const M = r.M;
  const loopNorm = r.loop === 'cut' ? 0 : M ? spectralNorm(M, H, H) : null;
  const start = generic(H);
  const v = start.slice();
  const u = start.slice();
  let bound = 1;
  for (let s = t; s > k; s--) {
    stepFactor(A, r, s);
    // ||D(s) M|| <= max_i (1 - h(s)_i^2) ||M||; softmax has no constant M: the factor's own norm.
    if (loopNorm !== null) bound *= maxSlope(r, s) * loopNorm;
    else {
      warmStart(u, start);
      bound *= powerIteration(A, H, H, u, 2000);
    }
    multiply(next, J, A, H);
    [J, next] = [next, J];
    const d = t - s + 1;
    warmStart(v, start);
    norms[d - 1] = powerIteration(J, H, H, v, 2000);
    bounds[d - 1] = bound;
  }
  const radius = r.loop === 'cut' ? 0 : M ? spectralRadius(M, H) : null;
  return { t, k, jacobian: J, norm: t === k ? 1 : norms[t - k - 1]!, norms, bounds, loop: r.loop, radius, loopNorm, nonFinite: r.nonFinite };
}

/** ||dh(t)/dh(k)||_2 for k = t-1 down to the first step: entry d-1 holds the norm at distance d = t - k. */
export function jacobianNorms(model: Model, t: number): Float64Array {
  return jacobianView(model, t, model.variant === 'jordan' ? 1 : 0).norms;
}
