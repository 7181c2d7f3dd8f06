/**
 * Weight sharing in deep and bidirectional networks (src/engine/stack/contributions.ts): the
 * contributions of the sequence's steps sum to every parameter's gradient, and each step's share
 * is the one the maths gives it (the reverse direction's at its own step tau + 1 - t).
 */
import { describe, expect, it } from 'vitest';
import { stackParamName, stackParamNames } from '../../../src/engine/stack/names';
import { addStackStepContribution, stackStepContribution } from '../../../src/engine/stack/contributions';
import type { StackPass } from '../../../src/engine/stack/stack';
import { stackGradients } from '../../../src/engine/stack/stack';
import type { Draw } from './stackModels';
import { CELLS, describeDraw, randomStack } from './stackModels';

/**
 * Where the contributions of steps 1..tau, summed, miss pass.grads[name] by more than 1e-12 of
 * the sum of their sizes (the roundoff a sum in another order can make), as readable strings.
 */
function sumMismatches(pass: StackPass, name: string): string[] {
  const total = pass.grads[name]!;
  const sum = new Float64Array(total.length);
  const size = new Float64Array(total.length);
  for (let t = 1; t <= pass.model.sequence.length; t++) {
    const c = stackStepContribution(pass, name, t);
    expect(c.length).toBe(total.length);
    for (let i = 0; i < c.length; i++) {
      sum[i] = sum[i]! + c[i]!;
      size[i] = size[i]! + Math.abs(c[i]!);
    }
  }
  const bad: string[] = [];
  for (let i = 0; i < total.length; i++) {
    if (!(Math.abs(sum[i]! - total[i]!) <= 1e-12 * Math.max(Math.abs(total[i]!), size[i]!))) bad.push(`${name}[${i}]: sum ${sum[i]}, gradient ${total[i]}`);
  }
  return bad;
}

/** How many steps give a nonzero contribution to a parameter. */
const stepsContributing = (pass: StackPass, name: string): number =>
  Array.from({ length: pass.model.sequence.length }, (_, i) => stackStepContribution(pass, name, i + 1)).filter((c) => c.some((v) => v !== 0)).length;

