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

/** A cell's units, with those among them that have input and recurrent weights: worked out once per cell, not per step. */
export interface UnitSet {
  readonly all: readonly NodeUnit[];
  /** The units with U. */
  readonly input: readonly NodeUnit[];
  /** The units with W. */
  readonly recurrent: readonly NodeUnit[];
}

/** The unit set of a cell's units. */
export const unitSet = (units: readonly NodeUnit[]): UnitSet => ({
  all: units, input: units.filter((u) => u.U !== undefined), recurrent: units.filter((u) => u.W !== undefined),
});

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
 * node(unit) rows at oo += P(unit) v for each unit, P its U or W (H x cols): three or four units
 * in one pass over v (matVecAdd3, matVecAdd4), each the same bits as matVecAdd alone.
 */
function productsAdd(p: CellPass, units: readonly NodeUnit[], weights: 'U' | 'W', oo: number, cols: number, v: Float64Array, vo: number): void {
  const { nodes, params } = p;
  const H = p.sizes.hidden;
  const [a, b, c, d] = units;
  if (a && b && c && d && units.length === 4) {
    matVecAdd4(nodes[a.node]!, nodes[b.node]!, nodes[c.node]!, nodes[d.node]!, oo, params[a[weights]!]!, params[b[weights]!]!, params[c[weights]!]!, params[d[weights]!]!, H, cols, v, vo);
  } else if (a && b && c && !d) {
    matVecAdd3(nodes[a.node]!, nodes[b.node]!, nodes[c.node]!, oo, params[a[weights]!]!, params[b[weights]!]!, params[c[weights]!]!, H, cols, v, vo);
  } else {
    for (const unit of units) matVecAdd(nodes[unit.node]!, oo, params[unit[weights]!]!, H, cols, v, vo);
  }
}

/**
 * Every unit's pre-activation at step t into its node, b + U x(t) + W h(t-1), the same bits as
 * unitForward on each: the biases, then the U x(t) (a column each for a token; for dense inputs
 * the products of three or four units in one pass over x(t)), then the W h(t-1) products of three
 * or four units (the GRU's, the LSTM's) in one pass over h(t-1) and the rows of their W.
 */
export function unitsForward(p: CellPass, units: UnitSet, t: number): void {
  const { input: n, hidden: H } = p.sizes;
  const ro = (t - 1) * H;
  const { nodes, params, inputs } = p;
  for (const unit of units.all) nodes[unit.node]!.set(params[unit.b]!, ro);
  if (inputs.kind === 'tokens') {
    for (const unit of units.input) addInput(nodes[unit.node]!, ro, params[unit.U!]!, H, n, inputs, t);
  } else {
    productsAdd(p, units.input, 'U', ro, n, inputs.values, (t - 1) * n);
  }
  productsAdd(p, units.recurrent, 'W', ro, H, nodes.h!, ro);
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
