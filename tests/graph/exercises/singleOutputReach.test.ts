/** single-output-reach: the h(t) that the one loss at the end sends gradient to, with or without a truncation window. */
import { describe, expect, it } from 'vitest';
import { checkGradients, runPass, truncationCut } from '../../../src/engine/index';
import { singleOutputReach } from '../../../src/graph/exercises/index';
import { expectPickGrades, reachedOf } from './support';

/** More seeds than SEEDS, so that every window is drawn. */
const MORE = Array.from({ length: 40 }, (_, i) => i + 1);

/** ||dL/dh(t)||, t = 1..tau, from the engine's BPTT: with one loss, all of it comes from L. */
function norms(e: ReturnType<typeof singleOutputReach>): number[] {
  const H = e.model.sizes.hidden;
  const gH = runPass(e.model).backward.gH;
  return Array.from({ length: e.model.sequence.length }, (_, t) => Math.hypot(...gH.subarray(t * H, (t + 1) * H)));
}

describe('single-output-reach', () => {
  it('draws single-output networks over 5..9 steps, with full BPTT and every window 2..4', () => {
    const windows = new Set<number>();
    for (const seed of MORE) {
      const e = singleOutputReach(seed);
      const { tau, window } = e.question.params;
      windows.add(window);
      expect(e.model.variant).toBe('single-output');
      expect(e.model.truncation).toBe(window === 0 ? null : window);
      expect(e.model.sequence.length).toBe(tau);
      expect(tau).toBeGreaterThanOrEqual(5);
      expect(tau).toBeLessThanOrEqual(9);
      expect(e.candidates).toEqual(Array.from({ length: tau }, (_, i) => `h@${i + 1}`));
      expect(e.scene).toEqual({ position: tau, reveal: 2 * tau, selected: `L@${tau}` });
    }
    expect([...windows].sort()).toEqual([0, 2, 3, 4]);
  });

  it("answers with exactly the h(t) that the engine's BPTT sends gradient to; the full gradient reaches h(1) anyway", () => {
    for (const seed of MORE) {
      const e = singleOutputReach(seed);
      const { tau, window } = e.question.params;
      expect(e.answer).toEqual(reachedOf(norms(e)));
      const cut = window === 0 ? 0 : Math.max(0, ...Array.from({ length: tau - 1 }, (_, i) => i + 1).filter((t) => truncationCut(window, t)));
      expect(e.answer).toEqual(Array.from({ length: tau - cut }, (_, i) => `h@${cut + i + 1}`));
      expect(e.explanation.params).toEqual({ tau, window, first: cut + 1 });
      // What is cut is the truncated gradient, not the dependence: central differences find L depends on h(1).
      const check = checkGradients(e.model, { kind: 'node', node: 'h', t: 1 });
      expect(check.entries.some((x) => Math.abs(x.numeric) > 1e-9)).toBe(true);
      expect(check.entries.every((x) => x.analytic === 0)).toBe(cut > 0);
    }
  });

  it('grades the answer right, a missing and an extra node wrong, naming them', () => {
    for (const seed of MORE) expectPickGrades(singleOutputReach(seed));
  });
});
