/**
 * The messages between the main thread and the engine worker: discriminated unions on `type`,
 * each with the request's `id`. Typed arrays in answers are transferred, not copied.
 */
import type { Model } from '../engine/model';
import type { CellComparison, CheckResult, CheckTarget, ComparedCell, FeedbackComparison, JacobianView, ModelFile, Snapshot, StepReport, Trace, TrainerState, TrainOptions } from '../engine/index';

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
  /**
   * Up to `iterations` training iterations of the run `run`, started as `start` says (sent with the
   * first batch of a run); the trainer stays in the worker, and every answer brings its state back.
   */
  | {
    readonly type: 'train'; readonly id: number; readonly run: string; readonly iterations: number;
    readonly start?: TrainStart;
    /** A new learning rate for this and the following iterations (e.g. after a blow-up). */
    readonly learningRate?: number;
  }
  /** dh(t)/dh(k) of the model named `key` (sent as for a snapshot), with its norms and the loop's radius. */
  | { readonly type: 'jacobian'; readonly id: number; readonly key: string; readonly model?: ModelFile; readonly t: number; readonly k: number }
  /**
   * The compact JSON text of the model named `key` (sent as for a snapshot) in UTF-8, for the saved
   * state, unless it is longer than `maxBytes`.
   */
  | { readonly type: 'modelText'; readonly id: number; readonly key: string; readonly model?: ModelFile; readonly maxBytes: number }
  /** The state's JSON text, `head` + the model's text + `tail`, deflated for a link (deflateAtMost). */
  | { readonly type: 'deflateState'; readonly id: number; readonly key: string; readonly model?: ModelFile; readonly head: string; readonly tail: string }
  /** Parses a model file's text (an import) and holds the model as `key`: big files are read off the main thread. */
  | { readonly type: 'parse'; readonly id: number; readonly key: string; readonly text: string }
  /** The trace of another model (a topology shown side by side); the held session stays as it is. */
  | { readonly type: 'trace'; readonly id: number; readonly model: ModelFile }
  /** The Jordan model trained with teacher forcing and free running, `iterations` each. */
  | { readonly type: 'compare'; readonly id: number; readonly model: ModelFile; readonly options: TrainOptions; readonly iterations: number }
  /** Each cell drawn from `seed` and trained on the model's sequence, `iterations` each (the cells side by side). */
  | {
    readonly type: 'compareCells'; readonly id: number; readonly model: ModelFile; readonly cells: readonly ComparedCell[];
    readonly seed: number; readonly options: TrainOptions; readonly iterations: number;
  }
  /** Test hook: the worker throws an uncaught error, as a crash would. */
  | { readonly type: 'crash'; readonly id: number }
  /** Test hook: the worker stops answering (a busy loop), as a hang would. */
  | { readonly type: 'hang'; readonly id: number };

/** Worker to main thread. */
export type EngineResponse =
  | { readonly type: 'snapshot'; readonly id: number; readonly key: string; readonly snapshot: Snapshot; readonly trace?: Trace }
  | { readonly type: 'check'; readonly id: number; readonly key: string; readonly result: CheckResult }
  | { readonly type: 'trained'; readonly id: number; readonly run: string; readonly answer: TrainAnswer }
  | { readonly type: 'jacobian'; readonly id: number; readonly key: string; readonly view: JacobianView }
  | { readonly type: 'trace'; readonly id: number; readonly trace: Trace }
  /** compactModelText as UTF-8 bytes, transferred; null when longer than asked. */
  | { readonly type: 'modelText'; readonly id: number; readonly key: string; readonly utf8: Uint8Array<ArrayBuffer> | null }
  /** The deflated state, transferred; null past DEFLATED_MAX_BYTES. */
  | { readonly type: 'deflated'; readonly id: number; readonly key: string; readonly bytes: Uint8Array<ArrayBuffer> | null }
  /** The parsed model (its arrays transferred: the worker keeps copies). */
  | { readonly type: 'parsed'; readonly id: number; readonly key: string; readonly model: Model }
  | { readonly type: 'compared'; readonly id: number; readonly comparison: FeedbackComparison }
  | { readonly type: 'comparedCells'; readonly id: number; readonly comparison: CellComparison }
  /** The request was refused: an invalid model, an unknown key, a position out of range. */
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** The error message of a snapshot request whose key the worker does not hold (the client resends it with the model). */
export const UNKNOWN_MODEL_KEY = 'unknown model key';

/**
 * How a run starts in the worker: from `model` with `options`, a new run; with `state` too (the
 * last batch's answer), a run that a lost worker held goes on from where its last answer left it.
 */
export interface TrainStart {
  readonly model: ModelFile;
  readonly options: TrainOptions;
  readonly state?: TrainerState;
}

/** What a batch of training iterations gives back. */
export interface TrainAnswer {
  /** The model after the applied iterations (the one before a refused iteration). */
  readonly model: ModelFile;
  /** One report per iteration run, the refused one included. */
  readonly reports: readonly StepReport[];
  /** Updates applied in the run so far. */
  readonly iterations: number;
  /** Applied iterations whose gradients were clipped. */
  readonly clipped: number;
  /** Whether a value stopped being finite and the trainer paused. */
  readonly paused: boolean;
  /** The spectral radius of W (max |eigenvalue|) after the batch; null for Jordan's non-square W or H above 128. */
  readonly radiusW: number | null;
  /** ||dL/dh(t)|| for t = 1..tau of the model after the batch: one row of the gradient heatmap. */
  readonly hNorms: Float64Array;
  /** The trainer's state after the batch (its moments transferred): with `model`, what a new worker resumes the run from. */
  readonly state: TrainerState;
}

/** The error message of a training batch for a run the worker does not hold (a new worker): start again. */
export const UNKNOWN_RUN = 'unknown training run';
