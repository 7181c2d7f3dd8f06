/**
 * The Elman cell on the cell pass gives exactly (bit for bit) what the section 10.2 pass gives for
 * the Elman and single-output networks: the same sums in the same order, so moving the app onto
 * the cells changes no number.
 */
import { describe, expect, it } from 'vitest';
import type { CellModel } from '../../../src/engine/cells/index';
import { cellGradients, cellOf } from '../../../src/engine/cells/index';
import type { Model } from '../../../src/engine/index';
import { gradients, initModel } from '../../../src/engine/index';

/** A section 10.2 model (Elman or single output) as the Elman cell's model. */
function asCellModel(model: Model): CellModel {
  const { U, W, V, b, c, h0 } = model.params;
  return {
    cell: cellOf('elman')!, sizes: model.sizes, params: { U, W, b, h0: h0!, V, c }, sequence: model.sequence,
    truncation: model.truncation, readout: model.variant === 'single-output' ? 'last' : 'every', nonlinearity: 'tanh',
  };
}

describe('the Elman cell against the section 10.2 pass', () => {
  for (const variant of ['elman', 'single-output'] as const) {
    for (const [inputs, truncation] of [['tokens', undefined], ['dense', 3]] as const) {
      it(`${variant}, ${inputs} inputs, truncation ${truncation ?? 'none'}: the same bits`, () => {
        const model = initModel({ variant, input: 5, hidden: 7, output: 4, length: 11, seed: 9, scheme: 'uniform', inputs, truncation });
        const old = gradients(model);
        const pass = cellGradients(asCellModel(model));
        expect(pass.loss).toBe(old.loss);
        expect(Array.from(pass.stepLosses)).toEqual(Array.from(old.stepLosses));
        for (const name of ['U', 'W', 'V', 'b', 'c', 'h0'] as const) expect(Array.from(pass.cell.grads[name]!), name).toEqual(Array.from(old.grads[name]!));
      });
    }
  }
});
