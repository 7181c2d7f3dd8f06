/**
 * `shared-gradient` (chapter 5, number): an Elman network over tau = 3..5 steps, the forward pass
 * done and BPTT not yet run, c selected; "c is used at every step: what will dL/dc_k be?" The
 * answer is the engine's gradient dL/dc_k (trace.grads.c), the sum of one contribution per step,
 * dL/do_k(t) = yhat_k(t) - [y(t) = k] (trace.gO): weight sharing. The learner reads yhat(t) and
 * y(t) in the graph. Tolerance: 0.005 absolute.
 */
import { initModel, outputRow, targetAt, traceOf } from '../../engine/index';
import { drawOf } from './draw';
import type { SharedGradient } from './types';

/** Within 0.005 of the engine's dL/dc_k. */
export const SHARED_GRADIENT_TOLERANCE = { kind: 'absolute', within: 0.005 } as const;
/** What it is: its id, its kind, the tour's chapter it ends. */
export const SHARED_GRADIENT = { id: 'shared-gradient', kind: 'number', chapter: 5 } as const;

/** The shared-gradient exercise of a seed. */
export function sharedGradient(seed: number): SharedGradient {
  const draw = drawOf(seed);
  const tau = draw.int(3, 5);
  const K = draw.int(3, 4);
  const model = initModel({ variant: 'elman', input: draw.int(3, 4), hidden: draw.int(3, 4), output: K, length: tau, seed: draw.seed() });
  const k = draw.int(0, K - 1);
  const trace = traceOf(model);
  const steps = Array.from({ length: tau }, (_, s) => s + 1);
  const entry = (buffer: Float64Array, t: number): number => buffer[outputRow(model, t) * K + k]!;
  return {
    ...SHARED_GRADIENT, seed, model,
    question: { key: 'shared-gradient.question', params: { k, tau } },
    scene: { position: tau, reveal: 2 * tau, selected: 'c' },
    answer: trace.grads.c![k]!,
    tolerance: SHARED_GRADIENT_TOLERANCE,
    explanation: {
      key: 'shared-gradient.explanation',
      params: {
        k, tau,
        yhat: steps.map((t) => entry(trace.yhat, t)),
        hits: steps.filter((t) => targetAt(model, t) === k),
        terms: steps.map((t) => entry(trace.gO, t)),
        sum: trace.grads.c![k]!,
      },
    },
  };
}

/** One line in English, for tests and the command line. */
export function describeSharedGradient(e: SharedGradient): string {
  const { k, terms } = e.explanation.params;
  return `dL/dc_${k} = ${terms.map((x) => x.toFixed(4)).join(' + ')} = ${e.answer.toFixed(4)} (within ${SHARED_GRADIENT_TOLERANCE.within})`;
}
