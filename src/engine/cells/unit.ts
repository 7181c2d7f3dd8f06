/**
 * The affine unit every cell is made of: a pre-activation b + U x(t) + W h(t-1) (some units lack
 * U or W, e.g. the GRU's m(t) = W h(t-1) + bh), and the backward of it, written once for the cells.
 */
import { matVecAdd, matVecAdd3, matVecAdd4, outerAddAndMatTVecAdd, vecAdd } from '../kernels';
import type { CellPass } from './cell';
import { addInput, addInputGrad } from './input';

/** A unit's parameters by name: its bias, and its input (H x n) and recurrent (H x H) weights if it has them. */
export interface Unit {
  readonly b: string;
  readonly U?: string;
  readonly W?: string;
}

/** A unit and the node its pre-activation is written to (before the cell squashes it there). */
export interface NodeUnit extends Unit {
  readonly node: string;
}

/** A cell's units, with those among them that have recurrent weights: worked out once per cell, not per step. */
export interface UnitSet {
  readonly all: readonly NodeUnit[];
  readonly recurrent: readonly NodeUnit[];
}

/** The unit set of a cell's units. */
export const unitSet = (units: readonly NodeUnit[]): UnitSet => ({ all: units, recurrent: units.filter((u) => u.W !== undefined) });

/** out[(t-1) H ..] = b + U x(t): the unit's pre-activation at step t but for W h(t-1). */
function unitInput(p: CellPass, unit: Unit, out: Float64Array, t: number): void {
  const { input: n, hidden: H } = p.sizes;
  const ro = (t - 1) * H;
  out.set(p.params[unit.b]!, ro);
  if (unit.U) addInput(out, ro, p.params[unit.U]!, H, n, p.inputs, t);
}

/** out[(t-1) H ..] = b + U x(t) + W h(t-1): the unit's pre-activation at step t. */
export function unitForward(p: CellPass, unit: Unit, out: Float64Array, t: number): void {
  unitInput(p, unit, out, t);
  const H = p.sizes.hidden;
  if (unit.W) matVecAdd(out, (t - 1) * H, p.params[unit.W]!, H, H, p.nodes.h!, (t - 1) * H);
}

/**
 * Every unit's pre-activation at step t into its node, b + U x(t) + W h(t-1), the same bits as
 * unitForward on each: the W h(t-1) products of three or four units (the GRU's, the LSTM's) in
 * one pass over h(t-1) and the rows of their W (matVecAdd3, matVecAdd4).
 */
export function unitsForward(p: CellPass, units: UnitSet, t: number): void {
  const H = p.sizes.hidden;
  const ro = (t - 1) * H;
  const { nodes, params } = p;
  for (const unit of units.all) unitInput(p, unit, nodes[unit.node]!, t);
  const h = nodes.h!;
  const [a, b, c, d] = units.recurrent;
  if (a && b && c && d && units.recurrent.length === 4) {
    matVecAdd4(nodes[a.node]!, nodes[b.node]!, nodes[c.node]!, nodes[d.node]!, ro, params[a.W!]!, params[b.W!]!, params[c.W!]!, params[d.W!]!, H, H, h, ro);
  } else if (a && b && c && !d) {
    matVecAdd3(nodes[a.node]!, nodes[b.node]!, nodes[c.node]!, ro, params[a.W!]!, params[b.W!]!, params[c.W!]!, H, H, h, ro);
  } else {
    for (const unit of units.recurrent) matVecAdd(nodes[unit.node]!, ro, params[unit.W!]!, H, H, h, ro);
  }
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
