/** softmax-shift: yhat_j(t) after adding a constant to o(t), computed here from the o(t) the engine shows. */
import { describe, expect, it } from 'vitest';
import { outputRow, traceOf } from '../../../src/engine/index';
import { SOFTMAX_SHIFT_TOLERANCE, grade, softmaxShift } from '../../../src/graph/exercises/index';
import { SEEDS, expectNumberGrades } from './support';

/** softmax(v)_j, written here apart from the engine's. */
const softmaxEntry = (v: readonly number[], j: number): number => {
  const e = v.map(Math.exp);
  return e[j]! / e.reduce((a, b) => a + b, 0);
};

describe('softmax-shift', () => {
  it('answers softmax(o(t) + c)_j, which is yhat_j(t): a constant changes nothing', () => {
    for (const seed of SEEDS) {
      const e = softmaxShift(seed);
      const { t, j, shift, o } = e.question.params;
      const K = e.model.sizes.output;
      const row = outputRow(e.model, t);
      const trace = traceOf(e.model);
      const shown = Array.from(trace.o.subarray(row * K, (row + 1) * K));
      expect(o).toEqual(shown);
      expect(shift).toBeGreaterThanOrEqual(1);
      expect(shift).toBeLessThanOrEqual(9);
      const expected = softmaxEntry(shown.map((x) => x + shift), j);
      expect(e.answer).toBeCloseTo(expected, 12);
      expect(e.answer).toBeCloseTo(trace.yhat[row * K + j]!, 12);
      expect(e.explanation.params).toMatchObject({ t, j, shift, after: e.answer });
      expect(e.explanation.params.before).toBeCloseTo(softmaxEntry(shown, j), 12);
      expect(e.tolerance).toEqual(SOFTMAX_SHIFT_TOLERANCE);
      expect(e.scene).toEqual({ position: t, reveal: t, selected: `o@${t}` });
    }
  });

  it('grades the answer right, 10 tolerances off wrong by that much, NaN and infinities not a number', () => {
    for (const seed of SEEDS) {
      const e = softmaxShift(seed);
      const { t, j, shift, o } = e.question.params;
      expectNumberGrades(e, softmaxEntry(o.map((x) => x + shift), j));
      // The learner who adds the shift to the probability is told how far off that is.
      const { why } = grade(e, { kind: 'number', value: e.answer + shift });
      expect(why).toEqual({ kind: 'off', by: expect.closeTo(shift, 9), tolerance: SOFTMAX_SHIFT_TOLERANCE.within });
      expect(t).toBeGreaterThanOrEqual(1);
    }
  });
});
