/**
 * The engine worker's whole logic, as a function from a request to its answer and the buffers
 * to transfer with it: testable without a worker. It holds one stepping session and the key of
 * its model; the model file is validated here, at the worker boundary.
 */
import type { Session, Trace, Trainer } from '../engine/index';
import {
  ModelError, checkGradients, compactModelText, copyModel, modelTransfer, parseModelText, compareCells, compareFeedback, createSession, createTrainer, exportModel, jacobianTransfer, jacobianView, parseModel, snapshotOf, snapshotTransfer, spectralRadius,
  feedsBack, paramCount, runPass, traceOf, traceTransfer,
} from '../engine/index';
import { deflateAtMost } from '../store/deflate';
import type { EngineRequest, EngineResponse } from './protocol';
import { UNKNOWN_MODEL_KEY, UNKNOWN_RUN } from './protocol';

/** The answer to one request and the buffers to transfer with it (the answer's own typed arrays). */
export interface HandlerResult {
  readonly response: EngineResponse;
  readonly transfer: Transferable[];
}

type KeyedRequest = Extract<EngineRequest, { type: 'snapshot' | 'check' | 'jacobian' | 'modelText' }>;
type DeflateRequest = Extract<EngineRequest, { type: 'deflateState' }>;
type ParseRequest = Extract<EngineRequest, { type: 'parse' }>;
type TrainRequest = Extract<EngineRequest, { type: 'train' }>;
/** Requests about a model of their own, which leave the held session alone. */
type OwnModelRequest = Extract<EngineRequest, { type: 'trace' | 'compare' | 'compareCells' }>;

/**
 * The worker's server: the handler, and the one request that cannot be answered at once (a link's
 * compression runs through a stream), answered by a promise. The entry and the tests' fake worker use it.
 */
export function createServer(): (request: EngineRequest) => HandlerResult | Promise<HandlerResult> {
  const handle = createHandler();
  return (request) => (request.type === 'deflateState' ? deflateState(handle, request) : handle(request));
}

/** The state's link data: the held model's text from the handler (sent along if not held), deflated between head and tail. */
async function deflateState(handle: (request: EngineRequest) => HandlerResult, request: DeflateRequest): Promise<HandlerResult> {
  const { id, key, head, tail } = request;
  const text = handle({ type: 'modelText', id, key, maxBytes: Infinity, ...(request.model ? { model: request.model } : {}) }).response;
  if (text.type !== 'modelText' || text.utf8 === null) return { response: text, transfer: [] };
  const bytes = await deflateAtMost([head, text.utf8, tail]);
  return { response: { type: 'deflated', id, key, bytes }, transfer: bytes ? [bytes.buffer] : [] };
}

