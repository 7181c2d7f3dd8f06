/**
 * The Jacobian dX(t)/dX(k) = A(t) A(t-1) ... A(k+1) of a cell's state X (h, or the LSTM's
 * [h; s]), with A(s) = dX(s)/dX(s-1) the cell's step Jacobian (../cells/cell.ts, each cell's
 * module): the path a gradient takes from step t back to step k (the inputs x held fixed). Its
 * norm is what makes gradients vanish or explode over t - k steps (Deep Learning 10.7). With
 * D(s) = diag(1 - h(s)^2):
 *
 *   Elman, single output: A(s) = D(s) W                        (ReLU: D(s) = diag([h(s) > 0]))
 *   Jordan, logits:        A(s) = D(s) W V                      (f(s-1) = o(s-1) = c + V h(s-1))
 *   Jordan, softmax:       A(s) = D(s) W (diag(p) - p p^T) V    (p = yhat(s-1))
 *   Jordan, teacher:       A(s) = 0: f(s-1) = onehot(y(s-1)) is data, nothing crosses time
 *   LSTM:                  A(s), 2H x 2H: [dh/dh, dh/ds; ds/dh, ds/ds], ds(s)/ds(s-1) = diag(f(s))
 *   GRU:                   A(s) = diag(u(s)) + the paths through the gates and the candidate
 *
 * dh(t)/dh(k) is the h-h block of the product (for the LSTM: with s(k) held fixed), ds(t)/ds(k)
 * the s-s block; a gated cell's direct path (the LSTM's s through diag(f), the GRU's h through
 * diag(u)) contributes the product of its gate over the steps.
 */
import type { Cell, PassJacobian } from '../cells/index';
import type { Loop } from '../cells/index';
import { runForward } from '../pass/gradients';
import { spectralRadius } from './dynamics';
import type { Model, Variant } from '../model';
import { cellOfVariant } from '../model';
import type { NonFinite } from '../pass/nonfinite';

export type { Loop } from '../cells/index';

/** The most multiply-adds a view may cost, S^3 per step of the product (S the state's size): about half a second. */
const MAX_WORK = 2 ** 28;

/** S: the size of the state X(t) the Jacobian runs over (H, or 2H for the LSTM's [h; s]). */
const stateSize = (cell: Cell, H: number): number => H * cell.jacobian.states.length;

/**
 * The longest span t - k whose Jacobian view is computed at hidden size H for a variant (its
 * cell's state is S = H, or 2H for the LSTM; each step costs S^3): all of 2048 up to S = 51.
 */
export const jacobianMaxSpan = (H: number, variant: Variant = 'elman'): number =>
  Math.max(1, Math.floor(MAX_WORK / stateSize(cellOfVariant(variant), H) ** 3));

/** What the product needs of a model's forward pass. */
interface Recurrence {
  readonly cell: Cell;
  readonly H: number;
  /** S = H x the number of states. */
  readonly S: number;
  /** The cell's step Jacobian over the pass. */
  readonly step: PassJacobian;
  /** The forward values of every node by name (for a direct path's gate: row s-1 holds step s). */
  readonly nodes: Readonly<Record<string, Float64Array>>;
  /** The earliest k: 0 (X(0) exists), or 1 for Jordan. */
  readonly first: number;
  readonly tau: number;
  readonly nonFinite: NonFinite | null;
}

function recurrenceOf(model: Model): Recurrence {
  const cell = cellOfVariant(model.variant);
  const pass = runForward(model);
  const p = pass.cells!.cell;
  const H = model.sizes.hidden;
  return {
    cell, H, S: stateSize(cell, H), step: cell.jacobian.of(p), nodes: p.nodes,
    first: cell.jacobian.first, tau: model.sequence.length, nonFinite: pass.nonFinite,
  };
}

