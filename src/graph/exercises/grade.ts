/**
 * Grading an answer against the engine's, as data: exact set equality for picked nodes (naming
 * the missed and the extra ones), the option key for a choice, the stated tolerance for a number.
 * No node picked, no option chosen or no number (NaN, an infinity) is no answer, which the page
 * does not count as a try. Grading parses nothing.
 */
import type { Exercise, ExerciseOfKind, Grade, GradeReason, Response, ResponseOf, Tolerance } from './types';

/** How far from the answer a number may be, as an absolute width: `within`, or `within` |answer| but at least `floor`. */
export function allowance(tolerance: Tolerance, answer: number): number {
  return tolerance.kind === 'absolute' ? tolerance.within : Math.max(tolerance.within * Math.abs(answer), tolerance.floor);
}

/** The step of a node id `kind@t` (NaN for anything else), to list nodes in step order. */
const stepOf = (id: string): number => Number(id.slice(id.lastIndexOf('@') + 1));
const inStepOrder = (ids: Iterable<string>): string[] => [...ids].sort((a, b) => stepOf(a) - stepOf(b) || (a < b ? -1 : a > b ? 1 : 0));

function gradeNodes(exercise: ExerciseOfKind<'pick-nodes'>, response: ResponseOf<'pick-nodes'>): GradeReason {
  if (response.nodes.length === 0) return { kind: 'no-answer' };
  const picked = new Set(response.nodes);
  const answer = new Set(exercise.answer);
  const missed = inStepOrder(exercise.answer.filter((id) => !picked.has(id)));
  const extra = inStepOrder([...picked].filter((id) => !answer.has(id)));
  return missed.length === 0 && extra.length === 0 ? { kind: 'right' } : { kind: 'nodes', missed, extra };
}

function gradeChoice(exercise: ExerciseOfKind<'choose'>, response: ResponseOf<'choose'>): GradeReason {
  if (response.option === '') return { kind: 'no-answer' };
  return response.option === exercise.answer ? { kind: 'right' } : { kind: 'option', chosen: response.option, answer: exercise.answer };
}

function gradeNumber(exercise: ExerciseOfKind<'number'>, response: ResponseOf<'number'>): GradeReason {
  const { value } = response;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { kind: 'no-answer' };
  const by = value - exercise.answer;
  const tolerance = allowance(exercise.tolerance, exercise.answer);
  return Math.abs(by) <= tolerance ? { kind: 'right' } : { kind: 'off', by, tolerance };
}

/** The reason of a response of the exercise's kind. */
function reasonOf(exercise: Exercise, response: Response): GradeReason {
  if (exercise.kind === 'pick-nodes' && response.kind === 'pick-nodes') return gradeNodes(exercise, response);
  if (exercise.kind === 'choose' && response.kind === 'choose') return gradeChoice(exercise, response);
  if (exercise.kind === 'number' && response.kind === 'number') return gradeNumber(exercise, response);
  throw new TypeError(`${exercise.id}: expected a ${exercise.kind} response, got ${response.kind}`);
}

/** Whether a response is the engine's answer, why, and the exercise's explanation. A response of another kind is refused (TypeError). */
export function grade<E extends Exercise>(exercise: E, response: ResponseOf<E['kind']>): Grade {
  const why = reasonOf(exercise, response);
  return { correct: why.kind === 'right', why, explanation: exercise.explanation };
}
