/**
 * The TensorFlow.js peer of the engine: the same forward pass and (truncated) BPTT of
 * shared/MODEL.md, written idiomatically in TF.js on its pure-JavaScript 'cpu' backend, in
 * float32, with autodiff (tf.valueAndGrads) instead of a hand-written backward pass.
 * Row vectors are [1, H]; matrices keep the engine's layout and are used with transposeB.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu'; // registers the pure-JavaScript 'cpu' backend
import type { Model } from '../src/engine/model';

/** The parameter names, as in the engine's Params. */
export type TfjsParamName = 'U' | 'W' | 'V' | 'b' | 'c' | 'h0';

/** Loss L, per-step losses L(t) and dL/dparam, flat row-major like the engine's Params. */
export interface TfjsResult {
  /** L = sum_t L(t). */
  readonly loss: number;
  /** L(t) for each step with an output (tau of them, or 1 for single output). */
  readonly stepLosses: Float64Array;
  /** dL/dU, dL/dW, dL/dV, dL/db, dL/dc, dL/dh0 (null for Jordan, which has no h0). */
  readonly grads: Record<TfjsParamName, Float64Array | null>;
}

/** Selects TF.js's pure-JavaScript CPU backend (no WebGL, no tfjs-node) and waits for it. */
export async function tfjsSetup(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('TF.js: the cpu backend failed to initialise');
  await tf.ready();
  tf.dispose(tf.scalar(0)); // the first upload prints the backend's one-time tfjs-node hint now, not mid-run
}

/** The identity op with a zero gradient (TF's stop_gradient, which TF.js lacks). */
const stopGradientOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0];
  if (!(x instanceof tf.Tensor)) throw new Error('stopGradient expects a tensor');
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/** Identity whose gradient is zero: no gradient crosses a truncation boundary. */
function stopGradient<T extends tf.Tensor>(x: T): T {
  return stopGradientOp(x) as T;
}

/** True when no gradient may cross from step t+1 back into step t (t a multiple of k). */
function cut(model: Model, t: number): boolean {
  return model.truncation !== null && t % model.truncation === 0;
}

/** U x(t) + b for every step, [tau, H]: a gather of U's columns for tokens, a matMul for dense. */
function inputTerms(model: Model, U: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const { inputs, length: tau } = model.sequence;
  const xu = inputs.kind === 'tokens'
    ? tf.transpose(tf.gather(U, tf.tensor1d(inputs.ids, 'int32'), 1))
    : tf.matMul(tf.tensor2d(Float32Array.from(inputs.values), [tau, model.sizes.input]), U, false, true);
  return tf.add(xu, b);
}

/**
 * The rows of [tau, H] as tau tensors [1, H]. tau = 1 skips tf.split: TF.js 4.22 hands the
 * gradient of a one-output split to its gradient function unwrapped, and it throws.
 */
function rows(x: tf.Tensor2D): tf.Tensor2D[] {
  const tau = x.shape[0];
  return tau === 1 ? [x] : tf.split(x, tau, 0);
}

/** Elman / single-output recurrence: the hidden states h(1..tau), each [1, H]. */
function hiddenRecurrence(model: Model, xu: tf.Tensor2D, W: tf.Tensor2D, h0: tf.Tensor2D): tf.Tensor2D[] {
  const steps = rows(xu);
  const hs: tf.Tensor2D[] = [];
  let prev = h0;
  steps.forEach((xut, i) => {
    const h = tf.tanh(tf.add<tf.Tensor2D>(xut, tf.matMul(prev, W, false, true)));
    hs.push(h);
    prev = cut(model, i + 1) ? stopGradient(h) : h;
  });
  return hs;
}

/** Jordan recurrence fed back by logits or softmax: the logits o(1..tau), [tau, K]. */
function jordanRecurrence(model: Model, xu: tf.Tensor2D, W: tf.Tensor2D, V: tf.Tensor2D, c: tf.Tensor1D): tf.Tensor2D {
  const steps = rows(xu);
  const os: tf.Tensor2D[] = [];
  let f: tf.Tensor2D = tf.zeros([1, model.sizes.output]);
  steps.forEach((xut, i) => {
    const h = tf.tanh(tf.add<tf.Tensor2D>(xut, tf.matMul(f, W, false, true)));
    const o = tf.add<tf.Tensor2D>(tf.matMul(h, V, false, true), c);
    os.push(o);
    const next = model.feedback === 'softmax' ? tf.softmax(o) : o;
    f = cut(model, i + 1) ? stopGradient(next) : next;
  });
  return tf.concat(os, 0);
}

