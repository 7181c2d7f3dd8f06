/**
 * The Check action on deep and bidirectional networks (src/engine/pass/check.ts over the stack's
 * pass): a parameter's and a node's gradient (by its stack name, at the sequence's step) against
 * central differences of the stack's loss, with the truncated gradient beside the full one.
 */
import { describe, expect, it } from 'vitest';
import type { CheckTarget } from '../../../src/engine/pass/check';
import { checkGradients } from '../../../src/engine/pass/check';
import { stackModelOf } from '../../../src/engine/pass/gradients';
import type { Model } from '../../../src/engine/model';
import { networkOfCell } from '../../../src/engine/model';
import type { StackModel } from '../../../src/engine/stack/stack';
import { stackGradients, stackLoss } from '../../../src/engine/stack/stack';
import type { Draw } from './stackModels';
import { describeDraw, randomStack } from './stackModels';

/** A seeded random stack as the Model the page and the worker hold. */
function stackedModel(seed: number, d: Draw): Model {
  const s: StackModel = randomStack(seed, d);
  const network = networkOfCell(s.cell, s.readout);
  if (!network) throw new Error(`no network for ${describeDraw(d)}`);
  return {
    ...network, feedback: null, nonlinearity: s.nonlinearity, sizes: s.sizes, params: s.params, sequence: s.sequence,
    truncation: s.truncation, labels: null, layers: s.layers, bidirectional: s.bidirectional,
  };
}

/** dL/d(params[name][i]) by central differences with this test's own step, perturbing model.params and reading the stack's loss. */
function ownDifference(model: Model, name: string, i: number, eps = 1e-6): number {
  const p = model.params[name] as Float64Array;
  const keep = p[i]!;
  p[i] = keep + eps;
  const up = stackGradients(stackModelOf(model)).loss;
  p[i] = keep - eps;
  const down = stackGradients(stackModelOf(model)).loss;
  p[i] = keep;
  return (up - down) / (2 * eps);
}

/** The entries of a check that fail, as readable strings (empty when every entry is ok). */
function failures(model: Model, target: CheckTarget): string[] {
  const r = checkGradients(model, target);
  expect(r.entries.length, JSON.stringify(target)).toBe(r.total);
  expect(r.total, JSON.stringify(target)).toBeGreaterThan(0);
  return r.entries.filter((e) => !e.ok).map((e) => `${JSON.stringify(target)}[${e.index}]: ${JSON.stringify(e)}`);
}

const SIZES = { input: 3, hidden: 2, output: 3 };

