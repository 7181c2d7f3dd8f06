/** What the screen-reader announcer says at each position, per topology, in both languages. */
import { describe, expect, it } from 'vitest';
import { announcement, announcementText } from '../../../src/graph/explain/index';
import { announceMessages } from '../../../src/i18n/messages/announce';

const elman = { variant: 'elman', tau: 8 } as const;
const jordan = { variant: 'jordan', tau: 8 } as const;
const single = { variant: 'single-output', tau: 8 } as const;
const en = (shape: typeof elman | typeof jordan | typeof single, p: number) => announcementText(announcement(shape, p), announceMessages.en);
const zh = (shape: typeof elman | typeof jordan | typeof single, p: number) => announcementText(announcement(shape, p), announceMessages.zh);

describe('announcements', () => {
  it('says what the forward pass computed, with an output only where the step has one', () => {
    expect(en(elman, 3)).toBe('t = 3: h(3), o(3), ŷ(3), L(3) computed');
    expect(en(jordan, 3)).toBe('t = 3: h(3), o(3), ŷ(3), L(3) computed');
    expect(en(single, 3)).toBe('t = 3: h(3) computed');
    expect(en(single, 1)).toBe('t = 1: h(1) computed');
    expect(announcement(single, 8).computed).toEqual(['h(8)', 'o(8)', 'ŷ(8)', 'L(8)']);
  });

  it('says what BPTT computed, counting t down from tau', () => {
    // Position tau + 1 is BPTT's first step, t = tau; position 2 tau its last, t = 1.
    expect(en(elman, 9)).toBe('t = 8: dL/dh(8) computed (BPTT)');
    expect(en(elman, 12)).toBe('t = 5: dL/dh(5) computed (BPTT)');
    expect(announcement(jordan, 12)).toEqual({ phase: 'backward', t: 5, computed: ['dL/dh(5)'], milestone: null });
    expect(en(single, 12)).toBe('t = 5: dL/dh(5) computed (BPTT)');
  });

  it('says where the pass starts, turns to BPTT and ends', () => {
    expect(en(elman, 0)).toBe('Start: t = 0, nothing computed yet.');
    expect(en(jordan, 0)).toBe('Start: t = 0, nothing computed yet.');
    expect(en(elman, 8)).toBe('t = 8: h(8), o(8), ŷ(8), L(8) computed. Forward pass complete; BPTT comes next.');
    // The last BPTT step also gives dL/dh0, where there is an h(0): not in a Jordan network.
    expect(en(elman, 16)).toBe('t = 1: dL/dh(1), dL/dh(0) computed (BPTT). End of BPTT: every gradient computed.');
    expect(en(single, 16)).toBe('t = 1: dL/dh(1), dL/dh(0) computed (BPTT). End of BPTT: every gradient computed.');
    expect(en(jordan, 16)).toBe('t = 1: dL/dh(1) computed (BPTT). End of BPTT: every gradient computed.');
    expect(announcement(elman, 5).milestone).toBeNull();
  });

  it('clamps a position outside 0..2 tau', () => {
    expect(announcement(elman, -3)).toEqual(announcement(elman, 0));
    expect(announcement(elman, 99)).toEqual(announcement(elman, 16));
  });

  it('says the same in Simplified Chinese, with the symbols unchanged', () => {
    expect(zh(elman, 3)).toBe('t = 3：已计算 h(3)、o(3)、ŷ(3)、L(3)');
    expect(zh(elman, 12)).toBe('t = 5：已计算 dL/dh(5)（BPTT）');
    expect(zh(elman, 0)).toBe('开始：t = 0，尚未计算任何量。');
    expect(zh(jordan, 16)).toBe('t = 1：已计算 dL/dh(1)（BPTT）。BPTT 结束：所有梯度均已计算。');
  });
});
