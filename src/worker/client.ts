/**
 * The main thread's side of the engine worker. Latest wins for the trace of the model on screen:
 * at most one request in flight and one queued, older ones rejected as stale. The model travels
 * only when the worker may not hold it: its parameters alone when the worker holds its scene, else
 * its file. A watchdog replaces a worker that stops answering, or that fails, and rejects what was pending.
 */
import type { Model } from '../engine/model';
import type { PassSize } from './allowance';
import { passAllowanceMs, passSizeOf } from './allowance';
import type { Carry, ModelArg } from './carry';
import { carried, sizeOfArg } from './carry';

export type { ModelArg } from './carry';
import type { CellComparison, CheckResult, CheckTarget, ComparedCell, FeedbackComparison, JacobianView, ModelFile, StackTrace, TorchImportOptions, Trace, TrainerState, TrainOptions } from '../engine/index';
import type { EngineRequest, EngineResponse, ModelCarry, TrainAnswer } from './protocol';
import { UNKNOWN_MODEL_KEY, sceneOfKey } from './protocol';

/** The worker events the client listens to. */
export type WorkerEventType = 'message' | 'error' | 'messageerror';

/** What the client uses of a Worker, so tests can pass a fake built on a MessageChannel. */
export interface WorkerLike {
  postMessage(message: EngineRequest, transfer: Transferable[]): void;
  terminate(): void;
  /** 'message' events are MessageEvents whose `data` is an EngineResponse. */
  addEventListener(type: WorkerEventType, listener: (event: Event) => void): void;
  removeEventListener(type: WorkerEventType, listener: (event: Event) => void): void;
}

/** How to build a client. */
export interface EngineClientOptions {
  /** Makes a fresh worker: once at first use, then after each restart. */
  readonly createWorker: () => WorkerLike;
  /**
   * Watchdog: how long the worker may go without answering what it was sent (default 4000 ms),
   * plus the time its work may honestly take (see `passAllowanceMs`).
   */
  readonly timeoutMs?: number;
  /** Called after a worker was replaced, with a short plain message saying why. */
  readonly onRestart?: (reason: string) => void;
}

/** How a run's first batch starts it: from the model named `key`, with `options`, and with `state` to go on with a lost worker's run. */
export interface TrainStartArg {
  readonly key: string;
  readonly model: ModelArg;
  readonly options: TrainOptions;
  readonly state?: TrainerState;
}

