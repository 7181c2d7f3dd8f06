/**
 * The numbers a deep or bidirectional network's unfolded graph encodes, read from the trace of
 * its whole pass (the buffers the worker sends): every node of every layer and direction at its place in the sequence's time (the reverse
 * direction's own step s is the sequence's tau + 1 - s), checked against what the pass computes
 * by another path: z(t) = [h_f(t); h_b(t)] for the values, and V^T dL/do(t) for dL/dh(t) of the
 * top layer where nothing else reaches it (forward at tau, reverse at step 1).
 */
import { describe, expect, it } from 'vitest';
import { stackParamName, stackTraceOf } from '../../../src/engine/index';
import { networkOfCell } from '../../../src/engine/model';
import { stackGraphNumbers, stackReader } from '../../../src/graph/charts/stackNumbers';
import { unfoldedLayout } from '../../../src/graph/layout/index';
import { randomStack } from '../../engine/stack/stackModels';

const mean = (v: ArrayLike<number>, from: number, len: number) => {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[from + i]!;
  return s / len;
};

describe.each(['elman', 'lstm', 'gru'])('the graph numbers of a %s stack', (cellName) => {
  const model = randomStack(7, { cell: cellName, layers: 3, bidirectional: true, readout: 'every', dense: true, truncation: 3, tau: 7, sizes: { input: 3, hidden: 4, output: 3 } });
  const pass = stackTraceOf(model);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const layout = unfoldedLayout({ variant: networkOfCell(model.cell, 'every')!.variant, feedback: null, tau, truncation: model.truncation, sizes: { hidden: H, output: K }, stack: model });
  const numbers = stackGraphNumbers(model, pass, layout);
  const reader = stackReader(model, pass);
  const node = (id: string) => layout.nodes.find((n) => n.id === id)!;

  it('gives every node finite numbers, and h(t) of every layer and direction the mean of its half of z(t)', () => {
    for (const n of layout.nodes) {
      const v = numbers.nodes.get(n.id)!;
      expect(Number.isFinite(v.value), n.id).toBe(true);
      if (v.gradNorm !== null) expect(Number.isFinite(v.gradNorm), n.id).toBe(true);
    }
    for (let l = 0; l < model.layers; l++) {
      for (const [d, reverse] of [[0, false], [1, true]] as const) {
        for (let t = 1; t <= tau; t++) {
          const id = `${stackParamName('h', l, reverse)}@${t}`;
          expect(numbers.nodes.get(id)!.value, id).toBeCloseTo(mean(pass.z[l]!, (t - 1) * 2 * H + d * H, H), 14);
        }
      }
    }
  });

  it('reads dL/dh(t) of the top layer at its place in time: forward at tau and reverse at step 1 get V^T dL/do(t) alone', () => {
    const top = model.layers - 1;
    const V = model.params['V']!;
    const part = (row: number, half: number) => Float64Array.from({ length: H }, (_, i) => {
      let g = 0;
      for (let k = 0; k < K; k++) g += V[k * 2 * H + half * H + i]! * pass.gO[row * K + k]!;
      return g;
    });
    const forward = reader.vectors(node(`${stackParamName('h', top, false)}@${tau}`))!.grad!;
    const reverse = reader.vectors(node(`${stackParamName('h', top, true)}@1`))!.grad!;
    const expectClose = (a: Float64Array, b: Float64Array) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 14));
    expectClose(forward, part(tau - 1, 0));
    expectClose(reverse, part(0, 1));
    // The V edges carry the same back, each from its own half of V.
    expect(numbers.edges.get(`${stackParamName('h', top, false)}@${tau}->o@${tau}`)).toBeCloseTo(Math.hypot(...forward), 14);
    expect(numbers.edges.get(`${stackParamName('h', top, true)}@1->o@1`)).toBeCloseTo(Math.hypot(...reverse), 14);
  });

  it('gives an initial state the gradient of its parameter: forward at step 0, reverse at tau + 1', () => {
    const initial = model.cell.carried[0]!;
    for (let l = 0; l < model.layers; l++) {
      const f = reader.vectors(node(`${stackParamName(initial.state, l, false)}@0`))!;
      const r = reader.vectors(node(`${stackParamName(initial.state, l, true)}@${tau + 1}`))!;
      expect(f.grad).toBe(pass.grads[stackParamName(initial.initial!, l, false)]);
      expect(r.grad).toBe(pass.grads[stackParamName(initial.initial!, l, true)]);
    }
  });

  it('carries nothing back across a cut, and the targets and losses are the pass\'s', () => {
    const cut = layout.edges.filter((e) => e.cut !== null);
    expect(cut.length).toBeGreaterThan(0);
    for (const e of cut) expect(numbers.edges.get(e.id), e.id).toBe(0);
    for (let t = 1; t <= tau; t++) {
      expect(numbers.nodes.get(`L@${t}`)!.value).toBe(pass.stepLosses[t - 1]);
      expect(reader.vectors(node(`yhat@${t}`))!.target).toBe(model.sequence.targets[t - 1]);
    }
  });
});
