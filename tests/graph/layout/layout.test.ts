/** The unfolded layout and its animation state, without a browser. */
import { describe, expect, it } from 'vitest';
import type { Feedback, Variant } from '../../../src/engine/index';
import { MIN_WAVE_MS, WAVE_MS, cursorAt, edgeState, graphState, nodeState, stepFlow, waveMs } from '../../../src/graph/layout/index';
import { foldedActive, foldedLayout } from '../../../src/graph/layout/index';
import type { LayoutInput } from '../../../src/graph/layout/index';
import { unfoldedLayout } from '../../../src/graph/layout/index';

const layoutOf = (variant: Variant, tau: number, feedback: Feedback | null = null, truncation: number | null = null) =>
  unfoldedLayout({ variant, feedback: variant === 'jordan' ? (feedback ?? 'logits') : null, tau, truncation } satisfies LayoutInput);
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

describe('unfolded layout', () => {
  it('Elman: six nodes per step plus h(0); U, W, V, softmax, loss and target edges', () => {
    const l = layoutOf('elman', 4);
    expect(l.nodes).toHaveLength(1 + 6 * 4);
    expect(l.edges).toHaveLength(6 * 4);
    expect(ids(l.edges)).toContain('h@0->h@1');
    expect(ids(l.edges)).toContain('h@3->h@4');
    expect(ids(l.edges).filter((e) => e.startsWith('o@') && e.includes('->h@'))).toEqual([]);
  });

  it('Jordan: o(t-1) -> h(t) edges, no h -> h and no h(0)', () => {
    const l = layoutOf('jordan', 5);
    expect(ids(l.nodes)).not.toContain('h@0');
    expect(ids(l.edges).filter((e) => /^h@\d+->h@/.test(e))).toEqual([]);
    expect(ids(l.edges).filter((e) => /^o@\d+->h@/.test(e))).toEqual(['o@1->h@2', 'o@2->h@3', 'o@3->h@4', 'o@4->h@5']);
  });

  it('single output: o, yhat, L, y only at the last step', () => {
    const l = layoutOf('single-output', 6);
    for (const kind of ['o', 'yhat', 'L', 'y']) expect(ids(l.nodes).filter((n) => n.startsWith(`${kind}@`))).toEqual([`${kind}@6`]);
    expect(l.nodes).toHaveLength(1 + 2 * 6 + 4);
  });

  it('teacher forcing cuts every o -> h feedback and feeds y(t-1) forward instead', () => {
    const l = layoutOf('jordan', 4, 'teacher');
    const feedback = l.edges.filter((e) => /^o@\d+->h@/.test(e.id));
    expect(feedback.every((e) => e.cut === 'teacher' && !e.carriesForward)).toBe(true);
    expect(ids(l.edges).filter((e) => /^y@\d+->h@/.test(e))).toEqual(['y@1->h@2', 'y@2->h@3', 'y@3->h@4']);
    const fed = l.edges.find((e) => e.id === 'y@2->h@3')!;
    expect(fed.carriesGradient).toBe(false);
    expect(edgeState(fed, cursorAt(5, 4))).toBe('forward-done');
  });

  it('truncation k cuts the cross-time edges leaving steps k, 2k, ...', () => {
    const l = layoutOf('elman', 7, null, 3);
    expect(l.edges.filter((e) => e.cut === 'truncation').map((e) => e.id)).toEqual(['h@3->h@4', 'h@6->h@7']);
    const j = layoutOf('jordan', 5, 'softmax', 2);
    expect(j.edges.filter((e) => e.cut === 'truncation').map((e) => e.id)).toEqual(['o@2->h@3', 'o@4->h@5']);
  });

  it('is deterministic: the same input gives the same paths', () => {
    expect(layoutOf('elman', 9)).toEqual(layoutOf('elman', 9));
  });
});