/** out = J A, all n x n row-major. */
function multiply(out: Float64Array, J: Float64Array, A: Float64Array, n: number): void {
  out.fill(0);
  for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) {
    const jil = J[i * n + l]!;
    if (jil !== 0) for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + jil * A[l * n + j]!;
  }
}

const identity = (n: number): Float64Array => {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
};

/** out = the b-th H x H diagonal block of the S x S matrix J (state b's rows and columns). */
function blockOf(out: Float64Array, J: Float64Array, S: number, H: number, b: number): Float64Array {
  for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) out[i * H + j] = J[(b * H + i) * S + b * H + j]!;
  return out;
}

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

/**
 * sqrt(||A||_1 ||A||_inf) >= ||A||_2 (Hoelder's inequality) for the n x n matrix A: the largest
 * column sum of |A| times the largest row sum, in n^2 work; exact for a diagonal matrix, so
 * close for a gated step, diag(gate) and small terms.
 */
function hoelderBound(A: Float64Array, n: number): number {
  const columns = new Float64Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) {
      const a = Math.abs(A[i * n + j]!);
      row += a;
      columns[j] = columns[j]! + a;
    }
    rows = Math.max(rows, row);
  }
  let cols = 0;
  for (let j = 0; j < n; j++) cols = Math.max(cols, columns[j]!);
  return Math.sqrt(cols * rows);
}

/** The product A(t) ... A(k+1) of a recurrence, S x S; the identity when k = t. */
function product(r: Recurrence, t: number, k: number): Float64Array {
  const { S } = r;
  let J: Float64Array = identity(S);
  let next: Float64Array = new Float64Array(S * S);
  const A = new Float64Array(S * S);
  for (let s = t; s > k; s--) {
    r.step.step(s, A);
    multiply(next, J, A, S);
    [J, next] = [next, J];
  }
  return J;
}

/** The index of a state in the cell's stacked X, or a RangeError naming the states it has. */
function stateIndex(cell: Cell, state: string): number {
  const b = cell.jacobian.states.indexOf(state);
  if (b < 0) throw new RangeError(`${state}: the ${cell.name} cell's Jacobian runs over ${cell.jacobian.states.join(', ')}`);
  return b;
}

/**
 * A(t) = dX(t)/dX(t-1): the cell's step Jacobian at step t (first + 1 <= t <= tau), S x S
 * row-major over X = the cell's states stacked (h; the LSTM's [h; s]).
 */
export function stepJacobian(model: Model, t: number): Float64Array {
  const r = recurrenceOf(model);
  checkSteps(r, t, t - 1);
  const A = new Float64Array(r.S * r.S);
  r.step.step(t, A);
  return A;
}

/** dX(t)/dX(k) = A(t) ... A(k+1), S x S row-major (entry (i, j) = dX(t)_i / dX(k)_j); the identity when k = t. */
export function stateJacobian(model: Model, t: number, k: number): Float64Array {
  const r = recurrenceOf(model);
  checkSteps(r, t, k);
  return product(r, t, k);
}

/**
 * d state(t) / d state(k), H x H row-major: the state's diagonal block of dX(t)/dX(k) (`h`: dh(t)/dh(k),
 * for the LSTM with s(k) held fixed; `s`: the LSTM's ds(t)/ds(k)); the identity when k = t.
 */
export function blockJacobian(model: Model, t: number, k: number, state: string): Float64Array {
  const r = recurrenceOf(model);
  const b = stateIndex(r.cell, state);
  checkSteps(r, t, k);
  const J = product(r, t, k);
  return r.S === r.H ? J : blockOf(new Float64Array(r.H * r.H), J, r.S, r.H, b);
}

/** dh(t)/dh(k), H x H row-major (entry (i, j) = dh(t)_i / dh(k)_j); the identity when k = t. */
export const hiddenJacobian = (model: Model, t: number, k: number): Float64Array => blockJacobian(model, t, k, 'h');

