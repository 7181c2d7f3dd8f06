/** vanishing-direction: ||dL/dh(1)|| against ||dL/dh(tau)|| with W = s I, checked by central differences. */
import { describe, expect, it } from 'vitest';
import { checkGradients, traceOf } from '../../../src/engine/index';
import type { Model } from '../../../src/engine/index';
import { DECISIVE_RATIO, VANISHING_SCALES, vanishingDirection } from '../../../src/graph/exercises/index';
import { SEEDS, expectChoiceGrades } from './support';

/** ||dL/dh(t)|| by central differences on h(t) (the engine's Check; no truncation, so it is the gradient the trace holds). */
const numericNorm = (model: Model, t: number): number =>
  Math.hypot(...checkGradients(model, { kind: 'node', node: 'h', t }).entries.map((e) => e.numeric));

describe('vanishing-direction', () => {
  it('draws W = s I with s among the scales, tau 10..20, every scale drawn', () => {
    const scales = new Set<number>();
    for (const seed of SEEDS) {
      const e = vanishingDirection(seed);
      const { scale, tau } = e.question.params;
      const H = e.model.sizes.hidden;
      scales.add(scale);
      expect(VANISHING_SCALES).toContain(scale);
      expect(e.model.params.W).toEqual(Float64Array.from({ length: H * H }, (_, k) => (k % (H + 1) === 0 ? scale : 0)));
      expect(e.model.sequence.length).toBe(tau);
      expect(tau).toBeGreaterThanOrEqual(10);
      expect(tau).toBeLessThanOrEqual(20);
      expect(e.options).toEqual(['larger', 'smaller']);
    }
    expect([...scales].sort()).toEqual([...VANISHING_SCALES].sort());
  });

  it('answers by the norms of dL/dh(1) and dL/dh(tau), which central differences confirm', () => {
    for (const seed of SEEDS) {
      const e = vanishingDirection(seed);
      const { tau } = e.question.params;
      const first = numericNorm(e.model, 1);
      const last = numericNorm(e.model, tau);
      expect(e.answer).toBe(first > last ? 'larger' : 'smaller');
      const ratio = first / last;
      expect(ratio >= DECISIVE_RATIO || ratio <= 1 / DECISIVE_RATIO).toBe(true);
      const x = e.explanation.params;
      // Central differences agree to MODEL.md's tolerance, relative for these norms of up to 1e3.
      expect(Math.abs(x.first - first)).toBeLessThanOrEqual(1e-7 + 1e-5 * first);
      expect(Math.abs(x.last - last)).toBeLessThanOrEqual(1e-7 + 1e-5 * last);
      expect(x.perStep ** (tau - 1)).toBeCloseTo(x.ratio, 9);
      const h = traceOf(e.model).h;
      const H = e.model.sizes.hidden;
      const slope = (v: number) => (e.model.nonlinearity === 'relu' ? Number(v > 0) : 1 - v * v);
      expect(x.slope).toBeCloseTo(Array.from(h.subarray(H), slope).reduce((a, b) => a + b, 0) / (tau * H), 12);
      expect(first).toBeGreaterThan(0);
      expect(last).toBeGreaterThan(0);
    }
  });

  it('draws both nonlinearities and both answers; the gradient vanishes for s < 1 in every instance', () => {
    const exercises = SEEDS.map(vanishingDirection);
    expect(new Set(exercises.map((e) => e.model.nonlinearity ?? 'tanh'))).toEqual(new Set(['tanh', 'relu']));
    expect(new Set(exercises.map((e) => e.answer))).toEqual(new Set(['larger', 'smaller']));
    for (const e of exercises) {
      expect(e.question.params.nonlinearity).toBe(e.model.nonlinearity ?? 'tanh');
      if (e.question.params.scale < 1) expect(e.answer).toBe('smaller');
    }
  });

  it('grades the answer right and every other option wrong, naming both; nothing chosen is no answer', () => {
    for (const seed of SEEDS) expectChoiceGrades(vanishingDirection(seed));
  });
});
