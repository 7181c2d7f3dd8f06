/** Every exercise by id: its kind, its chapter and its generator; and each one's one-line description. */
import { FORWARD_ENTRY, describeForwardEntry, forwardEntry } from './forwardEntry';
import { GA_ENTRY, describeGaEntry, gaEntry } from './gaEntry';
import { GRU_UPDATE, describeGruUpdate, gruUpdate } from './gruUpdate';
import { LSTM_CELL_STATE, describeLstmCellState, lstmCellState } from './lstmCellState';
import { MEMORY_REACH, describeMemoryReach, memoryReach } from './memoryReach';
import { SHARED_COUNT, describeSharedCount, sharedCount } from './sharedCount';
import { SHARED_GRADIENT, describeSharedGradient, sharedGradient } from './sharedGradient';
import { SINGLE_OUTPUT_REACH, describeSingleOutputReach, singleOutputReach } from './singleOutputReach';
import { SOFTMAX_SHIFT, describeSoftmaxShift, softmaxShift } from './softmaxShift';
import { TEACHER_FORCING_REACH, describeTeacherForcingReach, teacherForcingReach } from './teacherForcingReach';
import { TRUNCATION_REACH, describeTruncationReach, truncationReach } from './truncationReach';
import type { Exercise, ExerciseId } from './types';
import { VANISHING_DIRECTION, describeVanishingDirection, vanishingDirection } from './vanishingDirection';

/** One exercise: what `generate(seed)` builds. */
export interface ExerciseSpec<E extends Exercise = Exercise> {
  readonly id: E['id'];
  readonly kind: E['kind'];
  readonly chapter: number;
  /** The same seed, the same exercise; another seed, another instance ("try another"). */
  readonly generate: (seed: number) => E;
}

/** The exercise of an id. */
export type ExerciseOf<Id extends ExerciseId> = Extract<Exercise, { readonly id: Id }>;
/** The spec of any one exercise. */
export type AnyExerciseSpec = { readonly [Id in ExerciseId]: ExerciseSpec<ExerciseOf<Id>> }[ExerciseId];

/** The exercises in the tour's chapter order. */
export const EXERCISES: readonly AnyExerciseSpec[] = [
  { ...SHARED_COUNT, generate: sharedCount },
  { ...FORWARD_ENTRY, generate: forwardEntry },
  { ...SOFTMAX_SHIFT, generate: softmaxShift },
  { ...GA_ENTRY, generate: gaEntry },
  { ...SHARED_GRADIENT, generate: sharedGradient },
  { ...TEACHER_FORCING_REACH, generate: teacherForcingReach },
  { ...SINGLE_OUTPUT_REACH, generate: singleOutputReach },
  { ...TRUNCATION_REACH, generate: truncationReach },
  { ...VANISHING_DIRECTION, generate: vanishingDirection },
  { ...MEMORY_REACH, generate: memoryReach },
  { ...LSTM_CELL_STATE, generate: lstmCellState },
  { ...GRU_UPDATE, generate: gruUpdate },
];

/** Every exercise id, in chapter order. */
export const EXERCISE_IDS: readonly ExerciseId[] = EXERCISES.map((e) => e.id);

/** Whether a string names an exercise. */
export const isExerciseId = (s: string): s is ExerciseId => (EXERCISE_IDS as readonly string[]).includes(s);

/** The exercise `id` generated from `seed`. */
export function generateExercise(id: ExerciseId, seed: number): Exercise {
  const spec = EXERCISES.find((e) => e.id === id);
  if (!spec) throw new RangeError(`${String(id)}: no such exercise (expected one of ${EXERCISE_IDS.join(', ')})`);
  return spec.generate(seed);
}

/** The exercises that end a chapter. */
export const exercisesOfChapter = (chapter: number): readonly ExerciseId[] => EXERCISES.filter((e) => e.chapter === chapter).map((e) => e.id);

/** One line in English describing an exercise and its answer. */
export function describeExercise(exercise: Exercise): string {
  const line = (() => {
    switch (exercise.id) {
      case 'shared-count': return describeSharedCount(exercise);
      case 'forward-entry': return describeForwardEntry(exercise);
      case 'softmax-shift': return describeSoftmaxShift(exercise);
      case 'ga-entry': return describeGaEntry(exercise);
      case 'shared-gradient': return describeSharedGradient(exercise);
      case 'teacher-forcing-reach': return describeTeacherForcingReach(exercise);
      case 'single-output-reach': return describeSingleOutputReach(exercise);
      case 'truncation-reach': return describeTruncationReach(exercise);
      case 'vanishing-direction': return describeVanishingDirection(exercise);
      case 'memory-reach': return describeMemoryReach(exercise);
      case 'lstm-cell-state': return describeLstmCellState(exercise);
      case 'gru-update': return describeGruUpdate(exercise);
    }
  })();
  return `${exercise.id} (seed ${exercise.seed}): ${line}`;
}
