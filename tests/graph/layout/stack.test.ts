/**
 * The unfolded graph of deep and bidirectional networks (book sections 10.3 and 10.5), without a
 * browser: a row per layer and direction with ids in PyTorch's suffixes, the reverse direction's
 * arrows right to left from its initial state at tau + 1, each layer reading both directions of
 * the one under, the output layer the top one's, truncation cutting both directions at the same
 * boundaries, and no two boxes meeting.
 */
import { describe, expect, it } from 'vitest';
import type { StackShape, Variant } from '../../../src/engine/index';
import { cellOfVariant, stackParamName, truncationCut } from '../../../src/engine/index';
import type { LayoutInput, UnfoldedLayout } from '../../../src/graph/layout/index';
import { layoutCollisions, unfoldedLayout } from '../../../src/graph/layout/index';

const sizes = { hidden: 8, output: 5 };
const layoutOf = (variant: Variant, stack: StackShape, o: Partial<LayoutInput> = {}): UnfoldedLayout =>
  unfoldedLayout({ variant, feedback: null, tau: 6, truncation: null, sizes, stack, ...o });

const STACK_VARIANTS: Variant[] = ['elman', 'single-output', 'lstm', 'gru'];
const byId = (layout: UnfoldedLayout) => new Map(layout.nodes.map((n) => [n.id, n]));
/** Edges into a node, by the ids of where they come from. */
const into = (layout: UnfoldedLayout, id: string): string[] => layout.edges.filter((e) => e.to === id).map((e) => e.from).sort();