/** The engine, seen from the main thread. */
export interface EngineClient {
  /**
   * The trace of the whole pass of the model named `key` (the main thread reads every position
   * from it); rejects with StaleError once a newer request for a trace replaces it.
   */
  modelTrace(key: string, model: ModelArg): Promise<Trace>;
  /** Central differences on a parameter's or node's entries; never replaced by later requests. */
  check(key: string, model: ModelArg, target: CheckTarget): Promise<CheckResult>;
  /** The compact JSON text of the model named `key`, written in the worker, as UTF-8 bytes (null over `maxBytes`); in order with checks. */
  modelText(key: string, model: ModelArg, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null>;
  /** The state's text (`head`, the model's text, `tail`) deflated in the worker for a link; null past DEFLATED_MAX_BYTES. */
  deflateState(key: string, model: ModelArg, head: string, tail: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /**
   * Parses a model file's text in the worker, which then holds the model as `key`; resolves with
   * the model (its arrays transferred) or rejects with the file's problem, e.g. `params.W[2]: ...`.
   */
  parse(key: string, text: string): Promise<Model>;
  /** Reads a PyTorch state dict (safetensors) in the worker, which then holds the model as `key`; rejects with what is wrong. */
  parseTorch(key: string, bytes: Uint8Array, options: TorchImportOptions): Promise<Model>;
  /**
   * A batch of training iterations of run `run`, whose result the worker holds as `key` (the
   * model named by `start`, which begins the run or resumes it from a state, travels only if the
   * worker does not hold it; `size` sizes the watchdog); in order with checks, never replaced by
   * trace requests.
   */
  train(run: string, key: string, size: PassSize, iterations: number, options?: { readonly start?: TrainStartArg; readonly learningRate?: number }): Promise<TrainAnswer>;
  /** dh(t)/dh(k) of the model named `key`, with its norms; in order with checks. */
  jacobian(key: string, model: ModelArg, t: number, k: number): Promise<JacobianView>;
  /** The trace of another model, leaving the worker's held model alone; in order with checks. */
  trace(model: ModelFile): Promise<Trace>;
  /** The trace of a deep or bidirectional network's whole pass, leaving the held model alone; in order with checks. */
  stackTrace(model: ModelFile): Promise<StackTrace>;
  /** The Jordan model trained with teacher forcing and free running, `iterations` each; in order with checks. */
  compare(model: ModelFile, options: TrainOptions, iterations: number): Promise<FeedbackComparison>;
  /** Each cell drawn from `seed` and trained on the model's sequence, `iterations` each; in order with checks. */
  compareCells(model: ModelFile, cells: readonly ComparedCell[], seed: number, options: TrainOptions, iterations: number): Promise<CellComparison>;
  /** Test hook: the worker throws an uncaught error. */
  crash(): void;
  /** Test hook: the worker stops answering. */
  hang(): void;
  /** How many workers were replaced after a hang or a failure. */
  readonly restarts: number;
  /** How many requests of each type were posted to the workers so far (stepping through a trace posts none). */
  sent(): Readonly<Partial<Record<EngineRequest['type'], number>>>;
  /** Terminates the worker and rejects every pending request with StaleError. */
  dispose(): void;
}

/** The answer is no longer wanted: a newer request replaced it, or the client was disposed. Callers ignore it. */
export class StaleError extends Error {
  override readonly name = 'StaleError';
}

/** The worker hung or failed and was replaced; the request was lost. */
export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';
}

/** The message of a WorkerFailure after the watchdog fired. */
export const HANG_MESSAGE = 'The engine stopped answering and was restarted.';
/** The message of a WorkerFailure after an 'error' or 'messageerror' event. */
export const CRASH_MESSAGE = 'The engine crashed and was restarted.';

/** A request waiting for its answer, with its promise. */
interface BaseCall {
  /** The model a keyed call names, and how to send it; null for a call that carries what it needs. */
  readonly keyed: { readonly key: string; readonly model: ModelArg } | null;
  /** Watchdog time beyond the base timeout: what the request may honestly take. */
  readonly allowanceMs: number;
  readonly reject: (error: Error) => void;
}
/** A request for the trace of the model on screen: latest wins. */
interface TraceCall extends BaseCall {
  readonly kind: 'modelTrace';
  readonly keyed: { readonly key: string; readonly model: ModelArg };
  readonly resolve: (trace: Trace) => void;
}
/**
 * A request served in order and never stale: checks, training batches, Jacobians, traces of
 * other models and comparisons. A keyed one names a model the worker may hold (sent along only
 * when it may not be held); the others carry what they need.
 */
interface OrderedCall extends BaseCall {
  readonly kind: 'ordered';
  /** The request with this id, with what it carries of its model (keyed requests only). */
  readonly request: (id: number, carry: ModelCarry) => EngineRequest;
  /** Takes the answer, or returns false if it is not the one this request expects. */
  readonly settle: (response: EngineResponse) => boolean;
}
type Call = TraceCall | OrderedCall;

/** A check runs up to 256 entries, two forward passes each: about 170 passes' time. */
const CHECK_PASSES = 170;
/** An LSTM pass, forward and backward, costs about four Elman passes (four affine units per step): the watchdog of a cell comparison allows that per cell. */
const GATED_PASSES = 4;

/** A trace: a pass, the sums' norms after each backward step, the cross-time and edge products: at most about 3 passes' time. */
const TRACE_PASSES = 3;

/** Parsing a model file of up to 64 MiB: JSON.parse and the schema, a few seconds at most. */
const PARSE_MS = 20_000;

/** Jacobian views are capped at 2^28 multiply-adds (see jacobianMaxSpan), about 0.2 s; with its norms, allow 5 s. */
const JACOBIAN_MS = 5000;

/** A call on its way: the id it was sent with and how it carried its model. */
interface Sent {
  readonly call: Call;
  readonly id: number;
  readonly carry: Carry;
}

/** Enough of a check that a message is one of the worker's answers (anything else is ignored). */
function isResponse(data: unknown): data is EngineResponse {
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'number';
}

/** A client over workers made by `createWorker`; the first worker is made at first use. */
export function createEngineClient(options: EngineClientOptions): EngineClient {
  const { createWorker, timeoutMs = 4000, onRestart } = options;
  let worker: WorkerLike | null = null;
  /** The model key the current worker holds, as far as its answers tell; null for none. */
  let heldKey: string | null = null;
  let inFlight: Sent | null = null;
  let queued: TraceCall | null = null;
  const orderedCalls: OrderedCall[] = [];
  /** A test hook was sent: the worker will not answer it, so the watchdog keeps watching. */
  let hookSent = false;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  let restarts = 0;
  const posted: Partial<Record<EngineRequest['type'], number>> = {};
  let disposed = false;

  const onMessage = (event: Event): void => {
    const response = 'data' in event ? event.data : undefined;
    if (inFlight !== null && isResponse(response) && response.id === inFlight.id) answered(inFlight, response);
  };
  const onError = (): void => restart(CRASH_MESSAGE);

  const listen = (w: WorkerLike): WorkerLike => {
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.addEventListener('messageerror', onError);
    return w;
  };
  const current = (): WorkerLike => (worker ??= listen(createWorker()));

  const stopWatchdog = (): void => {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = null;
  };
  /** The clock runs from the last sign of life while something awaits an answer. */
  const watch = (restartClock: boolean): void => {
    if (restartClock) stopWatchdog();
    if (inFlight === null && !hookSent) stopWatchdog();
    else watchdog ??= setTimeout(() => restart(HANG_MESSAGE), timeoutMs + (inFlight?.call.allowanceMs ?? 0));
  };

  const post = (request: EngineRequest, transfer: Transferable[] = []): void => {
    current().postMessage(request, transfer);
    posted[request.type] = (posted[request.type] ?? 0) + 1;
    watch(false);
  };

  /** How a keyed call's model travels, from what the worker holds as far as its answers tell. */
  const carryFor = (key: string): Carry => {
    if (heldKey === key) return 'none';
    return heldKey !== null && sceneOfKey(heldKey) === sceneOfKey(key) ? 'params' : 'file';
  };

  const send = (call: Call): void => {
    const carry = call.keyed ? carryFor(call.keyed.key) : 'none';
    const id = nextId++;
    inFlight = { call, id, carry };
    try {
      const { fields, transfer } = call.keyed ? carried(call.keyed.model, carry) : { fields: {}, transfer: [] };
      if (call.kind === 'ordered') post(call.request(id, fields), transfer);
      else post({ type: 'modelTrace', id, key: call.keyed.key, ...fields }, transfer);
    } catch (error) {
      // postMessage itself refused (the model could not be cloned): this call fails, the queue goes on.
      inFlight = null;
      call.reject(error instanceof Error ? error : new Error(String(error)));
      sendNext();
    }
  };

  /** Sends the next waiting request: ordered ones first (checks, batches, ...), then the latest trace request. */
  const sendNext = (): void => {
    const next = orderedCalls.shift() ?? queued;
    if (next === queued) queued = null;
    if (next) send(next);
  };

  const answered = (sent: Sent, response: EngineResponse): void => {
    inFlight = null;
    const { call } = sent;
    if (response.type === 'error') {
      // A refused model, or parameters for a scene the worker no longer holds: the next call sends the file.
      if (sent.carry !== 'none' || response.message === UNKNOWN_MODEL_KEY) heldKey = null;
    } else if ('key' in response) {
      heldKey = response.key;
    }
    if (call.kind === 'modelTrace' && queued !== null) {
      call.reject(new StaleError('A newer request replaced this one.'));
    } else if (response.type === 'error' && response.message === UNKNOWN_MODEL_KEY && sent.carry !== 'file' && call.keyed) {
      send(call);
      watch(true);
      return;
    } else if (response.type === 'error') {
      call.reject(new Error(response.message));
    } else if (call.kind === 'modelTrace' && response.type === 'modelTrace') {
      call.resolve(response.trace);
    } else if (call.kind === 'modelTrace' || !call.settle(response)) {
      call.reject(new Error(`the engine answered a ${call.kind === 'modelTrace' ? 'trace' : 'ordered'} request with ${response.type}`));
    }
    sendNext();
    watch(true);
  };

  /** Terminates the worker, forgets what it held, and rejects every pending call. */
  const dropAll = (error: () => Error): void => {
    const calls = [inFlight?.call, queued, ...orderedCalls.splice(0)].filter((c): c is Call => c !== undefined && c !== null);
    inFlight = null;
    queued = null;
    hookSent = false;
    heldKey = null;
    stopWatchdog();
    if (worker !== null) {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.removeEventListener('messageerror', onError);
      worker.terminate();
      worker = null;
    }
    for (const call of calls) call.reject(error());
  };

  const restart = (reason: string): void => {
    if (disposed) return;
    dropAll(() => new WorkerFailure(reason));
    restarts++;
    current();
    onRestart?.(reason);
  };

  const hook = (type: 'crash' | 'hang'): void => {
    if (disposed) return;
    hookSent = true;
    post({ type, id: nextId++ });
  };

  /** Queues an ordered call whose answer `pick` takes (undefined: not the expected answer); `keyed`: see BaseCall. */
  function ordered<T>(keyed: BaseCall['keyed'], allowanceMs: number, request: OrderedCall['request'], pick: (r: EngineResponse) => T | undefined): Promise<T> {
    if (disposed) return Promise.reject(new Error('The engine client was disposed.'));
    return new Promise<T>((resolve, reject) => {
      const settle = (r: EngineResponse): boolean => {
        const value = pick(r);
        if (value !== undefined) resolve(value);
        return value !== undefined;
      };
      const call: OrderedCall = { kind: 'ordered', keyed, allowanceMs, request, settle, reject };
      if (inFlight === null) send(call);
      else orderedCalls.push(call);
    });
  }

  return {
    modelTrace(key, model) {
      if (disposed) return Promise.reject(new Error('The engine client was disposed.'));
      return new Promise<Trace>((resolve, reject) => {
        const call: TraceCall = { kind: 'modelTrace', keyed: { key, model }, allowanceMs: passAllowanceMs(sizeOfArg(model)) * TRACE_PASSES, resolve, reject };
        if (inFlight === null) {
          send(call);
          return;
        }
        queued?.reject(new StaleError('A newer request replaced this one.'));
        queued = call;
      });
    },
    check(key, model, target) {
      return ordered({ key, model }, passAllowanceMs(sizeOfArg(model)) * CHECK_PASSES,
        (id, carry) => ({ type: 'check', id, key, target, ...carry }),
        (r) => (r.type === 'check' ? r.result : undefined));
    },
    modelText(key, model, maxBytes) {
      return ordered({ key, model }, passAllowanceMs(sizeOfArg(model)),
        (id, carry) => ({ type: 'modelText', id, key, maxBytes, ...carry }),
        (r) => (r.type === 'modelText' ? r.utf8 : undefined));
    },
    deflateState(key, model, head, tail) {
      return ordered({ key, model }, passAllowanceMs(sizeOfArg(model)),
        (id, carry) => ({ type: 'deflateState', id, key, head, tail, ...carry }),
        (r) => (r.type === 'deflated' ? r.bytes : undefined));
    },
    parse(key, text) {
      // Reading the largest file takes seconds; allow what a pass over the largest model may take.
      return ordered(null, PARSE_MS, (id) => ({ type: 'parse', id, key, text }), (r) => (r.type === 'parsed' ? r.model : undefined));
    },
    parseTorch(key, bytes, options) {
      return ordered(null, PARSE_MS, (id) => ({ type: 'parseTorch', id, key, bytes, options }), (r) => (r.type === 'parsed' ? r.model : undefined));
    },
    train(run, key, size, iterations, options = {}) {
      const { start, learningRate } = options;
      // The batch's iterations and the trace of the model after it.
      return ordered(start ? { key: start.key, model: start.model } : null, passAllowanceMs(size) * (iterations + TRACE_PASSES), (id, carry) => ({
        type: 'train', id, run, iterations, key,
        ...(start ? { start: { key: start.key, options: start.options, ...(start.state ? { state: start.state } : {}), ...carry } } : {}),
        ...(learningRate !== undefined ? { learningRate } : {}),
      }), (r) => (r.type === 'trained' ? r.answer : undefined));
    },
    jacobian(key, model, t, k) {
      return ordered({ key, model }, JACOBIAN_MS,
        (id, carry) => ({ type: 'jacobian', id, key, t, k, ...carry }),
        (r) => (r.type === 'jacobian' ? r.view : undefined));
    },
    trace(model) {
      return ordered(null, passAllowanceMs(passSizeOf(model)) * TRACE_PASSES, (id) => ({ type: 'trace', id, model }), (r) => (r.type === 'trace' ? r.trace : undefined));
    },
    stackTrace(model) {
      // A pass per layer and direction.
      const passes = (model.layers ?? 1) * (model.bidirectional === true ? 2 : 1);
      return ordered(null, passAllowanceMs(passSizeOf(model)) * TRACE_PASSES * passes, (id) => ({ type: 'stackTrace', id, model }), (r) => (r.type === 'stackTrace' ? r.trace : undefined));
    },
    compare(model, options, iterations) {
      // Two trainings and a few passes to evaluate them.
      return ordered(null, passAllowanceMs(passSizeOf(model)) * (2 * iterations + 8),
        (id) => ({ type: 'compare', id, model, options, iterations }), (r) => (r.type === 'compared' ? r.comparison : undefined));
    },
    compareCells(model, cells, seed, options, iterations) {
      // One training per cell and a pass to evaluate each; a gated cell's pass costs up to four of Elman's.
      return ordered(null, passAllowanceMs(passSizeOf(model)) * GATED_PASSES * cells.length * (iterations + 2),
        (id) => ({ type: 'compareCells', id, model, cells, seed, options, iterations }), (r) => (r.type === 'comparedCells' ? r.comparison : undefined));
    },
    crash: () => hook('crash'),
    hang: () => hook('hang'),
    get restarts() { return restarts; },
    sent: () => ({ ...posted }),
    dispose() {
      if (disposed) return;
      disposed = true;
      dropAll(() => new StaleError('The engine client was disposed.'));
    },
  };
}
