/** The cells, by the model file's `variant`: one registry that the rest of the engine reads. */
import type { Cell } from './cell';
import { elman } from './elman';
import { gru } from './gru';
import { jordan } from './jordan';
import { lstm } from './lstm';

export type { CarriedState, Cell, CellJacobian, CellPass, DirectPath, Loop, NodeSpec, Nonlinearity, Nudge, ParamSpec, PassJacobian, TorchBlock, TorchLayout } from './cell';
export type { CellEquation, CellGraph, CellValues, GraphEdge, GraphRow, Operand, Term } from './cell';
export { applyNudge } from './cell';
export { graphEdgeKey, nodeGradientOf } from './graph';
export type { ContributionValues } from './contribution';
export { addCellContribution } from './contribution';
export { addInputGrad } from './input';
export type { CellModel, CellModelPass, CellNonFinite } from './pass';
export { cellBackwardStep, cellCrossesBack, cellForwardStep, cellGradients, cellNodeRow, cellOutputRow, cellParamIsMatrix, cellParamNames, cellParamShape, createCellPass, nonFiniteCellGradients, truncationCut } from './pass';

/** Every cell, by name. */
export const CELLS: Readonly<Record<string, Cell>> = { elman, jordan, lstm, gru };

/** The cell of a name, or null. */
export const cellOf = (name: string): Cell | null => (Object.hasOwn(CELLS, name) ? CELLS[name]! : null);
