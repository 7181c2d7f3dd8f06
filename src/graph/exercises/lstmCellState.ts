/**
 * `lstm-cell-state` (chapter 11, number): an LSTM over tau = 3..6 steps, the cursor at step t-1
 * (t >= 2) with s(t-1) shown; "with f_i(t), g_i(t) and z_i(t) as given, what will s_i(t) be?"
 * (s(t) = f(t) * s(t-1) + g(t) * z(t), the cell state's path). The answer is the engine's s_i(t);
 * the explanation's kept and written parts are the cell equation's terms (nodes.ts).
 * Tolerance: 0.005 absolute.
 */
import { nodeId } from '../layout/ids';
import { gatedStep, termEntries } from './nodes';
import type { LstmCellState } from './types';

/** Within 0.005 of the engine's s_i(t). */
export const LSTM_CELL_STATE_TOLERANCE = { kind: 'absolute', within: 0.005 } as const;
/** What it is: its id, its kind, the tour's chapter it ends. */
export const LSTM_CELL_STATE = { id: 'lstm-cell-state', kind: 'number', chapter: 11 } as const;

/** The LSTM exercise of a seed. */
export function lstmCellState(seed: number): LstmCellState {
  const { model, trace, t, i, at } = gatedStep(seed, 'lstm');
  const [kept, written] = termEntries(model, trace, 's', t, i) as [number, number];
  const gates = { f: at('f', t), g: at('g', t), z: at('z', t) };
  return {
    ...LSTM_CELL_STATE, seed, model,
    question: { key: 'lstm-cell-state.question', params: { t, i, ...gates } },
    scene: { position: t - 1, reveal: t, selected: nodeId('s', t - 1) },
    answer: at('s', t),
    tolerance: LSTM_CELL_STATE_TOLERANCE,
    explanation: { key: 'lstm-cell-state.explanation', params: { t, i, ...gates, prev: at('s', t - 1), kept, written, s: at('s', t) } },
  };
}

/** One line in English, for tests and the command line. */
export function describeLstmCellState(e: LstmCellState): string {
  const { t, i, f, g, z, prev } = e.explanation.params;
  return `s_${i}(${t}) = ${f.toFixed(4)} * ${prev.toFixed(4)} + ${g.toFixed(4)} * ${z.toFixed(4)} = ${e.answer.toFixed(4)} (within ${LSTM_CELL_STATE_TOLERANCE.within})`;
}