describe('stackStepContribution', () => {
  it('summed over the sequence\'s steps, gives every parameter\'s gradient: every cell, 1 to 3 layers, one or two directions, output every step or at the end, with and without truncation', () => {
    let seed = 500;
    let models = 0;
    let shared = 0;
    for (const c of CELLS) {
      for (const layers of [1, 2, 3]) {
        for (const bidirectional of [false, true]) {
          for (const readout of ['every', 'last'] as const) {
            for (const truncation of [null, 2]) {
              for (const dense of [false, true]) {
                const d: Draw = { ...c, layers, bidirectional, readout, truncation, dense, tau: 5 };
                const pass = stackGradients(randomStack(seed++, d));
                for (const name of stackParamNames(pass.model.cell, pass.model)) {
                  expect(sumMismatches(pass, name), `${describeDraw(d)} seed ${seed - 1}`).toEqual([]);
                  // Weight sharing: a cell's weights get a share from more than one step.
                  if (name.startsWith('W') && stepsContributing(pass, name) > 1) shared++;
                }
                models++;
              }
            }
          }
        }
      }
    }
    expect(models).toBe(4 * 3 * 2 * 2 * 2 * 2);
    expect(shared).toBeGreaterThan(models);
  }, 60_000);

  it('gives a reverse direction\'s step its own share: U_l1_reverse at step t is dL/da(t) of the reverse pass\'s own step tau + 1 - t times z(t) of layer 0', () => {
    const model = randomStack(21, { cell: 'elman', layers: 2, bidirectional: true, readout: 'every', dense: false, tau: 5, sizes: { input: 3, hidden: 2, output: 3 } });
    const pass = stackGradients(model);
    const H = 2;
    const Z = 2 * H;
    const tau = 5;
    const da = pass.cells[1]![1]!.cell.factors.da!;
    const z0 = pass.z[0]!;
    for (let t = 1; t <= tau; t++) {
      const s = tau + 1 - t;
      const expected = Array.from({ length: H * Z }, (_, k) => da[(s - 1) * H + Math.floor(k / Z)]! * z0[(t - 1) * Z + (k % Z)]!);
      expect(Array.from(stackStepContribution(pass, 'U_l1_reverse', t)), `t = ${t}`).toEqual(expected);
    }
    // The reverse direction's initial state is read first at the sequence's last step: its whole gradient is step tau's.
    for (const name of [stackParamName('h0', 0, true), stackParamName('h0', 1, true)]) {
      expect(Array.from(stackStepContribution(pass, name, tau)), name).toEqual(Array.from(pass.grads[name]!));
      expect(pass.grads[name]!.some((v) => v !== 0), name).toBe(true);
      for (let t = 1; t < tau; t++) expect(Array.from(stackStepContribution(pass, name, t)), `${name} at ${t}`).toEqual([0, 0]);
    }
    expect(Array.from(stackStepContribution(pass, 'h0', 1))).toEqual(Array.from(pass.grads.h0!));
  });

  it('gives V at step t dL/do(t) z(t)^T of the top layer; read at the end, all of it at tau, from [h_f(tau); h_b(1)]', () => {
    const sizes = { input: 3, hidden: 2, output: 2 };
    const every = stackGradients(randomStack(22, { cell: 'gru', layers: 2, bidirectional: true, readout: 'every', dense: true, tau: 4, sizes }));
    const top = every.z[1]!;
    for (let t = 1; t <= 4; t++) {
      const expected = Array.from({ length: 2 * 4 }, (_, k) => every.gO[(t - 1) * 2 + Math.floor(k / 4)]! * top[(t - 1) * 4 + (k % 4)]!);
      expect(Array.from(stackStepContribution(every, 'V', t)), `t = ${t}`).toEqual(expected);
      expect(Array.from(stackStepContribution(every, 'c', t))).toEqual(Array.from(every.gO.subarray((t - 1) * 2, t * 2)));
    }
    const last = stackGradients(randomStack(23, { cell: 'lstm', layers: 1, bidirectional: true, readout: 'last', dense: false, tau: 4, sizes }));
    const [forward, reverse] = last.cells[0]!;
    // [h_f(tau); h_b(1)]: each direction's own last step, row tau of its h.
    const read = [...forward!.cell.nodes.h!.subarray(8, 10), ...reverse!.cell.nodes.h!.subarray(8, 10)];
    expect(Array.from(stackStepContribution(last, 'V', 4))).toEqual(Array.from({ length: 8 }, (_, k) => last.gO[Math.floor(k / 4)]! * read[k % 4]!));
    for (let t = 1; t < 4; t++) {
      expect(Array.from(stackStepContribution(last, 'V', t))).toEqual(new Array(8).fill(0));
      expect(Array.from(stackStepContribution(last, 'c', t))).toEqual([0, 0]);
    }
  });

  it('adds into the array it is given, and refuses a parameter the stack has not or a step out of range, naming it', () => {
    const pass = stackGradients(randomStack(24, { cell: 'lstm', layers: 2, bidirectional: false, readout: 'every', dense: false, tau: 3 }));
    const out = stackStepContribution(pass, 'bf_l1', 2);
    const twice = out.slice();
    addStackStepContribution(pass, 'bf_l1', 2, twice);
    expect(Array.from(twice)).toEqual(Array.from(out, (v) => v + v));
    expect(() => stackStepContribution(pass, 'bf_reverse', 1)).toThrow('bf_reverse: a 2-layer lstm network has no such parameter');
    expect(() => stackStepContribution(pass, 'Wf_l2', 1)).toThrow('Wf_l2: a 2-layer lstm network has no such parameter');
    expect(() => stackStepContribution(pass, 'V', 0)).toThrow('step 0 is not in 1..3');
    expect(() => stackStepContribution(pass, 'V', 4)).toThrow('step 4 is not in 1..3');
  });
});
