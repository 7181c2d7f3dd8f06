/**
 * The messages between the main thread and the engine worker: discriminated unions on `type`,
 * each with the request's `id`. Typed arrays are transferred, not copied: in answers, and the
 * parameters a keyed request carries.
 */
import type { Model } from '../engine/model';
import type { CellComparison, CheckResult, CheckTarget, ComparedCell, FeedbackComparison, JacobianView, ModelFile, Params, StackTrace, StepReport, TorchImportOptions, Trace, TrainerState, TrainOptions } from '../engine/index';

/**
 * A keyed request names a model by `key` (modelKey: its scene and version) and carries it only
 * when the worker may not hold it: `model`, a model file, validated with the schema, when the
 * worker holds no model of that scene; `params`, the parameters alone (transferred, checked by
 * shape and finiteness: withParams), when it holds the scene at another version.
 */
export interface ModelCarry {
  readonly model?: ModelFile;
  readonly params?: Params;
}

/** Main thread to worker. */
export type EngineRequest =
  /**
   * The trace of the whole pass of the model named `key`, from which the main thread reads the
   * snapshot at every position (snapshotOfTrace): asked once per model, never per step.
   */
  | ({ readonly type: 'modelTrace'; readonly id: number; readonly key: string } & ModelCarry)
  /** Central differences on a parameter's or a node's entries (the inspector's Check). */
  | ({ readonly type: 'check'; readonly id: number; readonly key: string; readonly target: CheckTarget } & ModelCarry)
  /**
   * Up to `iterations` training iterations of the run `run`, started as `start` says (sent with the
   * first batch of a run); the trainer stays in the worker, and every answer brings its state back.
   * The model after the batch is held as `key` (the run's scene, a new version).
   */
  | {
    readonly type: 'train'; readonly id: number; readonly run: string; readonly iterations: number; readonly key: string;
    readonly start?: TrainStart;
    /** A new learning rate for this and the following iterations (e.g. after a blow-up). */
    readonly learningRate?: number;
  }
  /** dh(t)/dh(k) of the model named `key`, with its norms and the loop's radius. */
  | ({ readonly type: 'jacobian'; readonly id: number; readonly key: string; readonly t: number; readonly k: number } & ModelCarry)
  /** The compact JSON text of the model named `key` in UTF-8, for the saved state, unless it is longer than `maxBytes`. */
  | ({ readonly type: 'modelText'; readonly id: number; readonly key: string; readonly maxBytes: number } & ModelCarry)
  /** The state's JSON text, `head` + the model's text + `tail`, deflated for a link (deflateAtMost). */
  | ({ readonly type: 'deflateState'; readonly id: number; readonly key: string; readonly head: string; readonly tail: string } & ModelCarry)
  /** Parses a model file's text (an import) and holds the model as `key`: big files are read off the main thread. */
  | { readonly type: 'parse'; readonly id: number; readonly key: string; readonly text: string }
  /**
   * Reads a PyTorch state dict (safetensors bytes) with what the page asked the user (the sequence,
   * the nonlinearity, the output) and holds the model as `key`.
   */
  | { readonly type: 'parseTorch'; readonly id: number; readonly key: string; readonly bytes: Uint8Array; readonly options: TorchImportOptions }
  /** The trace of another model (a topology shown side by side); the held model stays as it is. */
  | { readonly type: 'trace'; readonly id: number; readonly model: ModelFile }
  /** The trace of a deep or bidirectional network's whole pass; the held model stays as it is. */
  | { readonly type: 'stackTrace'; readonly id: number; readonly model: ModelFile }
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
  | { readonly type: 'modelTrace'; readonly id: number; readonly key: string; readonly trace: Trace }
  | { readonly type: 'check'; readonly id: number; readonly key: string; readonly result: CheckResult }
  /** `key`: the model after the batch, which the worker now holds. */
  | { readonly type: 'trained'; readonly id: number; readonly run: string; readonly key: string; readonly answer: TrainAnswer }
  | { readonly type: 'jacobian'; readonly id: number; readonly key: string; readonly view: JacobianView }
  | { readonly type: 'trace'; readonly id: number; readonly trace: Trace }
  | { readonly type: 'stackTrace'; readonly id: number; readonly trace: StackTrace }
  /** compactModelText as UTF-8 bytes, transferred; null when longer than asked. */
  | { readonly type: 'modelText'; readonly id: number; readonly key: string; readonly utf8: Uint8Array<ArrayBuffer> | null }
  /** The deflated state, transferred; null past DEFLATED_MAX_BYTES. */
  | { readonly type: 'deflated'; readonly id: number; readonly key: string; readonly bytes: Uint8Array<ArrayBuffer> | null }
  /** The parsed model (its arrays transferred: the worker keeps copies). */
  | { readonly type: 'parsed'; readonly id: number; readonly key: string; readonly model: Model }
  | { readonly type: 'compared'; readonly id: number; readonly comparison: FeedbackComparison }
  | { readonly type: 'comparedCells'; readonly id: number; readonly comparison: CellComparison }
  /** The request was refused: an invalid model, an unknown key, a bad argument. */
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** The error message of a keyed request whose model the worker does not hold (the client resends it with the model file). */
export const UNKNOWN_MODEL_KEY = 'unknown model key';

/**
 * The key of a model: its scene (everything but the parameters: variant, sizes, sequence,
 * truncation, labels; a new one for every edit, import or load) and the version of its
 * parameters within the scene (0 as built or loaded; each training batch makes a new one).
 */
export const modelKey = (scene: string, version: number): string => `${scene}.${version}`;
/** The scene of a model key (a key without a version is a scene of its own). */
export const sceneOfKey = (key: string): string => (key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : key);

/**
 * How a run starts in the worker: from the model named `key` (carried as a keyed request's) with
 * `options`, a new run; with `state` too (the last batch's answer), a run that a lost worker held
 * goes on from where its last answer left it.
 */
export type TrainStart = {
  readonly key: string;
  readonly options: TrainOptions;
  readonly state?: TrainerState;
} & ModelCarry;

/** What a batch of training iterations gives back. */
/** A trained model's trace: one cell's, or a deep or bidirectional network's whole pass. */
export type TrainedTrace =
  | { readonly stacked: false; readonly trace: Trace }
  | { readonly stacked: true; readonly trace: StackTrace };

export interface TrainAnswer {
  /** The parameters after the applied iterations (the ones before a refused iteration), transferred: the scene's are the main thread's already. */
  readonly params: Params;
  /** The trace of the model after the batch: the graphs, charts and the snapshot at every position follow the model with no other request. */
  readonly trace: TrainedTrace;
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
  /** The trainer's state after the batch (its moments transferred): with `params`, what a new worker resumes the run from. */
  readonly state: TrainerState;
}

/** The error message of a training batch for a run the worker does not hold (a new worker): start again. */
export const UNKNOWN_RUN = 'unknown training run';
