/**
 * Eigenvalues of a real square matrix (not necessarily symmetric): reduction to upper
 * Hessenberg form by stabilised elimination, then the shifted QR algorithm with Francis
 * double shifts, which finds complex pairs in real arithmetic (after EISPACK's elmhes and
 * hqr, as in Numerical Recipes section 11.5-11.6). The spectral radius is the largest
 * modulus |lambda| among them.
 */

/** The eigenvalues lambda_i = re[i] + i im[i] of a matrix, complex pairs adjacent. */
export interface Eigenvalues {
  /** Re(lambda_i). */
  readonly re: Float64Array;
  /** Im(lambda_i); a complex pair has +-im. */
  readonly im: Float64Array;
}

/** Most QR iterations spent on one eigenvalue before giving up (EISPACK uses 30). */
const MAX_ITS = 60;

/** a is 1-based: entry (i, j), 1 <= i, j <= n, at a[i * (n + 1) + j]. */
function hessenberg(a: Float64Array, n: number): void {
  const w = n + 1;
  for (let m = 2; m < n; m++) {
    let x = 0;
    let i = m;
    for (let j = m; j <= n; j++) {
      if (Math.abs(a[j * w + m - 1]!) > Math.abs(x)) { x = a[j * w + m - 1]!; i = j; }
    }
    if (i !== m) {
      for (let j = m - 1; j <= n; j++) { const s = a[i * w + j]!; a[i * w + j] = a[m * w + j]!; a[m * w + j] = s; }
      for (let j = 1; j <= n; j++) { const s = a[j * w + i]!; a[j * w + i] = a[j * w + m]!; a[j * w + m] = s; }
    }
    if (x !== 0) {
      for (i = m + 1; i <= n; i++) {
        let y = a[i * w + m - 1]!;
        if (y !== 0) {
          y /= x;
          a[i * w + m - 1] = 0;
          for (let j = m; j <= n; j++) a[i * w + j] = a[i * w + j]! - y * a[m * w + j]!;
          for (let j = 1; j <= n; j++) a[j * w + m] = a[j * w + m]! + y * a[j * w + i]!;
        }
      }
    }
  }
}

