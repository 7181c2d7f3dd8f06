/**
 * `gru-update` (chapter 12, number): a GRU over tau = 3..6 steps, the cursor at step t-1 (t >= 2)
 * with h(t-1) shown; "with u_i(t) and z_i(t) as given, what will h_i(t) be?"
 * (h(t) = u(t) * h(t-1) + (1 - u(t)) * z(t): the update gate chooses between the past and the
 * candidate). The answer is the engine's h_i(t); the explanation's kept and taken parts are the
 * cell equation's terms (nodes.ts). Tolerance: 0.005 absolute.
 */
import { nodeId } from '../layout/ids';
import { gatedStep, termEntries } from './nodes';
import type { GruUpdate } from './types';

/** Within 0.005 of the engine's h_i(t). */
export const GRU_UPDATE_TOLERANCE = { kind: 'absolute', within: 0.005 } as const;
/** What it is: its id, its kind, the tour's chapter it ends. */
export const GRU_UPDATE = { id: 'gru-update', kind: 'number', chapter: 12 } as const;

/** The GRU exercise of a seed. */
export function gruUpdate(seed: number): GruUpdate {
  const { model, trace, t, i, at } = gatedStep(seed, 'gru');
  const [kept, taken] = termEntries(model, trace, 'h', t, i) as [number, number];
  const gate = { u: at('u', t), z: at('z', t) };
  return {
    ...GRU_UPDATE, seed, model,
    question: { key: 'gru-update.question', params: { t, i, ...gate } },
    scene: { position: t - 1, reveal: t, selected: nodeId('h', t - 1) },
    answer: at('h', t),
    tolerance: GRU_UPDATE_TOLERANCE,
    explanation: { key: 'gru-update.explanation', params: { t, i, ...gate, prev: at('h', t - 1), kept, taken, h: at('h', t) } },
  };
}

/** One line in English, for tests and the command line. */
export function describeGruUpdate(e: GruUpdate): string {
  const { t, i, u, z, prev } = e.explanation.params;
  return `h_${i}(${t}) = ${u.toFixed(4)} * ${prev.toFixed(4)} + (1 - ${u.toFixed(4)}) * ${z.toFixed(4)} = ${e.answer.toFixed(4)} (within ${GRU_UPDATE_TOLERANCE.within})`;
}
