/**
 * The cells against the second oracle: shared/fixtures holds models with the loss, step losses
 * and every gradient of an independent float64 implementation; the gated cells' (lstm-*, gru-*)
 * by PyTorch's autograd (nn.LSTM and nn.GRU, weights mapped as in MODEL.md "PyTorch's names").
 * Every fixture runs here: Elman (tanh and ReLU) and single output are the Elman cell, read out
 * at every step or at the end.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellGradients, cellParamNames } from '../../../src/engine/cells/index';
import { FIXTURES_DIR, FIXTURE_NAMES, expectClose } from '../../fixtures';
import { cellModelOfFixture } from './cellModels';

const dir = fileURLToPath(FIXTURES_DIR);
const files = FIXTURE_NAMES;

describe('the cells against the fixtures (PyTorch autograd for the gated cells)', () => {
  it('cover every cell and feedback, tanh and ReLU, token and dense inputs, with and without truncation, read out every step or at the end', () => {
    expect(files).toEqual([
      'elman-dense.json', 'elman-relu.json', 'elman-tokens.json', 'elman-truncated-2.json', 'gru-dense-truncated-2.json', 'gru-tokens.json',
      'jordan-logits-truncated-3.json', 'jordan-logits.json', 'jordan-softmax.json', 'jordan-teacher.json',
      'lstm-dense-truncated-3.json', 'lstm-tokens.json', 'single-output.json',
    ]);
  });

  for (const file of files) {
    it(`${file}: loss, step losses and every gradient agree to 1e-12 relative`, () => {
      const { model: json, expected } = JSON.parse(readFileSync(dir + file, 'utf8')) as {
        model: Parameters<typeof cellModelOfFixture>[0]; expected: { loss: number; stepLosses: number[]; grads: Record<string, number[] | number[][]> };
      };
      const model = cellModelOfFixture(json);
      const pass = cellGradients(model);
      expect(pass.nonFinite).toBeNull();
      expectClose([pass.loss], [expected.loss], 'loss');
      expectClose(pass.stepLosses, expected.stepLosses, 'stepLosses');
      expect(Object.keys(expected.grads).sort()).toEqual([...cellParamNames(model.cell)].sort());
      for (const name of cellParamNames(model.cell)) expectClose(pass.cell.grads[name]!, expected.grads[name]!.flat(), name);
    });
  }
});
