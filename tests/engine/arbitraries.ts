/** fast-check generators of small random models of every variant and feedback mode. */
import fc from 'fast-check';
import type { Model, Variant } from '../../src/engine/index';
import { FEEDBACKS, VARIANTS, cellOfVariant, feedsBack, initModel } from '../../src/engine/index';

/** Small seeded models of `variants` (every variant by default), W and U scaled; sizes up to those MODEL.md names for gradient checks: H = 8, n = 4, K = 3, tau = 12. */
export const smallModel = (opts: { truncation?: boolean; variants?: readonly Variant[]; /** The Elman cell with ReLU too. */ relu?: boolean } = {}): fc.Arbitrary<Model> =>
  fc.record({
    variant: fc.constantFrom(...(opts.variants ?? VARIANTS)),
    feedback: fc.constantFrom(...FEEDBACKS),
    input: fc.integer({ min: 1, max: 4 }),
    hidden: fc.integer({ min: 1, max: 8 }),
    output: fc.integer({ min: 2, max: 3 }),
    length: fc.integer({ min: 1, max: 12 }),
    seed: fc.nat({ max: 2 ** 32 - 1 }),
    inputs: fc.constantFrom('tokens' as const, 'dense' as const),
    truncation: opts.truncation ? fc.integer({ min: 1, max: 13 }) : fc.constant(undefined),
    /** Scales W and U: from nearly linear to saturating tanh. */
    scale: fc.constantFrom(0.5, 1, 2.5),
    relu: opts.relu ? fc.boolean() : fc.constant(false),
  }).map(({ feedback, truncation, scale, relu, ...o }) => {
    const model = initModel({
      ...o,
      scheme: 'uniform',
      ...(feedsBack(o.variant) ? { feedback } : {}),
      ...(relu && cellOfVariant(o.variant).takesNonlinearity ? { nonlinearity: 'relu' as const } : {}),
      ...(truncation !== undefined ? { truncation } : {}),
    });
    for (const p of [model.params.W!, model.params.U!]) for (let i = 0; i < p.length; i++) p[i] = p[i]! * scale;
    return model;
  });

/** A readable name of a model for failure messages. */
export function describeModel(m: Model): string {
  const { input: n, hidden: H, output: K } = m.sizes;
  return `${m.variant}${m.feedback ? `/${m.feedback}` : ''} n=${n} H=${H} K=${K} tau=${m.sequence.length} ${m.sequence.inputs.kind}${m.truncation ? ` k=${m.truncation}` : ''}`;
}
