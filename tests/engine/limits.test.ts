/**
 * The limits agree with each other: the largest model every limit of a model file allows
 * (dense inputs, labels at their limit, every number at its longest) writes out within
 * LIMITS.fileBytes and reads back; one dense input more is refused before anything is read.
 */
import { describe, expect, it } from 'vitest';
import type { Model, Variant } from '../../src/engine/index';
import { LIMITS, ModelError, exportModel, initModel, parseModel, parseModelText, stringifyModel } from '../../src/engine/index';

/** The longest text a double is written as (24 characters). */
const LONGEST = -2.2250738585072014e-308;
/** A label of LIMITS.labelChars code points that JSON writes at its longest: 6 bytes each (\u0001). */
const LONG_LABEL = '\u0001'.repeat(LIMITS.labelChars);

/** The largest model of a variant with n inputs: every size and length at its limit, every number and label at its longest. */
function largest(variant: Variant, n: number): Model {
  const tau = Math.min(LIMITS.length, Math.floor(LIMITS.denseInputs / n));
  const m = initModel({
    variant, ...(variant === 'jordan' ? { feedback: 'softmax' as const } : {}),
    input: n, hidden: LIMITS.hidden, output: LIMITS.output, length: tau, seed: 1, inputs: 'dense', truncation: LIMITS.length,
  });
  for (const p of Object.values(m.params)) p?.fill(LONGEST);
  if (m.sequence.inputs.kind === 'dense') m.sequence.inputs.values.fill(LONGEST);
  m.sequence.targets.fill(LIMITS.output - 1);
  return { ...m, labels: { input: Array.from({ length: n }, () => LONG_LABEL), output: Array.from({ length: LIMITS.output }, () => LONG_LABEL) } };
}

describe('the limits of a model file', () => {
  it('name the dense inputs over LIMITS.denseInputs numbers (tau x n) before reading a value', () => {
    const m = initModel({ variant: 'elman', input: 1024, hidden: 1, output: 2, length: 1, seed: 1, inputs: 'dense' });
    const file = exportModel(m) as unknown as { sequence: { inputs: unknown[]; targets: number[] } };
    const rows = Math.floor(LIMITS.denseInputs / 1024) + 1;
    file.sequence.inputs = Array.from({ length: rows }, () => []);
    file.sequence.targets = Array.from({ length: rows }, () => 0);
    expect(() => parseModel(file)).toThrow(new ModelError('sequence.inputs',
      `expected at most ${rows - 1} inputs of 1024 numbers (tau x n <= ${LIMITS.denseInputs}, the documented limit), got ${rows}`));
    expect(() => initModel({ variant: 'elman', input: 1024, hidden: 1, output: 2, length: rows, seed: 1, inputs: 'dense' }))
      .toThrow(`length: dense inputs of tau x n numbers are at most ${LIMITS.denseInputs}: expected at most ${rows - 1} for n = 1024, got ${rows}`);
  });

  for (const [variant, n] of [['jordan', LIMITS.input], ['jordan', LIMITS.denseInputs / LIMITS.length], ['elman', LIMITS.input]] as const) {
    it(`write the largest ${variant} model with n = ${n} within LIMITS.fileBytes, and read it back`, { timeout: 120_000 }, () => {
      const m = largest(variant, n);
      const text = stringifyModel(m);
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(LIMITS.fileBytes);
      expect(text.length).toBeLessThanOrEqual(LIMITS.fileBytes);
      const back = parseModelText(text);
      expect(back.sequence.length).toBe(m.sequence.length);
      expect(back.params.U![back.params.U!.length - 1]).toBe(LONGEST);
      expect(back.labels?.output?.[LIMITS.output - 1]).toBe(LONG_LABEL);
    });
  }
});
