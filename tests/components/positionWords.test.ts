/**
 * The cursor in words: one cell's forward and BPTT steps, and a deep or bidirectional network's
 * layer and direction running with the column it computes (forward sweeps bottom up, forward
 * then reverse; BPTT the other way), in both languages.
 */
import { describe, expect, it } from 'vitest';
import { initModel } from '../../src/engine/index';
import { positionWords } from '../../src/components/positionWords';
import { transportMessages } from '../../src/i18n/messages/transport';

const en = transportMessages.en;
const model = (layers: number, bidirectional: boolean) => initModel({ variant: 'elman', input: 3, hidden: 2, output: 3, length: 3, seed: 1, layers, bidirectional });

describe('the cursor in words', () => {
  it('one cell: forward t, then BPTT t from tau down', () => {
    const m = initModel({ variant: 'elman', input: 3, hidden: 2, output: 3, length: 8, seed: 1 });
    expect([0, 3, 8, 9, 12, 16].map((p) => positionWords(en, m, p))).toEqual([
      'Forward t = 0 / 8', 'Forward t = 3 / 8', 'Forward t = 8 / 8', 'Backward t = 8 / 8', 'Backward t = 5 / 8', 'Backward t = 1 / 8',
    ]);
  });

  it('a 2-layer bidirectional network: each sweep\'s row and column, forward bottom up, BPTT top down', () => {
    const m = model(2, true);
    // F = 2 layers x 2 directions x tau 3 = 12.
    expect([0, 1, 3, 4, 6, 7, 12, 13, 15, 24].map((p) => positionWords(en, m, p))).toEqual([
      'Forward t = 0 / 3',
      'Forward h: t = 1 / 3', 'Forward h: t = 3 / 3',
      // The reverse direction starts at the sequence's end.
      'Forward ←h: t = 3 / 3', 'Forward ←h: t = 1 / 3',
      'Forward h₁: t = 1 / 3', 'Forward ←h₁: t = 1 / 3',
      // BPTT runs the last sweep first, each from its last own step: the reverse's from t = 1.
      'Backward ←h₁: t = 1 / 3', 'Backward ←h₁: t = 3 / 3',
      'Backward h: t = 1 / 3',
    ]);
    expect(positionWords(transportMessages.zh, m, 7)).toBe('前向传播 h₁：t = 1 / 3');
  });
});
