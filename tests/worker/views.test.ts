/** The worker's Jacobian, side-by-side trace and teacher-forcing comparison answers, against the engine. */
import { describe, expect, it } from 'vitest';
import { compareFeedback, exportModel, initModel, jacobianView, traceOf } from '../../src/engine/index';
import type { TrainOptions } from '../../src/engine/index';
import { createHandler } from '../../src/worker/handler';
import type { HandlerResult } from '../../src/worker/handler';
import { UNKNOWN_MODEL_KEY } from '../../src/worker/protocol';

const elman = initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 6, seed: 7 });
const jordan = initModel({ variant: 'jordan', feedback: 'logits', input: 3, hidden: 4, output: 3, length: 6, seed: 7 });
const OPTIONS: TrainOptions = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 10, snapshotCapacity: 4 };

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

  it('trace: the trace of a model sent with it, and the held model stays', () => {
    const handle = createHandler();
    handle({ type: 'modelTrace', id: 1, key: 'a', model: exportModel(elman) });
    const result = handle({ type: 'trace', id: 2, model: exportModel(jordan) });
    expect(typed(result, 'trace').trace).toEqual(traceOf(jordan));
    expect(typed(handle({ type: 'modelTrace', id: 3, key: 'a' }), 'modelTrace').trace).toEqual(traceOf(elman));
    expect(typed(handle({ type: 'trace', id: 4, model: { ...exportModel(jordan), variant: 'transformer' } as never }), 'error').message).toMatch(/^model: /);
    expect(typed(handle({ type: 'modelTrace', id: 5, key: 'a' }), 'modelTrace').key).toBe('a');
  });

  it('compare: both trainings as the engine runs them; an Elman model is refused in words', () => {
    const handle = createHandler();
    const result = handle({ type: 'compare', id: 1, model: exportModel(jordan), options: OPTIONS, iterations: 12 });
    expect(typed(result, 'compared').comparison).toEqual(compareFeedback(jordan, OPTIONS, 12));
    expect(result.transfer).toHaveLength(4);
    expect(typed(handle({ type: 'compare', id: 2, model: exportModel(elman), options: OPTIONS, iterations: 3 }), 'error').message).toMatch(/Jordan/);
  });
});
