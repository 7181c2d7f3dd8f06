/**
 * `forward-entry` (chapter 2, number): an Elman (tanh) network with every parameter drawn
 * (biases and h0 too) over tau = 4..8 steps, the cursor at step t-1 (t >= 2) with h(t-1) shown;
 * "given b_i, row i of W and U_{i,x(t)}, what will h_i(t) be?" (equations 10.8-10.9). The answer
 * is the engine's h_i(t); the explanation's terms are the engine's a_i(t) split into b_i,
 * U_{i,x(t)} and what is left, (W h(t-1))_i. Tolerance: 0.005 absolute.
 */
import { forward, initModel } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf, rowOf } from './draw';
import type { ForwardEntry } from './types';

/** Within 0.005 of the engine's h_i(t). */
export const FORWARD_ENTRY_TOLERANCE = { kind: 'absolute', within: 0.005 } as const;
/** What it is: its id, its kind, the tour's chapter it ends. */
export const FORWARD_ENTRY = { id: 'forward-entry', kind: 'number', chapter: 2 } as const;

/** The forward-entry exercise of a seed. */
export function forwardEntry(seed: number): ForwardEntry {
  const draw = drawOf(seed);
  const tau = draw.int(4, 8);
  const H = draw.int(2, 3);
  const n = draw.int(3, 4);
  const model = initModel({ variant: 'elman', input: n, hidden: H, output: draw.int(3, 4), length: tau, seed: draw.seed(), scheme: 'uniform' });
  const t = draw.int(2, tau);
  const i = draw.int(0, H - 1);
  const inputs = model.sequence.inputs;
  if (inputs.kind !== 'tokens') throw new Error('forward-entry: token inputs expected');
  const token = inputs.ids[t - 1]!;
  const { W, U, b: bias } = model.params;
  const b = bias![i]!;
  const u = U![i * n + token]!;
  // The engine's pass (trace.a, trace.h), not the equation written again.
  const { a: as, h: hs } = forward(model).states;
  const a = as[(t - 1) * H + i]!;
  const h = hs[t * H + i]!;
  return {
    ...FORWARD_ENTRY, seed, model,
    question: { key: 'forward-entry.question', params: { t, i, b, w: rowOf(W!, i, H), u, token } },
    scene: { position: t - 1, reveal: t, selected: nodeId('h', t - 1) },
    answer: h,
    tolerance: FORWARD_ENTRY_TOLERANCE,
    explanation: { key: 'forward-entry.explanation', params: { t, i, b, wh: a - b - u, u, a, h } },
  };
}

/** One line in English, for tests and the command line. */
export function describeForwardEntry(e: ForwardEntry): string {
  const { t, i, b, wh, u, a } = e.explanation.params;
  return `h_${i}(${t}) = tanh(${b.toFixed(4)} + ${wh.toFixed(4)} + ${u.toFixed(4)}) = tanh(${a.toFixed(4)}) = ${e.answer.toFixed(4)} (within ${FORWARD_ENTRY_TOLERANCE.within})`;
}
