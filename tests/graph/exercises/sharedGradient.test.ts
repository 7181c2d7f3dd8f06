/** shared-gradient: dL/dc_k as the sum over steps of yhat_k(t) - [y(t) = k], checked by central differences on c. */
import { describe, expect, it } from 'vitest';
import { checkGradients, traceOf } from '../../../src/engine/index';
import { SHARED_GRADIENT_TOLERANCE, grade, sharedGradient } from '../../../src/graph/exercises/index';
import { SEEDS, expectNumberGrades } from './support';

describe('shared-gradient', () => {
  it('selects c with the forward pass done and BPTT not run, and shows the answer once BPTT is done', () => {
    for (const seed of SEEDS) {
      const e = sharedGradient(seed);
      const tau = e.model.sequence.length;
      expect(e.model.variant).toBe('elman');
      expect(e.question.params.tau).toBe(tau);
      expect(e.scene).toEqual({ position: tau, reveal: 2 * tau, selected: 'c' });
      expect(e.tolerance).toEqual(SHARED_GRADIENT_TOLERANCE);
    }
  });

  it('answers dL/dc_k, which central differences on c confirm, the sum of yhat_k(t) - [y(t) = k] over the steps', () => {
    for (const seed of SEEDS) {
      const e = sharedGradient(seed);
      const { k, tau } = e.question.params;
      const K = e.model.sizes.output;
      const numeric = checkGradients(e.model, { kind: 'param', name: 'c' }).entries[k]!.numeric;
      expect(Math.abs(e.answer - numeric)).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(numeric));
      const { yhat } = traceOf(e.model);
      const targets = Array.from(e.model.sequence.targets);
      const probs = Array.from({ length: tau }, (_, s) => yhat[s * K + k]!);
      const terms = probs.map((p, s) => p - Number(targets[s] === k));
      expect(e.answer).toBeCloseTo(terms.reduce((a, b) => a + b, 0), 12);
      const x = e.explanation.params;
      expect(x.yhat).toEqual(probs);
      expect(x.hits).toEqual(targets.flatMap((y, s) => (y === k ? [s + 1] : [])));
      x.terms.forEach((term, s) => expect(term).toBeCloseTo(terms[s]!, 12));
      expect(x.sum).toBe(e.answer);
    }
  });

  it('grades the sum right, the targets forgotten wrong, NaN and infinities not a number', () => {
    let forgotten = 0;
    for (const seed of SEEDS) {
      const e = sharedGradient(seed);
      const { yhat, hits } = e.explanation.params;
      const numeric = checkGradients(e.model, { kind: 'param', name: 'c' }).entries[e.question.params.k]!.numeric;
      expectNumberGrades(e, numeric);
      if (hits.length === 0) continue;
      forgotten++;
      expect(grade(e, { kind: 'number', value: yhat.reduce((a, b) => a + b, 0) }).why).toEqual({ kind: 'off', by: expect.closeTo(hits.length, 9), tolerance: 0.005 });
    }
    expect(forgotten).toBeGreaterThan(10);
  });
});
