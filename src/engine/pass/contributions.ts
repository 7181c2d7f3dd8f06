/**
 * Weight sharing made visible: each parameter gradient is a sum of one contribution per time
 * step, rebuilt on demand from the per-step factors (dL/do(t) and the cell's, e.g. dL/da(t)) and
 * the stored states (shared/MODEL.md), without keeping tau matrices.
 */
import { addCellContribution, nonFiniteCellGradients } from '../cells/index';
import { firstNonFinite, outerAdd, vecAdd } from '../kernels';
import type { ParamName } from '../model';
import { cellOfVariant, paramNames } from '../model';
import type { NonFinite } from './nonfinite';
import type { Pass } from './pass';
import { cellModelOf, outputRow } from './pass';

/**
 * Adds step t's contribution to dL/d(param) into `out` (shaped like the parameter): c: dL/do(t);
 * V: dL/do(t) h(t)^T; a cell's parameter by its description in the cell (../cells
 * addCellContribution: d(t), d(t) x(t)^T, d(t) h(t-1)^T ...). Needs step t's backward factors.
 */
export function addStepContribution(pass: Pass, param: ParamName, t: number, out: Float64Array): void {
  const { model, forward: f, backward: g } = pass;
  const { hidden: H, output: K } = model.sizes;
  const row = outputRow(model, t);
  if (param === 'c' || param === 'V') {
    if (row < 0) return;
    if (param === 'c') vecAdd(out, 0, g.gO, row * K, K);
    else outerAdd(out, K, H, g.gO, row * K, f.h, t * H);
    return;
  }
  const cell = cellOfVariant(model.variant);
  if (!cell.params.some((p) => p.name === param)) throw new RangeError(`${param}: a ${model.variant} network has no such parameter`);
  addCellContribution(cell, {
    sizes: model.sizes, inputs: model.sequence.inputs, targets: model.sequence.targets, feedback: model.feedback,
    h: f.h, o: f.o, yhat: f.yhat, factors: g.factors, grads: g.grads,
  }, param, t, out);
}

/** Step t's contribution to dL/d(param), as a new array shaped like the parameter. */
export function stepContribution(pass: Pass, param: ParamName, t: number): Float64Array {
  const size = pass.model.params[param]?.length ?? 0;
  const out = new Float64Array(size);
  addStepContribution(pass, param, t, out);
  return out;
}

/**
 * After backward steps tau..through: each parameter gradient whose sum overflowed, at the step
 * that made it so, in the model file's order (the pass run again with every sum checked, ./cells
 * nonFiniteCellGradients); empty when every sum is finite (checked first, without running again).
 */
export function nonFiniteGradients(pass: Pass, through = 1): NonFinite[] {
  const totals = paramNames(pass.model.variant).map((name) => pass.backward.grads[name]!);
  if (totals.every((g) => firstNonFinite(g, 0, g.length) < 0)) return [];
  return nonFiniteCellGradients(cellModelOf(pass.model), through) as NonFinite[];
}

/**
 * After backward steps tau..through whose per-step factors were all finite: the first parameter
 * gradient whose sum overflowed (nonFiniteGradients), or null when every sum is finite.
 */
export function findNonFiniteGradient(pass: Pass, through = 1): NonFinite | null {
  return nonFiniteGradients(pass, through)[0] ?? null;
}
