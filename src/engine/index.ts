/** The engine's public face: pure TypeScript, no DOM; runs in the worker, in Node and in the CLI. */
export type { Feedback, Inputs, Labels, Model, TorchModules, Nonlinearity, ParamName, Params, Sequence, Sizes, Topology, Variant } from './model';
export { FEEDBACKS, LIMITS, NONLINEARITIES, TOPOLOGIES, VARIANTS, cellOfVariant, isTopology, outputSteps, paramIsMatrix, paramNames, paramShape, feedsBack, readsOutAtEnd } from './model';
export { cellParamOf, isStacked, modelParamIsMatrix, modelParamNames, modelParamShape, stackShapeOf } from './model';
export type { StackShape } from './stack/names';
export { MAX_LAYERS, directionsOf, parseStackParam, stackParamName, stackParamNames, stackParamShape } from './stack/names';
export type { StackModel, StackNonFinite, StackPass } from './stack/stack';
export { stackGradients } from './stack/stack';
export type { CellEquation, CellGraph, GraphEdge, GraphRow, Operand, Term } from './cells/index';
export { cellNodeRow, cellOutputRow, graphEdgeKey, nodeGradientOf, truncationCut } from './cells/index';
export { createRng } from './rng';
export type { Rng } from './rng';
export * from './file/index';
export * from './pass/index';
export * from './train/index';
export * from './analysis/index';
export type { Sample, SampleProblem, SampleRule, SampleSpec } from './sample';
export { MAX_TEMPERATURE, MIN_TEMPERATURE, SampleError, describeSampleProblem, sample, sampleProblemOf, sampledModel } from './sample';
