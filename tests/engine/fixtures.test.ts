/**
 * The second gradient oracle: shared/fixtures holds models of every variant and feedback mode,
 * with the loss and gradients of an independent float64 implementation of MODEL.md.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gradients, paramNames, paramShape, parseModel } from '../../src/engine/index';
import { FIXTURES_DIR, FIXTURE_NAMES, expectClose } from '../fixtures';

const dir = fileURLToPath(FIXTURES_DIR);
const files = FIXTURE_NAMES;

interface Expected {
  loss: number;
  stepLosses: number[];
  grads: Record<string, number[] | number[][]>;
}

describe('fixtures from an independent float64 implementation (PyTorch autograd for the gated cells), read as model files', () => {
  it('cover every variant and feedback mode, token and dense inputs, and truncation', () => {
    const models = files.map((f) => parseModel((JSON.parse(readFileSync(dir + f, 'utf8')) as { model: unknown }).model));
    const kinds = new Set(models.map((m) => `${m.variant}/${m.feedback ?? '-'}`));
    expect([...kinds].sort()).toEqual(['elman/-', 'gru/-', 'jordan/logits', 'jordan/softmax', 'jordan/teacher', 'lstm/-', 'single-output/-']);
    expect(models.some((m) => m.sequence.inputs.kind === 'dense')).toBe(true);
    expect(models.some((m) => m.truncation !== null)).toBe(true);
    expect(models.some((m) => m.nonlinearity === 'relu')).toBe(true);
  });

  for (const file of files) {
    it(`${file}: loss, step losses and every gradient agree to 1e-12 relative`, () => {
      const { model: json, expected } = JSON.parse(readFileSync(dir + file, 'utf8')) as { model: unknown; expected: Expected };
      const model = parseModel(json);
      const r = gradients(model);
      expect(r.nonFinite).toBeNull();
      expectClose([r.loss], [expected.loss], 'loss');
      expectClose(r.stepLosses, expected.stepLosses, 'stepLosses');
      expect(Object.keys(expected.grads).sort()).toEqual([...paramNames(model.variant)].sort());
      for (const name of paramNames(model.variant)) {
        const e = expected.grads[name]!;
        const [rows] = paramShape(model, name);
        expect(e.length, `${name} rows`).toBe(rows);
        expectClose(r.grads[name]!, e.flat(), name);
      }
    });
  }
});
