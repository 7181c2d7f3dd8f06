/** Spectral radius against known eigenvalues; the Jacobian dh(t)/dh(k) against central differences. */
import { describe, expect, it } from 'vitest';
import {
  createRng, eigenvalues, forward, hiddenJacobian, identityRecurrence, initModel, jacobianNorms, jacobianView,
  spectralNorm, spectralRadius, spectralRadiusGelfand,
} from '../../../src/engine/index';
import type { Model } from '../../../src/engine/index';
import { createPass, forwardStep } from '../../../src/engine/pass/pass';

/** n x n product A B, row-major. */
function mul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) for (let j = 0; j < n; j++) C[i * n + j] = C[i * n + j]! + A[i * n + l]! * B[l * n + j]!;
  return C;
}

/** A random orthogonal n x n matrix: a product of three Householder reflections. */
function orthogonal(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  let Q: Float64Array = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  for (let r = 0; r < 3; r++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    const vv = v.reduce((s, x) => s + x * x, 0);
    const P = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * n + j] = (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv;
    Q = mul(Q, P, n);
  }
  return Q;
}

/** Q B Q^T: similar to B, so with B's eigenvalues. */
function similar(B: Float64Array, n: number, seed: number): Float64Array {
  const Q = orthogonal(n, seed);
  const Qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Qt[j * n + i] = Q[i * n + j]!;
  return mul(mul(Q, B, n), Qt, n);
}

const rotation = (theta: number, r: number): Float64Array => Float64Array.of(r * Math.cos(theta), -r * Math.sin(theta), r * Math.sin(theta), r * Math.cos(theta));

describe('spectral radius', () => {
  it('diagonal and triangular: the largest |diagonal entry|', () => {
    expect(spectralRadius(Float64Array.of(3, 0, 0, 0, -5, 0, 0, 0, 1), 3)).toBeCloseTo(5, 13);
    expect(spectralRadius(Float64Array.of(0.5, 100, -7, 0, -2, 30, 0, 0, 1.5), 3)).toBeCloseTo(2, 12);
    expect(spectralRadius(Float64Array.of(2, 1, 0, 2), 2)).toBeCloseTo(2, 7); // defective (Jordan block)
    expect(spectralRadius(new Float64Array(16), 4)).toBe(0);
    expect(spectralRadius(Float64Array.of(-3), 1)).toBe(3);
  });

  it('rotations: complex eigenvalues r e^(+-i theta), radius r', () => {
    for (const [theta, r] of [[0.3, 1], [Math.PI / 2, 0.7], [2.5, 1.3]] as const) {
      const ev = eigenvalues(rotation(theta, r), 2)!;
      const im = Array.from(ev.im).sort((a, b) => a - b);
      expect(im[0]).toBeCloseTo(-r * Math.sin(theta), 13);
      expect(im[1]).toBeCloseTo(r * Math.sin(theta), 13);
      expect(ev.re[0]).toBeCloseTo(r * Math.cos(theta), 13);
      expect(spectralRadius(rotation(theta, r), 2)).toBeCloseTo(r, 13);
    }
  });

  it('a companion matrix (nonsymmetric) of (x-1)(x-2)(x-3)(x+4): radius 4', () => {
    const c = [-2, -13, 38, -24]; // x^4 + c0 x^3 + c1 x^2 + c2 x + c3 = x^4 - 2x^3 - 13x^2 + 38x - 24
    const M = Float64Array.of(-c[0]!, -c[1]!, -c[2]!, -c[3]!, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);
    const re = Array.from(eigenvalues(M, 4)!.re).sort((a, b) => a - b);
    re.forEach((x, i) => expect(x).toBeCloseTo([-4, 1, 2, 3][i]!, 10));
    expect(spectralRadius(M, 4)).toBeCloseTo(4, 10);
  });

  it('random orthogonal similarities of blocks with known eigenvalues, complex pairs included', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createRng(seed);
      const n = 4 + (seed % 7);
      const B = new Float64Array(n * n);
      const moduli: number[] = [];
      let i = 0;
      while (i < n) {
        if (i + 1 < n && rng.next() < 0.5) {
          const r = rng.uniform(0.1, 3), th = rng.uniform(0.1, 3);
          const R = rotation(th, r);
          B[i * n + i] = R[0]!; B[i * n + i + 1] = R[1]!; B[(i + 1) * n + i] = R[2]!; B[(i + 1) * n + i + 1] = R[3]!;
          moduli.push(r, r);
          i += 2;
        } else {
          const d = rng.uniform(-3, 3);
          B[i * n + i] = d;
          moduli.push(Math.abs(d));
          i++;
        }
      }
      for (let r = 0; r < n; r++) for (let c = r + 2; c < n; c++) B[r * n + c] = rng.uniform(-1, 1);
      const A = similar(B, n, seed + 1000);
      const want = Math.max(...moduli);
      expect(Math.abs(spectralRadius(A, n) - want)).toBeLessThanOrEqual(1e-9 * want);
      const ev = eigenvalues(A, n)!;
      const got = Array.from(ev.re, (x, k) => Math.hypot(x, ev.im[k]!)).sort((a, b) => a - b);
      moduli.sort((a, b) => a - b).forEach((m, k) => expect(Math.abs(got[k]! - m)).toBeLessThanOrEqual(1e-8));
    }
  });

  it('dense random matrices: eigenvalues sum to the trace; Gelfand agrees with QR', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rng = createRng(seed);
      const n = 2 + (seed % 12);
      const M = Float64Array.from({ length: n * n }, () => rng.normal());
      const ev = eigenvalues(M, n)!;
      let tr = 0;
      for (let i = 0; i < n; i++) tr += M[i * n + i]!;
      expect(ev.re.reduce((s, x) => s + x, 0)).toBeCloseTo(tr, 9);
      expect(ev.im.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 9);
      const rho = spectralRadius(M, n);
      expect(Math.abs(spectralRadiusGelfand(M, n) - rho)).toBeLessThanOrEqual(1e-6 * rho);
    }
  });

  it('a cyclic permutation (plain QR stalls on it: exceptional shifts) has the 7th roots of unity; nilpotent has 0', () => {
    const n = 7;
    const P = new Float64Array(n * n);
    for (let i = 0; i < n; i++) P[i * n + ((i + 1) % n)] = 1;
    const ev = eigenvalues(P, n)!;
    const angles = Array.from(ev.re, (x, k) => Math.atan2(ev.im[k]!, x)).sort((a, b) => a - b);
    const want = [-3, -2, -1, 0, 1, 2, 3].map((k) => (2 * Math.PI * k) / 7);
    angles.forEach((a, k) => expect(a).toBeCloseTo(want[k]!, 12));
    expect(spectralRadius(P, n)).toBeCloseTo(1, 13);
    expect(spectralRadius(Float64Array.of(0, 1, 0, 0, 0, 1, 0, 0, 0), 3)).toBe(0);
  });

  it('a matrix that is not finite has radius NaN', () => {
    expect(spectralRadius(Float64Array.of(1, NaN, 0, 1), 2)).toBeNaN();
  });
});

