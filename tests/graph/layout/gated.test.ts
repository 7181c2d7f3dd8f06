/**
 * The LSTM's and the GRU's graphs without a browser: the closed cell (h and the LSTM's s as rows
 * through time), the opened cell (every gate a node, every edge carrying its weights), node and
 * edge ids by the house rule, cuts under truncation, no two nodes on one spot; and the cells'
 * equation data, evaluated with the live numbers, gives the very values the pass computed.
 */
import { describe, expect, it } from 'vitest';
import type { Variant } from '../../../src/engine/index';
import { cellNodeRow, cellOfVariant, initModel, traceOf } from '../../../src/engine/index';
import { foldedActive, foldedLayout, parseSelection, unfoldedLayout } from '../../../src/graph/layout/index';
import { activate, cellTermValues, nodeEquations } from '../../../src/graph/tex/index';

const layout = (variant: Variant, tau: number, opened: boolean, truncation: number | null = null) =>
  unfoldedLayout({ variant, feedback: null, tau, truncation, opened });
const ids = (xs: readonly { id: string }[]) => new Set(xs.map((x) => x.id));

describe.each([10, 60])('at tau %i', (tau) => {
  it('LSTM, closed: x, s, h, o, yhat, L, y per step with s(0) and h(0); s(t-1) -> s(t) runs as its own row', () => {
    const l = layout('lstm', tau, false);
    expect(l.nodes).toHaveLength(2 + 7 * tau);
    const nodes = ids(l.nodes);
    for (let t = 1; t <= tau; t++) for (const k of ['x', 's', 'h', 'o', 'yhat', 'L', 'y']) expect(nodes.has(`${k}@${t}`)).toBe(true);
    expect(nodes.has('s@0') && nodes.has('h@0') && !nodes.has('f@1')).toBe(true);
    const edges = ids(l.edges);
    for (let t = 1; t <= tau; t++) for (const e of [`s@${t - 1}->s@${t}`, `h@${t - 1}->s@${t}`, `h@${t - 1}->h@${t}`, `x@${t}->s@${t}`, `x@${t}->h@${t}`, `s@${t}->h@${t}`]) expect(edges.has(e), e).toBe(true);
    const s = l.nodes.filter((n) => n.kind === 's');
    expect(new Set(s.map((n) => n.y)).size).toBe(1);
  });

  it('LSTM, opened: the gates f, g, z, q at every step, each with its own input and recurrent weights', () => {
    const l = layout('lstm', tau, true);
    expect(l.nodes).toHaveLength(2 + 11 * tau);
    const byId = new Map(l.edges.map((e) => [e.id, e]));
    for (let t = 1; t <= tau; t++) {
      for (const [gate, U, W] of [['f', 'Uf', 'Wf'], ['g', 'Ug', 'Wg'], ['q', 'Uq', 'Wq'], ['z', 'U', 'W']] as const) {
        expect(byId.get(`x@${t}->${gate}@${t}`)?.label).toBe(U);
        expect(byId.get(`h@${t - 1}->${gate}@${t}`)?.label).toBe(W);
      }
      for (const e of [`f@${t}->s@${t}`, `g@${t}->s@${t}`, `z@${t}->s@${t}`, `q@${t}->h@${t}`, `s@${t - 1}->s@${t}`, `s@${t}->h@${t}`]) expect(byId.get(e)?.role, e).toBe('product');
      expect(byId.has(`x@${t}->s@${t}`)).toBe(false);
    }
  });

  it('GRU: closed, h alone; opened, u, m, z, r and h(t-1)\'s own path through u', () => {
    const closed = layout('gru', tau, false);
    expect(closed.nodes).toHaveLength(1 + 6 * tau);
    expect(closed.edges.find((e) => e.id === 'h@0->h@1')?.label).toBe('W*');
    const opened = layout('gru', tau, true);
    expect(opened.nodes).toHaveLength(1 + 10 * tau);
    const edges = ids(opened.edges);
    for (const e of ['x@3->u@3', 'h@2->m@3', 'r@3->z@3', 'm@3->z@3', 'u@3->h@3', 'z@3->h@3', 'h@2->h@3']) expect(edges.has(e), e).toBe(true);
  });

  it.each(['lstm', 'gru'] as const)('%s: no two nodes overlap, opened or closed', (variant) => {
    for (const opened of [false, true]) {
      const nodes = layout(variant, tau, opened).nodes;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i]!, b = nodes[j]!;
          if (Math.abs(a.t - b.t) > 1) continue; // columns apart cannot meet
          // Their boxes 8 apart at least, on one axis or the other.
          const gap = Math.max(Math.abs(a.x - b.x) - (a.w + b.w) / 2, Math.abs(a.y - b.y) - (a.h + b.h) / 2);
          expect(gap, `${a.id} and ${b.id}`).toBeGreaterThanOrEqual(8);
        }
      }
    }
  });
});

