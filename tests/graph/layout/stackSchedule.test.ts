/**
 * The cursor over a stack's pass: every node's value is computed no earlier than what it reads
 * and its gradient no earlier than the gradients of what reads it, each position computes
 * something, the sweeps run layer by layer (forward, then reverse) and BPTT runs them backwards,
 * and one layer in one direction is the one-cell schedule itself.
 */
import { describe, expect, it } from 'vitest';
import type { StackShape, Variant } from '../../../src/engine/index';
import type { UnfoldedLayout } from '../../../src/graph/layout/index';
import { cursorAt, edgeState, forwardPositions, nodeState, stackCursorAt, sweepsOf, unfoldedLayout } from '../../../src/graph/layout/index';
import { stackEdgeState, stackNodeState, stackTimes } from '../../../src/graph/layout/stackStates';

const TAU = 5;
const layoutOf = (variant: Variant, stack: StackShape): UnfoldedLayout =>
  unfoldedLayout({ variant, feedback: null, tau: TAU, truncation: 2, sizes: { hidden: 4, output: 3 }, stack });
const readoutOf = (variant: Variant) => (variant === 'single-output' ? 'last' : 'every');
const SHAPES: StackShape[] = [{ layers: 1, bidirectional: true }, { layers: 2, bidirectional: false }, { layers: 3, bidirectional: true }];
const VARIANTS: Variant[] = ['elman', 'single-output', 'lstm', 'gru'];

describe.each(VARIANTS)('the schedule of a %s stack', (variant) => {
  it.each(SHAPES)('%o: values after their inputs, gradients after their readers, something at every position, all done at the end', (shape) => {
    const layout = layoutOf(variant, shape);
    const times = stackTimes(layout, TAU, shape, readoutOf(variant));
    const F = forwardPositions(shape, TAU);
    for (const e of layout.edges) {
      const from = times.get(e.from)!;
      const to = times.get(e.to)!;
      if (e.carriesForward) expect(from.value, `${e.id} forward`).toBeLessThanOrEqual(to.value);
      if (e.carriesGradient && Number.isFinite(from.gradient)) expect(to.gradient, `${e.id} backward`).toBeLessThanOrEqual(from.gradient);
      // Along a direction's row, each step strictly after the one it reads.
      if (e.cross && e.from.split('@')[0] === e.to.split('@')[0] && to.value > 0 && from.value > 0) expect(from.value).toBeLessThan(to.value);
    }
    for (let p = 1; p <= 2 * F; p++) {
      const c = stackCursorAt(p, TAU, shape);
      const active = layout.nodes.filter((n) => stackNodeState(n, times.get(n.id)!, c).active);
      expect(active.length, `position ${p}`).toBeGreaterThan(0);
    }
    const end = stackCursorAt(F, TAU, shape);
    const last = stackCursorAt(2 * F, TAU, shape);
    for (const n of layout.nodes) {
      expect(stackNodeState(n, times.get(n.id)!, end).value, n.id).toBe(true);
      if (n.kind !== 'x' && n.kind !== 'y') expect(stackNodeState(n, times.get(n.id)!, last).gradient, n.id).toBe(true);
    }
  });
});

describe('the stack cursor', () => {
  it('runs the sweeps layer by layer, forward then reverse, and BPTT backwards through them', () => {
    const shape = { layers: 2, bidirectional: true };
    expect(sweepsOf(shape)).toEqual([{ layer: 0, reverse: false }, { layer: 0, reverse: true }, { layer: 1, reverse: false }, { layer: 1, reverse: true }]);
    const F = forwardPositions(shape, TAU);
    expect(F).toBe(4 * TAU);
    expect(stackCursorAt(0, TAU, shape)).toMatchObject({ phase: 'forward', sweep: 0, steps: 0 });
    expect(stackCursorAt(TAU + 1, TAU, shape)).toMatchObject({ phase: 'forward', sweep: 1, steps: 1 });
    expect(stackCursorAt(F, TAU, shape)).toMatchObject({ phase: 'forward', sweep: 3, steps: TAU });
    expect(stackCursorAt(F + 1, TAU, shape)).toMatchObject({ phase: 'backward', sweep: 3, steps: 1 });
    expect(stackCursorAt(2 * F, TAU, shape)).toMatchObject({ phase: 'backward', sweep: 0, steps: TAU });
    // The reverse direction's h(t) is computed at own step tau + 1 - t: h_reverse(5) first, h_reverse(1) last.
    const layout = layoutOf('elman', shape);
    const times = stackTimes(layout, TAU, shape, 'every');
    expect(times.get('h_reverse@5')!.value).toBe(TAU + 1);
    expect(times.get('h_reverse@1')!.value).toBe(2 * TAU);
    expect(times.get('o@2')!.value).toBe(3 * TAU + (TAU + 1 - 2));
    expect(times.get('h@1')!.gradient).toBe(2 * F);
  });

  it.each(['elman', 'lstm', 'gru'] as Variant[])('%s: one layer in one direction is the one-cell schedule', (variant) => {
    const shape = { layers: 1, bidirectional: false };
    const layout = layoutOf(variant, shape);
    const times = stackTimes(layout, TAU, shape, 'every');
    for (let p = 0; p <= 2 * TAU; p++) {
      const c = stackCursorAt(p, TAU, shape);
      const one = cursorAt(p, TAU);
      for (const n of layout.nodes) {
        // Data is known from the start here, at its step there.
        if (n.kind === 'x' || n.kind === 'y') continue;
        expect(stackNodeState(n, times.get(n.id)!, c), `${n.id} at ${p}`).toEqual(nodeState(n, one));
      }
      for (const e of layout.edges) {
        expect(stackEdgeState(e, times.get(e.to)!, c), `${e.id} at ${p}`).toEqual(edgeState(e, one));
      }
    }
  });
});