describe('spectral norm', () => {
  it('diagonal: max |d|; rank one u v^T: |u| |v|; rectangular', () => {
    expect(spectralNorm(Float64Array.of(0.5, 0, 0, -3), 2, 2)).toBeCloseTo(3, 12);
    const u = [1, 2, 2], v = [3, 4];
    expect(spectralNorm(Float64Array.from(u.flatMap((a) => v.map((b) => a * b))), 3, 2)).toBeCloseTo(15, 12);
    expect(spectralNorm(rotation(0.7, 2.5), 2, 2)).toBeCloseTo(2.5, 12);
    expect(spectralNorm(new Float64Array(4), 2, 2)).toBe(0);
  });

  it('random matrices: sqrt of the largest eigenvalue of J^T J', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(seed);
      const n = 2 + (seed % 8);
      const J = Float64Array.from({ length: n * n }, () => rng.normal());
      const JtJ = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let l = 0; l < n; l++) JtJ[i * n + j] = JtJ[i * n + j]! + J[l * n + i]! * J[l * n + j]!;
      const want = Math.sqrt(spectralRadius(JtJ, n));
      expect(Math.abs(spectralNorm(J, n, n) - want)).toBeLessThanOrEqual(1e-9 * want);
    }
  });
});

/** h(t) after nudging h(k)[j] by eps (k >= 1), or h0[j] for k = 0. */
function hAfterNudge(model: Model, t: number, k: number, j: number, eps: number): Float64Array {
  const H = model.sizes.hidden;
  let m = model;
  if (k === 0) {
    const h0 = model.params.h0!.slice();
    h0[j] = h0[j]! + eps;
    m = { ...model, params: { ...model.params, h0 } };
  }
  const pass = createPass(m, k >= 1 ? { node: 'h', t: k, index: j, eps } : null);
  for (let s = 1; s <= t; s++) forwardStep(pass, s);
  return pass.forward.h.slice(t * H, (t + 1) * H);
}

/** Checks dh(t)/dh(k) of an H = 4 model against central differences (eps 1e-6); returns it. */
function expectCentralDifferences(model: Model, t: number, k: number): Float64Array {
  const J = hiddenJacobian(model, t, k);
  for (let j = 0; j < 4; j++) {
    const hp = hAfterNudge(model, t, k, j, 1e-6), hm = hAfterNudge(model, t, k, j, -1e-6);
    for (let i = 0; i < 4; i++) {
      const fd = (hp[i]! - hm[i]!) / 2e-6;
      expect(Math.abs(J[i * 4 + j]! - fd)).toBeLessThanOrEqual(1e-8 + 1e-6 * Math.abs(fd));
    }
  }
  return J;
}

