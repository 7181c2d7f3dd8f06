/** gru-update: h_i(t) = u_i(t) h_i(t-1) + (1 - u_i(t)) z_i(t), predicted at step t-1, checked against the engine's pass. */
import { describe, expect, it } from 'vitest';
import { forward, traceOf } from '../../../src/engine/index';
import { GRU_UPDATE_TOLERANCE, grade, gruUpdate } from '../../../src/graph/exercises/index';
import { SEEDS, expectNumberGrades, prefixOf, shown } from './support';

/** A number as the page shows it: 4 significant digits. */

/** Entry i of a GRU node at step t: h in row t (row 0 is h(0)), the gates in row t-1 (cells/cell.ts). */
function entry(nodes: Readonly<Record<string, Float64Array>>, H: number, kind: string, t: number, i: number): number {
  return nodes[kind]![(kind === 'h' ? t : t - 1) * H + i]!;
}

describe('gru-update', () => {
  it("gives the engine's update gate and candidate of step t, at step t-1 with h(t-1) selected", () => {
    for (const seed of SEEDS) {
      const e = gruUpdate(seed);
      const { t, i, u, z } = e.question.params;
      const H = e.model.sizes.hidden;
      const { nodes } = traceOf(e.model);
      expect(e.model.variant).toBe('gru');
      expect({ u, z }).toEqual({ u: entry(nodes, H, 'u', t, i), z: entry(nodes, H, 'z', t, i) });
      expect(t).toBeGreaterThanOrEqual(2);
      expect(e.scene).toEqual({ position: t - 1, reveal: t, selected: `h@${t - 1}` });
      expect(e.tolerance).toEqual(GRU_UPDATE_TOLERANCE);
    }
  });

  it('answers h_i(t): the equation computed here, and the engine run on the first t steps alone', () => {
    for (const seed of SEEDS) {
      const e = gruUpdate(seed);
      const { t, i, u, z } = e.question.params;
      const H = e.model.sizes.hidden;
      const prev = entry(traceOf(e.model).nodes, H, 'h', t - 1, i);
      expect(e.answer).toBeCloseTo(u * prev + (1 - u) * z, 12);
      expect(e.answer).toBe(entry(forward(prefixOf(e.model, t)).states.nodes, H, 'h', t, i));
      expect(e.answer).toBe(traceOf(e.model).h[t * H + i]);
      const x = e.explanation.params;
      expect(x).toMatchObject({ t, i, u, z, prev, h: e.answer });
      expect(x.kept).toBeCloseTo(u * prev, 12);
      expect(x.taken).toBeCloseTo((1 - u) * z, 12);
    }
  });

  it('grades the answer worked from the numbers as shown right, u and 1 - u swapped wrong, NaN not a number', () => {
    for (const seed of SEEDS) {
      const e = gruUpdate(seed);
      const { u, z } = e.question.params;
      const prev = shown(e.explanation.params.prev);
      expectNumberGrades(e, u * e.explanation.params.prev + (1 - u) * z);
      expect(grade(e, { kind: 'number', value: shown(u) * prev + (1 - shown(u)) * shown(z) }).correct).toBe(true);
      const swapped = (1 - u) * prev + u * z;
      if (Math.abs(swapped - e.answer) > 0.005) expect(grade(e, { kind: 'number', value: swapped }).correct).toBe(false);
    }
  });
});
