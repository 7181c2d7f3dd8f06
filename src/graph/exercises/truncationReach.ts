/**
 * `truncation-reach` (chapter 8, pick nodes): an Elman network with a truncation window k (2..4)
 * over tau = 6..10 steps; "which h(t) receive gradient from L(s)?" for a drawn s > k. The answer
 * is h(cut+1) .. h(s), cut the last multiple of k below s: the engine's crossing rule (reach.ts).
 */
import { initModel, truncationCut } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf } from './draw';
import { hiddenNodes, reachedNodes } from './reach';
import type { TruncationReach } from './types';

/** What it is: its id, its kind, the tour's chapter it ends. */
export const TRUNCATION_REACH = { id: 'truncation-reach', kind: 'pick-nodes', chapter: 8 } as const;

/** The truncation exercise of a seed. */
export function truncationReach(seed: number): TruncationReach {
  const draw = drawOf(seed);
  const window = draw.int(2, 4);
  const tau = draw.int(6, 10);
  const s = draw.int(window + 1, tau);
  const model = initModel({
    variant: 'elman', input: draw.int(3, 4), hidden: draw.int(3, 4), output: draw.int(3, 4), length: tau,
    seed: draw.seed(), truncation: window,
  });
  const cuts = Array.from({ length: tau - 1 }, (_, i) => i + 1).filter((t) => truncationCut(window, t));
  const cut = Math.max(0, ...cuts.filter((t) => t < s));
  return {
    ...TRUNCATION_REACH, seed, model,
    question: { key: 'truncation-reach.question', params: { s, window, tau } },
    scene: { position: tau, reveal: 2 * tau, selected: nodeId('L', s) },
    candidates: hiddenNodes(model),
    answer: reachedNodes(model, s),
    explanation: { key: 'truncation-reach.explanation', params: { s, window, cut, first: cut + 1, cuts } },
  };
}

/** One line in English, for tests and the command line. */
export function describeTruncationReach(e: TruncationReach): string {
  const { s, window, tau } = e.question.params;
  return `k = ${window}, tau = ${tau}: which h(t) receive gradient from L(${s})? ${e.answer.join(' ')}`;
}