describe('animation state', () => {
  const l = layoutOf('elman', 3);
  const node = (id: string) => l.nodes.find((n) => n.id === id)!;
  const edge = (id: string) => l.edges.find((e) => e.id === id)!;

  it('reads a position as a phase and a step', () => {
    expect([0, 2, 3, 4, 6].map((p) => cursorAt(p, 3))).toEqual([
      { phase: 'forward', t: 0 }, { phase: 'forward', t: 2 }, { phase: 'forward', t: 3 }, { phase: 'backward', t: 3 }, { phase: 'backward', t: 1 },
    ]);
  });

  it('fills values left to right, then gradients right to left', () => {
    expect(nodeState(node('h@2'), cursorAt(1, 3))).toEqual({ value: false, gradient: false, active: false });
    expect(nodeState(node('h@2'), cursorAt(2, 3))).toEqual({ value: true, gradient: false, active: true });
    expect(nodeState(node('h@2'), cursorAt(4, 3))).toEqual({ value: true, gradient: false, active: false });
    expect(nodeState(node('h@2'), cursorAt(5, 3))).toEqual({ value: true, gradient: true, active: true });
    expect(nodeState(node('x@2'), cursorAt(6, 3)).gradient).toBe(false);
    expect(nodeState(node('h@0'), cursorAt(6, 3))).toEqual({ value: true, gradient: true, active: true });
  });

  it('flows forward into the active step, then backward out of it', () => {
    expect(edgeState(edge('h@1->h@2'), cursorAt(2, 3))).toBe('forward');
    expect(edgeState(edge('h@1->h@2'), cursorAt(3, 3))).toBe('forward-done');
    expect(edgeState(edge('h@1->h@2'), cursorAt(5, 3))).toBe('backward');
    expect(edgeState(edge('h@1->h@2'), cursorAt(6, 3))).toBe('backward-done');
    expect(edgeState(edge('h@2->h@3'), cursorAt(1, 3))).toBe('idle');
    const cut = layoutOf('elman', 4, null, 2).edges.find((e) => e.id === 'h@2->h@3')!;
    expect(edgeState(cut, cursorAt(3, 4))).toBe('forward');
    expect(edgeState(cut, cursorAt(6, 4))).toBe('cut');
  });

  it('orders a forward step in waves: h(t-1) and x(t) into h(t), then o(t), yhat(t), and L(t) with its target', () => {
    const f = stepFlow(l.edges, cursorAt(2, 3));
    expect(f.phase).toBe('forward');
    expect(Object.fromEntries(f.edges)).toEqual({ 'x@2->h@2': 0, 'h@1->h@2': 0, 'h@2->o@2': 1, 'o@2->yhat@2': 2, 'yhat@2->L@2': 3, 'y@2->L@2': 3 });
    expect(Object.fromEntries(f.nodes)).toEqual({ 'h@2': 1, 'o@2': 2, 'yhat@2': 3, 'L@2': 4 });
    expect(f.waves).toBe(4);
  });

  it('orders a BPTT step the other way: from L(t) back to h(t-1), and nothing into the data', () => {
    const f = stepFlow(l.edges, cursorAt(5, 3));
    expect(f.phase).toBe('backward');
    expect(f.edges.get('yhat@2->L@2')).toBe(0);
    expect(f.edges.get('o@2->yhat@2')).toBe(1);
    expect(f.edges.get('h@2->o@2')).toBe(2);
    expect(f.edges.get('h@1->h@2')).toBe(3);
    expect(f.edges.has('y@2->L@2')).toBe(false);
    expect(f.nodes.get('h@1')).toBe(4);
    expect(f.waves).toBe(4);
  });

  it('in an opened LSTM, the gates, then the cell state, then h(t): each edge arrives with the rest of what its node waits for', () => {
    const lstm = unfoldedLayout({ variant: 'lstm', feedback: null, tau: 3, truncation: null, opened: true });
    const f = stepFlow(lstm.edges, cursorAt(2, 3));
    expect(['f', 'g', 'z', 'q'].map((k) => f.nodes.get(`${k}@2`))).toEqual([1, 1, 1, 1]);
    expect(f.nodes.get('s@2')).toBe(2);
    expect(f.edges.get('s@1->s@2')).toBe(1);
    expect(f.nodes.get('h@2')).toBe(3);
    expect(f.edges.get('q@2->h@2')).toBe(2);
    expect(f.waves).toBe(6);
  });

  it('has nothing to move at the start, nor along a cut edge', () => {
    expect(stepFlow(l.edges, cursorAt(0, 3)).waves).toBe(0);
    const cut = layoutOf('elman', 4, null, 2);
    expect(stepFlow(cut.edges, cursorAt(6, 4)).edges.has('h@2->h@3')).toBe(false);
  });

  it('fits a step\'s waves into the time between steps, and shows none too quick to see', () => {
    expect(waveMs(4, Infinity)).toBe(WAVE_MS);
    expect(waveMs(4, 500)).toBeCloseTo(100);
    expect(waveMs(4, 1000 / 60)).toBeNull();
    expect(waveMs(0, Infinity)).toBeNull();
    expect(waveMs(1, (MIN_WAVE_MS - 1) / 0.8)).toBeNull();
  });

  it('gives every node and edge a state', () => {
    const s = graphState(l, 4, 3);
    expect(s.nodes.size).toBe(l.nodes.length);
    expect(s.edges.size).toBe(l.edges.length);
  });
});

describe('folded layout', () => {
  it('draws the loop from h (Elman, single output) or from o (Jordan), through the delay', () => {
    expect(foldedLayout({ variant: 'elman' }).edges.find((e) => e.recurrent)?.id).toBe('h->h');
    expect(foldedLayout({ variant: 'jordan' }).edges.find((e) => e.recurrent)?.id).toBe('o->h');
    expect(foldedLayout({ variant: 'single-output' }).nodes.find((n) => n.kind === 'o')?.label).toBe('o(τ)');
  });

  it('highlights the forward path, then BPTT\'s', () => {
    expect([...foldedActive({ variant: 'elman' }, { phase: 'forward', t: 2 }, 4)].sort()).toEqual(['L', 'h', 'o', 'x', 'y']);
    expect([...foldedActive({ variant: 'single-output' }, { phase: 'forward', t: 2 }, 4)].sort()).toEqual(['h', 'x']);
    expect([...foldedActive({ variant: 'elman' }, { phase: 'backward', t: 2 }, 4)].sort()).toEqual(['L', 'h', 'o']);
    expect(foldedActive({ variant: 'elman' }, { phase: 'forward', t: 0 }, 4).size).toBe(0);
  });
});
