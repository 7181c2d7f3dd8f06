/**
 * `shared-count` (chapter 1, number): an Elman network of drawn sizes unfolded over tau = 4..10
 * steps; "how many numbers does U (or W, or V) hold?" The answer is the engine's parameter, its
 * entries counted (paramShape's rows x cols): once, however many steps use it, not tau times.
 * Tolerance: 0.5 absolute, so only the exact count is right.
 */
import { initModel, paramShape } from '../../engine/index';
import { drawOf } from './draw';
import type { SharedCount } from './types';

/** A count: only the integer itself is within 0.5. */
export const SHARED_COUNT_TOLERANCE = { kind: 'absolute', within: 0.5 } as const;
/** What it is: its id, its kind, the tour's chapter it ends. */
export const SHARED_COUNT = { id: 'shared-count', kind: 'number', chapter: 1 } as const;

/** The shared weights the question asks about (figure 10.3's edge labels). */
export const SHARED_WEIGHTS: readonly string[] = ['U', 'W', 'V'];

/** The shared-count exercise of a seed. */
export function sharedCount(seed: number): SharedCount {
  const draw = drawOf(seed);
  const name = draw.pick(SHARED_WEIGHTS);
  const tau = draw.int(4, 10);
  const model = initModel({ variant: 'elman', input: draw.int(2, 6), hidden: draw.int(2, 8), output: draw.int(2, 6), length: tau, seed: draw.seed() });
  const { input: n, hidden: H, output: K } = model.sizes;
  const [rows, cols] = paramShape(model, name);
  const count = model.params[name]!.length;
  return {
    ...SHARED_COUNT, seed, model,
    question: { key: 'shared-count.question', params: { name, tau, n, H, K } },
    scene: { position: 0, reveal: tau, selected: null },
    answer: count,
    tolerance: SHARED_COUNT_TOLERANCE,
    explanation: { key: 'shared-count.explanation', params: { name, tau, rows, cols, count, unshared: tau * count } },
  };
}

/** One line in English, for tests and the command line. */
export function describeSharedCount(e: SharedCount): string {
  const { name, tau } = e.question.params;
  const { rows, cols } = e.explanation.params;
  return `${name} is ${rows} x ${cols}, shared by all ${tau} steps: ${e.answer} numbers`;
}
