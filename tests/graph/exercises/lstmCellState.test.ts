/** lstm-cell-state: s_i(t) = f_i(t) s_i(t-1) + g_i(t) z_i(t), predicted at step t-1, checked against the engine's pass. */
import { describe, expect, it } from 'vitest';
import { forward, traceOf } from '../../../src/engine/index';
import { LSTM_CELL_STATE_TOLERANCE, grade, lstmCellState } from '../../../src/graph/exercises/index';
import { SEEDS, expectNumberGrades, prefixOf, shown } from './support';

/** A number as the page shows it: 4 significant digits. */

/** Entry i of an LSTM node at step t: s in row t (row 0 is s(0)), the gates in row t-1 (cells/cell.ts). */
function entry(nodes: Readonly<Record<string, Float64Array>>, H: number, kind: string, t: number, i: number): number {
  return nodes[kind]![(kind === 's' || kind === 'h' ? t : t - 1) * H + i]!;
}

describe('lstm-cell-state', () => {
  it("gives the engine's gates of step t, at step t-1 with s(t-1) selected", () => {
    for (const seed of SEEDS) {
      const e = lstmCellState(seed);
      const { t, i, f, g, z } = e.question.params;
      const H = e.model.sizes.hidden;
      const { nodes } = traceOf(e.model);
      expect(e.model.variant).toBe('lstm');
      expect({ f, g, z }).toEqual({ f: entry(nodes, H, 'f', t, i), g: entry(nodes, H, 'g', t, i), z: entry(nodes, H, 'z', t, i) });
      expect(t).toBeGreaterThanOrEqual(2);
      expect(e.scene).toEqual({ position: t - 1, reveal: t, selected: `s@${t - 1}` });
      expect(e.tolerance).toEqual(LSTM_CELL_STATE_TOLERANCE);
    }
  });

  it('answers s_i(t): the equation computed here, and the engine run on the first t steps alone', () => {
    for (const seed of SEEDS) {
      const e = lstmCellState(seed);
      const { t, i, f, g, z } = e.question.params;
      const H = e.model.sizes.hidden;
      const prev = entry(traceOf(e.model).nodes, H, 's', t - 1, i);
      expect(e.answer).toBeCloseTo(f * prev + g * z, 12);
      expect(e.answer).toBe(entry(forward(prefixOf(e.model, t)).states.nodes, H, 's', t, i));
      const x = e.explanation.params;
      expect(x).toMatchObject({ t, i, f, g, z, prev, s: e.answer });
      expect(x.kept).toBeCloseTo(f * prev, 12);
      expect(x.written).toBeCloseTo(g * z, 12);
    }
  });

  it('grades the answer worked from the numbers as shown right, the input gate forgotten wrong, NaN not a number', () => {
    for (const seed of SEEDS) {
      const e = lstmCellState(seed);
      const { f, g, z } = e.question.params;
      const prev = shown(e.explanation.params.prev);
      expectNumberGrades(e, f * e.explanation.params.prev + g * z);
      expect(grade(e, { kind: 'number', value: shown(f) * prev + shown(g) * shown(z) }).correct).toBe(true);
      const forgot = f * prev + z;
      if (Math.abs(forgot - e.answer) > 0.005) expect(grade(e, { kind: 'number', value: forgot }).correct).toBe(false);
    }
  });
});
