/**
 * The engine worker's whole logic, as a function from a request to its answer and the buffers
 * to transfer with it: testable without a worker. It holds one model and its key (a keyed
 * request's, or a training batch's result) and a training run; a model file is validated here,
 * at the worker boundary, and so are parameters sent alone.
 */
import type { Model, TorchImportOptions, Trainer } from '../engine/index';
import {
  ModelError, checkGradients, isStacked, compactModelText, copyModel, copyParams, modelTransfer, paramsTransfer, parseModelText, compareCells, compareFeedback, createTrainer, jacobianTransfer, jacobianView, parseModel, spectralRadius,
  feedsBack, paramCount, stackModelOf, stackTraceOf, stackTraceTransfer, traceOf, traceTransfer, withParams,
} from '../engine/index';
import { deflateAtMost } from '../store/deflate';
import type { EngineRequest, EngineResponse, ModelCarry, TrainedTrace } from './protocol';
import { UNKNOWN_MODEL_KEY, UNKNOWN_RUN, sceneOfKey } from './protocol';

/** The answer to one request and the buffers to transfer with it (the answer's own typed arrays). */
export interface HandlerResult {
  readonly response: EngineResponse;
  readonly transfer: Transferable[];
}

type KeyedRequest = Extract<EngineRequest, { type: 'modelTrace' | 'check' | 'jacobian' | 'modelText' }>;
type DeflateRequest = Extract<EngineRequest, { type: 'deflateState' }>;
type ParseRequest = Extract<EngineRequest, { type: 'parse' | 'parseTorch' }>;
type TrainRequest = Extract<EngineRequest, { type: 'train' }>;
/** Requests about a model of their own, which leave the held model alone. */
type OwnModelRequest = Extract<EngineRequest, { type: 'trace' | 'stackTrace' | 'compare' | 'compareCells' }>;

/**
 * The worker's server: the handler, and the one request that cannot be answered at once (a link's
 * compression runs through a stream), answered by a promise. The entry and the tests' fake worker use it.
 */
export function createServer(): (request: EngineRequest) => HandlerResult | Promise<HandlerResult> {
  let torch: TorchImporter | null = null;
  const handle = createHandler(() => torch);
  return (request) => {
    if (request.type === 'deflateState') return deflateState(handle, request);
    // The PyTorch reader loads with the first state dict: a page that opens none never fetches it.
    if (request.type === 'parseTorch' && torch === null) {
      return import('../engine/file/torch').then((m) => { torch = m.importTorch; return handle(request); });
    }
    return handle(request);
  };
}

/** What reads a PyTorch state dict into a model (../engine/file/torch.ts importTorch). */
export type TorchImporter = (bytes: Uint8Array, options: TorchImportOptions) => Model;

/** The state's link data: the held model's text from the handler (sent along if not held), deflated between head and tail. */
async function deflateState(handle: (request: EngineRequest) => HandlerResult, request: DeflateRequest): Promise<HandlerResult> {
  const { id, key, head, tail } = request;
  const text = handle({ type: 'modelText', id, key, maxBytes: Infinity, ...(request.model ? { model: request.model } : {}), ...(request.params ? { params: request.params } : {}) }).response;
  if (text.type !== 'modelText' || text.utf8 === null) return { response: text, transfer: [] };
  const bytes = await deflateAtMost([head, text.utf8, tail]);
  return { response: { type: 'deflated', id, key, bytes }, transfer: bytes ? [bytes.buffer] : [] };
}

/**
 * A fresh handler holding no model; `crash` throws and `hang` never returns, as the test hooks ask.
 * `torch` is the PyTorch reader once loaded (createServer loads it), or null.
 */
