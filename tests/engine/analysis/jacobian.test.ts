/**
 * The cells' step Jacobians dX(t)/dX(t-1) and their products dX(t)/dX(k), for every cell,
 * against central differences of the real forward pass (MODEL.md "Checking gradients": eps 1e-5,
 * |a - n| <= 1e-7 + 1e-5 |n|): X(k) nudged (h by the pass's nudge, before anything reads it; the
 * LSTM's s in its buffer after step k, h(k) held; X(0) through h0, s0), steps k+1..t run again.
 * Then the LSTM's blocks and forget-gate product, the GRU's update-gate product, and the span.
 */
import { describe, expect, it } from 'vitest';
import {
  blockJacobian, cellOfVariant, hiddenJacobian, initModel, jacobianMaxSpan, jacobianNorms, jacobianTransfer, jacobianView, forward,
  spectralNorm, stateJacobian, stepJacobian,
} from '../../../src/engine/index';
import type { InitOptions, Model } from '../../../src/engine/index';
import { createPass, forwardStep } from '../../../src/engine/pass/pass';

const EPS = 1e-5;
const close = (a: number, n: number): boolean => Math.abs(a - n) <= 1e-7 + 1e-5 * Math.abs(n);

/** X(t), the cell's states stacked (h; the LSTM's [h; s]), after X(k)'s entry `index` is moved by eps. */
function stateAfterNudge(model: Model, t: number, k: number, index: number, eps: number): Float64Array {
  const cell = cellOfVariant(model.variant);
  const { states } = cell.jacobian;
  const H = model.sizes.hidden;
  const state = states[Math.floor(index / H)]!, j = index % H;
  let m = model;
  if (k === 0) {
    const name = cell.carried.find((c) => c.state === state)!.initial;
    const initial = model.params[name]!.slice();
    initial[j] = initial[j]! + eps;
    m = { ...model, params: { ...model.params, [name]: initial } };
  }
  // h(k) through the pass's nudge (Jordan's o(k) then reads it); another state in its buffer once step k is done.
  const pass = createPass(m, k >= 1 && state === 'h' ? { node: 'h', t: k, index: j, eps } : null);
  for (let s = 1; s <= t; s++) {
    forwardStep(pass, s);
    if (s === k && state !== 'h') {
      const buffer = pass.forward.nodes[state]!;
      buffer[k * H + j] = buffer[k * H + j]! + eps;
    }
  }
  const X = new Float64Array(states.length * H);
  states.forEach((name, b) => X.set(pass.forward.nodes[name]!.subarray(t * H, (t + 1) * H), b * H));
  return X;
}

/** Checks an S x S dX(t)/dX(k) against central differences, column by column; returns how many entries are not 0. */
function expectCentralDifferences(model: Model, J: Float64Array, t: number, k: number): number {
  const S = Math.round(Math.sqrt(J.length));
  let nonzero = 0;
  for (let j = 0; j < S; j++) {
    const plus = stateAfterNudge(model, t, k, j, EPS), minus = stateAfterNudge(model, t, k, j, -EPS);
    for (let i = 0; i < S; i++) {
      const n = (plus[i]! - minus[i]!) / (2 * EPS);
      const a = J[i * S + j]!;
      if (!close(a, n)) expect.fail(`${model.variant} d X(${t})_${i} / d X(${k})_${j}: analytic ${a}, central differences ${n}`);
      if (a !== 0) nonzero++;
    }
  }
  return nonzero;
}

/** Every cell and option: Elman tanh and ReLU, single output, Jordan's three feedbacks, the LSTM, the GRU. */
const CASES: readonly (Pick<InitOptions, 'variant' | 'feedback' | 'nonlinearity'> & { name: string })[] = [
  { name: 'elman tanh', variant: 'elman' },
  { name: 'elman relu', variant: 'elman', nonlinearity: 'relu' },
  { name: 'single output', variant: 'single-output' },
  { name: 'jordan logits', variant: 'jordan', feedback: 'logits' },
  { name: 'jordan softmax', variant: 'jordan', feedback: 'softmax' },
  { name: 'jordan teacher', variant: 'jordan', feedback: 'teacher' },
  { name: 'lstm', variant: 'lstm' },
  { name: 'gru', variant: 'gru' },
];

