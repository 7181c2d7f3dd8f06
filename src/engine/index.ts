/** The engine's public face: pure TypeScript, no DOM; runs in the worker, in Node and in the CLI. */
export type { Feedback, Inputs, Labels, Model, ParamName, Params, Sequence, Sizes, Variant } from './model';
export { FEEDBACKS, LIMITS, PARAM_NAMES, VARIANTS, outputSteps, paramNames, paramShape } from './model';
export { ModelError, parseModel, parseModelText } from './parse';
export { exportModel, stringifyModel } from './export';
export type { ModelFile } from './export';
export type { Gradients } from './gradients';
export { forward, gradients, runPass } from './gradients';
export type { BackwardFactors, ForwardStates, ParamGrads, Pass } from './pass';
export type { Cursor, Held, Session } from './session';
export { createSession } from './session';
export { addStepContribution, stepContribution } from './contributions';
export type { NonFinite, NonFiniteNode } from './nonfinite';
export { describeNonFinite } from './nonfinite';
export type { InitOptions, InitScheme } from './init';
export { INIT_SCHEMES, initModel } from './init';
export { createRng } from './rng';
export type { Rng } from './rng';
