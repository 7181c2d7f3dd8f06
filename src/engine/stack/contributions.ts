/**
 * Weight sharing in a deep or bidirectional network: each parameter gradient of a stack is a sum
 * of one contribution per step of the sequence, rebuilt on demand from a finished StackPass. A
 * layer's and direction's cell parameter gets its cell pass's own contribution (../cells
 * addCellContribution) at the pass's own step (the reverse direction's step tau + 1 - t); V and c
 * the output layer's at step t.
 */
import type { CellModelPass, ContributionValues } from '../cells/index';
import { addCellContribution } from '../cells/index';
import { outerAdd, vecAdd } from '../kernels';
import { directionsOf, parseStackParam, stackParamShape } from './names';
import type { StackPass } from './stack';
import { stepOf } from './stack';

/** What a cell pass's contributions are read from: its buffers, in its own time. */
const valuesOf = (pass: CellModelPass): ContributionValues => ({
  sizes: pass.model.sizes, inputs: pass.cell.inputs, targets: pass.cell.targets, feedback: pass.cell.feedback,
  h: pass.cell.nodes.h!, o: pass.o, yhat: pass.yhat, factors: pass.cell.factors, grads: pass.cell.grads,
});

/** What the output layer read at the end: [h_f(tau); h_b(1)] of the top layer (each direction's own last step), H dirs. */
function lastStates(pass: StackPass): Float64Array {
  const H = pass.model.sizes.hidden;
  const tau = pass.model.sequence.length;
  const last = new Float64Array(H * directionsOf(pass.model));
  pass.cells[pass.model.layers - 1]!.forEach((cell, d) => last.set(cell.cell.nodes.h!.subarray(tau * H, (tau + 1) * H), d * H));
  return last;
}

/**
 * Adds the sequence's step t's (1..tau) contribution to dL/d(param) into `out` (shaped like the
 * parameter): c: dL/do(t); V: dL/do(t) z(t)^T with z(t) the top layer's [h_f(t); h_b(t)] (read at
 * the end: only at t = tau, dL/do [h_f(tau); h_b(1)]^T); a cell parameter of layer l and a
 * direction: its cell pass's contribution at its own step. Summed over t, it is pass.grads[param].
 */
export function addStackStepContribution(pass: StackPass, param: string, t: number, out: Float64Array): void {
  const { model } = pass;
  const tau = model.sequence.length;
  if (!Number.isInteger(t) || t < 1 || t > tau) throw new RangeError(`step ${t} is not in 1..${tau}`);
  stackParamShape(model.cell, model.sizes, model, param); // refuses a name the stack has not, naming it
  const { hidden: H, output: K } = model.sizes;
  if (param === 'c' || param === 'V') {
    if (model.readout === 'last' && t !== tau) return;
    const row = model.readout === 'last' ? 0 : t - 1;
    const Z = H * directionsOf(model);
    if (param === 'c') vecAdd(out, 0, pass.gO, row * K, K);
    else if (model.readout === 'last') outerAdd(out, K, Z, pass.gO, 0, lastStates(pass), 0);
    else outerAdd(out, K, Z, pass.gO, row * K, pass.z[model.layers - 1]!, (t - 1) * Z);
    return;
  }
  const p = parseStackParam(model.cell, model, param)!;
  addCellContribution(model.cell, valuesOf(pass.cells[p.layer]![p.reverse ? 1 : 0]!), p.param, stepOf(p.reverse, tau, t), out);
}

/** The sequence's step t's contribution to dL/d(param) of a stack, as a new array shaped like the parameter. */
export function stackStepContribution(pass: StackPass, param: string, t: number): Float64Array {
  const [rows, cols] = stackParamShape(pass.model.cell, pass.model.sizes, pass.model, param);
  const out = new Float64Array(rows * cols);
  addStackStepContribution(pass, param, t, out);
  return out;
}
