/**
 * What a stepping session shows at its cursor, as plain data that crosses to the main thread:
 * the current step's node values and, once BPTT has reached it, their gradients; the memory
 * held for BPTT; the loss so far; the size of every parameter gradient accumulated so far.
 */
import type { Cursor, Held, Session } from './session';
import type { NonFinite } from './nonfinite';
import type { ParamName } from '../model';
import { feedsBack, paramNames } from '../model';
import { outputRow } from './pass';
import { euclideanNorm } from '../train/clip';
import { findNonFiniteGradient } from './contributions';
import { mirror } from './position';

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

/** The session at its cursor. */
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

/** The session's state at its cursor, as fresh arrays (safe to transfer). */
export function snapshotOf(session: Session): Snapshot {
  const { model, pass } = session;
  const tau = model.sequence.length;
  const cursor = session.cursor();
  const gradNorms: Partial<Record<ParamName, number>> = {};
  for (const name of paramNames(model.variant)) gradNorms[name] = euclideanNorm([pass.backward.grads[name] ?? null]);
  return {
    position: session.position, tau, cursor, held: session.held(), lossSoFar: pass.loss,
    step: cursor.phase === 'start' ? null : stepView(session, cursor.t),
    gradNorms,
    // In BPTT the parameter gradients are sums of the contributions of steps tau..t so far.
    nonFinite: pass.nonFinite ?? (cursor.phase === 'backward' ? findNonFiniteGradient(pass, cursor.t) : null),
  };
}

/** The vectors of step t as the session holds them. */
function stepView(session: Session, t: number): StepView {
  const { model, pass } = session;
  const { input: n, hidden: H, output: K } = model.sizes;
  const f = pass.forward;
  const g = pass.backward;
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
  const backwardReached = session.position > model.sequence.length && mirror(model.sequence.length, session.position) <= t;
  return {
    t, x, token, previous,
    a: rowOf(f.a, t - 1, H), h: rowOf(f.h, t, H),
    o: row >= 0 ? rowOf(f.o, row, K) : null,
    yhat: row >= 0 ? rowOf(f.yhat, row, K) : null,
    loss: row >= 0 ? f.stepLosses[row]! : null,
    target: row >= 0 ? model.sequence.targets[row]! : null,
    gO: backwardReached && row >= 0 ? rowOf(g.gO, row, K) : null,
    gH: backwardReached ? rowOf(g.gH, t - 1, H) : null,
    gA: backwardReached ? rowOf(g.gA, t - 1, H) : null,
  };
}

/** The buffers of a snapshot, to transfer with postMessage. */
export function snapshotTransfer(s: Snapshot): ArrayBuffer[] {
  const step = s.step;
  if (!step) return [];
  return [step.x, step.previous, step.a, step.h, step.o, step.yhat, step.gO, step.gH, step.gA]
    .filter((v): v is Float64Array => v !== null)
    .map((v) => v.buffer as ArrayBuffer);
}
