/** The input term of a cell, U x(t), and its gradient, for token ids (one-hot x) and dense inputs alike. */
import { columnAdd, matVecAdd, outerAdd } from '../kernels';
import type { Inputs } from '../model';

/** out[oo..oo+H) += U x(t), U being H x n. */
export function addInput(out: Float64Array, oo: number, U: Float64Array, H: number, n: number, inputs: Inputs, t: number): void {
  if (inputs.kind === 'tokens') {
    const id = inputs.ids[t - 1]!;
    for (let i = 0; i < H; i++) out[oo + i] = out[oo + i]! + U[i * n + id]!;
  } else {
    matVecAdd(out, oo, U, H, n, inputs.values, (t - 1) * n);
  }
}

/** dU += g x(t)^T, g being H entries at g[go..]. */
export function addInputGrad(dU: Float64Array, H: number, n: number, inputs: Inputs, t: number, g: Float64Array, go: number): void {
  if (inputs.kind === 'tokens') columnAdd(dU, H, n, inputs.ids[t - 1]!, g, go);
  else outerAdd(dU, H, n, g, go, inputs.values, (t - 1) * n);
}

/** The logistic sigmoid 1 / (1 + e^-x), without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