/** Eigenvalues of the 1-based upper Hessenberg matrix a (destroyed), or null if QR did not converge. */
function hqr(a: Float64Array, n: number, wr: Float64Array, wi: Float64Array): boolean {
  const w = n + 1;
  const A = (i: number, j: number): number => a[i * w + j]!;
  const set = (i: number, j: number, v: number): void => { a[i * w + j] = v; };
  let anorm = 0;
  for (let i = 1; i <= n; i++) for (let j = Math.max(i - 1, 1); j <= n; j++) anorm += Math.abs(A(i, j));
  let nn = n;
  let t = 0;
  let p = 0, q = 0, r = 0;
  let s: number, x: number, y: number, z: number, ww: number;
  while (nn >= 1) {
    let its = 0;
    let l: number;
    do {
      for (l = nn; l >= 2; l--) {
        s = Math.abs(A(l - 1, l - 1)) + Math.abs(A(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(A(l, l - 1)) + s === s) { set(l, l - 1, 0); break; }
      }
      x = A(nn, nn);
      if (l === nn) {
        wr[nn - 1] = x + t; wi[nn - 1] = 0; nn--;
      } else {
        y = A(nn - 1, nn - 1);
        ww = A(nn, nn - 1) * A(nn - 1, nn);
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + ww;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + (p >= 0 ? z : -z);
            wr[nn - 2] = wr[nn - 1] = x + z;
            if (z !== 0) wr[nn - 1] = x - ww / z;
            wi[nn - 2] = wi[nn - 1] = 0;
          } else {
            wr[nn - 2] = wr[nn - 1] = x + p;
            wi[nn - 2] = z; wi[nn - 1] = -z;
          }
          nn -= 2;
        } else {
          if (its === MAX_ITS) return false;
          if (its % 10 === 0 && its > 0) {
            // Exceptional shift, to break a cycle.
            t += x;
            for (let i = 1; i <= nn; i++) set(i, i, A(i, i) - x);
            s = Math.abs(A(nn, nn - 1)) + Math.abs(A(nn - 1, nn - 2));
            y = x = 0.75 * s;
            ww = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = A(m, m);
            r = x - z;
            s = y - z;
            p = (r * s - ww) / A(m + 1, m) + A(m, m + 1);
            q = A(m + 1, m + 1) - z - r - s;
            r = A(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s; q /= s; r /= s;
            if (m === l) break;
            const u = Math.abs(A(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(A(m - 1, m - 1)) + Math.abs(z) + Math.abs(A(m + 1, m + 1)));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            set(i, i - 2, 0);
            if (i !== m + 2) set(i, i - 3, 0);
          }
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = A(k, k - 1);
              q = A(k + 1, k - 1);
              r = k !== nn - 1 ? A(k + 2, k - 1) : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) { p /= x; q /= x; r /= x; }
            }
            const norm = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? norm : -norm;
            if (s !== 0) {
              if (k === m) {
                if (l !== m) set(k, k - 1, -A(k, k - 1));
              } else {
                set(k, k - 1, -s * x);
              }
              p += s;
              x = p / s; y = q / s; z = r / s;
              q /= p; r /= p;
              for (let j = k; j <= nn; j++) {
                p = A(k, j) + q * A(k + 1, j);
                if (k !== nn - 1) { p += r * A(k + 2, j); set(k + 2, j, A(k + 2, j) - p * z); }
                set(k + 1, j, A(k + 1, j) - p * y);
                set(k, j, A(k, j) - p * x);
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * A(i, k) + y * A(i, k + 1);
                if (k !== nn - 1) { p += z * A(i, k + 2); set(i, k + 2, A(i, k + 2) - p * r); }
                set(i, k + 1, A(i, k + 1) - p * q);
                set(i, k, A(i, k) - p);
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return true;
}

/**
 * The n eigenvalues of the row-major n x n matrix M (not changed), or null in the rare case
 * that the QR iteration does not converge. Entries must be finite.
 */
export function eigenvalues(M: Float64Array, n: number): Eigenvalues | null {
  if (M.length !== n * n) throw new RangeError(`expected ${n * n} entries, got ${M.length}`);
  const w = n + 1;
  const a = new Float64Array(w * w);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[(i + 1) * w + j + 1] = M[i * n + j]!;
  hessenberg(a, n);
  const re = new Float64Array(n), im = new Float64Array(n);
  return hqr(a, n, re, im) ? { re, im } : null;
}

/**
 * Gelfand's formula rho(M) = lim ||M^k||^(1/k), by repeated squaring (k = 2^40, each square
 * rescaled to Frobenius norm 1): the fallback when QR does not converge. The Frobenius norm
 * overestimates by at most a factor n^(1/k) times a transient; accurate to about 1e-10 relative
 * for a diagonalisable M.
 */
export function spectralRadiusGelfand(M: Float64Array, n: number): number {
  let A = M.slice();
  let B = new Float64Array(n * n);
  let logScale = 0;
  let k = 1;
  for (let it = 0; it < 40; it++) {
    let f = 0;
    for (let i = 0; i < A.length; i++) f += A[i]! * A[i]!;
    f = Math.sqrt(f);
    if (f === 0) return 0;
    for (let i = 0; i < A.length; i++) A[i] = A[i]! / f;
    logScale += Math.log(f) / k;
    B.fill(0);
    for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) {
      const ail = A[i * n + l]!;
      if (ail !== 0) for (let j = 0; j < n; j++) B[i * n + j] = B[i * n + j]! + ail * A[l * n + j]!;
    }
    [A, B] = [B, A];
    k *= 2;
  }
  let f = 0;
  for (let i = 0; i < A.length; i++) f += A[i]! * A[i]!;
  return f === 0 ? 0 : Math.exp(logScale + Math.log(Math.sqrt(f)) / k);
}

/**
 * rho(M) = max |lambda_i|: the spectral radius of the row-major n x n matrix M, by the QR
 * algorithm, falling back to Gelfand's formula if QR does not converge. NaN if M is not finite.
 */
export function spectralRadius(M: Float64Array, n: number): number {
  for (let i = 0; i < M.length; i++) if (!Number.isFinite(M[i]!)) return NaN;
  if (n === 0) return 0;
  const ev = eigenvalues(M, n);
  if (!ev) return spectralRadiusGelfand(M, n);
  let rho = 0;
  for (let i = 0; i < n; i++) rho = Math.max(rho, Math.hypot(ev.re[i]!, ev.im[i]!));
  return rho;
}
