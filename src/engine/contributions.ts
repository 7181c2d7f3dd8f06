/**
 * Weight sharing made visible: each parameter gradient is a sum of one contribution per time
 * step, rebuilt on demand from the per-step factors dL/do(t), dL/da(t) and the stored states
 * (shared/MODEL.md), without keeping tau matrices.
 */
import { findNonFiniteCellGradient } from './cells/index';
import { columnAdd, firstNonFinite, matTVecAdd, outerAdd, vecAdd } from './kernels';
import type { ParamName } from './model';
import { paramNames } from './model';
import type { NonFinite } from './nonfinite';
import type { Pass } from './pass';
import { cellModelOf, outputRow } from './pass';

/**
 * Adds step t's contribution to dL/d(param) into `out` (shaped like the parameter):
 * c: dL/do(t); V: dL/do(t) h(t)^T; b: dL/da(t); U: dL/da(t) x(t)^T; W: dL/da(t) h(t-1)^T
 * (Jordan: dL/da(t) f(t-1)^T); h0: W^T dL/da(1) at t = 1. Needs step t's backward factors.
 */
export function addStepContribution(pass: Pass, param: ParamName, t: number, out: Float64Array): void {
  const { model, forward: f, backward: g } = pass;
  const { input: n, hidden: H, output: K } = model.sizes;
  const ro = (t - 1) * H;
  const row = outputRow(model, t);
  switch (param) {
    case 'c':
      if (row >= 0) vecAdd(out, 0, g.gO, row * K, K);
      return;
    case 'V':
      if (row >= 0) outerAdd(out, K, H, g.gO, row * K, f.h, t * H);
      return;
    case 'b':
      vecAdd(out, 0, g.gA, ro, H);
      return;
    case 'U': {
      const inputs = model.sequence.inputs;
      if (inputs.kind === 'tokens') columnAdd(out, H, n, inputs.ids[t - 1]!, g.gA, ro);
      else outerAdd(out, H, n, g.gA, ro, inputs.values, (t - 1) * n);
      return;
    }
    case 'W':
      if (model.variant !== 'jordan') outerAdd(out, H, H, g.gA, ro, f.h, (t - 1) * H);
      else if (t === 1) return;
      else if (model.feedback === 'teacher') columnAdd(out, H, K, model.sequence.targets[t - 2]!, g.gA, ro);
      else outerAdd(out, H, K, g.gA, ro, model.feedback === 'logits' ? f.o : f.yhat, (t - 2) * K);
      return;
    case 'h0': {
      if (t !== 1 || model.variant === 'jordan') return;
      matTVecAdd(out, 0, model.params.W!, H, H, g.gA, ro);
      return;
    }
    default:
      throw new RangeError(`${param}: per-step contributions are not computed for the ${model.variant} network yet`);
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
 * After backward steps tau..through whose per-step factors were all finite: the first parameter
 * gradient whose sum overflowed, at the step that made it so (the pass run again with every sum
 * checked, ./cells findNonFiniteCellGradient); null when every sum is finite.
 */
export function findNonFiniteGradient(pass: Pass, through = 1): NonFinite | null {
  const totals = paramNames(pass.model.variant).map((name) => pass.backward.grads[name]!);
  if (totals.every((g) => firstNonFinite(g, 0, g.length) < 0)) return null;
  return findNonFiniteCellGradient(cellModelOf(pass.model), through) as NonFinite | null;
}