/** One state's block of the product, d state(t) / d state(k). */
export interface StateBlock {
  /** The state, e.g. `s` (the LSTM's cell state). */
  readonly state: string;
  /** d state(t) / d state(k), H x H row-major. */
  readonly jacobian: Float64Array;
  /** ||d state(t) / d state(k)||_2 (1 when k = t). */
  readonly norm: number;
  /** ||d state(t) / d state(t-d)||_2 for d = 1..t-k (entry d-1). */
  readonly norms: Float64Array;
}

/** A gated cell's direct path over the span: the product of its gate, diag(gate(t) * ... * gate(k+1)). */
export interface DirectProduct {
  /** The state it runs along: `s` for the LSTM, `h` for the GRU. */
  readonly state: string;
  /** The gate: `f` (the LSTM's forget gate), `u` (the GRU's update gate). */
  readonly gate: string;
  /** prod over s = k+1..t of gate(s), H entries: the diagonal of the direct path's Jacobian. */
  readonly product: Float64Array;
  /** ||diag(prod over s = t-d+1..t of gate(s))||_2 = max_i |prod_i| for d = 1..t-k (entry d-1). */
  readonly norms: Float64Array;
  /** ||d state(t) / d state(k) - diag(product)||_2: what every other path (through the gates and the candidate) carries. */
  readonly rest: number;
}

/** What the UI shows of the gradient's path back through time from step t to step k. */
export interface JacobianView {
  /** The cell the model runs on (`elman` for the single-output network too). */
  readonly cell: string;
  /** t: the later step. */
  readonly t: number;
  /** k: the earlier step (k <= t). */
  readonly k: number;
  /** dh(t)/dh(k), H x H row-major (the LSTM: the h-h block of the product over [h; s]). */
  readonly jacobian: Float64Array;
  /** ||dh(t)/dh(k)||_2: how much a gradient at h(t) can grow or shrink on its way to h(k). */
  readonly norm: number;
  /** ||dh(t)/dh(t-d)||_2 for d = 1..t-k (entry d-1). */
  readonly norms: Float64Array;
  /** The other states' blocks, in the cell's order (the LSTM's ds(t)/ds(k)); empty for the other cells. */
  readonly others: readonly StateBlock[];
  /** The direct path of a gated cell (the LSTM's forget gates, the GRU's update gates); null for the others. */
  readonly direct: DirectProduct | null;
  /**
   * An upper bound on ||dX(t)/dX(t-d)||_2, and so on every block's norms[d-1], for d = 1..t-k:
   * prod over s = t-d+1..t of max_i D(s)_ii ||M||_2 (the textbook bound, tanh' <= 1), of
   * ||A(s)||_2 for softmax feedback (no constant M), or of sqrt(||A(s)||_1 ||A(s)||_inf) >= ||A(s)||_2
   * for the gated cells (exact when A(s) is diagonal).
   */
  readonly bounds: Float64Array;
  readonly loop: Loop;
  /** rho(M), the spectral radius of the loop's matrix (0 when the loop is cut, null without one: softmax, gated). */
  readonly radius: number | null;
  /** ||M||_2 (0 when cut, null without one). */
  readonly loopNorm: number | null;
  /** The first value of the forward pass that is not finite, if any (then the numbers above are not either). */
  readonly nonFinite: NonFinite | null;
}

/**
 * The Jacobian dX(t)/dX(k), each state's block and its norm at every distance d = 1..t-k (the
 * product extended one step back at a time, each norm warm-started from the last), a gated
 * cell's direct path, and rho and ||.||_2 of the loop; refuses spans longer than jacobianMaxSpan.
 */