describe('the Jacobian dh(t)/dh(k)', () => {
  it('matches central differences (eps 1e-6) on small elman and single-output models', () => {
    for (const variant of ['elman', 'single-output'] as const) {
      for (let seed = 1; seed <= 5; seed++) {
        const model = initModel({ variant, input: 3, hidden: 4, output: 2, length: 7, seed, scheme: 'uniform', inputs: seed % 2 ? 'tokens' : 'dense' });
        for (const [t, k] of [[7, 2], [5, 4], [3, 0], [6, 6]] as const) {
          expectCentralDifferences(model, t, k);
        }
      }
    }
  });

  it('jacobianNorms agrees with the norm of each product; jacobianView gives rho(W)', () => {
    const model = initModel({ variant: 'elman', input: 3, hidden: 5, output: 2, length: 9, seed: 3, scheme: 'uniform' });
    const norms = jacobianNorms(model, 9);
    for (let k = 0; k < 9; k++) expect(norms[9 - k - 1]).toBeCloseTo(spectralNorm(hiddenJacobian(model, 9, k), 5, 5), 12);
    const view = jacobianView(model, 9, 4);
    expect(view.norm).toBeCloseTo(norms[4]!, 12);
    expect(view.radius).toBe(spectralRadius(model.params.W!, 5));
    expect(view.loop).toBe('W');
    for (let d = 1; d <= 5; d++) expect(view.bounds[d - 1]).toBeGreaterThanOrEqual(view.norms[d - 1]! * (1 - 1e-12));
    expect(() => hiddenJacobian(model, 3, 4)).toThrow(RangeError);
    // Jordan has no h(0): k starts at 1.
    expect(() => hiddenJacobian(initModel({ variant: 'jordan', input: 2, hidden: 2, output: 2, length: 3, seed: 1 }), 2, 0)).toThrow(RangeError);
  });

  it('Jordan: dh(t)/dh(k) through the fed-back output matches central differences; teacher forcing cuts it', () => {
    for (const feedback of ['logits', 'softmax', 'teacher'] as const) {
      for (let seed = 1; seed <= 4; seed++) {
        const model = initModel({ variant: 'jordan', feedback, input: 3, hidden: 4, output: 3, length: 7, seed, scheme: 'uniform' });
        for (const [t, k] of [[7, 2], [5, 4], [4, 1], [6, 6]] as const) {
          const J = expectCentralDifferences(model, t, k);
          if (feedback === 'teacher' && t > k) expect(Array.from(J).every((v) => v === 0)).toBe(true);
        }
      }
      const view = jacobianView(initModel({ variant: 'jordan', feedback, input: 3, hidden: 4, output: 3, length: 7, seed: 2 }), 7, 1);
      expect(view.loop).toBe(feedback === 'logits' ? 'WV' : feedback === 'softmax' ? 'softmax' : 'cut');
      expect(view.radius === null).toBe(feedback === 'softmax');
      for (let d = 1; d <= 6; d++) expect(view.bounds[d - 1]).toBeGreaterThanOrEqual(view.norms[d - 1]! * (1 - 1e-12));
    }
  });

  const base = initModel({ variant: 'elman', input: 4, hidden: 8, output: 4, length: 60, seed: 1 });

  it('W = 0.5 I, tau = 60: the norm shrinks by at least half per step back (measured 4.8e-4 at t - k = 10)', () => {
    const n = jacobianNorms(identityRecurrence(base, 0.5), 60);
    expect(n[0]).toBeLessThanOrEqual(0.5);
    for (let d = 1; d < 60; d++) expect(n[d]).toBeLessThanOrEqual(0.5 * n[d - 1]! * (1 + 1e-9));
    expect(n[29]).toBeLessThan(1e-9);
  });

  it('W = 1.5 I, tau = 60: h(t) saturates near the fixed points of tanh(1.5 h) and the gradient still dies', () => {
    const m = identityRecurrence(base, 1.5);
    const h = forward(m).states.h;
    let mean = 0;
    for (let i = 31 * 8; i < h.length; i++) mean += Math.abs(h[i]!);
    mean /= h.length - 31 * 8;
    expect(mean).toBeGreaterThan(0.8); // measured 0.848; with W = 0.5 I: 0.384
    const n = jacobianNorms(m, 60);
    expect(n[29]).toBeLessThan(1e-4); // measured 2.0e-6 at t - k = 30
    // W = 1.1 I keeps a gradient longer than both (measured at t - k = 30: 2.9e-3 against 2.0e-6 and 2.9e-11).
    const n11 = jacobianNorms(identityRecurrence(base, 1.1), 60);
    expect(n11[29]).toBeGreaterThan(100 * Math.max(n[29]!, jacobianNorms(identityRecurrence(base, 0.5), 60)[29]!));
  });
});
