/**
 * The gated cells against PyTorch: shared/fixtures' lstm-* and gru-* hold models with the loss,
 * step losses and every gradient that PyTorch's autograd computed in float64 (nn.LSTM and nn.GRU
 * with their weights mapped as in MODEL.md "PyTorch's names").
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellGradients, cellParamNames } from '../../../src/engine/cells/index';
import { FIXTURES_DIR, LATER_FIXTURES } from '../../fixtures';
import { cellModelOfFixture } from './cellModels';

const dir = fileURLToPath(FIXTURES_DIR);
const files = LATER_FIXTURES.filter((f) => f.startsWith('lstm-') || f.startsWith('gru-'));

/** |actual - expected| <= 1e-12 |expected| + 1e-15, entry by entry. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (!(Math.abs(a - e) <= 1e-12 * Math.abs(e) + 1e-15)) throw new Error(`${what}[${i}]: engine ${a}, PyTorch ${e}`);
  }
}

describe('the LSTM and GRU cells against PyTorch autograd', () => {
  it('cover both cells, token and dense inputs, with and without truncation', () => {
    expect(files).toEqual(['gru-dense-truncated-2.json', 'gru-tokens.json', 'lstm-dense-truncated-3.json', 'lstm-tokens.json']);
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
