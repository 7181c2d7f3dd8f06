/**
 * What a pass shows at a position, as plain data: the current step's node values and, once
 * BPTT has reached it, their gradients; the memory held for BPTT; the loss so far; the size of
 * every parameter gradient accumulated so far. Read from a stepping session at its cursor
 * (snapshotOf), or from a whole pass's trace at any position (snapshotOfTrace), field for field
 * the same: the main thread steps through a trace without asking the worker.
 */
import type { Cursor, Held, Session } from './session';
import { heldAt } from './session';
import type { NonFinite } from './nonfinite';
import type { Model, ParamName } from '../model';
import { feedsBack, paramNames } from '../model';
import type { BackwardFactors, ForwardStates } from './pass';
import { outputRow } from './pass';
import { frobeniusNorm } from '../train/clip';
import { findNonFiniteGradient } from './contributions';
import { cursorOf, mirror } from './position';
import type { Trace } from './trace';

/** The vectors of one time step t. */
export interface StepView {
  /** The step t (1..tau). */
  readonly t: number;
  /** x(t), n entries (the one-hot of the token for token inputs). */
  readonly x: Float64Array;
  /** The token id of x(t), or -1 for a dense input. */
  readonly token: number;
  /** What step t receives from step t-1: h(t-1) (Elman, single output) or f(t-1) (Jordan). */
  readonly previous: Float64Array;
  /** a(t), H. */
  readonly a: Float64Array;
  /** h(t), H. */
  readonly h: Float64Array;
  /** o(t), K; null where step t has no output (single output before tau). */
  readonly o: Float64Array | null;
  /** yhat(t) = softmax(o(t)), K; null where step t has no output. */
  readonly yhat: Float64Array | null;
  /** L(t); null where step t has no output. */
  readonly loss: number | null;
  /** y(t); null where step t has no output. */
  readonly target: number | null;
  /** dL/do(t), dL/dh(t), dL/da(t): null until BPTT has reached step t. */
  readonly gO: Float64Array | null;
  readonly gH: Float64Array | null;
  readonly gA: Float64Array | null;
}

/** A pass at a position: a session at its cursor, or a trace read at any position. */
export interface Snapshot {
  /** 0..2 tau. */
  readonly position: number;
  readonly tau: number;
  readonly cursor: Cursor;
  /** Forward states held for BPTT at the cursor. */
  readonly held: Held;
  /** sum of L(t) over the forward steps computed so far. */
  readonly lossSoFar: number;
  /** The step at the cursor; null at position 0. */
  readonly step: StepView | null;
  /** ||dL/d(param)||, Frobenius norm of each parameter gradient summed so far (zero in the forward pass). */
  readonly gradNorms: Partial<Record<ParamName, number>>;
  /** The first value that stopped being finite up to the cursor (a parameter gradient's sum included), or null. */
  readonly nonFinite: NonFinite | null;
}

/** A copy of rows [row*len, (row+1)*len) of a buffer. */
const rowOf = (buffer: Float64Array, row: number, len: number): Float64Array => buffer.slice(row * len, (row + 1) * len);

/** The buffers a snapshot reads: a pass's, filled up to the position, or a whole trace's. */
type Filled = Pick<ForwardStates, 'a' | 'h' | 'o' | 'yhat' | 'stepLosses'> & Pick<BackwardFactors, 'gO' | 'gH' | 'gA'>;

/** The session's state at its cursor, as fresh arrays (safe to transfer). */
export function snapshotOf(session: Session): Snapshot {
  const { model, pass, position } = session;
  const cursor = session.cursor();
  const gradNorms: Partial<Record<ParamName, number>> = {};
  for (const name of paramNames(model.variant)) gradNorms[name] = frobeniusNorm(pass.backward.grads[name]!);
  // In BPTT the parameter gradients are sums of the contributions of steps tau..t so far.
  const nonFinite = pass.nonFinite ?? (cursor.phase === 'backward' ? findNonFiniteGradient(pass, cursor.t) : null);
  return snapshotFrom(model, { ...pass.forward, ...pass.backward }, position, pass.loss, gradNorms, nonFinite);
}

