/**
 * A one-direction stack a step at a time (src/engine/stack/steps.ts): o(t), yhat(t), L(t), L and
 * every layer's z(t) are the whole pass's (stackGradients), bit for bit, on every cell, depth,
 * readout and input kind; a bidirectional stack is refused.
 */
import { describe, expect, it } from 'vitest';
import { stackGradients } from '../../../src/engine/stack/stack';
import { createStackSteps, stackForwardStep } from '../../../src/engine/stack/steps';
import type { Draw } from './stackModels';
import { CELLS, describeDraw, randomStack } from './stackModels';

describe('stack steps', () => {
  it('are the whole pass, bit for bit', () => {
    let seed = 1;
    for (const c of CELLS) {
      for (const layers of [1, 2, 4]) {
        for (const readout of ['every', 'last'] as const) {
          for (const dense of [false, true]) {
            const d: Draw = { ...c, layers, bidirectional: false, readout, dense, tau: 5 };
            const model = randomStack(seed++, d);
            const whole = stackGradients(model);
            const steps = createStackSteps(model);
            for (let t = 1; t <= model.sequence.length; t++) stackForwardStep(steps, t);
            const name = describeDraw(d);
            expect(steps.nonFinite, name).toBeNull();
            expect(Array.from(steps.o), name).toEqual(Array.from(whole.o));
            expect(Array.from(steps.yhat), name).toEqual(Array.from(whole.yhat));
            expect(Array.from(steps.stepLosses), name).toEqual(Array.from(whole.stepLosses));
            expect(steps.loss, name).toBe(whole.loss);
            for (let l = 0; l < layers; l++) expect(Array.from(steps.z[l]!), `${name}: z of layer ${l}`).toEqual(Array.from(whole.z[l]!));
          }
        }
      }
    }
  });

  it('names the first value that stops being finite', () => {
    const model = randomStack(3, { cell: 'elman', layers: 2, bidirectional: false, readout: 'every', dense: true, tau: 4 });
    const values = model.sequence.inputs.kind === 'dense' ? model.sequence.inputs.values : new Float64Array(0);
    values[2 * model.sizes.input] = Infinity;
    const steps = createStackSteps(model);
    for (let t = 1; t <= 4; t++) stackForwardStep(steps, t);
    expect(steps.nonFinite).toMatchObject({ pass: 'forward', step: 3, node: 'a' });
  });

  it('refuses a bidirectional stack', () => {
    const model = randomStack(2, { cell: 'gru', layers: 2, bidirectional: true, readout: 'every', dense: false });
    expect(() => createStackSteps(model)).toThrow(/a 2-layer bidirectional gru network cannot run a step at a time/);
  });
});