const modelOf = (c: (typeof CASES)[number], seed: number, hidden: number, length: number): Model => initModel({
  variant: c.variant, ...(c.feedback ? { feedback: c.feedback } : {}), ...(c.nonlinearity ? { nonlinearity: c.nonlinearity } : {}),
  input: 3, hidden, output: 3, length, seed, scheme: 'uniform', inputs: seed % 2 ? 'tokens' : 'dense',
});

describe('the step Jacobian dX(t)/dX(t-1) of every cell', () => {
  for (const c of CASES) {
    it(`${c.name}: against central differences of one forward step, H = 1 and 3`, () => {
      const first = cellOfVariant(c.variant).jacobian.first;
      let nonzero = 0;
      for (const H of [1, 3]) for (let seed = 1; seed <= 4; seed++) {
        const model = modelOf(c, seed, H, 6);
        for (const t of [first + 1, 4, 6]) nonzero += expectCentralDifferences(model, stepJacobian(model, t), t, t - 1);
      }
      // Teacher forcing cuts the loop: every entry is 0 (and the differences agree); elsewhere the check is not of zeros.
      if (c.feedback === 'teacher') expect(nonzero).toBe(0);
      else expect(nonzero).toBeGreaterThan(0);
    });
  }

  it('would catch a wrong step Jacobian: one entry off by 1e-4 fails the same check', () => {
    for (const c of [CASES[6]!, CASES[7]!]) {
      const model = modelOf(c, 2, 2, 5);
      const A = stepJacobian(model, 4);
      A[1] = A[1]! + 1e-4;
      expect(() => expectCentralDifferences(model, A, 4, 3)).toThrow(/analytic/);
    }
  });

  it('the LSTM: ds(t)/ds(t-1) = diag(f(t)) exactly, and dh(t)/ds(t-1) is diagonal', () => {
    const model = modelOf(CASES[6]!, 3, 4, 5);
    const f = forward(model).states.nodes.f!;
    const A = stepJacobian(model, 3);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      expect(A[(4 + i) * 8 + 4 + j]).toBe(i === j ? f[2 * 4 + i] : 0);
      if (i !== j) expect(A[i * 8 + 4 + j]).toBe(0);
    }
  });
});

describe('the product dX(t)/dX(k) of every cell', () => {
  for (const c of CASES) {
    it(`${c.name}: against central differences over several steps, H = 1 and 3`, () => {
      const first = cellOfVariant(c.variant).jacobian.first;
      let nonzero = 0;
      for (const H of [1, 3]) for (let seed = 1; seed <= 3; seed++) {
        const model = modelOf(c, seed, H, 7);
        for (const [t, k] of [[7, first], [6, 3], [5, 4], [4, 4]] as const) {
          const J = stateJacobian(model, t, k);
          nonzero += expectCentralDifferences(model, J, t, k);
          // dh(t)/dh(k) is the h-h block.
          const S = J.length ** 0.5;
          const Jh = hiddenJacobian(model, t, k);
          for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) expect(Jh[i * H + j]).toBe(J[i * S + j]);
        }
      }
      if (c.feedback === 'teacher') expect(nonzero).toBe(3 * (1 + 3)); // only the identity at k = t, H entries per model
      else expect(nonzero).toBeGreaterThan(3 * (1 + 3));
    });
  }

  it('refuses steps out of range, and a state the cell does not have', () => {
    const lstm = modelOf(CASES[6]!, 1, 2, 5);
    expect(() => stateJacobian(lstm, 3, 4)).toThrow(/expected integers 0 <= k <= t <= 5, got t = 3, k = 4/);
    expect(() => stepJacobian(lstm, 0)).toThrow(RangeError);
    expect(() => blockJacobian(modelOf(CASES[7]!, 1, 2, 5), 5, 1, 's')).toThrow(/s: the gru cell's Jacobian runs over h/);
    expect(() => stepJacobian(modelOf(CASES[3]!, 1, 2, 5), 1)).toThrow(/expected integers 1 <= k/);
  });
});

