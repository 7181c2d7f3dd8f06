/** The worker's Jacobian, side-by-side trace, teacher-forcing and cell comparison answers, against the engine. */
import { describe, expect, it } from 'vitest';
import { compareCells, compareFeedback, exportModel, initModel, jacobianView, stackModelOf, stackTraceOf, traceOf } from '../../src/engine/index';
import type { TrainOptions } from '../../src/engine/index';
import { createHandler } from '../../src/worker/handler';
import type { HandlerResult } from '../../src/worker/handler';
import { UNKNOWN_MODEL_KEY } from '../../src/worker/protocol';

const elman = initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 6, seed: 7 });
const jordan = initModel({ variant: 'jordan', feedback: 'logits', input: 3, hidden: 4, output: 3, length: 6, seed: 7 });
const OPTIONS: TrainOptions = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 10, snapshotCapacity: 4 };

/** One request to a fresh handler. */
const handle0 = (request: Parameters<ReturnType<typeof createHandler>>[0]) => createHandler()(request);

const typed = <T extends HandlerResult['response']['type']>(r: HandlerResult, type: T) => {
  if (r.response.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(r.response)}`);
  return r.response as Extract<HandlerResult['response'], { type: T }>;
};

describe('worker views', () => {
  it('jacobian: the held model\'s dh(t)/dh(k), its buffers transferred; an unknown key is refused', () => {
    const handle = createHandler();
    expect(typed(handle({ type: 'jacobian', id: 1, key: 'a', t: 6, k: 2 }), 'error').message).toBe(UNKNOWN_MODEL_KEY);
    const result = handle({ type: 'jacobian', id: 2, key: 'a', model: exportModel(elman), t: 6, k: 2 });
    expect(typed(result, 'jacobian').view).toEqual(jacobianView(elman, 6, 2));
    expect(result.transfer).toHaveLength(3);
    // The model is now held: the next request needs no model, and a bad pair is an answer, not a crash.
    expect(typed(handle({ type: 'jacobian', id: 3, key: 'a', t: 2, k: 5 }), 'error').message).toMatch(/k <= t/);
    expect(typed(handle({ type: 'modelTrace', id: 4, key: 'a' }), 'modelTrace').trace).toEqual(traceOf(elman));
  });

  it('jacobian of the gated cells: the LSTM\'s ds(t)/ds(k) and both direct paths, every buffer transferred once', () => {
    for (const variant of ['lstm', 'gru'] as const) {
      const model = initModel({ variant, input: 3, hidden: 4, output: 3, length: 6, seed: 7 });
      const result = handle0({ type: 'jacobian', id: 1, key: variant, model: exportModel(model), t: 6, k: 1 });
      const view = typed(result, 'jacobian').view;
      expect(view).toEqual(jacobianView(model, 6, 1));
      expect(view.others.map((b) => b.state)).toEqual(variant === 'lstm' ? ['s'] : []);
      expect(view.direct?.gate).toBe(variant === 'lstm' ? 'f' : 'u');
      expect(result.transfer).toHaveLength(variant === 'lstm' ? 7 : 5);
      expect(new Set(result.transfer).size).toBe(result.transfer.length);
    }
  });

  it('trace: the trace of a model sent with it, and the held model stays', () => {
    const handle = createHandler();
    handle({ type: 'modelTrace', id: 1, key: 'a', model: exportModel(elman) });
    const result = handle({ type: 'trace', id: 2, model: exportModel(jordan) });
    expect(typed(result, 'trace').trace).toEqual(traceOf(jordan));
    expect(typed(handle({ type: 'modelTrace', id: 3, key: 'a' }), 'modelTrace').trace).toEqual(traceOf(elman));
    expect(typed(handle({ type: 'trace', id: 4, model: { ...exportModel(jordan), variant: 'transformer' } as never }), 'error').message).toMatch(/^model: /);
    expect(typed(handle({ type: 'modelTrace', id: 5, key: 'a' }), 'modelTrace').key).toBe('a');
  });

  it('stackTrace: the trace of a deep or bidirectional network sent with it, every buffer transferred; one layer is refused in words', () => {
    const handle = createHandler();
    handle({ type: 'modelTrace', id: 1, key: 'a', model: exportModel(elman) });
    const lstm = initModel({ variant: 'lstm', input: 3, hidden: 4, output: 3, length: 6, seed: 7, layers: 2, bidirectional: true });
    const result = handle({ type: 'stackTrace', id: 2, model: exportModel(lstm) });
    const trace = typed(result, 'stackTrace').trace;
    expect(trace).toEqual(stackTraceOf(stackModelOf(lstm)));
    expect(result.transfer.length).toBeGreaterThan(0);
    expect(new Set(result.transfer).size).toBe(result.transfer.length);
    expect(typed(handle({ type: 'stackTrace', id: 3, model: exportModel(elman) }), 'error').message).toMatch(/one layer in one direction/);
    // The held model stays.
    expect(typed(handle({ type: 'modelTrace', id: 4, key: 'a' }), 'modelTrace').trace).toEqual(traceOf(elman));
  });

  it('compare: both trainings as the engine runs them; an Elman model is refused in words', () => {
    const handle = createHandler();
    const result = handle({ type: 'compare', id: 1, model: exportModel(jordan), options: OPTIONS, iterations: 12 });
    expect(typed(result, 'compared').comparison).toEqual(compareFeedback(jordan, OPTIONS, 12));
    expect(result.transfer).toHaveLength(4);
    expect(typed(handle({ type: 'compare', id: 2, model: exportModel(elman), options: OPTIONS, iterations: 3 }), 'error').message).toMatch(/Jordan/);
  });

  it('compareCells: every cell as the engine trains it, its buffers transferred; a bad cell is refused in words', () => {
    const handle = createHandler();
    const cells = ['elman', 'lstm', 'gru'] as const;
    const result = handle({ type: 'compareCells', id: 1, model: exportModel(elman), cells, seed: 7, options: OPTIONS, iterations: 5 });
    const comparison = typed(result, 'comparedCells').comparison;
    expect(comparison).toEqual(compareCells(elman, cells, 7, OPTIONS, 5));
    expect(comparison.runs.map((r) => r.variant)).toEqual(cells);
    expect(result.transfer).toHaveLength(6);
    const bad = handle({ type: 'compareCells', id: 2, model: exportModel(elman), cells: ['elman', 'rnn' as never], seed: 7, options: OPTIONS, iterations: 5 });
    expect(typed(bad, 'error').message).toBe('cells[1]: expected one of elman, jordan, lstm, gru, got rnn');
  });
});
