/**
 * The first gradient oracle: central differences in float64, exactly as MODEL.md's
 * "Checking gradients" says, on hundreds of seeded random models of every variant and
 * feedback mode, with token and dense inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/index';
import { forward, gradients, paramNames } from '../../src/engine/index';
import { describeModel, smallModel } from './arbitraries';

const EPS = 1e-5;

/** Entries where |analytic - numeric| > 1e-7 + 1e-5 |numeric|, as readable strings. */
function gradientMismatches(model: Model): string[] {
  const { grads } = gradients(model);
  const bad: string[] = [];
  for (const name of paramNames(model.variant)) {
    const p = model.params[name]!;
    const g = grads[name]!;
    for (let i = 0; i < p.length; i++) {
      const keep = p[i]!;
      p[i] = keep + EPS;
      const up = forward(model).loss;
      p[i] = keep - EPS;
      const down = forward(model).loss;
      p[i] = keep;
      const numeric = (up - down) / (2 * EPS);
      if (!(Math.abs(g[i]! - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric))) {
        bad.push(`${name}[${i}]: analytic ${g[i]}, numeric ${numeric}`);
      }
    }
  }
  return bad;
}

describe('BPTT against central differences', () => {
  it('agrees on every entry of every parameter, over 400 random models of every variant', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(smallModel(), (model) => {
        seen.add(`${model.variant}/${model.feedback ?? '-'}/${model.sequence.inputs.kind}`);
        const bad = gradientMismatches(model);
        if (bad.length > 0) throw new Error(`${describeModel(model)}: ${bad.slice(0, 3).join('; ')}`);
      }),
      { seed: 20261128, numRuns: 400 },
    );
    // Every variant x feedback x input kind was drawn (3 jordan modes + 4 others, x 2 kinds).
    expect(seen.size).toBe(14);
  }, 60_000);

  it('would catch a wrong gradient: a perturbed analytic value fails the same check', () => {
    const model = fc.sample(smallModel(), { seed: 7, numRuns: 1 })[0]!;
    const { grads } = gradients(model);
    const loss = (): number => forward(model).loss;
    const keep = model.params.b![0]!;
    model.params.b![0] = keep + EPS;
    const up = loss();
    model.params.b![0] = keep - EPS;
    const down = loss();
    model.params.b![0] = keep;
    const numeric = (up - down) / (2 * EPS);
    const wrong = grads.b![0]! * 1.001 + 1e-6;
    expect(Math.abs(wrong - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric)).toBe(false);
  });
});
