/** The analyses of a model: the step Jacobian and its norms, eigenvalues, teacher forcing against free running, cells side by side. */
export type { CellComparison, CellRun, ComparedCell, FeedbackComparison, FeedbackRun } from './compare';
export { COMPARED_CELLS, cellModel, compareCells, compareFeedback, freeFeedbackOf } from './compare';
export type { Eigenvalues } from './dynamics';
export { eigenvalues, spectralRadius, spectralRadiusGelfand } from './dynamics';
export type { DirectProduct, JacobianView, Loop, StateBlock } from './jacobian';
export { blockJacobian, hiddenJacobian, jacobianTransfer, jacobianMaxSpan, jacobianNorms, jacobianView, spectralNorm, stateJacobian, stepJacobian } from './jacobian';