describe('the gated graphs', () => {
  it('truncation cuts every edge that crosses a window boundary, s(t-1) -> s(t) included', () => {
    const l = layout('lstm', 6, true, 2);
    const crossing = l.edges.filter((e) => e.cross);
    const expected = [2, 4].flatMap((b) => [...['f', 'g', 'z', 'q'].map((k) => `h@${b}->${k}@${b + 1}`), `s@${b}->s@${b + 1}`]);
    expect(crossing.filter((e) => e.cut === 'truncation').map((e) => e.id).sort()).toEqual(expected.sort());
    expect(crossing.filter((e) => e.cut === null)).toHaveLength(5 * 6 - expected.length);
  });

  it('selections name gate nodes and cell states: f@3, s@0; a GRU has no s', () => {
    expect(parseSelection('f@3', { variant: 'lstm', tau: 5 })).toEqual({ type: 'node', kind: 'f', t: 3 });
    expect(parseSelection('s@0', { variant: 'lstm', tau: 5 })).toEqual({ type: 'node', kind: 's', t: 0 });
    expect(parseSelection('f@0', { variant: 'lstm', tau: 5 })).toBe('no node f@0: the steps of f run 1..5');
    expect(parseSelection('s@2', { variant: 'gru', tau: 5 })).toMatch(/^expected a node like "h@3" \(x, u, m, z, r, h, o, yhat, L, y/);
    expect(parseSelection('s0', { variant: 'gru', tau: 5 })).toBe('a gru network has no s0');
  });

  it('the folded graphs loop s and h (LSTM) or h (GRU) through a delay each', () => {
    expect(foldedLayout({ variant: 'lstm' }).edges.filter((e) => e.recurrent).map((e) => e.id)).toEqual(['h->h', 's->s']);
    expect(foldedLayout({ variant: 'lstm' }).delays).toHaveLength(2);
    expect(foldedLayout({ variant: 'gru' }).edges.filter((e) => e.recurrent).map((e) => e.id)).toEqual(['h->h']);
  });
});

describe.each(['lstm', 'gru'] as const)('the %s cell read out once at the end', (variant) => {
  it('has o, yhat, L and y at tau alone, read from h(tau), in both graphs and in the ids', () => {
    const tau = 6;
    const l = unfoldedLayout({ variant, readout: 'last', feedback: null, tau, truncation: null, opened: true });
    for (const k of ['o', 'yhat', 'L', 'y']) expect(l.nodes.filter((n) => n.kind === k).map((n) => n.id)).toEqual([`${k}@${tau}`]);
    expect(l.edges.filter((e) => e.to === `o@${tau}`).map((e) => e.from)).toEqual([`h@${tau}`]);
    expect(parseSelection('o@3', { variant, readout: 'last', tau })).toBe(`no node o@3: a network read out at the end has o only at the last step, o@${tau}`);
    expect(parseSelection('o@3', { variant, tau })).toEqual({ type: 'node', kind: 'o', t: 3 });
    expect(foldedLayout({ variant, readout: 'last' }).nodes.find((n) => n.kind === 'o')?.label).toBe('o(τ)');
    expect([...foldedActive({ variant, readout: 'last' }, { phase: 'forward', t: 2 }, tau)]).not.toContain('o');
    expect([...foldedActive({ variant, readout: 'last' }, { phase: 'forward', t: tau }, tau)]).toContain('o');
  });
});

describe.each(['lstm', 'gru'] as const)('the %s cell\'s equations', (variant) => {
  const model = initModel({ variant, input: 3, hidden: 4, output: 3, length: 5, seed: 3 });
  const trace = traceOf(model);
  const cell = cellOfVariant(variant);

  it('evaluated with the live numbers, give every node the pass computed', () => {
    const H = 4;
    for (const [node, eq] of Object.entries(cell.equations!)) {
      for (let t = 1; t <= 5; t++) {
        const terms = cellTermValues(model, trace, eq, t);
        const sum = terms.reduce((acc, v) => acc.map((x, i) => x + v[i]!), new Float64Array(H));
        const r = cellNodeRow(cell, node, t);
        const computed = trace.nodes[node]!.subarray(r * H, (r + 1) * H);
        const value = activate(eq.forward.act, sum);
        for (let i = 0; i < H; i++) expect(value[i], `${node}(${t})[${i}]`).toBeCloseTo(computed[i]!, 13);
      }
    }
  });

  it('has an equation for every node it draws, and the inspector writes forward and backward for each', () => {
    const drawn = cell.graph.rows.flatMap((r) => r.nodes);
    for (const node of drawn) {
      expect(cell.equations![node], node).toBeDefined();
      const eqs = nodeEquations(model, trace, { type: 'node', kind: node, t: 3 });
      expect(eqs.forward.length).toBeGreaterThan(0);
      expect(eqs.backward.length).toBeGreaterThan(0);
    }
    const last = nodeEquations(model, trace, { type: 'node', kind: 'h', t: 5 });
    expect(last.backward.join(' ')).not.toContain('^{(6)}');
  });
});
