/** Training: the optimizers, gradient clipping, the trainer, and the tasks it learns. */
export type { AdamOptions, MomentFault, Optimizer, OptimizerKind, OptimizerState } from './optimizers';
export { ADAM_DEFAULTS, adamUpdate, createOptimizer, paramCount, sgdUpdate } from './optimizers';
export type { ClipResult } from './clip';
export { clipGradients, frobeniusNorm, globalNorm } from './clip';
export type {
  MomentNonFinite, NormNonFinite, RingMemory, SnapshotEntry, StepReport, TrainFault, Trainer, TrainerState, TrainOptions, TrainStatus, UpdateNonFinite,
} from './train';
export { copyParams, createTrainer, describeTrainFault } from './train';
export type { CuedEchoOptions, EchoOptions, EchoVariant, TaskOptions } from './tasks';
export { ECHO_VARIANTS, countClassification, cuedEcho, delayedEcho, identityRecurrence, parity, TASK_STREAM } from './tasks';