/** A fresh handler holding no model; `crash` throws and `hang` never returns, as the test hooks ask. */
export function createHandler(): (request: EngineRequest) => HandlerResult {
  let held: { readonly key: string; readonly session: Session } | null = null;
  let training: { readonly run: string; readonly trainer: Trainer } | null = null;

  const refuse = (id: number, message: string): HandlerResult => ({ response: { type: 'error', id, message }, transfer: [] });

  /** The session of the request's model: a new one when the model comes with it. */
  const sessionFor = (request: KeyedRequest): Session | null => {
    if (request.model !== undefined) held = { key: request.key, session: createSession(parseModel(request.model)) };
    return held !== null && held.key === request.key ? held.session : null;
  };

  const serve = (request: KeyedRequest): HandlerResult => {
    const { id, key } = request;
    const session = sessionFor(request);
    if (session === null) return refuse(id, UNKNOWN_MODEL_KEY);
    if (request.type === 'check') {
      return { response: { type: 'check', id, key, result: checkGradients(session.model, request.target) }, transfer: [] };
    }
    if (request.type === 'modelText') {
      // Each number takes at least two characters (a digit and a comma): a model over the bound by
      // that count is not written at all (autosave asks this after every training batch).
      const bytes = 2 * paramCount(session.model) > request.maxBytes ? null : new TextEncoder().encode(compactModelText(session.model));
      const utf8 = bytes !== null && bytes.length <= request.maxBytes ? bytes : null;
      return { response: { type: 'modelText', id, key, utf8 }, transfer: utf8 ? [utf8.buffer] : [] };
    }
    if (request.type === 'jacobian') {
      const view = jacobianView(session.model, request.t, request.k);
      return { response: { type: 'jacobian', id, key, view }, transfer: jacobianTransfer(view) };
    }
    const { position } = request;
    if (!Number.isInteger(position) || position < 0 || position > session.end) {
      return refuse(id, `position: expected an integer in 0..${session.end}, got ${String(position)}`);
    }
    session.seek(position);
    const snapshot = snapshotOf(session);
    const trace: Trace | null = request.trace ? traceOf(session.model) : null;
    return {
      response: { type: 'snapshot', id, key, snapshot, ...(trace ? { trace } : {}) },
      transfer: [...snapshotTransfer(snapshot), ...(trace ? traceTransfer(trace) : [])],
    };
  };

  /** A batch of iterations; stops early when a value stops being finite. */
  const train = (request: TrainRequest): HandlerResult => {
    const { id, run, start } = request;
    if (start) training = { run, trainer: createTrainer(parseModel(start.model), start.options, start.state) };
    if (!training || training.run !== run) return refuse(id, UNKNOWN_RUN);
    const { trainer } = training;
    if (request.learningRate !== undefined) trainer.setLearningRate(request.learningRate);
    if (trainer.paused) trainer.resume();
    const reports = [];
    for (let i = 0; i < request.iterations && !trainer.paused; i++) reports.push(trainer.step());
    const { model } = trainer;
    const H = model.sizes.hidden;
    // Eigenvalues cost O(H^3): cheap up to H = 128, too slow per batch beyond.
    const radiusW = !feedsBack(model.variant) && H <= 128 ? spectralRadius(model.params.W!, H) : null;
    // Only dL/dh(t) is wanted here: the pass alone, not a whole trace.
    const { gH } = runPass(model).backward;
    const hNorms = Float64Array.from({ length: model.sequence.length }, (_, t) => Math.hypot(...gH.subarray(t * H, (t + 1) * H)));
    const state = trainer.state();
    const moments = [state.optimizer.m, state.optimizer.v].filter((a): a is Float64Array => a !== null);
    const answer = { model: exportModel(model), reports, iterations: trainer.iterations, clipped: trainer.clippedCount, paused: trainer.paused, radiusW, hNorms, state };
    return { response: { type: 'trained', id, run, answer }, transfer: [hNorms.buffer, ...moments.map((a) => a.buffer)] as ArrayBuffer[] };
  };

  /** An imported file: parsed here, held as the request's key, and sent back as copies to transfer. */
  const parse = (request: ParseRequest): HandlerResult => {
    const model = parseModelText(request.text);
    held = { key: request.key, session: createSession(model) };
    const copy = copyModel(model);
    return { response: { type: 'parsed', id: request.id, key: request.key, model: copy }, transfer: modelTransfer(copy) };
  };

  /** The trace of a model sent with the request, or a comparison of trainings on it (feedbacks, cells). */
  const ownModel = (request: OwnModelRequest): HandlerResult => {
    const model = parseModel(request.model);
    if (request.type === 'trace') {
      const trace = traceOf(model);
      return { response: { type: 'trace', id: request.id, trace }, transfer: traceTransfer(trace) };
    }
    if (request.type === 'compareCells') {
      const comparison = compareCells(model, request.cells, request.seed, request.options, request.iterations);
      return { response: { type: 'comparedCells', id: request.id, comparison }, transfer: comparison.runs.flatMap((r) => [r.losses.buffer, r.stepLosses.buffer] as ArrayBuffer[]) };
    }
    const comparison = compareFeedback(model, request.options, request.iterations);
    const runs = [comparison.teacher, comparison.freeRun];
    return { response: { type: 'compared', id: request.id, comparison }, transfer: runs.flatMap((r) => [r.losses.buffer, r.crossing.buffer] as ArrayBuffer[]) };
  };

  /**
   * A refused model file is an answer, and so is any other throw while computing: a session that
   * threw mid-step is in no known state, so it is forgotten (the next request brings the model
   * again). Rethrowing would crash the worker, and the request would be retried after the restart.
   */
  const answer = (request: KeyedRequest | TrainRequest | OwnModelRequest | ParseRequest): HandlerResult => {
    try {
      if (request.type === 'parse') return parse(request);
      if (request.type === 'trace' || request.type === 'compare' || request.type === 'compareCells') return ownModel(request);
      return request.type === 'train' ? train(request) : serve(request);
    } catch (error) {
      // Only stepping mutates the session; the other requests read the model.
      if (request.type === 'snapshot' || request.type === 'check') held = null;
      // An import's refusal names the field alone: the page puts the file's name before it.
      if (error instanceof ModelError) return refuse(request.id, request.type === 'parse' ? error.message : `model: ${error.message}`);
      return refuse(request.id, error instanceof Error ? error.message : String(error));
    }
  };

  return (request) => {
    switch (request.type) {
      case 'snapshot':
      case 'check':
      case 'jacobian':
      case 'modelText':
      case 'parse':
      case 'train':
      case 'trace':
      case 'compare':
      case 'compareCells':
        return answer(request);
      case 'deflateState':
        return refuse(request.id, 'deflateState is answered by createServer, not by the handler');
      case 'crash':
        throw new Error('crash requested');
      case 'hang':
        // eslint-disable-next-line no-empty -- the test hook must stop answering for good, as a real hang would
        for (;;) {}
    }
  };
}
