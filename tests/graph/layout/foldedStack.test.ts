/**
 * The folded graph of deep and bidirectional networks (book figures 10.11 and 10.13a), without a
 * browser: a node per layer, direction and carried state named as the unfolded graph's rows are,
 * each layer reading x or both directions of the layer under it, a loop through a delay for every
 * carried state (from t - 1, or t + 1 in the reverse direction), nothing overlapping, and at
 * every cursor position the nodes whose unfolded copies the schedule computes then highlighted.
 */
import { describe, expect, it } from 'vitest';
import type { StackShape, Variant } from '../../../src/engine/index';
import { cellOfVariant } from '../../../src/engine/index';
import { FOLDED_RADIUS, forwardPositions, stackCursorAt, stackKind, unfoldedLayout } from '../../../src/graph/layout/index';
import { foldedStackActive, foldedStackLayout } from '../../../src/graph/layout/foldedStack';
import { stackTimes } from '../../../src/graph/layout/stackStates';

const TAU = 4;
const VARIANTS: Variant[] = ['elman', 'single-output', 'lstm', 'gru'];
// One layer forward is no stack: its folded graph is one cell's (folded.ts).
const SHAPES: StackShape[] = [1, 2, 3, 4].flatMap((layers) => [false, true].map((bidirectional) => ({ layers, bidirectional }))).filter((s) => s.layers > 1 || s.bidirectional);
const readoutOf = (variant: Variant) => (variant === 'single-output' ? 'last' : 'every');
/** An unfolded node's kind: its id without the step. */
const kindOf = (id: string): string => id.slice(0, id.indexOf('@'));

describe.each(VARIANTS)('the folded graph of a %s stack', (variant) => {
  const cell = cellOfVariant(variant);
  const states = cell.graph.rows.filter((r) => r.inner !== true).flatMap((r) => r.nodes);

  it.each(SHAPES)('%o: the unfolded rows\' kinds, each reading what it reads, a loop per carried state, nothing overlapping', (shape) => {
    const folded = foldedStackLayout({ variant }, shape);
    const unfolded = unfoldedLayout({ variant, feedback: null, tau: TAU, truncation: null, sizes: { hidden: 4, output: 3 }, stack: shape });
    const directions = shape.bidirectional ? 2 : 1;
    const kinds = folded.nodes.map((n) => n.kind);
    expect(new Set(kinds).size, 'one node per kind').toBe(kinds.length);
    expect(kinds.length).toBe(4 + shape.layers * directions * states.length);
    // Every folded node names a row of the unfolded graph, and every row of it but the gates and yhat is here.
    const unfoldedKinds = new Set(unfolded.nodes.map((n) => kindOf(n.id)));
    for (const k of kinds) expect(unfoldedKinds.has(k), k).toBe(true);
    for (const k of unfoldedKinds) if (!k.startsWith('yhat') && !cell.graph.rows.some((r) => r.inner === true && r.nodes.some((g) => k === g || k.startsWith(`${g}_`)))) expect(kinds, k).toContain(k);
    // What each layer reads: x, or the h of every direction under it; and o, the top layer's.
    const into = (kind: string): string[] => folded.edges.filter((e) => !e.recurrent && e.id.endsWith(`->${kind}`)).map((e) => e.id.slice(0, e.id.indexOf('->'))).sort();
    const hOf = (layer: number): string[] => Array.from({ length: directions }, (_, d) => stackKind('h', layer, d === 1));
    for (let layer = 0; layer < shape.layers; layer++) {
      for (let d = 0; d < directions; d++) {
        const bottom = folded.nodes.find((n) => n.kind === stackKind(states[0]!, layer, d === 1));
        expect(bottom, `layer ${layer} direction ${d}`).toBeDefined();
        expect(into(bottom!.kind)).toEqual(layer === 0 ? ['x'] : hOf(layer - 1).sort());
      }
    }
    expect(into('o')).toEqual(hOf(shape.layers - 1).sort());
    // A loop through a delay for every carried state of every layer and direction: t + 1 in the reverse direction.
    const loops = folded.edges.filter((e) => e.recurrent);
    expect(loops.length).toBe(shape.layers * directions * cell.carried.length);
    expect(folded.delays.length).toBe(loops.length);
    for (const [i, loop] of loops.entries()) expect(folded.delays[i]!.from, loop.id).toBe(loop.id.includes('_reverse') ? 't+1' : 't-1');
    // Nothing overlaps: nodes apart, inside the picture, no delay square or edge label on a node.
    const r = FOLDED_RADIUS;
    for (const [i, a] of folded.nodes.entries()) {
      expect(a.x - r >= 0 && a.x + r <= folded.width && a.y - r >= 0 && a.y + r <= folded.height, `${a.kind} inside`).toBe(true);
      for (const b of folded.nodes.slice(i + 1)) expect(Math.hypot(a.x - b.x, a.y - b.y), `${a.kind} and ${b.kind}`).toBeGreaterThanOrEqual(2 * r + 8);
      for (const d of folded.delays) expect(Math.hypot(a.x - d.x, a.y - d.y), `delay at ${d.x},${d.y} and ${a.kind}`).toBeGreaterThan(r + 8);
      // A label's box: about 8 px a character at 13 px, 12 px above its baseline.
      for (const e of folded.edges.filter((e) => e.label !== '')) {
        const w = [...e.label].length * 8;
        const nearX = Math.max(e.labelX, Math.min(a.x, e.labelX + w));
        const nearY = Math.max(e.labelY - 12, Math.min(a.y, e.labelY));
        expect(Math.hypot(a.x - nearX, a.y - nearY), `label ${e.label} of ${e.id} and ${a.kind}`).toBeGreaterThan(r);
      }
    }
    for (const e of folded.edges.filter((e) => e.label !== '')) expect(e.labelX >= 0 && e.labelX + [...e.label].length * 8 <= folded.width, `${e.label} inside`).toBe(true);
  });

  it.each(SHAPES)('%o: at every position, the nodes the schedule computes there are highlighted, and nothing before the pass', (shape) => {
    const folded = foldedStackLayout({ variant }, shape);
    const unfolded = unfoldedLayout({ variant, feedback: null, tau: TAU, truncation: null, sizes: { hidden: 4, output: 3 }, stack: shape });
    const times = stackTimes(unfolded, TAU, shape, readoutOf(variant));
    const drawn = new Set(folded.nodes.map((n) => n.kind));
    const F = forwardPositions(shape, TAU);
    expect(foldedStackActive({ variant }, shape, stackCursorAt(0, TAU, shape), TAU).size).toBe(0);
    for (let p = 1; p <= 2 * F; p++) {
      const cursor = stackCursorAt(p, TAU, shape);
      const active = foldedStackActive({ variant }, shape, cursor, TAU);
      for (const k of active) expect(drawn.has(k), `${k} is drawn`).toBe(true);
      const computed = unfolded.nodes.filter((n) => (p <= F ? times.get(n.id)!.value : times.get(n.id)!.gradient) === p).map((n) => kindOf(n.id)).filter((k) => drawn.has(k));
      expect(computed.length, `something computed at ${p}`).toBeGreaterThan(0);
      for (const k of computed) expect(active.has(k), `${k} at position ${p}`).toBe(true);
    }
  });
});
