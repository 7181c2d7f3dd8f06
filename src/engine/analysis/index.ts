/** The analyses of a model: the step Jacobian and its norms, eigenvalues, teacher forcing against free running, cells side by side. */
export type { CellComparison, CellRun, ComparedCell, FeedbackComparison, FeedbackRun } from './compare';
export { COMPARED_CELLS, cellModel, compareCells, compareFeedback, freeFeedbackOf } from './compare';
export type { Eigenvalues } from './dynamics';
export { eigenvalues, spectralRadius, spectralRadiusGelfand } from './dynamics';
export type { JacobianView, Loop } from './jacobian';
export { hiddenJacobian, jacobianMaxSpan, jacobianNorms, jacobianView, spectralNorm } from './jacobian';
