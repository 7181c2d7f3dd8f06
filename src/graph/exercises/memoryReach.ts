/**
 * `memory-reach` (chapter 10, choose): a seeded Elman network (full BPTT or a truncation window
 * k = 2..3) or Jordan network (fed back o, yhat, or the true y: teacher forcing) over tau = 5..8
 * steps; "does o(s) depend on x(1), and does the gradient of L(s) reach h(1)?" for a drawn s >= 2.
 * The network's forward pass carries x(1) to every later step through h (the memory that
 * "universal" needs: the right weights exist), unless the only path across time is data (teacher
 * forcing); whether training sees that path is another matter: a truncated gradient stops at the
 * cut. Both answers are the engine's: o(s) recomputed with x(1) another token (forward), and the
 * crossing rule (reach.ts). "gradient only" is never right: the gradient runs back along the paths
 * the values came forward by.
 */
import type { Feedback, Model } from '../../engine/index';
import { forward, initModel, outputRow } from '../../engine/index';
import { nodeId } from '../layout/ids';
import { drawOf } from './draw';
import { firstReached } from './reach';
import type { MemoryReach, MemoryReachOption } from './types';

/** What it is: its id, its kind, the tour's chapter it ends. */
export const MEMORY_REACH = { id: 'memory-reach', kind: 'choose', chapter: 10 } as const;

/** The options, in the order the page lists them. */
export const MEMORY_REACH_OPTIONS: readonly MemoryReachOption[] = ['both', 'value only', 'gradient only', 'neither'];

/** The networks drawn: Elman with full or truncated BPTT, Jordan with each feedback (truncation and teacher forcing twice, so that every answer comes up often). */
const NETWORKS: readonly { readonly feedback: Feedback | null; readonly truncated: boolean }[] = [
  { feedback: null, truncated: false }, { feedback: null, truncated: true }, { feedback: null, truncated: true },
  { feedback: 'logits', truncated: false }, { feedback: 'softmax', truncated: false }, { feedback: 'teacher', truncated: false }, { feedback: 'teacher', truncated: false },
];

/** The model with x(1) the next token (mod n). */
function otherFirstInput(model: Model): Model {
  const inputs = model.sequence.inputs;
  if (inputs.kind !== 'tokens') throw new Error('memory-reach: token inputs expected');
  const ids = Int32Array.from(inputs.ids);
  ids[0] = (ids[0]! + 1) % model.sizes.input;
  return { ...model, sequence: { ...model.sequence, inputs: { kind: 'tokens', ids } } };
}

/** The largest change of an entry of o(s) when x(1) is another token: 0 exactly when o(s) does not depend on x(1). */
function changeOf(model: Model, s: number): number {
  const K = model.sizes.output;
  const row = outputRow(model, s) * K;
  const before = forward(model).states.o;
  const after = forward(otherFirstInput(model)).states.o;
  let most = 0;
  for (let j = 0; j < K; j++) most = Math.max(most, Math.abs(after[row + j]! - before[row + j]!));
  return most;
}

/** The option of the two findings. */
const optionOf = (depends: boolean, reaches: boolean): MemoryReachOption =>
  (depends ? (reaches ? 'both' : 'value only') : reaches ? 'gradient only' : 'neither');

/** The memory-reach exercise of a seed. */
export function memoryReach(seed: number): MemoryReach {
  const draw = drawOf(seed);
  const { feedback, truncated } = draw.pick(NETWORKS);
  const tau = draw.int(5, 8);
  const s = draw.int(2, tau);
  const window = truncated ? draw.int(2, 3) : 0;
  // A feedback makes it Jordan's network, whose recurrence runs through its output.
  const model = initModel({
    variant: feedback === null ? 'elman' : 'jordan', ...(feedback === null ? {} : { feedback }), ...(window === 0 ? {} : { truncation: window }),
    input: draw.int(3, 4), hidden: draw.int(3, 4), output: draw.int(3, 4), length: tau, seed: draw.seed(),
  });
  const change = changeOf(model, s);
  const first = firstReached(model, s);
  const depends = change > 0;
  const reaches = first === 1;
  return {
    ...MEMORY_REACH, seed, model,
    question: { key: 'memory-reach.question', params: { s, tau, network: model.variant, feedback: feedback ?? '', window } },
    scene: { position: s, reveal: 2 * tau, selected: nodeId('o', s) },
    options: MEMORY_REACH_OPTIONS,
    answer: optionOf(depends, reaches),
    explanation: { key: 'memory-reach.explanation', params: { s, network: model.variant, feedback: feedback ?? '', window, depends, change, reaches, first } },
  };
}

/** One line in English, for tests and the command line. */
export function describeMemoryReach(e: MemoryReach): string {
  const { s, tau, feedback, window } = e.question.params;
  const what = feedback !== '' ? `Jordan (${feedback})` : window === 0 ? 'Elman, full BPTT' : `Elman, k = ${window}`;
  return `${what}, tau = ${tau}: o(${s}) on x(1), L(${s})'s gradient to h(1)? ${e.answer}`;
}
