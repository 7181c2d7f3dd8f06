/** shared-count: the numbers a shared weight holds, counted once however many steps use it. */
import { describe, expect, it } from 'vitest';
import { traceOf } from '../../../src/engine/index';
import { SHARED_COUNT_TOLERANCE, SHARED_WEIGHTS, grade, sharedCount } from '../../../src/graph/exercises/index';
import { SEEDS, expectNumberGrades } from './support';

/** MODEL.md's shapes: U is H x n, W is H x H, V is K x H. */
const shapeOf = (name: string, n: number, H: number, K: number): [number, number] =>
  (name === 'U' ? [H, n] : name === 'W' ? [H, H] : [K, H]);

describe('shared-count', () => {
  it('asks about U, W and V of an Elman network, with its sizes, before anything is computed', () => {
    const names = new Set<string>();
    for (const seed of SEEDS) {
      const e = sharedCount(seed);
      const { name, tau, n, H, K } = e.question.params;
      names.add(name);
      expect(e.model.variant).toBe('elman');
      expect(e.model.sizes).toEqual({ input: n, hidden: H, output: K });
      expect(e.model.sequence.length).toBe(tau);
      expect(e.scene).toEqual({ position: 0, reveal: tau, selected: null });
    }
    expect([...names].sort()).toEqual([...SHARED_WEIGHTS].sort());
  });

  it("answers the parameter's entries, once: MODEL.md's shape, and the size of its one gradient summed over the steps", () => {
    for (const seed of SEEDS) {
      const e = sharedCount(seed);
      const { name, tau, n, H, K } = e.question.params;
      const [rows, cols] = shapeOf(name, n, H, K);
      expect(e.answer).toBe(rows * cols);
      expect(traceOf(e.model).grads[name]!.length).toBe(e.answer);
      expect(e.explanation.params).toEqual({ name, tau, rows, cols, count: rows * cols, unshared: tau * rows * cols });
      expect(e.tolerance).toEqual(SHARED_COUNT_TOLERANCE);
    }
  });

  it('grades the count right, one off and tau times it wrong, NaN and infinities not a number', () => {
    for (const seed of SEEDS) {
      const e = sharedCount(seed);
      const { name, n, H, K, tau } = e.question.params;
      const [rows, cols] = shapeOf(name, n, H, K);
      expectNumberGrades(e, rows * cols);
      for (const by of [1, -1]) expect(grade(e, { kind: 'number', value: rows * cols + by }).why).toEqual({ kind: 'off', by, tolerance: 0.5 });
      // The learner who counts one copy per step is told how far off that is.
      expect(grade(e, { kind: 'number', value: tau * rows * cols }).why).toEqual({ kind: 'off', by: (tau - 1) * rows * cols, tolerance: 0.5 });
    }
  });
});
