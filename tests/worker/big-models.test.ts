/**
 * What keeps a large model off the main thread: an imported file parsed in the worker (held under
 * its key, sent back by transfer), the model's text for the saved state and links written there,
 * and the gradient norms of the U and V edges computed with the trace.
 */
import { describe, expect, it } from 'vitest';
import type { InitOptions } from '../../src/engine/index';
import { compactModelText, exportModel, initModel, stringifyModel, traceOf } from '../../src/engine/index';
import { matTVecAdd } from '../../src/engine/kernels';
import { encodeShare, serializeState, shareOfDeflated, stateAround } from '../../src/store/share';
import { decodeShare } from '../../src/store/stateRead';
import { DEFAULT_SCENE } from '../../src/store/scene';
import type { HandlerResult } from '../../src/worker/handler';
import { createHandler, createServer } from '../../src/worker/handler';

const MODELS: InitOptions[] = [
  { variant: 'elman', input: 3, hidden: 4, output: 3, length: 5, seed: 7 },
  { variant: 'jordan', feedback: 'softmax', input: 4, hidden: 3, output: 2, length: 6, seed: 2, inputs: 'dense', truncation: 2 },
  { variant: 'single-output', input: 2, hidden: 5, output: 3, length: 4, seed: 9 },
];

const responseOf = <T extends HandlerResult['response']['type']>(r: HandlerResult, type: T): Extract<HandlerResult['response'], { type: T }> => {
  if (r.response.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(r.response)}`);
  return r.response as Extract<HandlerResult['response'], { type: T }>;
};

describe('an imported file, parsed in the worker', () => {
  it.each(MODELS)('gives back the model bit for bit, by transfer, and holds it under its key (%o)', (options) => {
    const model = initModel(options);
    const handle = createHandler();
    const parsed = handle({ type: 'parse', id: 1, key: 'm1.0', text: stringifyModel(model) });
    const answer = responseOf(parsed, 'parsed');
    expect(answer.key).toBe('m1.0');
    expect(exportModel(answer.model)).toEqual(exportModel(model));
    // Every array of the model goes by transfer, none twice.
    const buffers = parsed.transfer as ArrayBuffer[];
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers.length).toBe(options.variant === 'jordan' ? 7 : 8);
    // The worker kept its own copy: a trace by key alone (no model sent) works after the transfer.
    for (const b of buffers) structuredClone(b, { transfer: [b] });
    const traced = handle({ type: 'modelTrace', id: 2, key: 'm1.0' });
    expect(responseOf(traced, 'modelTrace').trace).toEqual(traceOf(model));
  });

  it('refuses a bad file naming the field alone (the page adds the file name)', () => {
    const text = stringifyModel(initModel(MODELS[0]!)).replace('"hidden": 4', '"hidden": 5');
    const r = createHandler()({ type: 'parse', id: 1, key: 'm1.0', text });
    expect(responseOf(r, 'error').message).toMatch(/^params\.U: expected 5 rows, got 4$/);
  });
});

describe('the model text for the saved state and links, written in the worker', () => {
  it.each(MODELS)('is the compact model text in UTF-8 (transferred), and the state around it is the state (%o)', (options) => {
    const model = initModel(options);
    const handle = createHandler();
    const r = handle({ type: 'modelText', id: 1, key: 'k', model: exportModel(model), maxBytes: Infinity });
    const { utf8 } = responseOf(r, 'modelText');
    if (utf8 === null) throw new Error('no text');
    expect(r.transfer).toEqual([utf8.buffer]);
    const text = new TextDecoder().decode(utf8);
    expect(text).toBe(compactModelText(model));
    const state = { model, config: DEFAULT_SCENE, position: 2, selected: 'h@1' };
    const { head, tail } = stateAround(state);
    expect(`${head}${text}${tail}`).toBe(serializeState(state));
    // Over the bound, nothing crosses: the saved state is not written.
    const over = handle({ type: 'modelText', id: 2, key: 'k', maxBytes: text.length - 1 });
    expect([responseOf(over, 'modelText').utf8, over.transfer]).toEqual([null, []]);
  });

  it.each(MODELS)('is deflated in the worker for a link that opens to the state (%o)', async (options) => {
    const model = initModel(options);
    const serve = createServer();
    const state = { model, config: null, position: 1, selected: null };
    const { head, tail } = stateAround(state);
    const r = await serve({ type: 'deflateState', id: 1, key: 'k', model: exportModel(model), head, tail });
    const { bytes } = responseOf(r, 'deflated');
    expect(bytes).not.toBeNull();
    expect(r.transfer).toEqual([bytes!.buffer]);
    const share = shareOfDeflated(bytes);
    if (!('hash' in share)) throw new Error('too large');
    expect(share).toEqual(await encodeShare(state));
    const back = await decodeShare(share.hash);
    expect(back && serializeState(back)).toBe(serializeState(state));
  });
});

describe('the U and V edges of the trace', () => {
  it.each(MODELS)('carry ||U^T dL/da(t)|| and ||V^T dL/do(t)|| (%o)', (options) => {
    const model = initModel(options);
    const trace = traceOf(model);
    const { input: n, hidden: H, output: K } = model.sizes;
    const norm = (M: Float64Array, rows: number, cols: number, g: Float64Array, go: number): number => {
      const v = new Float64Array(cols);
      matTVecAdd(v, 0, M, rows, cols, g, go);
      return Math.hypot(...v);
    };
    for (let t = 1; t <= model.sequence.length; t++) {
      expect(trace.inputGradNorms[t - 1]).toBeCloseTo(norm(model.params.U!, H, n, trace.gA, (t - 1) * H), 12);
    }
    expect(trace.outputGradNorms.length).toBe(trace.stepLosses.length);
    for (let r = 0; r < trace.stepLosses.length; r++) {
      expect(trace.outputGradNorms[r]).toBeCloseTo(norm(model.params.V!, K, H, trace.gO, r * K), 12);
    }
  });
});
