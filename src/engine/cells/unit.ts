/**
 * The affine unit every cell is made of: a pre-activation b + U x(t) + W h(t-1) (some units lack
 * U or W, e.g. the GRU's m(t) = W h(t-1) + bh), and the backward of it, written once for the cells.
 */
import { matVecAdd, outerAddAndMatTVecAdd, vecAdd } from '../kernels';
import type { CellPass } from './cell';
import { addInput, addInputGrad } from './input';

/** A unit's parameters by name: its bias, and its input (H x n) and recurrent (H x H) weights if it has them. */
export interface Unit {
  readonly b: string;
  readonly U?: string;
  readonly W?: string;
}

/** out[(t-1) H ..] = b + U x(t) + W h(t-1): the unit's pre-activation at step t. */
export function unitForward(p: CellPass, unit: Unit, out: Float64Array, t: number): void {
  const { input: n, hidden: H } = p.sizes;
  const ro = (t - 1) * H;
  out.set(p.params[unit.b]!, ro);
  if (unit.U) addInput(out, ro, p.params[unit.U]!, H, n, p.inputs, t);
  if (unit.W) matVecAdd(out, ro, p.params[unit.W]!, H, H, p.nodes.h!, ro);
}

/**
 * Step t's part of the unit's gradients from d = dL/d(pre-activation)(t) (row t-1 of `d`):
 * db += d, dU += d x(t)^T, dW += d h(t-1)^T, and `carry` += W^T d, toward h(t-1).
 */
export function unitBackward(p: CellPass, unit: Unit, d: Float64Array, t: number, carry: Float64Array): void {
  const { input: n, hidden: H } = p.sizes;
  const ro = (t - 1) * H;
  vecAdd(p.grads[unit.b]!, 0, d, ro, H);
  if (unit.U) addInputGrad(p.grads[unit.U]!, H, n, p.inputs, t, d, ro);
  if (unit.W) outerAddAndMatTVecAdd(p.grads[unit.W]!, carry, 0, p.params[unit.W]!, H, H, d, ro, p.nodes.h!, ro);
}
