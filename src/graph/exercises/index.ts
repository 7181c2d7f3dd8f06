/** The tour's self-checking exercises: seeded generators whose answers the engine computes, and their grading. */
export type * from './types';
export { MAX_EXERCISE_SEED } from './draw';
export { allowance, grade } from './grade';
export { firstReached, hiddenNodes, reachedNodes } from './reach';
export type { AnyExerciseSpec, ExerciseOf, ExerciseSpec } from './registry';
export { EXERCISES, EXERCISE_IDS, describeExercise, exercisesOfChapter, generateExercise, isExerciseId } from './registry';
export { SHARED_COUNT_TOLERANCE, SHARED_WEIGHTS, sharedCount } from './sharedCount';
export { FORWARD_ENTRY_TOLERANCE, forwardEntry } from './forwardEntry';
export { SOFTMAX_SHIFT_TOLERANCE, softmaxShift } from './softmaxShift';
export { GA_ENTRY_TOLERANCE, gaEntry } from './gaEntry';
export { SHARED_GRADIENT_TOLERANCE, sharedGradient } from './sharedGradient';
export { teacherForcingReach } from './teacherForcingReach';
export { singleOutputReach } from './singleOutputReach';
export { truncationReach } from './truncationReach';
export { DECISIVE_RATIO, VANISHING_SCALES, vanishingDirection } from './vanishingDirection';
export { MEMORY_REACH_OPTIONS, memoryReach } from './memoryReach';
export { LSTM_CELL_STATE_TOLERANCE, lstmCellState } from './lstmCellState';
export { GRU_UPDATE_TOLERANCE, gruUpdate } from './gruUpdate';
