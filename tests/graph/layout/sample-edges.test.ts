/**
 * Free running's edges in the unfolded graph: yhat(t-1) -> x(t) for each generated step t > p,
 * and none for the prompt's steps or an ordinary scene; labelled by the rule, carrying no gradient.
 */
import { describe, expect, it } from 'vitest';
import type { LayoutInput } from '../../../src/graph/layout/index';
import { SAMPLE_LABELS, edgeState, layoutCollisions, unfoldedLayout } from '../../../src/graph/layout/index';

const input = (more: Partial<LayoutInput> = {}): LayoutInput => ({ variant: 'elman', feedback: null, tau: 12, truncation: null, ...more });

describe('sample edges', () => {
  it('go from yhat(t-1) to x(t) for exactly the generated steps', () => {
    for (const variant of ['elman', 'jordan', 'lstm', 'gru'] as const) {
      for (const from of [2, 5, 12]) {
        const layout = unfoldedLayout(input({ variant, feedback: variant === 'jordan' ? 'softmax' : null, sampled: { from, rule: 'draw' } }));
        const edges = layout.edges.filter((e) => e.role === 'sample');
        const expected = Array.from({ length: 12 - from + 1 }, (_, i) => `yhat@${from + i - 1}->x@${from + i}`);
        expect(edges.map((e) => e.id), `${variant} from ${from}`).toEqual(expected);
        for (const e of edges) {
          expect(e.from).toBe(`yhat@${e.t - 1}`);
          expect(e.to).toBe(`x@${e.t}`);
          expect(e.cross).toBe(true);
          expect(e.label).toBe(SAMPLE_LABELS.draw);
          expect(e.carriesGradient).toBe(false);
          expect(e.path).toMatch(/^M[\d.,-]+C/);
        }
      }
    }
  });

  it('are absent from an ordinary scene, and say argmax when greedy', () => {
    expect(unfoldedLayout(input()).edges.some((e) => e.role === 'sample')).toBe(false);
    expect(unfoldedLayout(input({ sampled: null })).edges.some((e) => e.role === 'sample')).toBe(false);
    const greedy = unfoldedLayout(input({ sampled: { from: 4, rule: 'greedy' } })).edges.filter((e) => e.role === 'sample');
    expect(greedy.map((e) => e.label)).toEqual(new Array(9).fill('argmax'));
  });

  it('flow forward into their step, and carry nothing back in BPTT', () => {
    const edge = unfoldedLayout(input({ sampled: { from: 3, rule: 'draw' } })).edges.find((e) => e.id === 'yhat@4->x@5')!;
    expect(edgeState(edge, { phase: 'forward', t: 4 })).toBe('idle');
    expect(edgeState(edge, { phase: 'forward', t: 5 })).toBe('forward');
    expect(edgeState(edge, { phase: 'forward', t: 6 })).toBe('forward-done');
    expect(edgeState(edge, { phase: 'backward', t: 5 })).toBe('forward-done');
  });

  it('place their labels where they meet no box, name or other label', () => {
    for (const variant of ['elman', 'jordan', 'lstm', 'gru'] as const) {
      for (const rule of ['draw', 'greedy'] as const) {
        for (const opened of variant === 'lstm' || variant === 'gru' ? [false, true] : [false]) {
          const layout = unfoldedLayout(input({ variant, feedback: variant === 'jordan' ? 'teacher' : null, tau: 20, opened, sizes: { hidden: 8, output: 5 }, sampled: { from: 3, rule } }));
          const problems = layoutCollisions(layout);
          expect(problems.slice(0, 6), `${variant} ${rule} opened ${opened}`).toEqual([]);
        }
      }
    }
  });
});