export function createHandler(torch: () => TorchImporter | null = () => null): (request: EngineRequest) => HandlerResult {
  /** The model held and its key; models are never mutated, so any request may read it. */
  let held: { readonly key: string; readonly model: Model } | null = null;
  let training: { readonly run: string; readonly scene: string; readonly trainer: Trainer } | null = null;

  const refuse = (id: number, message: string): HandlerResult => ({ response: { type: 'error', id, message }, transfer: [] });

  /**
   * The model named `key`: the model file carried with it (parsed and checked), the held scene
   * with the parameters carried with it (checked), or the held model; the result is held. Null
   * when it is neither carried nor held (nor, for parameters alone, its scene).
   */
  const modelOf = (request: { readonly key: string } & ModelCarry): Model | null => {
    if (request.model !== undefined) held = { key: request.key, model: parseModel(request.model) };
    else if (request.params !== undefined) {
      if (held === null || sceneOfKey(held.key) !== sceneOfKey(request.key)) return null;
      held = { key: request.key, model: withParams(held.model, request.params) };
    }
    return held !== null && held.key === request.key ? held.model : null;
  };

  const serve = (request: KeyedRequest): HandlerResult => {
    const { id, key } = request;
    const model = modelOf(request);
    if (model === null) return refuse(id, UNKNOWN_MODEL_KEY);
    if (request.type === 'check') {
      return { response: { type: 'check', id, key, result: checkGradients(model, request.target) }, transfer: [] };
    }
    if (request.type === 'modelText') {
      // Each number takes at least two characters (a digit and a comma): a model over the bound by
      // that count is not written at all.
      const bytes = 2 * paramCount(model) > request.maxBytes ? null : new TextEncoder().encode(compactModelText(model));
      const utf8 = bytes !== null && bytes.length <= request.maxBytes ? bytes : null;
      return { response: { type: 'modelText', id, key, utf8 }, transfer: utf8 ? [utf8.buffer] : [] };
    }
    if (request.type === 'jacobian') {
      const view = jacobianView(model, request.t, request.k);
      return { response: { type: 'jacobian', id, key, view }, transfer: jacobianTransfer(view) };
    }
    const trace = traceOf(model);
    return { response: { type: 'modelTrace', id, key, trace }, transfer: traceTransfer(trace) };
  };

  /**
   * A batch of iterations; stops early when a value stops being finite. The model after it is held
   * as the request's key, and goes back as its parameters (copies: the held model keeps its own)
   * with its trace.
   */
  const train = (request: TrainRequest): HandlerResult => {
    const { id, run, start, key } = request;
    if (start) {
      const model = modelOf(start);
      if (model === null) return refuse(id, UNKNOWN_MODEL_KEY);
      training = { run, scene: sceneOfKey(start.key), trainer: createTrainer(model, start.options, start.state) };
    }
    if (!training || training.run !== run) return refuse(id, UNKNOWN_RUN);
    if (sceneOfKey(key) !== training.scene) return refuse(id, `key: expected a version of the run's scene ${training.scene}, got ${key}`);
    const { trainer } = training;
    if (request.learningRate !== undefined) trainer.setLearningRate(request.learningRate);
    if (trainer.paused) trainer.resume();
    const reports = [];
    for (let i = 0; i < request.iterations && !trainer.paused; i++) reports.push(trainer.step());
    // The trainer never mutates a model it has made: the held one stays as it is.
    const { model } = trainer;
    held = { key, model };
    const H = model.sizes.hidden;
    // Eigenvalues cost O(H^3): cheap up to H = 128, too slow per batch beyond.
    const radiusW = !feedsBack(model.variant) && H <= 128 ? spectralRadius(model.params.W!, H) : null;
    const trace: TrainedTrace = isStacked(model) ? { stacked: true, trace: stackTraceOf(stackModelOf(model)) } : { stacked: false, trace: traceOf(model) };
    const params = copyParams(model.params);
    const state = trainer.state();
    const moments = [state.optimizer.m, state.optimizer.v].filter((a): a is Float64Array => a !== null);
    const answer = { params, trace, reports, iterations: trainer.iterations, clipped: trainer.clippedCount, paused: trainer.paused, radiusW, state };
    return {
      response: { type: 'trained', id, run, key, answer },
      transfer: [...paramsTransfer(params), ...(trace.stacked ? stackTraceTransfer(trace.trace) : traceTransfer(trace.trace)), ...moments.map((a) => a.buffer as ArrayBuffer)],
    };
  };

  /** An imported file: parsed here, held as the request's key, and sent back as copies to transfer. */
  const parse = (request: ParseRequest): HandlerResult => {
    const importer = torch();
    if (request.type === 'parseTorch' && importer === null) throw new Error('the PyTorch reader is not loaded');
    const model = request.type === 'parse' ? parseModelText(request.text) : importer!(request.bytes, request.options);
    held = { key: request.key, model };
    const copy = copyModel(model);
    return { response: { type: 'parsed', id: request.id, key: request.key, model: copy }, transfer: modelTransfer(copy) };
  };

  /** The trace of a model sent with the request (a deep or bidirectional network's too), or a comparison of trainings on it (feedbacks, cells). */
  const ownModel = (request: OwnModelRequest): HandlerResult => {
    if (request.type === 'stackTrace') {
      const stacked = parseModel(request.model);
      if (!isStacked(stacked)) throw new Error('one layer in one direction: its trace is a model\'s own (trace), not a stack\'s');
      const trace = stackTraceOf(stackModelOf(stacked));
      return { response: { type: 'stackTrace', id: request.id, trace }, transfer: stackTraceTransfer(trace) };
    }
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
   * A refused model file is an answer, and so is any other throw while computing (the held model
   * is never mutated, so it stays). Rethrowing would crash the worker, and the request would be
   * retried after the restart.
   */
  const answer = (request: KeyedRequest | TrainRequest | OwnModelRequest | ParseRequest): HandlerResult => {
    try {
      if (request.type === 'parse' || request.type === 'parseTorch') return parse(request);
      if (request.type === 'trace' || request.type === 'stackTrace' || request.type === 'compare' || request.type === 'compareCells') return ownModel(request);
      return request.type === 'train' ? train(request) : serve(request);
    } catch (error) {
      // An import's refusal names the field alone: the page puts the file's name before it.
      if (error instanceof ModelError) return refuse(request.id, request.type === 'parse' || request.type === 'parseTorch' ? error.message : `model: ${error.message}`);
      return refuse(request.id, error instanceof Error ? error.message : String(error));
    }
  };

  return (request) => {
    switch (request.type) {
      case 'modelTrace':
      case 'check':
      case 'jacobian':
      case 'modelText':
      case 'parse':
      case 'parseTorch':
      case 'train':
      case 'trace':
      case 'stackTrace':
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