describe('checkGradients on a deep or bidirectional network', () => {
  it('passes on every entry of parameters of every layer and direction, every cell', () => {
    const cases: { d: Draw; params: string[] }[] = [
      { d: { cell: 'elman', layers: 2, bidirectional: true, readout: 'every', dense: false, sizes: SIZES }, params: ['U', 'W_reverse', 'U_l1_reverse', 'b_l1', 'h0_l1_reverse', 'V', 'c'] },
      { d: { cell: 'elman', nonlinearity: 'relu', layers: 3, bidirectional: false, readout: 'last', dense: true, sizes: SIZES }, params: ['W', 'U_l2', 'W_l1', 'V'] },
      { d: { cell: 'lstm', layers: 2, bidirectional: true, readout: 'every', dense: true, sizes: SIZES }, params: ['Wf_l1_reverse', 'Uq', 'bg_reverse', 's0_l1', 'V'] },
      { d: { cell: 'gru', layers: 1, bidirectional: true, readout: 'every', dense: false, sizes: SIZES }, params: ['Wu_reverse', 'U', 'bh_reverse', 'h0_reverse', 'c'] },
      // A gated cell read out once at the end: one layer in one direction (the cell's own pass), and a stack (h_n).
      { d: { cell: 'lstm', layers: 1, bidirectional: false, readout: 'last', dense: false, sizes: SIZES }, params: ['Wf', 'U', 'bq', 's0', 'V', 'c'] },
      { d: { cell: 'gru', layers: 2, bidirectional: true, readout: 'last', dense: true, sizes: SIZES }, params: ['Wr_reverse', 'U_l1', 'bh_l1_reverse', 'h0', 'V'] },
    ];
    let seed = 700;
    for (const { d, params } of cases) {
      const model = stackedModel(seed++, d);
      for (const name of params) expect(failures(model, { kind: 'param', name }), describeDraw(d)).toEqual([]);
    }
  }, 60_000);

  it('its numbers are the stack\'s loss differenced, as this test computes them with another step, and match the stack\'s gradient', () => {
    const model = stackedModel(711, { cell: 'gru', layers: 2, bidirectional: true, readout: 'every', dense: false, sizes: SIZES });
    const grads = stackGradients(stackModelOf(model)).grads;
    for (const name of ['W_l1_reverse', 'U_l1', 'V']) {
      const r = checkGradients(model, { kind: 'param', name });
      expect(r.entries.map((e) => e.full)).toEqual(Array.from(grads[name]!));
      for (const e of r.entries) {
        const own = ownDifference(model, name, e.index);
        expect(Math.abs(e.numeric - own), `${name}[${e.index}]`).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(own));
      }
    }
    // A wrong gradient does not pass: the rule the check applies, on an entry changed by 1e-4.
    const e = checkGradients(model, { kind: 'param', name: 'W_l1_reverse' }).entries[0]!;
    const ok = (a: number) => Math.abs(a - e.numeric) <= 1e-7 + 1e-5 * Math.abs(e.numeric);
    expect(ok(e.full)).toBe(true);
    expect(ok(e.full + 1e-4)).toBe(false);
  });

  it('with truncation, the numbers match full BPTT and the truncated gradient, which differs, is shown beside them', () => {
    const model = stackedModel(712, { cell: 'lstm', layers: 2, bidirectional: true, readout: 'every', dense: true, truncation: 2, tau: 6, sizes: SIZES });
    const truncated = stackGradients(stackModelOf(model)).grads;
    for (const name of ['Wf_reverse', 'U_l1']) {
      const r = checkGradients(model, { kind: 'param', name });
      expect(r.truncated).toBe(true);
      expect(r.entries.every((e) => e.ok), name).toBe(true);
      expect(r.entries.map((e) => e.analytic)).toEqual(Array.from(truncated[name]!));
      // The truncated gradient is not L's: it fails the check where it differs.
      expect(r.entries.some((e) => Math.abs(e.analytic - e.numeric) > 1e-7 + 1e-5 * Math.abs(e.numeric)), name).toBe(true);
    }
  });

  it('checks a node by its stack name at the sequence\'s step: every node of every layer and direction agrees with nudging it', () => {
    const draws: Draw[] = [
      { cell: 'elman', layers: 2, bidirectional: true, readout: 'every', dense: false, tau: 4, sizes: SIZES },
      { cell: 'lstm', layers: 2, bidirectional: true, readout: 'every', dense: true, tau: 4, truncation: 2, sizes: SIZES },
      { cell: 'gru', layers: 2, bidirectional: false, readout: 'every', dense: false, tau: 4, sizes: SIZES },
      { cell: 'elman', nonlinearity: 'relu', layers: 1, bidirectional: true, readout: 'last', dense: true, tau: 4, sizes: SIZES },
      { cell: 'lstm', layers: 2, bidirectional: true, readout: 'last', dense: false, tau: 4, truncation: 3, sizes: SIZES },
    ];
    let seed = 720;
    for (const d of draws) {
      const model = stackedModel(seed++, d);
      const stack = stackModelOf(model);
      for (let l = 0; l < d.layers; l++) {
        for (const suffix of d.bidirectional ? ['', '_reverse'] : ['']) {
          for (const n of stack.cell.nodes) {
            const node = `${n.name}${l > 0 ? `_l${l}` : ''}${suffix}`;
            for (const t of [1, 3]) expect(failures(model, { kind: 'node', node, t }), describeDraw(d)).toEqual([]);
          }
        }
      }
      expect(failures(model, { kind: 'node', node: 'o', t: 4 }), describeDraw(d)).toEqual([]);
    }
  }, 60_000);

  it('nudges the node of the step it names: dL/do(t) is yhat(t) - onehot(y(t)), the top layer\'s dL/dh at its last step V\'s half times dL/do', () => {
    const model = stackedModel(730, { cell: 'elman', layers: 2, bidirectional: true, readout: 'every', dense: false, tau: 4, sizes: SIZES });
    const pass = stackGradients(stackModelOf(model));
    const K = 3;
    const H = 2;
    const V = model.params.V!;
    const o2 = checkGradients(model, { kind: 'node', node: 'o', t: 2 });
    const y2 = model.sequence.targets[1]!;
    o2.entries.forEach((e, k) => expect(Math.abs(e.numeric - (pass.yhat[K + k]! - (k === y2 ? 1 : 0)))).toBeLessThan(1e-8));
    // Nothing comes back to the forward direction's h(tau) but through o(tau), nor to the reverse direction's h(1) but through o(1).
    const hf = checkGradients(model, { kind: 'node', node: 'h_l1', t: 4 });
    const hb = checkGradients(model, { kind: 'node', node: 'h_l1_reverse', t: 1 });
    for (let i = 0; i < H; i++) {
      let f = 0;
      let b = 0;
      for (let k = 0; k < K; k++) {
        f += V[k * 2 * H + i]! * pass.gO[3 * K + k]!;
        b += V[k * 2 * H + H + i]! * pass.gO[k]!;
      }
      expect(Math.abs(hf.entries[i]!.numeric - f), `h_l1(4)[${i}]`).toBeLessThan(1e-8);
      expect(Math.abs(hb.entries[i]!.numeric - b), `h_l1_reverse(1)[${i}]`).toBeLessThan(1e-8);
    }
  });

  it('differences the forward pass\'s loss, which is the whole pass\'s to the bit, nudged or not', () => {
    for (const [seed, cell] of [[750, 'elman'], [751, 'lstm'], [752, 'gru']] as const) {
      const stack = randomStack(seed, { cell, layers: 2, bidirectional: true, readout: 'every', dense: false, tau: 4 });
      expect(stackLoss(stack)).toBe(stackGradients(stack).loss);
      for (const nudge of [{ node: 'h_l1_reverse', t: 2, index: 1, eps: 1e-3 }, { node: 'o', t: 4, index: 0, eps: -1e-3 }]) {
        const nudged = stackLoss(stack, nudge);
        expect(nudged, `${cell} ${nudge.node}`).toBe(stackGradients(stack, nudge).loss);
        expect(nudged, `${cell} ${nudge.node}`).not.toBe(stackLoss(stack));
      }
    }
  });

  it('refuses a node, parameter or step the stack has not, naming it, and o(t) where nothing is read', () => {
    const model = stackedModel(740, { cell: 'elman', layers: 2, bidirectional: false, readout: 'last', dense: false, tau: 3, sizes: SIZES });
    expect(() => checkGradients(model, { kind: 'node', node: 'h_l2', t: 1 })).toThrow('h_l2: a 2-layer elman network has no such node');
    expect(() => checkGradients(model, { kind: 'node', node: 'h_reverse', t: 1 })).toThrow('h_reverse: a 2-layer elman network has no such node');
    expect(() => checkGradients(model, { kind: 'node', node: 'f', t: 1 })).toThrow('f: a 2-layer elman network has no such node');
    expect(() => checkGradients(model, { kind: 'param', name: 'W_l2' })).toThrow('W_l2: a 2-layer elman network has no such parameter');
    expect(() => checkGradients(model, { kind: 'node', node: 'h_l1', t: 4 })).toThrow('step 4 is not in 1..3');
    expect(() => checkGradients(model, { kind: 'node', node: 'o', t: 2 })).toThrow(/does not exist/);
    expect(checkGradients(model, { kind: 'node', node: 'o', t: 3 }).entries.every((e) => e.ok)).toBe(true);
  });
});
