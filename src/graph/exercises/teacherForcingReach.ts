/**
 * `teacher-forcing-reach` (chapter 6, pick nodes): a Jordan network whose feedback (teacher
 * forcing, logits or softmax) the seed draws, tau = 5..8; "which h(t) receive gradient from
 * L(s)?" for a drawn s >= 2. The answer is the engine's crossing rule (reach.ts): only h(s) under
 * teacher forcing (f(t-1) = onehot(y(t-1)) is data), h(1) .. h(s) when the output is fed back.
 */
import type { Feedback } from '../../engine/index';
import { FEEDBACKS, initModel, teacherForced } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf } from './draw';
import { firstReached, hiddenNodes, reachedNodes } from './reach';
import type { TeacherForcingReach } from './types';

/** What it is: its id, its kind, the tour's chapter it ends. */
export const TEACHER_FORCING_REACH = { id: 'teacher-forcing-reach', kind: 'pick-nodes', chapter: 6 } as const;

/** The teacher-forcing exercise of a seed. */
export function teacherForcingReach(seed: number): TeacherForcingReach {
  const draw = drawOf(seed);
  const feedback: Feedback = draw.pick(FEEDBACKS);
  const tau = draw.int(5, 8);
  const s = draw.int(2, tau);
  const model = initModel({
    variant: 'jordan', feedback, input: draw.int(3, 4), hidden: draw.int(3, 4), output: draw.int(3, 4), length: tau, seed: draw.seed(),
  });
  return {
    ...TEACHER_FORCING_REACH, seed, model,
    question: { key: 'teacher-forcing-reach.question', params: { s, tau, feedback } },
    scene: { position: tau, reveal: 2 * tau, selected: nodeId('L', s) },
    candidates: hiddenNodes(model),
    answer: reachedNodes(model, s),
    explanation: { key: 'teacher-forcing-reach.explanation', params: { s, feedback, crosses: !teacherForced(model), first: firstReached(model, s) } },
  };
}

/** One line in English, for tests and the command line. */
export function describeTeacherForcingReach(e: TeacherForcingReach): string {
  const { s, tau, feedback } = e.question.params;
  return `Jordan (${feedback}), tau = ${tau}: which h(t) receive gradient from L(${s})? ${e.answer.join(' ')}`;
}
