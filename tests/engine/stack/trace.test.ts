/** A stack's trace: the pass's own numbers as plain buffers, every one of them transferred once. */
import { describe, expect, it } from 'vitest';
import { graphEdgeKey } from '../../../src/engine/cells/index';
import { stackGradients } from '../../../src/engine/stack/stack';
import { stackTraceOf, stackTraceTransfer } from '../../../src/engine/stack/trace';
import { CELLS, randomStack } from './stackModels';

describe.each(CELLS)('the trace of a stack of $cell cells', (cell) => {
  const draw = { ...cell, layers: 2, bidirectional: true, readout: 'every' as const, dense: false, truncation: 2, tau: 5 };

  it('holds the pass\'s loss, gradients and values, and every cell edge\'s norms per step', () => {
    const model = randomStack(11, draw);
    const trace = stackTraceOf(model);
    const pass = stackGradients(model);
    expect(trace.loss).toBe(pass.loss);
    expect(Object.keys(trace.grads).sort()).toEqual(Object.keys(pass.grads).sort());
    for (const [name, g] of Object.entries(pass.grads)) expect(trace.grads[name], name).toEqual(g);
    expect(trace.z).toEqual(pass.z);
    expect(trace.layers.length).toBe(2);
    for (const layer of trace.layers) {
      expect(layer.length).toBe(2);
      for (const c of layer) for (const e of model.cell.graph.edges) expect(c.edgeNorms[graphEdgeKey(e)]?.length, graphEdgeKey(e)).toBe(5);
    }
  });

  it('lists every buffer to transfer: once moved, the original holds none', () => {
    const model = randomStack(12, draw);
    const trace = stackTraceOf(model);
    const transfer = stackTraceTransfer(trace);
    expect(new Set(transfer).size).toBe(transfer.length);
    const moved = structuredClone(trace, { transfer });
    expect(moved).toEqual(stackTraceOf(model));
    const arrays = [...trace.layers.flatMap((l) => l.flatMap((c) => [...Object.values(c.nodes), ...Object.values(c.factors), ...Object.values(c.edgeNorms)])), ...trace.z, trace.o, trace.yhat, trace.gO, trace.stepLosses, ...Object.values(trace.grads)];
    for (const a of arrays) expect(a.length).toBe(0);
  });
});
