/** ga-entry: one entry of g_a(t) = dL/da(t), checked by central differences on a(t). */
import { describe, expect, it } from 'vitest';
import { checkGradients, mirror, traceOf } from '../../../src/engine/index';
import { GA_ENTRY_TOLERANCE, allowance, gaEntry } from '../../../src/graph/exercises/index';
import { SEEDS, expectNumberGrades } from './support';

describe('ga-entry', () => {
  it("answers dL/da_i(t), which central differences on a(t) confirm, from the h(t) and dL/dh(t) the page shows", () => {
    for (const seed of SEEDS) {
      const e = gaEntry(seed);
      const { t, i } = e.question.params;
      const H = e.model.sizes.hidden;
      const numeric = checkGradients(e.model, { kind: 'node', node: 'a', t }).entries[i]!.numeric;
      expect(Math.abs(e.answer - numeric)).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(numeric));
      const trace = traceOf(e.model);
      const h = trace.h[t * H + i]!;
      const gh = trace.gH[(t - 1) * H + i]!;
      expect(e.explanation.params).toEqual({ t, i, h, gh, slope: 1 - h * h, ga: e.answer });
      expect((1 - h * h) * gh).toBeCloseTo(e.answer, 12);
      expect(e.tolerance).toEqual(GA_ENTRY_TOLERANCE);
      expect(e.scene).toEqual({ position: mirror(e.model.sequence.length, t), reveal: mirror(e.model.sequence.length, t), selected: `h@${t}` });
    }
  });

  it('allows 1% of the answer, never less than 1e-4', () => {
    for (const seed of SEEDS) {
      const e = gaEntry(seed);
      expect(allowance(e.tolerance, e.answer)).toBe(Math.max(0.01 * Math.abs(e.answer), 1e-4));
    }
    expect(allowance(GA_ENTRY_TOLERANCE, 1e-6)).toBe(1e-4);
    expect(allowance(GA_ENTRY_TOLERANCE, -2)).toBe(0.02);
  });

  it('grades the answer right, 10 tolerances off wrong by that much, NaN and infinities not a number', () => {
    for (const seed of SEEDS) {
      const e = gaEntry(seed);
      const { t, i } = e.question.params;
      const numeric = checkGradients(e.model, { kind: 'node', node: 'a', t }).entries[i]!.numeric;
      expectNumberGrades(e, numeric);
    }
  });
});