/**
 * The snapshot at position p (0..2 tau) of the pass a trace holds, as snapshotOf gives it for a
 * session on the same model seeked to p, field for field: the step's vectors, the states held
 * (heldAt), L(1) + ... + L(t) summed as the pass sums it, each gradient's norm summed through
 * the cursor (the trace's gradNormsByStep; zero in the forward pass), and the first value not
 * finite up to the cursor. Pure: no pass is run.
 */
export function snapshotOfTrace(model: Model, trace: Trace, position: number): Snapshot {
  const tau = model.sequence.length;
  if (!Number.isInteger(position) || position < 0 || position > 2 * tau) {
    throw new RangeError(`position: expected an integer in 0..${2 * tau}, got ${String(position)}`);
  }
  const cursor = cursorOf(position, tau);
  const names = paramNames(model.variant);
  const gradNorms: Partial<Record<ParamName, number>> = {};
  names.forEach((name, j) => {
    gradNorms[name] = cursor.phase === 'backward' ? trace.gradNormsByStep[(cursor.t - 1) * names.length + j]! : 0;
  });
  let loss = 0;
  for (let t = 1; t <= Math.min(position, tau); t++) {
    const row = outputRow(model, t);
    if (row >= 0) loss += trace.stepLosses[row]!;
  }
  return snapshotFrom(model, trace, position, loss, gradNorms, faultAt(model, trace, position));
}

/**
 * The first value not finite up to position p, as a session finds it: the pass's own first one
 * (a node, dL/d(node), the loss's sum) once the cursor has computed it, else in BPTT the first
 * parameter whose sum has overflowed by the cursor's step.
 */
function faultAt(model: Model, trace: Trace, position: number): NonFinite | null {
  const tau = model.sequence.length;
  const f = trace.nodeFault;
  if (f !== null && (f.pass === 'forward' ? f.step : mirror(tau, f.step)) <= position) return f;
  const cursor = cursorOf(position, tau);
  if (cursor.phase !== 'backward') return null;
  return trace.sumFaults.find((s) => s.step >= cursor.t) ?? null;
}

/** A snapshot of buffers filled at least up to `position`. */
function snapshotFrom(
  model: Model, filled: Filled, position: number, lossSoFar: number, gradNorms: Partial<Record<ParamName, number>>, nonFinite: NonFinite | null,
): Snapshot {
  const tau = model.sequence.length;
  const cursor = cursorOf(position, tau);
  return {
    position, tau, cursor, held: heldAt(model, position), lossSoFar,
    step: cursor.phase === 'start' ? null : stepView(model, filled, position, cursor.t),
    gradNorms, nonFinite,
  };
}

/** The vectors of step t as the buffers hold them at `position`. */
function stepView(model: Model, f: Filled, position: number, t: number): StepView {
  const { input: n, hidden: H, output: K } = model.sizes;
  const inputs = model.sequence.inputs;
  const x = inputs.kind === 'tokens' ? new Float64Array(n) : rowOf(inputs.values, t - 1, n);
  const token = inputs.kind === 'tokens' ? inputs.ids[t - 1]! : -1;
  if (token >= 0) x[token] = 1;
  let previous: Float64Array;
  if (!feedsBack(model.variant)) previous = rowOf(f.h, t - 1, H);
  else if (t === 1) previous = new Float64Array(K);
  else if (model.feedback === 'teacher') {
    previous = new Float64Array(K);
    previous[model.sequence.targets[t - 2]!] = 1;
  } else previous = rowOf(model.feedback === 'logits' ? f.o : f.yhat, t - 2, K);
  const row = outputRow(model, t);
  const backwardReached = position > model.sequence.length && mirror(model.sequence.length, position) <= t;
  return {
    t, x, token, previous,
    a: rowOf(f.a, t - 1, H), h: rowOf(f.h, t, H),
    o: row >= 0 ? rowOf(f.o, row, K) : null,
    yhat: row >= 0 ? rowOf(f.yhat, row, K) : null,
    loss: row >= 0 ? f.stepLosses[row]! : null,
    target: row >= 0 ? model.sequence.targets[row]! : null,
    gO: backwardReached && row >= 0 ? rowOf(f.gO, row, K) : null,
    gH: backwardReached ? rowOf(f.gH, t - 1, H) : null,
    gA: backwardReached ? rowOf(f.gA, t - 1, H) : null,
  };
}
