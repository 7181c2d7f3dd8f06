/** What one finger on the graph means on a page that scrolls: undecided, a pan of the graph, or a scroll of the page. */
import { describe, expect, it } from 'vitest';
import { TOUCH_SLOP, oneFingerIntent } from '../../../src/components/graph/touchIntent';

describe('oneFingerIntent', () => {
  it('is undecided while the finger is within the slop', () => {
    expect(oneFingerIntent(0, 0)).toBe('undecided');
    expect(oneFingerIntent(TOUCH_SLOP * 0.6, TOUCH_SLOP * 0.6)).toBe('undecided');
  });

  it('pans the graph when the move is mostly across, either way', () => {
    expect(oneFingerIntent(20, 5)).toBe('pan');
    expect(oneFingerIntent(-20, -19)).toBe('pan');
  });

  it('scrolls the page when the move is mostly up or down (a diagonal too)', () => {
    expect(oneFingerIntent(3, -20)).toBe('scroll');
    expect(oneFingerIntent(-10, 40)).toBe('scroll');
    expect(oneFingerIntent(15, 15)).toBe('scroll');
  });
});
