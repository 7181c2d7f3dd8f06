/**
 * Step t's contribution to the gradient of one of a cell's own parameters (not the output
 * layer's V and c), read from a finished pass's buffers by the parameter's description
 * (./cell.ts ParamSpec): one rule for a one-layer network's pass (../pass/contributions.ts) and
 * for every layer and direction of a stack (../stack/contributions.ts).
 */
import { columnAdd, outerAdd, vecAdd } from '../kernels';
import type { Feedback, Inputs, Sizes } from '../model';
import type { Cell } from './cell';
import { addInputGrad } from './input';

/** What a step's contribution is made of: the pass's buffers, rows as in ./cell.ts, steps in the pass's own time. */
export interface ContributionValues {
  /** n (what the cell reads: x(t), or z(t) of the layer under), H, K. */
  readonly sizes: Sizes;
  /** x(t) as the cell read it (a reversed direction: the sequence backwards). */
  readonly inputs: Inputs;
  /** y(t): what teacher forcing feeds back as f(t-1). */
  readonly targets: Int32Array;
  /** What Jordan's cell feeds back; null for the others. */
  readonly feedback: Feedback | null;
  /** h(t), (tau+1) x H, row t; row 0 the initial state. */
  readonly h: Float64Array;
  /** o(t) and yhat(t), m x K, row t-1: what Jordan's cell feeds back as f(t). */
  readonly o: Float64Array;
  readonly yhat: Float64Array;
  /** The backward factors d(t), tau x H, row t-1. */
  readonly factors: Readonly<Record<string, Float64Array>>;
  /** dL/d(parameter) summed over the pass: an initial state's is all at step 1. */
  readonly grads: Readonly<Record<string, Float64Array>>;
}

/**
 * Adds step t's contribution to dL/d(param) into `out` (shaped like the parameter): a bias: its
 * factor d(t); input weights: d(t) x(t)^T; recurrent weights: d(t) h(t-1)^T; Jordan's feedback
 * weights: d(t) f(t-1)^T (nothing at t = 1); an initial state (h0, s0): all of its gradient, at
 * t = 1. Needs step t's backward factors.
 */
export function addCellContribution(cell: Cell, v: ContributionValues, param: string, t: number, out: Float64Array): void {
  const { input: n, hidden: H, output: K } = v.sizes;
  const spec = cell.params.find((p) => p.name === param);
  if (!spec) throw new RangeError(`${param}: the ${cell.name} cell has no such parameter`);
  if (spec.kind === 'initial') {
    if (t === 1) vecAdd(out, 0, v.grads[param]!, 0, H);
    return;
  }
  const d = v.factors[spec.factor!]!;
  const ro = (t - 1) * H;
  switch (spec.kind) {
    case 'bias':
      vecAdd(out, 0, d, ro, H);
      return;
    case 'input':
      addInputGrad(out, H, n, v.inputs, t, d, ro);
      return;
    case 'recurrent':
      outerAdd(out, H, H, d, ro, v.h, (t - 1) * H);
      return;
    case 'feedback':
      if (t === 1) return;
      if (v.feedback === 'teacher') columnAdd(out, H, K, v.targets[t - 2]!, d, ro);
      else outerAdd(out, H, K, d, ro, v.feedback === 'logits' ? v.o : v.yhat, (t - 2) * K);
      return;
  }
}
