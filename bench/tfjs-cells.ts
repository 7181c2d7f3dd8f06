/**
 * The TensorFlow.js peer of the gated cells (shared/MODEL.md "LSTM", "GRU"): the same forward
 * pass and BPTT, written idiomatically in TF.js on its pure-JavaScript 'cpu' backend, in
 * float32, with autodiff (tf.valueAndGrads): the gates' weights stacked into one matrix per
 * input (as nn.LSTM and nn.GRU store them), one matMul per step, then split. Token inputs,
 * every step read out, full BPTT.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import type { CellModel } from '../src/engine/cells/index';
import { cellParamNames, cellParamShape } from '../src/engine/cells/index';

/** The stacked gates of each cell: the row blocks of the input and recurrent matrices and of the bias, in order. */
const STACKS = {
  lstm: { U: ['Uf', 'Ug', 'Uq', 'U'], W: ['Wf', 'Wg', 'Wq', 'W'], b: ['bf', 'bg', 'bq', 'b'] },
  gru: { U: ['Uu', 'Ur', 'U'], W: ['Wu', 'Wr'], b: ['bu', 'br', 'b'] },
} as const;

/** L(t) = -log softmax(o(t))[y(t)] for logits [T, K]. */
function crossEntropy(logits: tf.Tensor2D, targets: Int32Array, K: number): tf.Tensor1D {
  const picked = tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.tensor1d(targets, 'int32'), K, 1, 0, 'float32'));
  return tf.neg(tf.sum(picked, 1));
}

/** The rows of x as [1, width] tensors. */
const rows = (x: tf.Tensor2D): tf.Tensor2D[] => (x.shape[0] === 1 ? [x] : tf.split(x, x.shape[0], 0));

/** The step losses of an LSTM or GRU model as a function of its parameters (in cellParamNames order). */
function stepLossFn(model: CellModel): (...params: tf.Tensor[]) => tf.Tensor1D {
  const names = cellParamNames(model.cell);
  const { inputs, targets } = model.sequence;
  if (inputs.kind !== 'tokens') throw new Error('the peer takes token inputs');
  const ids = tf.tensor1d(inputs.ids, 'int32');
  const H = model.sizes.hidden;
  return (...tensors) => {
    const p = Object.fromEntries(names.map((name, i) => [name, tensors[i]!])) as Record<string, tf.Tensor2D>;
    const name = model.cell.name as keyof typeof STACKS;
    const stack = STACKS[name];
    const U = tf.concat(stack.U.map((n) => p[n]!), 0); // [gH, n]
    const b = tf.concat(stack.b.map((n) => tf.reshape(p[n]!, [-1])), 0);
    const xu = tf.add(tf.transpose(tf.gather(U, ids, 1)), b) as tf.Tensor2D; // [tau, gH]
    const W = tf.concat(stack.W.map((n) => p[n]!), 0); // [gH or 2H, H]
    let h = tf.reshape(p.h0!, [1, H]) as tf.Tensor2D;
    let s = name === 'lstm' ? (tf.reshape(p.s0!, [1, H]) as tf.Tensor2D) : null;
    const hs: tf.Tensor2D[] = [];
    for (const x of rows(xu)) {
      if (name === 'lstm') {
        const [f, g, q, z] = tf.split(tf.add(x, tf.matMul(h, W, false, true)), 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        s = tf.add(tf.mul(tf.sigmoid(f), s!), tf.mul(tf.sigmoid(g), tf.tanh(z)));
        h = tf.mul(tf.tanh(s), tf.sigmoid(q));
      } else {
        const [xuu, xur, xz] = tf.split(x, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const [hu, hr] = tf.split(tf.matMul(h, W, false, true), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
        const u = tf.sigmoid(tf.add(xuu, hu));
        const r = tf.sigmoid(tf.add(xur, hr));
        const m = tf.add(tf.matMul(h, p.W!, false, true), tf.reshape(p.bh!, [1, H]));
        const z = tf.tanh(tf.add(xz, tf.mul(r, m)));
        h = tf.add(tf.mul(u, h), tf.mul(tf.sub(1, u), z));
      }
      hs.push(h);
    }
    const logits = tf.add(tf.matMul(tf.concat(hs, 0), p.V!, false, true), tf.reshape(p.c!, [-1])) as tf.Tensor2D;
    return crossEntropy(logits, targets, model.sizes.output);
  };
}

/** One forward pass and full BPTT in TF.js float32: L and dL/d(parameter) by name, flat row-major. */
export function tfjsCellGradients(model: CellModel): { loss: number; grads: Record<string, Float64Array> } {
  const names = cellParamNames(model.cell);
  const out = tf.tidy(() => {
    const params = names.map((name) => tf.tensor2d(Float32Array.from(model.params[name]!), cellParamShape(model.cell, model.sizes, name) as [number, number]));
    const { value, grads } = tf.valueAndGrads(stepLossFn(model))(params);
    return [value, ...grads];
  });
  try {
    const [value, ...grads] = out.map((t) => Float64Array.from(t.dataSync()));
    return { loss: value!.reduce((a, v) => a + v, 0), grads: Object.fromEntries(names.map((name, i) => [name, grads[i]!])) };
  } finally {
    tf.dispose(out);
  }
}
