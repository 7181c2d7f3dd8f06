/** truncation-reach: the h(t) that receive gradient from L(s) under a truncation window, checked against the engine's own passes. */
import { describe, expect, it } from 'vitest';
import { truncationCut } from '../../../src/engine/index';
import { truncationReach } from '../../../src/graph/exercises/index';
import { SEEDS, expectPickGrades, normsFromLoss, reachedOf } from './support';

describe('truncation-reach', () => {
  it('draws an Elman network with a window of 2..4 over 6..10 steps, asking about a step past the first cut', () => {
    for (const seed of SEEDS) {
      const e = truncationReach(seed);
      const { s, window, tau } = e.question.params;
      expect(e.model.variant).toBe('elman');
      expect(e.model.truncation).toBe(window);
      expect(e.model.sequence.length).toBe(tau);
      expect(window).toBeGreaterThanOrEqual(2);
      expect(window).toBeLessThanOrEqual(4);
      expect(tau).toBeGreaterThanOrEqual(6);
      expect(tau).toBeLessThanOrEqual(10);
      expect(s).toBeGreaterThan(window);
      expect(s).toBeLessThanOrEqual(tau);
      expect(e.candidates).toEqual(Array.from({ length: tau }, (_, i) => `h@${i + 1}`));
      expect(e.scene).toEqual({ position: tau, reveal: 2 * tau, selected: `L@${s}` });
    }
  });

  it("answers with exactly the h(t) that L(s)'s gradient reaches in the engine's truncated BPTT", () => {
    for (const seed of SEEDS) {
      const e = truncationReach(seed);
      const { s } = e.question.params;
      const norms = normsFromLoss(e.model, s);
      expect(e.answer).toEqual(reachedOf(norms));
      // Without the window, the same measure finds every h(1..s): the cut is what stops it.
      expect(reachedOf(normsFromLoss({ ...e.model, truncation: null }, s))).toHaveLength(s);
    }
  });

  it('explains with the cut before s, the engine\'s cuts', () => {
    for (const seed of SEEDS) {
      const e = truncationReach(seed);
      const { s, window, tau } = e.question.params;
      const { cut, first, cuts } = e.explanation.params;
      expect(cuts).toEqual(Array.from({ length: tau - 1 }, (_, i) => i + 1).filter((t) => truncationCut(window, t)));
      expect(cut).toBe(Math.floor((s - 1) / window) * window);
      expect(first).toBe(cut + 1);
      expect(e.answer[0]).toBe(`h@${first}`);
    }
  });

  it('grades the answer right, a missing and an extra node wrong, naming them', () => {
    for (const seed of SEEDS) expectPickGrades(truncationReach(seed));
  });
});