export function jacobianView(model: Model, t: number, k: number): JacobianView {
  const r = recurrenceOf(model);
  checkSteps(r, t, k);
  const { H, S, step, cell } = r;
  const maxSpan = jacobianMaxSpan(H, model.variant);
  if (t - k > maxSpan) throw new RangeError(`t - k: at most ${maxSpan} steps at H = ${H} (each step costs ${S === H ? 'H^3' : `(${S / H}H)^3`}), got ${t - k}`);
  const states = cell.jacobian.states;
  const blocks = states.map(() => ({ norms: new Float64Array(t - k), v: generic(H), buffer: new Float64Array(H * H) }));
  const bounds = new Float64Array(t - k);
  let J: Float64Array = identity(S);
  let next: Float64Array = new Float64Array(S * S);
  const A = new Float64Array(S * S);
  const M = step.M;
  const loopNorm = step.loop === 'cut' ? 0 : M ? spectralNorm(M, H, H) : null;
  const start = generic(H);
  // The softmax step's norm, warm-started from the last step's singular vector.
  const stepStart = generic(S);
  const u = stepStart.slice();
  const spec = cell.jacobian.direct;
  const gate = spec ? r.nodes[spec.gate]! : null;
  const gateProduct = new Float64Array(H).fill(1);
  const directNorms = new Float64Array(t - k);
  let bound = 1;
  for (let s = t; s > k; s--) {
    step.step(s, A);
    // ||D(s) M|| <= max_i D(s)_ii ||M||; a gated step: Hoelder's bound; softmax: the factor's own norm.
    if (loopNorm !== null) bound *= step.slope!(s) * loopNorm;
    else if (step.loop === 'gated') bound *= hoelderBound(A, S);
    else {
      warmStart(u, stepStart);
      bound *= powerIteration(A, S, S, u, 2000);
    }
    multiply(next, J, A, S);
    [J, next] = [next, J];
    const d = t - s + 1;
    blocks.forEach((b, i) => {
      warmStart(b.v, start);
      b.norms[d - 1] = powerIteration(S === H ? J : blockOf(b.buffer, J, S, H, i), H, H, b.v, 2000);
    });
    bounds[d - 1] = bound;
    if (gate) {
      let most = 0;
      for (let i = 0; i < H; i++) {
        gateProduct[i] = gateProduct[i]! * gate[(s - 1) * H + i]!;
        most = Math.max(most, Math.abs(gateProduct[i]!));
      }
      directNorms[d - 1] = most;
    }
  }
  const blockViews: StateBlock[] = states.map((state, i) => ({
    state,
    jacobian: S === H ? J : blockOf(new Float64Array(H * H), J, S, H, i),
    norm: t === k ? 1 : blocks[i]!.norms[t - k - 1]!,
    norms: blocks[i]!.norms,
  }));
  let direct: DirectProduct | null = null;
  if (spec) {
    const rest = blockViews[stateIndex(cell, spec.state)]!.jacobian.slice();
    for (let i = 0; i < H; i++) rest[i * H + i] = rest[i * H + i]! - gateProduct[i]!;
    direct = { state: spec.state, gate: spec.gate, product: gateProduct, norms: directNorms, rest: spectralNorm(rest, H, H) };
  }
  const radius = step.loop === 'cut' ? 0 : M ? spectralRadius(M, H) : null;
  const h = blockViews[stateIndex(cell, 'h')]!;
  return {
    cell: cell.name, t, k, jacobian: h.jacobian, norm: h.norm, norms: h.norms,
    others: blockViews.filter((b) => b !== h), direct,
    bounds, loop: step.loop, radius, loopNorm, nonFinite: r.nonFinite,
  };
}

/** ||dh(t)/dh(k)||_2 for k = t-1 down to the first step: entry d-1 holds the norm at distance d = t - k. */
export function jacobianNorms(model: Model, t: number): Float64Array {
  return jacobianView(model, t, cellOfVariant(model.variant).jacobian.first).norms;
}

/** Every buffer of a view, to transfer it across threads (each once). */
export function jacobianTransfer(view: JacobianView): ArrayBuffer[] {
  const arrays = [view.jacobian, view.norms, view.bounds, ...view.others.flatMap((b) => [b.jacobian, b.norms]), ...(view.direct ? [view.direct.product, view.direct.norms] : [])];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
