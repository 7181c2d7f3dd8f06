/**
 * `softmax-shift` (chapter 3, number): an Elman network over tau = 4..8 steps with o(t) shown;
 * "what is yhat_j(t) after adding c (1..9) to every entry of o(t)?" The answer is the engine's
 * yhat_j(t) of the same model with c + shift as its output bias (o(t) + shift at every step): the
 * same yhat_j(t), softmax being blind to a constant. Tolerance: 0.005 absolute.
 */
import { forward, initModel, outputRow, traceOf } from '../../engine/index';
import type { Model } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf, rowOf } from './draw';
import type { SoftmaxShift } from './types';

/** Within 0.005 of the engine's yhat_j(t). */
export const SOFTMAX_SHIFT_TOLERANCE = { kind: 'absolute', within: 0.005 } as const;

/** What it is: its id, its kind, the tour's chapter it ends. */
export const SOFTMAX_SHIFT = { id: 'softmax-shift', kind: 'number', chapter: 3 } as const;

/** The model with every o(t) moved by `shift`: its output bias c + shift. */
const shifted = (model: Model, shift: number): Model =>
  ({ ...model, params: { ...model.params, c: model.params.c!.map((x) => x + shift) } });

/** The softmax-shift exercise of a seed. */
export function softmaxShift(seed: number): SoftmaxShift {
  const draw = drawOf(seed);
  const tau = draw.int(4, 8);
  const K = draw.int(3, 4);
  const model = initModel({ variant: 'elman', input: draw.int(3, 4), hidden: draw.int(3, 4), output: K, length: tau, seed: draw.seed() });
  const t = draw.int(1, tau);
  const j = draw.int(0, K - 1);
  const shift = draw.int(1, 9);
  const row = outputRow(model, t);
  const trace = traceOf(model);
  const before = trace.yhat[row * K + j]!;
  const after = forward(shifted(model, shift)).states.yhat[row * K + j]!;
  return {
    ...SOFTMAX_SHIFT, seed, model,
    question: { key: 'softmax-shift.question', params: { t, j, shift, o: rowOf(trace.o, row, K) } },
    scene: { position: t, reveal: t, selected: nodeId('o', t) },
    answer: after,
    tolerance: SOFTMAX_SHIFT_TOLERANCE,
    explanation: { key: 'softmax-shift.explanation', params: { t, j, shift, before, after } },
  };
}

/** One line in English, for tests and the command line. */
export function describeSoftmaxShift(e: SoftmaxShift): string {
  const { t, j, shift } = e.question.params;
  return `yhat_${j}(${t}) after adding ${shift} to every entry of o(${t}): ${e.answer.toFixed(4)} (within ${SOFTMAX_SHIFT_TOLERANCE.within})`;
}
