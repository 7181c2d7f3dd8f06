/** The worker's logic without a worker: the trace of the held model, the model key, the model carried as a file or as parameters, refusals, the transfer list. */
import { describe, expect, it } from 'vitest';
import type { InitOptions, ModelFile, Trace } from '../../src/engine/index';
import { compactModelText, copyParams, exportModel, initModel, traceOf } from '../../src/engine/index';
import { createHandler } from '../../src/worker/handler';
import { UNKNOWN_MODEL_KEY } from '../../src/worker/protocol';
import type { HandlerResult } from '../../src/worker/handler';
import type { EngineResponse } from '../../src/worker/protocol';

const options: InitOptions = { variant: 'elman', input: 3, hidden: 4, output: 3, length: 4, seed: 7 };
const model = initModel(options);
const file = exportModel(model);

const traceOfResult = (r: HandlerResult): Trace => {
  if (r.response.type !== 'modelTrace') throw new Error(`expected a trace, got ${JSON.stringify(r.response)}`);
  return r.response.trace;
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
    { variant: 'lstm', input: 3, hidden: 2, output: 3, length: 4, seed: 3, truncation: 2 },
    { variant: 'gru', input: 3, hidden: 3, output: 2, length: 4, seed: 4 },
  ])('answers the trace of the model it is sent, then of the one it holds ($variant)', (o) => {
    const handle = createHandler();
    const m = exportModel(initModel(o));
    expect(handle({ type: 'modelTrace', id: 1, key: 's1.0', model: m }).response).toEqual({ type: 'modelTrace', id: 1, key: 's1.0', trace: traceOf(initModel(o)) });
    expect(traceOfResult(handle({ type: 'modelTrace', id: 2, key: 's1.0' }))).toEqual(traceOf(initModel(o)));
  });

  it('refuses an invalid model file, naming the field path, and keeps the model it held', () => {
    const handle = createHandler();
    traceOfResult(handle({ type: 'modelTrace', id: 1, key: 's1.0', model: file }));
    const rowShort = edit(file, (json) => { json.params.W[2] = [1, 2]; });
    expect(handle({ type: 'modelTrace', id: 2, key: 's2.0', model: rowShort }).response)
      .toEqual({ type: 'error', id: 2, message: 'model: params.W[2]: expected 4 numbers, got 2' });
    const rowMissing = edit(file, (json) => { json.params.W.pop(); });
    expect(errorOf(handle({ type: 'modelTrace', id: 3, key: 's2.0', model: rowMissing }))).toBe('model: params.W: expected 4 rows, got 3');
    expect(errorOf(handle({ type: 'modelTrace', id: 4, key: 's2.0' }))).toBe(UNKNOWN_MODEL_KEY);
    expect(traceOfResult(handle({ type: 'modelTrace', id: 5, key: 's1.0' }))).toEqual(traceOf(model));
  });

  it('refuses a key it does not hold when the model is absent', () => {
    const handle = createHandler();
    expect(handle({ type: 'modelTrace', id: 1, key: 's1.0' }).response).toEqual({ type: 'error', id: 1, message: 'unknown model key' });
    handle({ type: 'modelTrace', id: 2, key: 's1.0', model: file });
    expect(errorOf(handle({ type: 'modelTrace', id: 3, key: 's2.0' }))).toBe(UNKNOWN_MODEL_KEY);
    expect(errorOf(handle({ type: 'modelTrace', id: 4, key: 's1.1' }))).toBe(UNKNOWN_MODEL_KEY);
  });

  it('takes another version of the scene it holds as parameters alone, and refuses them for a scene it does not hold', () => {
    const handle = createHandler();
    const other = initModel({ ...options, seed: 8 });
    // No scene held yet: the client sends the file instead.
    expect(errorOf(handle({ type: 'modelTrace', id: 1, key: 's1.3', params: copyParams(other.params) }))).toBe(UNKNOWN_MODEL_KEY);
    handle({ type: 'modelTrace', id: 2, key: 's1.0', model: file });
    expect(errorOf(handle({ type: 'modelTrace', id: 3, key: 's2.3', params: copyParams(other.params) }))).toBe(UNKNOWN_MODEL_KEY);
    // The scene's sequence and sizes with the other parameters: the trace of that model, held as its key.
    const version = { ...model, params: other.params };
    expect(traceOfResult(handle({ type: 'modelTrace', id: 4, key: 's1.3', params: copyParams(other.params) }))).toEqual(traceOf(version));
    expect(traceOfResult(handle({ type: 'modelTrace', id: 5, key: 's1.3' }))).toEqual(traceOf(version));
    expect(handle({ type: 'modelText', id: 6, key: 's1.3', maxBytes: Infinity }).response).toMatchObject({ type: 'modelText', key: 's1.3' });
  });

  it('takes another version of a deep bidirectional scene as parameters alone: every layer\'s and direction\'s, and writes its model file', () => {
    const handle = createHandler();
    const deep = initModel({ variant: 'lstm', input: 3, hidden: 2, output: 3, length: 4, seed: 2, layers: 2, bidirectional: true });
    const trained = initModel({ variant: 'lstm', input: 3, hidden: 2, output: 3, length: 4, seed: 9, layers: 2, bidirectional: true });
    handle({ type: 'stackTrace', id: 1, model: exportModel(deep) });
    handle({ type: 'modelText', id: 2, key: 's1.0', model: exportModel(deep), maxBytes: Infinity });
    const text = handle({ type: 'modelText', id: 3, key: 's1.1', params: copyParams(trained.params), maxBytes: Infinity }).response;
    if (text.type !== 'modelText' || text.utf8 === null) throw new Error(`expected a model text, got ${JSON.stringify(text)}`);
    expect(new TextDecoder().decode(text.utf8)).toBe(compactModelText({ ...deep, params: trained.params }));
    const { Wf_l1_reverse: _, ...missing } = copyParams(trained.params);
    expect(errorOf(handle({ type: 'modelText', id: 4, key: 's1.2', params: missing, maxBytes: Infinity }))).toBe('params.Wf_l1_reverse: expected a Float64Array of 4 numbers, got none');
  });

  it('refuses parameters that do not fit the scene, naming the parameter and the entry', () => {
    const handle = createHandler();
    handle({ type: 'modelTrace', id: 1, key: 's1.0', model: file });
    const params = copyParams(model.params);
    const cases: [Record<string, Float64Array>, string][] = [
      [{ ...params, W: params.W!.subarray(1) }, 'params.W: expected 16 numbers, got 15'],
      [{ ...params, b: Float64Array.from([0, Number.NaN, 0, 0]) }, 'params.b[1]: expected a finite number, got NaN'],
      [{ ...params, V: params.V!.map((x, i) => (i === 5 ? -Infinity : x)) }, 'params.V[5]: expected a finite number, got -Infinity'],
      [{ ...params, Wq: new Float64Array(16) }, 'params.Wq: a elman network has no such parameter'],
      [Object.fromEntries(Object.entries(params).filter(([name]) => name !== 'h0')), 'params.h0: expected a Float64Array of 4 numbers, got none'],
    ];
    cases.forEach(([bad, message], i) => expect(errorOf(handle({ type: 'modelTrace', id: 2 + i, key: 's1.1', params: bad }))).toBe(message));
    // The held model stays.
    expect(traceOfResult(handle({ type: 'modelTrace', id: 9, key: 's1.0' }))).toEqual(traceOf(model));
  });

  it('lists the trace\'s own buffers for transfer, each once', () => {
    const handle = createHandler();
    const result = handle({ type: 'modelTrace', id: 1, key: 's1.0', model: file });
    const trace = traceOfResult(result);
    const arrays = [trace.a, trace.h, trace.o, trace.yhat, trace.stepLosses, trace.gO, trace.gH, trace.gA, ...Object.values(trace.nodes), ...Object.values(trace.factors),
      trace.back, trace.inputGradNorms, trace.outputGradNorms, ...Object.values(trace.edgeNorms), trace.gradNormsByStep, ...Object.values(trace.grads)];
    const buffers = new Set(arrays.map((a) => a.buffer));
    // h is nodes.h and dL/dh is factors.dh: one buffer each, listed once.
    expect(result.transfer).toHaveLength(buffers.size);
    expect(new Set(result.transfer)).toEqual(buffers);
    // Transferring must not detach anything the handler keeps: the next answer is whole.
    structuredClone(result.response, { transfer: result.transfer as ArrayBuffer[] });
    expect(traceOfResult(handle({ type: 'modelTrace', id: 2, key: 's1.0' }))).toEqual(traceOf(model));
  });

  it('throws on the crash hook', () => {
    const handle = createHandler();
    expect(() => handle({ type: 'crash', id: 1 })).toThrow('crash requested');
  });

  it('answers with the request id', () => {
    const handle = createHandler();
    const response: EngineResponse = handle({ type: 'modelTrace', id: 42, key: 's1.0', model: file }).response;
    expect(response.id).toBe(42);
  });
});