describe('the view of a gated cell', () => {
  /** max_i |d_i|, the norm of a diagonal. */
  const maxAbs = (d: ArrayLike<number>): number => Array.from(d).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

  it('the LSTM: dh(t)/dh(k) and ds(t)/ds(k) are the blocks of the product, each norm that of its block, under one bound', () => {
    for (const H of [1, 3]) {
      const model = modelOf(CASES[6]!, 5, H, 9);
      const view = jacobianView(model, 9, 2);
      expect(view.cell).toBe('lstm');
      expect(view.loop).toBe('gated');
      expect(view.radius).toBeNull();
      expect(view.loopNorm).toBeNull();
      expect(view.others.map((b) => b.state)).toEqual(['s']);
      const s = view.others[0]!;
      expect(view.jacobian).toEqual(hiddenJacobian(model, 9, 2));
      expect(s.jacobian).toEqual(blockJacobian(model, 9, 2, 's'));
      for (let d = 1; d <= 7; d++) {
        expect(view.norms[d - 1]).toBeCloseTo(spectralNorm(hiddenJacobian(model, 9, 9 - d), H, H), 12);
        expect(s.norms[d - 1]).toBeCloseTo(spectralNorm(blockJacobian(model, 9, 9 - d, 's'), H, H), 12);
        // The bound prod ||A(s)||_2 holds the whole product, so both blocks.
        const whole = spectralNorm(stateJacobian(model, 9, 9 - d), 2 * H, 2 * H);
        expect(view.bounds[d - 1]).toBeGreaterThanOrEqual(whole * (1 - 1e-12));
        expect(whole).toBeGreaterThanOrEqual(Math.max(view.norms[d - 1]!, s.norms[d - 1]!) * (1 - 1e-12));
      }
      expect(view.norm).toBe(view.norms[6]);
      expect(s.norm).toBe(s.norms[6]);
    }
  });

  it('the LSTM\'s direct path: the product of the forget gates, and the rest of ds(t)/ds(k) beside it', () => {
    const model = modelOf(CASES[6]!, 2, 3, 8);
    const f = forward(model).states.nodes.f!;
    const view = jacobianView(model, 8, 3);
    const direct = view.direct!;
    expect([direct.state, direct.gate]).toEqual(['s', 'f']);
    const want = [0, 1, 2].map((i) => f[3 * 3 + i]! * f[4 * 3 + i]! * f[5 * 3 + i]! * f[6 * 3 + i]! * f[7 * 3 + i]!);
    want.forEach((w, i) => expect(direct.product[i]).toBeCloseTo(w, 15));
    // Entry d-1: the product over the last d steps, the distance d's direct path.
    for (let d = 1; d <= 5; d++) {
      const last = [0, 1, 2].map((i) => Array.from({ length: d }, (_, e) => f[(7 - e) * 3 + i]!).reduce((a, b) => a * b, 1));
      expect(direct.norms[d - 1]).toBeCloseTo(maxAbs(last), 15);
    }
    const dsds = blockJacobian(model, 8, 3, 's');
    const rest = dsds.slice();
    for (let i = 0; i < 3; i++) rest[i * 3 + i] = rest[i * 3 + i]! - direct.product[i]!;
    expect(direct.rest).toBeCloseTo(spectralNorm(rest, 3, 3), 12);
    expect(direct.rest).toBeGreaterThan(0); // the paths through h are there
    // The product of forget gates alone is not ds(t)/ds(k): t = k + 1 is, exactly.
    const one = jacobianView(model, 8, 7).direct!;
    expect(one.rest).toBe(0);
  });

  it('forget gates open (bf = 6) keep ds(t)/ds(k) over 40 steps, where the Elman network\'s gradient dies; shut (bf = -6) it is gone', () => {
    for (const seed of [1, 7]) {
      const base = initModel({ variant: 'lstm', input: 3, hidden: 4, output: 3, length: 41, seed });
      const withBias = (b: number): Model => ({ ...base, params: { ...base.params, bf: new Float64Array(4).fill(b) } });
      const open = jacobianView(withBias(6), 41, 1), shut = jacobianView(withBias(-6), 41, 1);
      // sigma(6) ~ 0.9975 (less where Wf h(t-1) + Uf x(t) pulls it down): measured 0.92, 0.96 over 40 steps.
      expect(open.direct!.norms[39]).toBeGreaterThan(0.8);
      // ds(41)/ds(1): measured 2.9, 3.3; the paths through h (rest, 3.0 and 3.1) add to the direct path's.
      expect(open.others[0]!.norm).toBeGreaterThan(0.5);
      const elman = jacobianView(initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 41, seed }), 41, 1);
      expect(elman.norm).toBeLessThan(1e-4); // measured 2.0e-6, 2.4e-11
      // sigma(-6) ~ 0.0025 per step: nothing crosses 40 steps, along s or through h (measured 1e-29 and below).
      expect(shut.direct!.norms[39]).toBeLessThan(1e-60);
      expect(shut.others[0]!.norm).toBeLessThan(1e-20);
      expect(shut.norm).toBeLessThan(1e-20);
    }
  });

  it('the GRU: the update gates\' product is the direct path of dh(t)/dh(k); u near 1 (bu = 6) keeps the gradient', () => {
    const model = modelOf(CASES[7]!, 4, 3, 8);
    const u = forward(model).states.nodes.u!;
    const view = jacobianView(model, 8, 5);
    expect(view.cell).toBe('gru');
    expect(view.loop).toBe('gated');
    expect(view.others).toEqual([]);
    const direct = view.direct!;
    expect([direct.state, direct.gate]).toEqual(['h', 'u']);
    [0, 1, 2].forEach((i) => expect(direct.product[i]).toBeCloseTo(u[5 * 3 + i]! * u[6 * 3 + i]! * u[7 * 3 + i]!, 15));
    const rest = hiddenJacobian(model, 8, 5);
    for (let i = 0; i < 3; i++) rest[i * 3 + i] = rest[i * 3 + i]! - direct.product[i]!;
    expect(direct.rest).toBeCloseTo(spectralNorm(rest, 3, 3), 12);
    const base = initModel({ variant: 'gru', input: 3, hidden: 4, output: 3, length: 41, seed: 7 });
    const kept = jacobianView({ ...base, params: { ...base.params, bu: new Float64Array(4).fill(6) } }, 41, 1);
    const lost = jacobianView({ ...base, params: { ...base.params, bu: new Float64Array(4).fill(-6) } }, 41, 1);
    expect(kept.norm).toBeGreaterThan(0.8);
    // Measured: the direct path 0.93, the other paths 0.055.
    expect(kept.direct!.rest).toBeLessThan(0.2 * kept.direct!.norms[39]!);
    expect(lost.direct!.norms[39]).toBeLessThan(1e-60);
    expect(kept.norm).toBeGreaterThan(1e3 * lost.norm);
  });

  it('the GRU with no recurrent weights: dh(t)/dh(k) is the direct path alone, diag(prod u), and the bound is tight', () => {
    const base = modelOf(CASES[7]!, 3, 3, 7);
    const zero = new Float64Array(9);
    const model = { ...base, params: { ...base.params, Wu: zero, Wr: zero, W: zero } };
    const u = forward(model).states.nodes.u!;
    const view = jacobianView(model, 7, 2);
    const direct = view.direct!;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(view.jacobian[i * 3 + j]).toBe(i === j ? direct.product[i] : 0);
    expect(direct.rest).toBe(0);
    for (let d = 1; d <= 5; d++) {
      expect(view.norms[d - 1]).toBeCloseTo(direct.norms[d - 1]!, 12);
      // The bound multiplies max_i u(s)_i over the steps: at least the largest product, exactly it at d = 1.
      expect(view.bounds[d - 1]).toBeGreaterThanOrEqual(view.norms[d - 1]! * (1 - 1e-12));
    }
    expect(view.bounds[0]).toBeCloseTo(Math.max(u[18]!, u[19]!, u[20]!), 15);
  });

  it('the section 10.2 cells have no direct path and no other block; k = t gives the identity', () => {
    for (const c of CASES.slice(0, 6)) {
      const view = jacobianView(modelOf(c, 1, 2, 4), 4, 2);
      expect(view.others).toEqual([]);
      expect(view.direct).toBeNull();
      expect(view.cell).toBe(c.variant === 'single-output' ? 'elman' : c.variant);
    }
    const same = jacobianView(modelOf(CASES[6]!, 1, 2, 4), 3, 3);
    expect([same.norm, same.others[0]!.norm, same.direct!.rest]).toEqual([1, 1, 0]);
    expect(Array.from(same.others[0]!.jacobian)).toEqual([1, 0, 0, 1]);
    expect(same.norms.length).toBe(0);
  });

  it('ReLU: one step back multiplies by diag([h(t) > 0]) W, bounded by ||W||_2 per step', () => {
    const model = modelOf(CASES[1]!, 2, 4, 6);
    const h = forward(model).states.h;
    const A = stepJacobian(model, 5);
    const W = model.params.W!;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(A[i * 4 + j]! + 0).toBe(h[5 * 4 + i]! > 0 ? W[i * 4 + j] : 0);
    const view = jacobianView(model, 6, 0);
    for (let d = 1; d <= 6; d++) {
      expect(view.bounds[d - 1]).toBeGreaterThanOrEqual(view.norms[d - 1]! * (1 - 1e-12));
      expect(view.bounds[d - 1]).toBeLessThanOrEqual(view.loopNorm! ** d * (1 + 1e-12));
    }
  });

  it('a forward pass that is not finite is named, and its numbers are not finite', () => {
    const model = modelOf(CASES[6]!, 1, 2, 5);
    const bad = { ...model, params: { ...model.params, Wf: Float64Array.of(NaN, 0, 0, 0) } };
    const view = jacobianView(bad, 5, 1);
    expect(view.nonFinite).toMatchObject({ pass: 'forward', step: 1, node: 'f' });
    expect(view.others[0]!.norm).toBeNaN();
  });
});

