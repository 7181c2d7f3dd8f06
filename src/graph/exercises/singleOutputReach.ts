/**
 * `single-output-reach` (chapter 7, pick nodes): the single-output network of figure 10.5 over
 * tau = 5..9 steps, with full BPTT or a truncation window k (2..4, drawn); "which h(t) receive
 * gradient from the one loss L?" Only o(tau) reads the sequence, so the gradient reaches h(t < tau)
 * through the recurrence alone: all of h(1) .. h(tau) with full BPTT, h(cut+1) .. h(tau) when the
 * cut after the last multiple of k stops it. The answer is the engine's crossing rule (reach.ts).
 */
import { initModel } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf } from './draw';
import { firstReached, hiddenNodes, reachedNodes } from './reach';
import type { SingleOutputReach } from './types';

/** What it is: its id, its kind, the tour's chapter it ends. */
export const SINGLE_OUTPUT_REACH = { id: 'single-output-reach', kind: 'pick-nodes', chapter: 7 } as const;

/** The windows drawn: none (full BPTT) or k = 2..4. */
const WINDOWS: readonly (number | null)[] = [null, 2, 3, 4];

/** The single-output exercise of a seed. */
export function singleOutputReach(seed: number): SingleOutputReach {
  const draw = drawOf(seed);
  const window = draw.pick(WINDOWS);
  const tau = draw.int(5, 9);
  const model = initModel({
    variant: 'single-output', input: draw.int(3, 4), hidden: draw.int(3, 4), output: draw.int(3, 4), length: tau,
    seed: draw.seed(), ...(window === null ? {} : { truncation: window }),
  });
  return {
    ...SINGLE_OUTPUT_REACH, seed, model,
    question: { key: 'single-output-reach.question', params: { tau, window: window ?? 0 } },
    scene: { position: tau, reveal: 2 * tau, selected: nodeId('L', tau) },
    candidates: hiddenNodes(model),
    answer: reachedNodes(model, tau),
    explanation: { key: 'single-output-reach.explanation', params: { tau, window: window ?? 0, first: firstReached(model, tau) } },
  };
}

/** One line in English, for tests and the command line. */
export function describeSingleOutputReach(e: SingleOutputReach): string {
  const { tau, window } = e.question.params;
  return `one output at tau = ${tau}, ${window === 0 ? 'full BPTT' : `k = ${window}`}: which h(t) receive gradient from L? ${e.answer.join(' ')}`;
}
