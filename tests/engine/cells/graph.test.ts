/**
 * The cells' graph functions against the real pass: dL/d(node)(t) (Cell.nodeGradient) for every
 * node of every cell against central differences of L with that node nudged (MODEL.md "Checking
 * gradients"), and what the trace says each edge carries back against the gradients it must add
 * up to.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, CellModel } from '../../../src/engine/cells/index';
import { CELLS, cellForwardStep, cellGradients, cellNodeRow, createCellPass, graphEdgeKey } from '../../../src/engine/cells/index';
import { initModel, traceOf } from '../../../src/engine/index';
import type { Variant } from '../../../src/engine/index';
import { randomCellModel } from './cellModels';

const EPS = 1e-5;

/** L by a forward pass with one node entry nudged by eps. */
function nudgedLoss(model: CellModel, node: string, t: number, index: number, eps: number): number {
  const pass = createCellPass(model, { node, t, index, eps });
  for (let s = 1; s <= model.sequence.length; s++) cellForwardStep(pass, s);
  return pass.loss;
}

const cells = Object.values(CELLS).map((cell) => [cell.name, cell] as [string, Cell]);

describe.each(cells)('the %s cell\'s graph', (_, cell) => {
  it('gives dL/d(node)(t) of every node it computes as central differences do', () => {
    for (const [seed, dense] of [[1, false], [2, true]] as const) {
      const model = randomCellModel(cell, seed, { n: 3, H: 4, K: 3, tau: 5, dense, truncation: null, readout: 'every' });
      const pass = cellGradients(model).cell;
      const values = { sizes: model.sizes, nodes: pass.nodes, factors: pass.factors };
      for (const { name } of cell.nodes) {
        for (let t = 1; t <= 5; t++) {
          for (let i = 0; i < 4; i++) {
            const numeric = (nudgedLoss(model, name, t, i, EPS) - nudgedLoss(model, name, t, i, -EPS)) / (2 * EPS);
            const analytic = cell.nodeGradient(values, name, t, i);
            expect(Math.abs(analytic - numeric), `${name}(${t})[${i}]: analytic ${analytic}, numeric ${numeric}`).toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
          }
        }
      }
    }
  });

  it('draws every node it names in rows, and every edge between nodes it has', () => {
    const names = new Set(cell.nodes.map((n) => n.name));
    const drawn = cell.graph.rows.flatMap((r) => r.nodes);
    expect(new Set(drawn).size).toBe(drawn.length);
    for (const n of drawn) expect(names.has(n)).toBe(true);
    expect(drawn).toContain('h');
    const params = new Set(cell.params.map((p) => p.name));
    for (const e of cell.graph.edges) {
      expect(e.from === 'x' || drawn.includes(e.from), graphEdgeKey(e)).toBe(true);
      expect(drawn.includes(e.to), graphEdgeKey(e)).toBe(true);
      for (const p of e.params) expect(params.has(p), `${graphEdgeKey(e)} carries ${p}`).toBe(true);
      if (e.prev) expect(cell.carried.some((c) => c.state === e.from), `${graphEdgeKey(e)} crosses time from a carried state`).toBe(true);
    }
    const keys = cell.graph.edges.map(graphEdgeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe('what the trace says each edge carries back', () => {
  const model = (variant: Variant) => initModel({ variant, input: 3, hidden: 4, output: 3, length: 6, seed: 11 });

  it.each(['lstm', 'gru'] as const)('%s: an edge from a gate or the candidate carries its whole gradient', (variant) => {
    const m = model(variant);
    const trace = traceOf(m);
    const cell = CELLS[variant]!;
    const values = { sizes: m.sizes, nodes: trace.nodes, factors: trace.factors };
    const single = cell.graph.edges.filter((e) => e.params.length === 0 && e.from !== e.to && !(e.from === 's' && e.to === 'h'));
    expect(single.length).toBeGreaterThanOrEqual(4);
    for (const e of single) {
      for (let t = 1; t <= 6; t++) {
        const g = Array.from({ length: 4 }, (_, i) => cell.nodeGradient(values, e.from, t, i));
        expect(trace.edgeNorms[graphEdgeKey(e)]![t - 1]).toBeCloseTo(norm(g), 14);
      }
    }
  });

  it.each(['elman', 'gru'] as const)('%s: the closed cell\'s h(t-1) -> h(t) carries all that h(t-1) gets from step t', (variant) => {
    const m = model(variant);
    const trace = traceOf(m);
    const { hidden: H, output: K } = m.sizes;
    const key = graphEdgeKey(CELLS[variant]!.graph.edges.find((e) => e.prev && e.to === 'h' && e.shown !== 'opened')!);
    for (let t = 2; t <= 6; t++) {
      // dL/dh(t-1) = V^T dL/do(t-1) + what step t sends back.
      const fromStep = Array.from({ length: H }, (_, i) => {
        let vo = 0;
        for (let k = 0; k < K; k++) vo += m.params.V![k * H + i]! * trace.gO[(t - 2) * K + k]!;
        return trace.gH[(t - 2) * H + i]! - vo;
      });
      expect(trace.edgeNorms[key]![t - 1]).toBeCloseTo(norm(fromStep), 12);
    }
  });

  it('lstm: s(t-1) -> s(t) carries dL/ds(t) f(t), the part of dL/ds(t-1) that does not come through h(t-1)', () => {
    const m = model('lstm');
    const trace = traceOf(m);
    const H = m.sizes.hidden;
    const { ds } = trace.factors;
    const { f } = trace.nodes;
    for (let t = 1; t <= 6; t++) {
      const carried = Array.from({ length: H }, (_, i) => ds![(t - 1) * H + i]! * f![cellNodeRow(CELLS.lstm!, 'f', t) * H + i]!);
      expect(trace.edgeNorms['s@-1->s']![t - 1]).toBeCloseTo(norm(carried), 14);
    }
  });
});
