/** The pass over a cell and what is read from it: the one-shot and stepping passes, traces and snapshots, per-step contributions, non-finite detection, the gradient check. */
export type { Gradients } from './gradients';
export { forward, gradients, runPass, stackModelOf } from './gradients';
export type { BackwardFactors, ForwardStates, ParamGrads, Pass } from './pass';
export { crossesBack, outputRow, targetAt, teacherForced } from './pass';
export type { Held, Session } from './session';
export type { Cursor } from './position';
export { cursorOf, mirror } from './position';
export { createSession, heldAt, heldByStep, peakHeld } from './session';
export { addStepContribution, stepContribution } from './contributions';
export type { NonFinite, NonFiniteNode } from './nonfinite';
export { describeNonFinite } from './nonfinite';
export type { Snapshot, StepView } from './snapshot';
export { snapshotOf, snapshotOfTrace } from './snapshot';
export type { CheckEntry, CheckResult, CheckTarget } from './check';
export { CHECK_EPS, checkGradients } from './check';
export type { Trace } from './trace';
export { cellEdgeNorms, passOfTrace, traceOf, traceTransfer } from './trace';
export { copyModel, modelTransfer, paramsTransfer, withParams } from './transfer';