describe('the work bound', () => {
  it('each step costs S^3 with S the state: 2H for the LSTM, H for the others', () => {
    expect(jacobianMaxSpan(64)).toBe(Math.floor(2 ** 28 / 64 ** 3));
    expect(jacobianMaxSpan(64, 'gru')).toBe(jacobianMaxSpan(64));
    expect(jacobianMaxSpan(64, 'lstm')).toBe(Math.floor(2 ** 28 / 128 ** 3));
    expect(jacobianMaxSpan(512, 'lstm')).toBe(1);
    const model = initModel({ variant: 'lstm', input: 2, hidden: 64, output: 2, length: 200, seed: 1 });
    expect(() => jacobianView(model, 200, 200 - jacobianMaxSpan(64, 'lstm') - 1)).toThrow(/t - k: at most 128 steps at H = 64 \(each step costs \(2H\)\^3\), got 129/);
  });

  it('jacobianNorms starts at the cell\'s first step; a view crosses threads, every buffer transferred once', () => {
    expect(jacobianNorms(modelOf(CASES[3]!, 1, 2, 6), 6).length).toBe(5);
    expect(jacobianNorms(modelOf(CASES[6]!, 1, 2, 6), 6).length).toBe(6);
    const view = jacobianView(modelOf(CASES[6]!, 1, 2, 6), 6, 1);
    const transfer = jacobianTransfer(view);
    expect(transfer).toHaveLength(7);
    const copy = structuredClone(view, { transfer });
    expect(view.jacobian.length).toBe(0); // detached: moved, not copied
    expect(copy.others[0]!.jacobian).toHaveLength(4);
  });
});
