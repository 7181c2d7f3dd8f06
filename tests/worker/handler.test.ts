/** The worker's logic without a worker: snapshots, the model key, refusals, the transfer list. */
import { describe, expect, it } from 'vitest';
import type { InitOptions, ModelFile, Snapshot } from '../../src/engine/index';
import { createSession, exportModel, initModel, snapshotOf } from '../../src/engine/index';
import { createHandler } from '../../src/worker/handler';
import { UNKNOWN_MODEL_KEY } from '../../src/worker/protocol';
import type { HandlerResult } from '../../src/worker/handler';
import type { EngineResponse } from '../../src/worker/protocol';

const options: InitOptions = { variant: 'elman', input: 3, hidden: 4, output: 3, length: 4, seed: 7 };
const file = exportModel(initModel(options));

/** snapshotOf a fresh session on the same model, seeked to p. */
const expected = (o: InitOptions, p: number): Snapshot => {
  const session = createSession(initModel(o));
  session.seek(p);
  return snapshotOf(session);
};

const snapshotOfResult = (r: HandlerResult): Snapshot => {
  if (r.response.type !== 'snapshot') throw new Error(`expected a snapshot, got ${JSON.stringify(r.response)}`);
  return r.response.snapshot;
};

const errorOf = (r: HandlerResult): string => {
  if (r.response.type !== 'error') throw new Error('expected an error');
  return r.response.message;
};

/** A copy of a model file with one change made to its JSON. */
const edit = (f: ModelFile, change: (json: { params: { W: number[][] } }) => void): ModelFile => {
  const copy = structuredClone(f);
  change(copy as unknown as { params: { W: number[][] } });
  return copy;
};

describe('engine worker handler', () => {
  it.each<InitOptions>([
    options,
    { variant: 'jordan', feedback: 'softmax', input: 4, hidden: 3, output: 2, length: 5, seed: 2, inputs: 'dense' },
    { variant: 'single-output', input: 2, hidden: 5, output: 3, length: 3, seed: 9, scheme: 'uniform' },
  ])('answers snapshotOf a session seeked to each position ($variant)', (o) => {
    const handle = createHandler();
    const model = exportModel(initModel(o));
    const end = 2 * o.length;
    const positions = [3, 0, end, 1, o.length, o.length + 1, end - 1, 2];
    positions.forEach((position, i) => {
      const request = { type: 'snapshot', id: i + 1, key: 'k', position } as const;
      const result = handle(i === 0 ? { ...request, model } : request);
      expect(result.response).toEqual({ type: 'snapshot', id: i + 1, key: 'k', snapshot: expected(o, position) });
    });
  });

  it('refuses an invalid model file, naming the field path, and then holds no model', () => {
    const handle = createHandler();
    expect(snapshotOfResult(handle({ type: 'snapshot', id: 1, key: 'a', model: file, position: 2 })).position).toBe(2);
    const rowShort = edit(file, (json) => { json.params.W[2] = [1, 2]; });
    expect(handle({ type: 'snapshot', id: 2, key: 'b', model: rowShort, position: 0 }).response)
      .toEqual({ type: 'error', id: 2, message: 'model: params.W[2]: expected 4 numbers, got 2' });
    const rowMissing = edit(file, (json) => { json.params.W.pop(); });
    expect(errorOf(handle({ type: 'snapshot', id: 3, key: 'b', model: rowMissing, position: 0 }))).toBe('model: params.W: expected 4 rows, got 3');
    expect(errorOf(handle({ type: 'snapshot', id: 4, key: 'a', position: 2 }))).toBe(UNKNOWN_MODEL_KEY);
  });

  it('refuses a key it does not hold when the model is absent', () => {
    const handle = createHandler();
    expect(handle({ type: 'snapshot', id: 1, key: 'a', position: 0 }).response).toEqual({ type: 'error', id: 1, message: 'unknown model key' });
    handle({ type: 'snapshot', id: 2, key: 'a', model: file, position: 0 });
    expect(errorOf(handle({ type: 'snapshot', id: 3, key: 'b', position: 0 }))).toBe(UNKNOWN_MODEL_KEY);
    expect(snapshotOfResult(handle({ type: 'snapshot', id: 4, key: 'a', position: 1 })).position).toBe(1);
  });

  it('refuses a position outside 0..2 tau or not an integer, naming it, and keeps the model', () => {
    const handle = createHandler();
    handle({ type: 'snapshot', id: 1, key: 'a', model: file, position: 0 });
    for (const position of [-1, 9, 1.5, Number.NaN, Infinity]) {
      expect(errorOf(handle({ type: 'snapshot', id: 2, key: 'a', position }))).toBe(`position: expected an integer in 0..8, got ${position}`);
    }
    expect(errorOf(handle({ type: 'snapshot', id: 3, key: 'b', model: file, position: 9 }))).toMatch(/^position: /);
    expect(snapshotOfResult(handle({ type: 'snapshot', id: 4, key: 'b', position: 8 })).position).toBe(8);
  });

  it('lists the snapshot\'s own buffers for transfer, each once', () => {
    const handle = createHandler();
    const start = handle({ type: 'snapshot', id: 1, key: 'a', model: file, position: 0 });
    expect(start.transfer).toEqual([]);
    const result = handle({ type: 'snapshot', id: 2, key: 'a', position: 5 });
    const step = snapshotOfResult(result).step!;
    const arrays = [step.x, step.previous, step.a, step.h, step.o, step.yhat, step.gO, step.gH, step.gA];
    expect(arrays.every((a) => a !== null)).toBe(true);
    const buffers = arrays.map((a) => a!.buffer);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(new Set(result.transfer)).toEqual(new Set(buffers));
    // Transferring must not detach anything the handler keeps: the next answer is whole.
    structuredClone(result.response, { transfer: result.transfer as ArrayBuffer[] });
    expect(snapshotOfResult(handle({ type: 'snapshot', id: 3, key: 'a', position: 5 }))).toEqual(expected(options, 5));
  });

  it('throws on the crash hook', () => {
    const handle = createHandler();
    expect(() => handle({ type: 'crash', id: 1 })).toThrow('crash requested');
  });

  it('answers with the request id', () => {
    const handle = createHandler();
    const response: EngineResponse = handle({ type: 'snapshot', id: 42, key: 'a', model: file, position: 0 }).response;
    expect(response.id).toBe(42);
  });
});
