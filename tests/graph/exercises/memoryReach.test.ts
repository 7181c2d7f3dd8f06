/** memory-reach: whether o(s) depends on x(1) (every other token tried) and whether L(s)'s gradient reaches h(1) (the engine's passes). */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/engine/index';
import { forward, outputRow } from '../../../src/engine/index';
import { MEMORY_REACH_OPTIONS, memoryReach } from '../../../src/graph/exercises/index';
import { expectChoiceGrades, normsFromLoss } from './support';

/** More seeds than SEEDS, so that every network is drawn. */
const MORE = Array.from({ length: 40 }, (_, i) => i + 1);

/** Whether o(s) changes for some other token as x(1). */
function dependsOnFirst(model: Model, s: number): boolean {
  const inputs = model.sequence.inputs;
  if (inputs.kind !== 'tokens') throw new Error('token inputs expected');
  const K = model.sizes.output;
  const row = outputRow(model, s) * K;
  const o = forward(model).states.o.subarray(row, row + K);
  return Array.from({ length: model.sizes.input }, (_, id) => id).filter((id) => id !== inputs.ids[0]).some((id) => {
    const ids = Int32Array.from(inputs.ids);
    ids[0] = id;
    const other = forward({ ...model, sequence: { ...model.sequence, inputs: { kind: 'tokens', ids } } }).states.o.subarray(row, row + K);
    return other.some((v, j) => v !== o[j]);
  });
}

describe('memory-reach', () => {
  it('draws Elman networks (full and truncated) and Jordan networks (every feedback), asking about a step s >= 2', () => {
    const drawn = new Set<string>();
    for (const seed of MORE) {
      const e = memoryReach(seed);
      const { s, tau, network, feedback, window } = e.question.params;
      drawn.add(network === 'jordan' ? feedback : window === 0 ? 'full' : 'truncated');
      expect(e.model.variant).toBe(network);
      expect(e.model.feedback).toBe(network === 'jordan' ? feedback : null);
      expect(e.model.truncation).toBe(window === 0 ? null : window);
      expect(s).toBeGreaterThanOrEqual(2);
      expect(s).toBeLessThanOrEqual(tau);
      expect(e.options).toEqual(MEMORY_REACH_OPTIONS);
      expect(e.scene).toEqual({ position: s, reveal: 2 * tau, selected: `o@${s}` });
    }
    expect([...drawn].sort()).toEqual(['full', 'logits', 'softmax', 'teacher', 'truncated']);
  });

  it("answers by what the engine computes: o(s) with every other x(1), and L(s)'s gradient at h(1)", () => {
    const answers = new Set<string>();
    for (const seed of MORE) {
      const e = memoryReach(seed);
      const { s, network, feedback, window } = e.question.params;
      const depends = dependsOnFirst(e.model, s);
      const reaches = normsFromLoss(e.model, s)[0]! > 0;
      expect(e.answer).toBe(depends ? (reaches ? 'both' : 'value only') : reaches ? 'gradient only' : 'neither');
      answers.add(e.answer);
      // What chapter 10 says: only teacher forcing cuts the forward memory; truncation cuts the gradient alone.
      expect(depends).toBe(feedback !== 'teacher');
      expect(reaches).toBe(network === 'jordan' ? feedback !== 'teacher' : window === 0 || s <= window);
      const x = e.explanation.params;
      expect(x).toMatchObject({ s, network, feedback, window, depends, reaches });
      expect(x.change > 0).toBe(depends);
      expect(x.first === 1).toBe(reaches);
    }
    expect([...answers].sort()).toEqual(['both', 'neither', 'value only']);
  });

  it('grades the answer right and every other option wrong, naming both; nothing chosen is no answer', () => {
    for (const seed of MORE) expectChoiceGrades(memoryReach(seed));
  });
});
