/**
 * The Elman and Jordan cells on the cell pass give exactly (bit for bit) what the section 10.2
 * pass gives for the Elman, Jordan (every feedback) and single-output networks: the same sums in
 * the same order, so moving the app onto the cells changes no number.
 */
import { describe, expect, it } from 'vitest';
import type { CellModel } from '../../../src/engine/cells/index';
import { cellGradients, cellOf } from '../../../src/engine/cells/index';
import type { InitOptions, Model } from '../../../src/engine/index';
import { gradients, initModel, paramNames } from '../../../src/engine/index';

/** A section 10.2 model as its cell's model. */
function asCellModel(model: Model): CellModel {
  const params: Record<string, Float64Array> = {};
  for (const name of paramNames(model.variant)) params[name] = model.params[name]!;
  return {
    cell: cellOf(model.variant === 'jordan' ? 'jordan' : 'elman')!, sizes: model.sizes, params, sequence: model.sequence,
    truncation: model.truncation, readout: model.variant === 'single-output' ? 'last' : 'every', nonlinearity: 'tanh', feedback: model.feedback,
  };
}

const CASES: readonly Pick<InitOptions, 'variant' | 'feedback'>[] = [
  { variant: 'elman' }, { variant: 'single-output' },
  { variant: 'jordan', feedback: 'logits' }, { variant: 'jordan', feedback: 'softmax' }, { variant: 'jordan', feedback: 'teacher' },
];

describe('the Elman and Jordan cells against the section 10.2 pass', () => {
  for (const c of CASES) {
    for (const [inputs, truncation] of [['tokens', null], ['dense', 3]] as const) {
      it(`${c.variant}${c.feedback ? `/${c.feedback}` : ''}, ${inputs} inputs, truncation ${truncation ?? 'none'}: the same bits`, () => {
        const model = initModel({ ...c, input: 5, hidden: 7, output: 4, length: 11, seed: 9, scheme: 'uniform', inputs, ...(truncation ? { truncation } : {}) });
        const old = gradients(model);
        const pass = cellGradients(asCellModel(model));
        expect(pass.nonFinite).toBeNull();
        expect(pass.loss).toBe(old.loss);
        expect(Array.from(pass.stepLosses)).toEqual(Array.from(old.stepLosses));
        for (const name of paramNames(model.variant)) expect(Array.from(pass.cell.grads[name]!), name).toEqual(Array.from(old.grads[name]!));
      });
    }
  }
});
