/**
 * The messages between the main thread and the engine worker: discriminated unions on `type`,
 * each with the request's `id`. Typed arrays in answers are transferred, not copied.
 */
import type { CheckResult, CheckTarget, ModelFile, Snapshot, Trace } from '../engine/index';

/** Main thread to worker. */
export type EngineRequest =
  /**
   * The snapshot of the stepping session at `position` (0..2 tau) of the model named `key`.
   * `model` is sent whenever the worker may not hold that model yet (first use, a new model, a
   * new worker); the worker validates it with the model file schema before using it.
   */
  | {
    readonly type: 'snapshot'; readonly id: number; readonly key: string; readonly model?: ModelFile; readonly position: number;
    /** Also send the trace of the whole pass (once per model: the graph panels draw it). */
    readonly trace?: boolean;
  }
  /** Central differences on a parameter's or a node's entries (the inspector's Check). */
  | { readonly type: 'check'; readonly id: number; readonly key: string; readonly model?: ModelFile; readonly target: CheckTarget }
  /** Test hook: the worker throws an uncaught error, as a crash would. */
  | { readonly type: 'crash'; readonly id: number }
  /** Test hook: the worker stops answering (a busy loop), as a hang would. */
  | { readonly type: 'hang'; readonly id: number };

/** Worker to main thread. */
export type EngineResponse =
  | { readonly type: 'snapshot'; readonly id: number; readonly key: string; readonly snapshot: Snapshot; readonly trace?: Trace }
  | { readonly type: 'check'; readonly id: number; readonly key: string; readonly result: CheckResult }
  /** The request was refused: an invalid model, an unknown key, a position out of range. */
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** The error message of a snapshot request whose key the worker does not hold (the client resends it with the model). */
export const UNKNOWN_MODEL_KEY = 'unknown model key';
