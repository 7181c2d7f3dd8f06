/**
 * Weight sharing made visible: each parameter gradient is a sum of one contribution per time
 * step, rebuilt on demand from the per-step factors (dL/do(t) and the cell's, e.g. dL/da(t)) and
 * the stored states (shared/MODEL.md), without keeping tau matrices.
 */
import { addInputGrad, nonFiniteCellGradients } from '../cells/index';
import { columnAdd, firstNonFinite, outerAdd, vecAdd } from '../kernels';
import type { ParamName } from '../model';
import { cellOfVariant, paramNames } from '../model';
import type { NonFinite } from './nonfinite';
import type { Pass } from './pass';
import { cellModelOf, outputRow } from './pass';

/**
 * Adds step t's contribution to dL/d(param) into `out` (shaped like the parameter), read from the
 * parameter's description in its cell: c: dL/do(t); V: dL/do(t) h(t)^T; a bias: its factor d(t);
 * input weights: d(t) x(t)^T; recurrent weights: d(t) h(t-1)^T; Jordan's feedback weights:
 * d(t) f(t-1)^T; an initial state (h0, s0): all of its gradient, at t = 1. Needs step t's
 * backward factors.
 */
export function addStepContribution(pass: Pass, param: ParamName, t: number, out: Float64Array): void {
  const { model, forward: f, backward: g } = pass;
  const { input: n, hidden: H, output: K } = model.sizes;
  const row = outputRow(model, t);
  if (param === 'c' || param === 'V') {
    if (row < 0) return;
    if (param === 'c') vecAdd(out, 0, g.gO, row * K, K);
    else outerAdd(out, K, H, g.gO, row * K, f.h, t * H);
    return;
  }
  const spec = cellOfVariant(model.variant).params.find((p) => p.name === param);
  if (!spec) throw new RangeError(`${param}: a ${model.variant} network has no such parameter`);
  if (spec.kind === 'initial') {
    if (t === 1) vecAdd(out, 0, g.grads[param]!, 0, H);
    return;
  }
  const d = g.factors[spec.factor!]!;
  const ro = (t - 1) * H;
  switch (spec.kind) {
    case 'bias':
      vecAdd(out, 0, d, ro, H);
      return;
    case 'input':
      addInputGrad(out, H, n, model.sequence.inputs, t, d, ro);
      return;
    case 'recurrent':
      outerAdd(out, H, H, d, ro, f.h, (t - 1) * H);
      return;
    case 'feedback':
      if (t === 1) return;
      if (model.feedback === 'teacher') columnAdd(out, H, K, model.sequence.targets[t - 2]!, d, ro);
      else outerAdd(out, H, K, d, ro, model.feedback === 'logits' ? f.o : f.yhat, (t - 2) * K);
      return;
  }
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