describe('a stack\'s unfolded graph', () => {
  it.each(STACK_VARIANTS)('%s: one layer forward is the one-cell graph itself', (variant) => {
    expect(layoutOf(variant, { layers: 1, bidirectional: false })).toEqual(unfoldedLayout({ variant, feedback: null, tau: 6, truncation: null, sizes }));
  });

  it.each(STACK_VARIANTS)('%s: a row per layer and direction, ids in PyTorch\'s suffixes, the reverse direction from tau + 1', (variant) => {
    const cell = cellOfVariant(variant);
    for (const layers of [1, 2, 3, 4]) {
      for (const bidirectional of [false, true]) {
        if (layers === 1 && !bidirectional) continue;
        const layout = layoutOf(variant, { layers, bidirectional });
        const nodes = byId(layout);
        expect(nodes.size, 'ids are unique').toBe(layout.nodes.length);
        for (const e of layout.edges) {
          expect(nodes.has(e.from) && nodes.has(e.to), e.id).toBe(true);
        }
        const rowY = new Set<number>();
        for (let l = 0; l < layers; l++) {
          for (const reverse of bidirectional ? [false, true] : [false]) {
            for (const c of cell.carried) {
              const kind = stackParamName(c.state, l, reverse);
              // Forward: 0..tau; reverse: 1..tau + 1, its initial state where it starts.
              const steps = reverse ? [1, 7] : [0, 6];
              for (let t = steps[0]!; t <= steps[1]!; t++) expect(nodes.get(`${kind}@${t}`)?.layer, `${kind}@${t}`).toBe(l);
              expect(nodes.has(`${kind}@${reverse ? 0 : 7}`)).toBe(false);
              expect(nodes.get(`${kind}@3`)!.reverse).toBe(reverse);
              rowY.add(nodes.get(`${kind}@3`)!.y);
            }
          }
        }
        // Every layer and direction on rows of its own.
        expect(rowY.size).toBe(layers * (bidirectional ? 2 : 1) * cell.carried.length);
      }
    }
  });

  it.each(STACK_VARIANTS)('%s: the forward rows run left to right, the reverse rows right to left', (variant) => {
    const layout = layoutOf(variant, { layers: 2, bidirectional: true });
    const nodes = byId(layout);
    const across = layout.edges.filter((e) => e.cross && e.role === 'weights' && e.to.split('@')[0] !== 'o');
    expect(across.length).toBeGreaterThan(0);
    for (const e of across) {
      const reverse = e.to.includes('_reverse');
      expect(nodes.get(e.from)!.t - nodes.get(e.to)!.t, e.id).toBe(reverse ? 1 : -1);
      expect(Math.sign(nodes.get(e.to)!.x - nodes.get(e.from)!.x), e.id).toBe(reverse ? -1 : 1);
    }
  });

  it('each layer reads both directions of the one under at its step, and the output layer the top one\'s', () => {
    const layout = layoutOf('elman', { layers: 3, bidirectional: true });
    expect(into(layout, 'h@4')).toEqual(['h@3', 'x@4']);
    expect(into(layout, 'h_reverse@4')).toEqual(['h_reverse@5', 'x@4']);
    expect(into(layout, 'h_l1@4')).toEqual(['h@4', 'h_l1@3', 'h_reverse@4']);
    expect(into(layout, 'h_l2_reverse@4')).toEqual(['h_l1@4', 'h_l1_reverse@4', 'h_l2_reverse@5']);
    expect(into(layout, 'o@4')).toEqual(['h_l2@4', 'h_l2_reverse@4']);
    // Layer 1's input weights are one matrix over both directions: named once.
    expect(layout.edges.filter((e) => e.to === 'h_l1@4' && e.label !== '').map((e) => e.label).sort()).toEqual(['U₁', 'W₁']);
    expect(layout.nodes.find((n) => n.id === 'h_l2_reverse@4')!.label).toBe('←h₂(4)');
  });

  it('a single output reads the top layer at tau forward and at step 1 in reverse (PyTorch\'s h_n)', () => {
    const layout = layoutOf('single-output', { layers: 2, bidirectional: true });
    expect(layout.nodes.filter((n) => n.kind === 'o').map((n) => n.id)).toEqual(['o@6']);
    expect(into(layout, 'o@6')).toEqual(['h_l1@6', 'h_l1_reverse@1']);
  });

  it.each(STACK_VARIANTS)('%s: truncation cuts both directions at the same boundaries, and never between layers', (variant) => {
    const k = 2;
    const layout = layoutOf(variant, { layers: 2, bidirectional: true }, { truncation: k });
    const nodes = byId(layout);
    for (const e of layout.edges) {
      const a = nodes.get(e.from)!;
      const b = nodes.get(e.to)!;
      if (!e.cross || b.kind === 'o') {
        expect(e.cut, e.id).toBeNull();
        continue;
      }
      // The boundary between steps min and min + 1; a reverse initial state (tau + 1) is never cut from.
      const boundary = Math.min(a.t, b.t);
      const cut = a.t === 7 ? false : truncationCut(k, boundary);
      expect(e.cut, e.id).toBe(cut ? 'truncation' : null);
      expect(e.carriesGradient, e.id).toBe(!cut);
    }
    expect(layout.edges.some((e) => e.cut !== null && e.to.includes('_reverse'))).toBe(true);
  });

  it('refuses a Jordan network in layers: its recurrence runs through the output', () => {
    expect(() => layoutOf('jordan', { layers: 2, bidirectional: false }, { feedback: 'softmax' })).toThrow(/jordan network has no layers/);
  });

  describe.each(STACK_VARIANTS)('%s', (variant) => {
    it.each([10, 60])('at tau %i, no two boxes of the layout meet, 2 to 4 layers, either direction, closed and opened', (tau) => {
      for (const layers of [2, 4]) {
        for (const bidirectional of [false, true]) {
          for (const opened of variant === 'lstm' || variant === 'gru' ? [false, true] : [false]) {
            const layout = layoutOf(variant, { layers, bidirectional }, { tau, truncation: 3, opened });
            const problems = layoutCollisions(layout);
            expect(problems.slice(0, 6), `${layers} ${bidirectional} ${opened}: ${problems.length} overlaps`).toEqual([]);
          }
        }
      }
    });
  });
});
