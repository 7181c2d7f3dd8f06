/**
 * The main thread's side of the engine worker. Latest wins: at most one request in flight and
 * one queued, older ones rejected as stale. The model travels only when the worker may not hold
 * it. A watchdog replaces a worker that stops answering, or that fails, and rejects what was pending.
 */
import type { Model, Variant } from '../engine/model';
import { cellOfVariant } from '../engine/index';
import type { CellComparison, CheckResult, CheckTarget, ComparedCell, FeedbackComparison, JacobianView, ModelFile, Snapshot, Trace, TrainOptions } from '../engine/index';
import type { EngineRequest, EngineResponse, TrainAnswer, TrainStart } from './protocol';
import { UNKNOWN_MODEL_KEY } from './protocol';

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
   * plus, for a snapshot, the time its pass may honestly take (see `passAllowanceMs`).
   */
  readonly timeoutMs?: number;
  /** Called after a worker was replaced, with a short plain message saying why. */
  readonly onRestart?: (reason: string) => void;
  /** Called with the trace of a model's whole pass when an answer brings one (even a stale answer: a trace stays true for its key). */
  readonly onTrace?: (key: string, trace: Trace) => void;
}

/** The engine, seen from the main thread. */
export interface EngineClient {
  /**
   * The snapshot at `position` of the model named `key`; rejects with StaleError once a newer
   * request replaces it. With `trace`, the answer also brings the whole pass to `onTrace`.
   */
  snapshot(key: string, model: ModelArg, position: number, options?: { readonly trace?: boolean }): Promise<Snapshot>;
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
  /**
   * A batch of training iterations of run `run` (the model is sent with `start`, which begins the
   * run, or resumes it from a state; `size` sizes the watchdog); in order with checks, never
   * replaced by snapshot requests.
   */
  train(run: string, size: PassSize, iterations: number, options?: { readonly start?: TrainStart; readonly learningRate?: number }): Promise<TrainAnswer>;
  /** dh(t)/dh(k) of the model named `key`, with its norms; in order with checks. */
  jacobian(key: string, model: ModelArg, t: number, k: number): Promise<JacobianView>;
  /** The trace of another model, leaving the worker's held model alone; in order with checks. */
  trace(model: ModelFile): Promise<Trace>;
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

/**
 * Extra watchdog time for one pass over a model: its flops, 6 tau (u H^2 + H K) with u affine
 * units per step (Elman 1, GRU 3, LSTM 4), at a pessimistic 0.2 GFLOP/s (the engine does about 3
 * on the benchmark machine), so that the largest model (about 10 GFLOP for Elman, four times
 * that for the LSTM) is not mistaken for a hang.
 */
export function passAllowanceMs(size: PassSize): number {
  const { hidden: H, output: K, length, units } = size;
  return (6 * length * (units * H * H + H * K)) / 2e5;
}

/** What the cost of one pass depends on: H, K, tau and the cell's affine units per step. */
export interface PassSize {
  readonly hidden: number;
  readonly output: number;
  readonly length: number;
  /** The cell's affine units b + U x(t) + W h(t-1) per step: one per input weight matrix. */
  readonly units: number;
}

/** The affine units per step of a variant's cell. */
const unitsOf = (variant: Variant): number => cellOfVariant(variant).params.filter((p) => p.kind === 'input').length;

/** The pass size of a model file. */
export const passSizeOf = (file: ModelFile): PassSize =>
  ({ hidden: file.sizes.hidden, output: file.sizes.output, length: file.sequence.inputs.length, units: unitsOf(file.variant) });

/** The pass size of a model. */
export const passSizeOfModel = (model: Model): PassSize =>
  ({ hidden: model.sizes.hidden, output: model.sizes.output, length: model.sequence.length, units: unitsOf(model.variant) });

/**
 * The model of a keyed request: its file, or its size and a way to make the file, called only
 * when the worker may not hold the model (exporting a large model is main-thread work).
 */
export type ModelArg = ModelFile | { readonly size: PassSize; readonly file: () => ModelFile };
const sizeOfArg = (m: ModelArg): PassSize => ('file' in m ? m.size : passSizeOf(m));
const fileOfArg = (m: ModelArg): ModelFile => ('file' in m ? m.file() : m);

/** A request waiting for its answer, with its promise. */
interface BaseCall {
  readonly key: string;
  /** Watchdog time beyond the base timeout: what the request may honestly take. */
  readonly allowanceMs: number;
  readonly reject: (error: Error) => void;
}
/** A snapshot request: latest wins. */
interface SnapshotCall extends BaseCall {
  readonly kind: 'snapshot';
  readonly model: ModelArg;
  readonly position: number;
  readonly trace: boolean;
  readonly resolve: (snapshot: Snapshot) => void;
}
/**
 * A request served in order and never stale: checks, training batches, Jacobians, traces and
 * comparisons. A keyed one names the worker's held model (sent along only when it may not be
 * held); the others carry what they need.
 */
interface OrderedCall extends BaseCall {
  readonly kind: 'ordered';
  readonly keyed: boolean;
  /** The request with this id, with the model when `withModel` (keyed requests only). */
  readonly request: (id: number, withModel: boolean) => EngineRequest;
  /** Takes the answer, or returns false if it is not the one this request expects. */
  readonly settle: (response: EngineResponse) => boolean;
}
type Call = SnapshotCall | OrderedCall;

/** A check runs up to 256 entries, two forward passes each: about 170 passes' time. */
const CHECK_PASSES = 170;
/** An LSTM pass, forward and backward, costs about four Elman passes (four affine units per step): the watchdog of a cell comparison allows that per cell. */
const GATED_PASSES = 4;

/** Parsing a model file of up to 64 MiB: JSON.parse and the schema, a few seconds at most. */
const PARSE_MS = 20_000;

/** Jacobian views are capped at 2^28 multiply-adds (see jacobianMaxSpan), about 0.2 s; with its norms, allow 5 s. */
const JACOBIAN_MS = 5000;

/** A call on its way: the id it was sent with and whether it carried the model. */
interface Sent {
  readonly call: Call;
  readonly id: number;
  readonly withModel: boolean;
}

/** Enough of a check that a message is one of the worker's answers (anything else is ignored). */
function isResponse(data: unknown): data is EngineResponse {
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'number';
}

/** A client over workers made by `createWorker`; the first worker is made at first use. */
export function createEngineClient(options: EngineClientOptions): EngineClient {
  const { createWorker, timeoutMs = 4000, onRestart, onTrace } = options;
  let worker: WorkerLike | null = null;
  /** The model key the current worker holds, as far as its answers tell; null for none. */
  let heldKey: string | null = null;
  let inFlight: Sent | null = null;
  let queued: SnapshotCall | null = null;
  const orderedCalls: OrderedCall[] = [];
  /** A test hook was sent: the worker will not answer it, so the watchdog keeps watching. */
  let hookSent = false;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  let restarts = 0;
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

  const post = (request: EngineRequest): void => {
    current().postMessage(request, []);
    watch(false);
  };

  const send = (call: Call): void => {
    const withModel = (call.kind === 'snapshot' || call.keyed) && heldKey !== call.key;
    const id = nextId++;
    inFlight = { call, id, withModel };
    try {
      if (call.kind === 'ordered') post(call.request(id, withModel));
      else post({ type: 'snapshot', id, key: call.key, position: call.position, ...(call.trace ? { trace: true } : {}), ...(withModel ? { model: fileOfArg(call.model) } : {}) });
    } catch (error) {
      // postMessage itself refused (the model could not be cloned): this call fails, the queue goes on.
      inFlight = null;
      call.reject(error instanceof Error ? error : new Error(String(error)));
      sendNext();
    }
  };

  /** Sends the next waiting request: ordered ones first (checks, batches, ...), then the latest snapshot request. */
  const sendNext = (): void => {
    const next = orderedCalls.shift() ?? queued;
    if (next === queued) queued = null;
    if (next) send(next);
  };

  const answered = (sent: Sent, response: EngineResponse): void => {
    inFlight = null;
    const { call } = sent;
    if (response.type === 'error') {
      if (sent.withModel || response.message === UNKNOWN_MODEL_KEY) heldKey = null;
    } else if ('key' in response) {
      heldKey = response.key;
    }
    if (response.type === 'snapshot' && response.trace) onTrace?.(response.key, response.trace);
    if (call.kind === 'snapshot' && queued !== null) {
      call.reject(new StaleError('A newer request replaced this one.'));
    } else if (response.type === 'error' && response.message === UNKNOWN_MODEL_KEY && !sent.withModel) {
      send(call);
      watch(true);
      return;
    } else if (response.type === 'error') {
      call.reject(new Error(response.message));
    } else if (call.kind === 'snapshot' && response.type === 'snapshot') {
      call.resolve(response.snapshot);
    } else if (call.kind === 'snapshot' || !call.settle(response)) {
      call.reject(new Error(`the engine answered a ${call.kind === 'snapshot' ? 'snapshot' : 'ordered'} request with ${response.type}`));
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

  /** Queues an ordered call whose answer `pick` takes (undefined: not the expected answer); `keyed`: see OrderedCall. */
  function ordered<T>(key: string, keyed: boolean, allowanceMs: number, request: OrderedCall['request'], pick: (r: EngineResponse) => T | undefined): Promise<T> {
    if (disposed) return Promise.reject(new Error('The engine client was disposed.'));
    return new Promise<T>((resolve, reject) => {
      const settle = (r: EngineResponse): boolean => {
        const value = pick(r);
        if (value !== undefined) resolve(value);
        return value !== undefined;
      };
      const call: OrderedCall = { kind: 'ordered', key, keyed, allowanceMs, request, settle, reject };
      if (inFlight === null) send(call);
      else orderedCalls.push(call);
    });
  }

  return {
    snapshot(key, model, position, options = {}) {
      if (disposed) return Promise.reject(new Error('The engine client was disposed.'));
      return new Promise<Snapshot>((resolve, reject) => {
        const call: SnapshotCall = { kind: 'snapshot', key, model, allowanceMs: passAllowanceMs(sizeOfArg(model)), position, trace: options.trace ?? false, resolve, reject };
        if (inFlight === null) {
          send(call);
          return;
        }
        queued?.reject(new StaleError('A newer request replaced this one.'));
        queued = call;
      });
    },
    check(key, model, target) {
      return ordered(key, true, passAllowanceMs(sizeOfArg(model)) * CHECK_PASSES,
        (id, withModel) => ({ type: 'check', id, key, target, ...(withModel ? { model: fileOfArg(model) } : {}) }),
        (r) => (r.type === 'check' ? r.result : undefined));
    },
    modelText(key, model, maxBytes) {
      return ordered(key, true, passAllowanceMs(sizeOfArg(model)),
        (id, withModel) => ({ type: 'modelText', id, key, maxBytes, ...(withModel ? { model: fileOfArg(model) } : {}) }),
        (r) => (r.type === 'modelText' ? r.utf8 : undefined));
    },
    deflateState(key, model, head, tail) {
      return ordered(key, true, passAllowanceMs(sizeOfArg(model)),
        (id, withModel) => ({ type: 'deflateState', id, key, head, tail, ...(withModel ? { model: fileOfArg(model) } : {}) }),
        (r) => (r.type === 'deflated' ? r.bytes : undefined));
    },
    parse(key, text) {
      // Reading the largest file takes seconds; allow what a pass over the largest model may take.
      return ordered(key, false, PARSE_MS, (id) => ({ type: 'parse', id, key, text }), (r) => (r.type === 'parsed' ? r.model : undefined));
    },
    train(run, size, iterations, options = {}) {
      return ordered(run, false, passAllowanceMs(size) * iterations, (id) => ({
        type: 'train', id, run, iterations,
        ...(options.start ? { start: options.start } : {}),
        ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
      }), (r) => (r.type === 'trained' ? r.answer : undefined));
    },
    jacobian(key, model, t, k) {
      return ordered(key, true, JACOBIAN_MS,
        (id, withModel) => ({ type: 'jacobian', id, key, t, k, ...(withModel ? { model: fileOfArg(model) } : {}) }),
        (r) => (r.type === 'jacobian' ? r.view : undefined));
    },
    trace(model) {
      return ordered('', false, passAllowanceMs(passSizeOf(model)), (id) => ({ type: 'trace', id, model }), (r) => (r.type === 'trace' ? r.trace : undefined));
    },
    compare(model, options, iterations) {
      // Two trainings and a few passes to evaluate them.
      return ordered('', false, passAllowanceMs(passSizeOf(model)) * (2 * iterations + 8),
        (id) => ({ type: 'compare', id, model, options, iterations }), (r) => (r.type === 'compared' ? r.comparison : undefined));
    },
    compareCells(model, cells, seed, options, iterations) {
      // One training per cell and a pass to evaluate each; a gated cell's pass costs up to four of Elman's.
      return ordered('', false, passAllowanceMs(passSizeOf(model)) * GATED_PASSES * cells.length * (iterations + 2),
        (id) => ({ type: 'compareCells', id, model, cells, seed, options, iterations }), (r) => (r.type === 'comparedCells' ? r.comparison : undefined));
    },
    crash: () => hook('crash'),
    hang: () => hook('hang'),
    get restarts() { return restarts; },
    dispose() {
      if (disposed) return;
      disposed = true;
      dropAll(() => new StaleError('The engine client was disposed.'));
    },
  };
}
