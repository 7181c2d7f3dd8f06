/**
 * The output layer that every cell but Jordan's reads from h(t) (shared/MODEL.md):
 * o(t) = c + V h(t), yhat(t) = softmax(o(t)), L(t) = -log yhat(t)[y(t)], and backward
 * dL/do(t) = yhat(t) - onehot(y(t)), dL/dV += dL/do(t) h(t)^T, dL/dc += dL/do(t), dL/dh(t) += V^T dL/do(t).
 */
import { outerAddAndMatTVecAdd, matVecAdd, softmaxLoss, vecAdd } from '../kernels';

/** o(t) = c + V h(t) at row offset oo of o, from h[ho..ho+H). */
export function outputLogits(o: Float64Array, oo: number, V: Float64Array, c: Float64Array, K: number, H: number, h: Float64Array, ho: number): void {
  o.set(c, oo);
  matVecAdd(o, oo, V, K, H, h, ho);
}

/** yhat(t) = softmax(o(t)) at row offset oo; returns L(t) = -log yhat(t)[y]. */
export function outputLoss(yhat: Float64Array, o: Float64Array, oo: number, K: number, y: number): number {
  return softmaxLoss(yhat, oo, o, oo, K, y);
}

/** dL/do(t) = yhat(t) - onehot(y) into gO at oo. */
export function lossGradient(gO: Float64Array, yhat: Float64Array, oo: number, K: number, y: number): void {
  for (let k = 0; k < K; k++) gO[oo + k] = yhat[oo + k]!;
  gO[oo + y] = gO[oo + y]! - 1;
}

/** Step t's part of dL/dc and dL/dV, and dL/dh(t) += V^T dL/do(t) into gH at gho. */
export function outputBackward(
  gc: Float64Array, gV: Float64Array, gH: Float64Array, gho: number,
  V: Float64Array, K: number, H: number,
  gO: Float64Array, oo: number, h: Float64Array, ho: number,
): void {
  vecAdd(gc, 0, gO, oo, K);
  outerAddAndMatTVecAdd(gV, gH, gho, V, K, H, gO, oo, h, ho);
}
