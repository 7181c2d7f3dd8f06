/**
 * The schedules behind the view: a column's key changes whenever the look of its nodes or edges
 * does (the view redraws only the columns whose key changed, so a key that stays while a look
 * changes would leave a stale column on screen), for one cell and for stacks, between any two
 * positions (a jump as well as a step); and one cell's schedule is animation.ts's.
 */
import { describe, expect, it } from 'vitest';
import type { StackShape, Variant } from '../../../src/engine/index';
import type { Schedule, UnfoldedLayout } from '../../../src/graph/layout/index';
import { cellSchedule, cursorAt, edgeState, nodeState, unfoldedLayout } from '../../../src/graph/layout/index';
import { stackSchedule } from '../../../src/graph/layout/stackStates';

const TAU = 4;
const VARIANTS: Variant[] = ['elman', 'single-output', 'lstm', 'gru', 'jordan'];
const SHAPES: StackShape[] = [{ layers: 1, bidirectional: true }, { layers: 2, bidirectional: false }, { layers: 2, bidirectional: true }];
const readoutOf = (variant: Variant) => (variant === 'single-output' ? 'last' : 'every');

/** Every column's look at a position: its nodes' and edges' states, as text. */
function looks(layout: UnfoldedLayout, schedule: Schedule, position: number): Map<number, string> {
  const m = schedule.at(position);
  const out = new Map<number, string[]>();
  const add = (t: number, s: string) => (out.get(t) ?? out.set(t, []).get(t)!).push(s);
  for (const n of layout.nodes) add(n.t, `${n.id}:${JSON.stringify(m.node(n))}`);
  for (const e of layout.edges) add(e.t, `${e.id}:${m.edge(e)}`);
  return new Map([...out].map(([t, s]) => [t, s.join(' ')]));
}

/** Checks that between any two positions a column whose look differs has a different key. */
function expectSoundKeys(layout: UnfoldedLayout, schedule: Schedule): void {
  const all = Array.from({ length: schedule.end + 1 }, (_, p) => ({ look: looks(layout, schedule, p), at: schedule.at(p) }));
  let differing = 0;
  for (let p = 0; p <= schedule.end; p++) {
    for (let q = p + 1; q <= schedule.end; q++) {
      for (const [t, look] of all[p]!.look) {
        if (look === all[q]!.look.get(t)) continue;
        differing++;
        expect(all[p]!.at.key(t), `column ${t} at positions ${p} and ${q}`).not.toBe(all[q]!.at.key(t));
      }
    }
  }
  // The check compared something.
  expect(differing).toBeGreaterThan(0);
}

describe('one cell\'s schedule', () => {
  it.each(VARIANTS)('%s: the states of animation.ts, and a key that changes with every column\'s look', (variant) => {
    const layout = unfoldedLayout({ variant, feedback: variant === 'jordan' ? 'softmax' : null, tau: TAU, truncation: 2, sizes: { hidden: 3, output: 3 } });
    const schedule = cellSchedule(TAU);
    expect(schedule.end).toBe(2 * TAU);
    for (let p = 0; p <= schedule.end; p++) {
      const m = schedule.at(p);
      const c = cursorAt(p, TAU);
      expect(m.cursor).toEqual(c);
      for (const n of layout.nodes) expect(m.node(n)).toEqual(nodeState(n, c));
      for (const e of layout.edges) expect(m.edge(e)).toBe(edgeState(e, c));
    }
    expectSoundKeys(layout, schedule);
  });
});

describe.each(['elman', 'single-output', 'gru'] as const)('a %s stack\'s schedule', (variant) => {
  it.each(SHAPES)('%o: a key that changes with every column\'s look; nothing moves; the cursor\'s column holds what it computes', (shape) => {
    const layout = unfoldedLayout({ variant, feedback: null, tau: TAU, truncation: 2, sizes: { hidden: 3, output: 3 }, stack: shape });
    const schedule = stackSchedule(layout, TAU, shape, readoutOf(variant));
    expect(schedule.end).toBe(2 * TAU * shape.layers * (shape.bidirectional ? 2 : 1));
    expectSoundKeys(layout, schedule);
    for (let p = 1; p <= schedule.end; p++) {
      const m = schedule.at(p);
      expect(m.cursor).toBeNull();
      const active = layout.nodes.filter((n) => m.node(n).active);
      expect(active.map((n) => n.t), `position ${p}`).toContain(m.column);
    }
  });
});
