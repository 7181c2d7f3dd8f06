/**
 * Global gradient-norm clipping (Pascanu, Mikolov and Bengio, 2013): when the Euclidean norm
 * of all parameter gradients together exceeds a cap, every gradient is scaled by
 * cap / norm, which keeps the direction and caps the norm.
 */
import type { Model, ParamName, Params, Variant } from '../model';
import { modelParamNames } from '../model';

/**
 * Whose parameters: a model's shape (a deep or bidirectional network's too, its names suffixed as
 * `W_l1_reverse`), or a variant alone for its one-layer network in one direction.
 */
export type ParamsOf = Variant | Pick<Model, 'variant' | 'layers' | 'bidirectional'>;

/** The parameter names of `of`, in the model file's order: modelParamNames, a variant read as its one-layer network. */
const namesOf = (of: ParamsOf): readonly ParamName[] => modelParamNames(typeof of === 'string' ? { variant: of } : of);

/** What clipping did. */
export interface ClipResult {
  /** ||g||: the global norm of every gradient entry, before clipping. */
  readonly norm: number;
  /** Whether ||g|| > maxNorm, so that every gradient was scaled by maxNorm / ||g||. */
  readonly clipped: boolean;
}

/**
 * ||g|| = sqrt(sum of squares) over every entry of every gradient of `of` (every layer and
 * direction of a stack, V and c), computed
 * with a running scale (as LAPACK's dnrm2) so that entries near 1e200 do not overflow.
 * NaN if any entry is NaN; Infinity if any entry is infinite (or the norm itself exceeds the
 * largest double).
 */
export function globalNorm(grads: Params, of: ParamsOf): number {
  return euclideanNorm(namesOf(of).map((name) => grads[name] ?? null));
}

/** sqrt(sum of squares) of every entry of the arrays together, scaled as globalNorm is (null arrays skipped). */
export function euclideanNorm(arrays: readonly (Float64Array | null)[]): number {
  let scale = 0;
  let ssq = 1;
  for (const g of arrays) {
    if (!g) continue;
    for (let i = 0; i < g.length; i++) {
      const x = g[i]!;
      if (x !== x) return NaN;
      if (x === 0) continue;
      const a = Math.abs(x);
      if (a === Infinity) return Infinity;
      if (scale < a) {
        const r = scale / a;
        ssq = 1 + ssq * r * r;
        scale = a;
      } else {
        const r = a / scale;
        ssq += r * r;
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/** Below this a plain sum of squares may have lost entries to underflow; above it (as Infinity) it overflowed. */
const SAFE_SQUARES = [1e-280, 1e280] as const;

/**
 * ||a|| = sqrt(a[0]^2 + ... + a[n-1]^2), the sum taken in index order: the fast form of
 * euclideanNorm for one array (no division per entry), which it falls back to when the plain sum
 * of squares would lose entries to underflow or overflow (and so for NaN and infinite entries).
 * The snapshot's ||dL/d(param)|| at every step of BPTT: its one rule, on the session and on a trace.
 */
export function frobeniusNorm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    s += x * x;
  }
  return s > SAFE_SQUARES[0] && s < SAFE_SQUARES[1] ? Math.sqrt(s) : euclideanNorm([a]);
}

/**
 * Scales every gradient of `of` in place by maxNorm / ||g|| when ||g|| > maxNorm (maxNorm > 0); a
 * norm that is not finite is reported and left alone (the trainer refuses such a step).
 */
export function clipGradients(grads: Params, of: ParamsOf, maxNorm: number): ClipResult {
  if (!(maxNorm > 0)) throw new RangeError(`maxNorm: expected a positive number, got ${maxNorm}`);
  const norm = globalNorm(grads, of);
  if (!(norm > maxNorm) || !Number.isFinite(norm)) return { norm, clipped: false };
  const s = maxNorm / norm;
  for (const name of namesOf(of)) {
    const g = grads[name];
    if (!g) continue;
    for (let i = 0; i < g.length; i++) g[i] = g[i]! * s;
  }
  return { norm, clipped: true };
}
