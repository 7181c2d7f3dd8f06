/** forward-entry: h_i(t) = tanh(b_i + (W h(t-1))_i + (U x(t))_i), predicted at step t-1, checked against the engine's pass. */
import { describe, expect, it } from 'vitest';
import { forward, traceOf } from '../../../src/engine/index';
import { FORWARD_ENTRY_TOLERANCE, forwardEntry, grade } from '../../../src/graph/exercises/index';
import { SEEDS, expectNumberGrades, prefixOf, shown } from './support';

/** A number as the page shows it: 4 significant digits. */

describe('forward-entry', () => {
  it("gives the model's own b_i, row i of W and U_{i,x(t)}, at step t-1 with h(t-1) selected", () => {
    for (const seed of SEEDS) {
      const e = forwardEntry(seed);
      const { t, i, b, w, u, token } = e.question.params;
      const { input: n, hidden: H } = e.model.sizes;
      const inputs = e.model.sequence.inputs;
      expect(e.model.variant).toBe('elman');
      expect(inputs.kind === 'tokens' && inputs.ids[t - 1]).toBe(token);
      expect(b).toBe(e.model.params.b![i]);
      expect(w).toEqual(Array.from(e.model.params.W!.subarray(i * H, (i + 1) * H)));
      expect(u).toBe(e.model.params.U![i * n + token]);
      expect(t).toBeGreaterThanOrEqual(2);
      expect(e.scene).toEqual({ position: t - 1, reveal: t, selected: `h@${t - 1}` });
      expect(e.tolerance).toEqual(FORWARD_ENTRY_TOLERANCE);
    }
  });

  it('answers h_i(t): the equation computed here from h(t-1), and the engine run on the first t steps alone', () => {
    for (const seed of SEEDS) {
      const e = forwardEntry(seed);
      const { t, i, b, w, u } = e.question.params;
      const H = e.model.sizes.hidden;
      const prev = traceOf(e.model).h.subarray((t - 1) * H, t * H);
      const a = b + w.reduce((sum, wj, j) => sum + wj * prev[j]!, 0) + u;
      expect(e.answer).toBeCloseTo(Math.tanh(a), 12);
      expect(e.answer).toBe(forward(prefixOf(e.model, t)).states.h[t * H + i]);
      const x = e.explanation.params;
      expect(x.a).toBeCloseTo(a, 12);
      expect(x.wh).toBeCloseTo(a - b - u, 12);
      expect(x.b + x.wh + x.u).toBeCloseTo(x.a, 12);
      expect(x.h).toBe(e.answer);
    }
  });

  it('grades the answer worked from the numbers as shown right, tanh forgotten wrong, NaN not a number', () => {
    for (const seed of SEEDS) {
      const e = forwardEntry(seed);
      const { t, b, w, u } = e.question.params;
      const H = e.model.sizes.hidden;
      const prev = Array.from(traceOf(e.model).h.subarray((t - 1) * H, t * H), shown);
      const a = shown(b) + w.reduce((sum, wj, j) => sum + shown(wj) * prev[j]!, 0) + shown(u);
      expectNumberGrades(e, Math.tanh(b + w.reduce((sum, wj, j) => sum + wj * traceOf(e.model).h[(t - 1) * H + j]!, 0) + u));
      expect(grade(e, { kind: 'number', value: Math.tanh(a) }).correct).toBe(true);
      if (Math.abs(a - e.answer) > 0.005) expect(grade(e, { kind: 'number', value: a }).correct).toBe(false);
    }
  });
});