/** Teacher-forced Jordan: f(t-1) = onehot(y(t-1)) is data, so all steps run as one batch. */
function teacherLogits(model: Model, xu: tf.Tensor2D, W: tf.Tensor2D, V: tf.Tensor2D, c: tf.Tensor1D): tf.Tensor2D {
  const { targets, length: tau } = model.sequence;
  const K = model.sizes.output;
  const prevTargets = tf.tensor1d(Int32Array.from([-1, ...targets.subarray(0, tau - 1)]), 'int32');
  const f = tf.oneHot(prevTargets, K, 1, 0, 'float32') as tf.Tensor2D; // id -1 gives a zero row: f(0) = 0
  const h = tf.tanh(tf.add<tf.Tensor2D>(xu, tf.matMul(f, W, false, true)));
  return tf.add(tf.matMul(h, V, false, true), c);
}

/** L(t) = -log softmax(o(t))[y(t)] for logits [T, K] and T targets. */
function crossEntropy(logits: tf.Tensor2D, targets: Int32Array, K: number): tf.Tensor1D {
  const picked = tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.tensor1d(targets, 'int32'), K, 1, 0, 'float32'));
  return tf.neg(tf.sum(picked, 1));
}

/** The per-step losses as a function of the parameters, in the order of `paramOrder`. */
function stepLossFn(model: Model): (...params: tf.Tensor[]) => tf.Tensor1D {
  return (...params) => {
    const [U, W, V, b, c, h0] = params as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor2D?];
    const { targets } = model.sequence;
    const K = model.sizes.output;
    const xu = inputTerms(model, U, b);
    if (model.variant === 'jordan') {
      const logits = model.feedback === 'teacher'
        ? teacherLogits(model, xu, W, V, c)
        : jordanRecurrence(model, xu, W, V, c);
      return crossEntropy(logits, targets, K);
    }
    if (h0 === undefined) throw new Error(`${model.variant} needs h0`);
    const hs = hiddenRecurrence(model, xu, W, h0);
    const top = model.variant === 'elman' ? tf.concat(hs, 0) : hs[hs.length - 1];
    if (top === undefined) throw new Error('empty sequence');
    return crossEntropy(tf.add(tf.matMul(top, V, false, true), c), targets, K);
  };
}

/** Parameters in the order stepLossFn takes them (Jordan has no h0). */
function paramOrder(model: Model): TfjsParamName[] {
  return model.variant === 'jordan' ? ['U', 'W', 'V', 'b', 'c'] : ['U', 'W', 'V', 'b', 'c', 'h0'];
}

/** One float32 tensor per parameter: U, W, V as in MODEL.md, b and c 1-D, h0 the row [1, H]. */
function paramTensors(model: Model, names: readonly TfjsParamName[]): tf.Tensor[] {
  const { input: n, hidden: H, output: K } = model.sizes;
  const matrices: Partial<Record<TfjsParamName, [number, number]>> = {
    U: [H, n], W: [H, model.variant === 'jordan' ? K : H], V: [K, H], h0: [1, H],
  };
  return names.map((name) => {
    const values = model.params[name];
    if (values === undefined) throw new Error(`${model.variant} has no ${name}`);
    const shape = matrices[name];
    return shape ? tf.tensor2d(Float32Array.from(values), shape) : tf.tensor1d(Float32Array.from(values));
  });
}

/** One forward pass and full (or truncated) BPTT in TF.js float32, for any variant. */
export function tfjsGradients(model: Model): TfjsResult {
  const names = paramOrder(model);
  const out = tf.tidy(() => {
    const params = paramTensors(model, names);
    const { value, grads } = tf.valueAndGrads(stepLossFn(model))(params); // dy = ones: dL/dparam
    return [value, ...grads];
  });
  try {
    const [value, ...grads] = out.map((t) => Float64Array.from(t.dataSync()));
    if (value === undefined) throw new Error('no loss');
    const result: Record<TfjsParamName, Float64Array | null> = { U: null, W: null, V: null, b: null, c: null, h0: null };
    names.forEach((name, i) => { result[name] = grads[i] ?? null; });
    return { loss: value.reduce((s, v) => s + v, 0), stepLosses: value, grads: result };
  } finally {
    tf.dispose(out);
  }
}
