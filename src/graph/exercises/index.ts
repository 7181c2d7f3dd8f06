/** The tour's self-checking exercises: seeded generators whose answers the engine computes, and their grading. */
export type * from './types';
export { MAX_EXERCISE_SEED } from './draw';
export { allowance, grade } from './grade';
export { firstReached, hiddenNodes, reachedNodes } from './reach';
export type { AnyExerciseSpec, ExerciseOf, ExerciseSpec } from './registry';
export { EXERCISES, EXERCISE_IDS, describeExercise, exercisesOfChapter, generateExercise, isExerciseId } from './registry';
export { GA_ENTRY_TOLERANCE, gaEntry } from './gaEntry';
export { SOFTMAX_SHIFT_TOLERANCE, softmaxShift } from './softmaxShift';
export { teacherForcingReach } from './teacherForcingReach';
export { truncationReach } from './truncationReach';
export { DECISIVE_RATIO, VANISHING_SCALES, vanishingDirection } from './vanishingDirection';
