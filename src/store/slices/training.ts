/**
 * The training slice: the optimizer and its settings, the pace, the run's progress (loss and
 * gradient norm per iteration, the whole run in bounded memory), and where a blow-up stopped it.
 * The worker holds the trainer; effects send it batches of iterations while training runs, at the
 * pace set, and keep what a new worker needs to go on with it.
 */
import type { StateCreator } from 'zustand';
import type { Model, OptimizerKind, TrainerState } from '../../engine/index';
import { paramCount } from '../../engine/index';
import type { RunSeries } from '../../graph/charts/runSeries';
import { emptyRunSeries } from '../../graph/charts/runSeries';
import type { AppState } from '../state';

/**
 * How fast a run trains: so many iterations a second, each its own batch (the page shows every
 * iteration's model as it happens), or 'max', batches of about 30 ms back to back.
 */
export type Pace = 1 | 10 | 100 | 'max';
/** The paces offered, slowest first. */
export const PACES: readonly Pace[] = [1, 10, 100, 'max'];
/** The iterations "Train N iterations" trains when the user has not said. */
export const DEFAULT_TRAIN_COUNT = 100;
/** The most iterations one "Train N iterations" may ask for. */
export const MAX_TRAIN_COUNT = 1_000_000;
/** Memory the iteration history may hold (parameters as float64): 32 MiB. */
export const HISTORY_BYTES = 32 * 1024 * 1024;
/** Rows the gradient heatmap keeps. */
export const HEATMAP_ROWS = 200;
/** Most models in the iteration history, however small. */
export const HISTORY_MAX = 200;

/** How many models of this size the history keeps: the byte bound, at least 2. */
export const historyCapacity = (model: Model): number =>
  Math.max(2, Math.min(HISTORY_MAX, Math.floor(HISTORY_BYTES / (8 * paramCount(model)))));

/** A model as it was after some iterations: the second axis of time travel. */
export interface HistoryEntry {
  readonly iteration: number;
  /** L of the model before its last applied iteration's update (the loss the curve shows there). */
  readonly loss: number;
  readonly model: Model;
  /** The model's version within its scene. */
  readonly version: number;
}

export interface TrainingSettings {
  readonly optimizer: OptimizerKind;
  /** The step size. */
  readonly learningRate: number;
  /** Global gradient-norm clipping threshold, or null for none. */
  readonly clipNorm: number | null;
}

export interface TrainingState extends TrainingSettings {
  /** idle: no run; running: batches go on; paused: by the user; stopped: a value stopped being finite. */
  readonly status: 'idle' | 'running' | 'paused' | 'stopped';
  /** The worker's run, null before the first batch (or after settings that need a new run, or a lost worker). */
  readonly run: string | null;
  /**
   * The run's model and trainer state after its latest batch (only the latest is kept): a new
   * worker, after a crash or a hang, resumes the run from it. Null when the next run starts afresh.
   */
  readonly resumable: { readonly model: Model; readonly version: number; readonly state: TrainerState } | null;
  /** Iterations applied in this run, and how many of them were clipped. */
  readonly iterations: number;
  readonly clipped: number;
  /** L before each applied iteration, and ||dL/dparams|| before clipping: the whole run, each within RUN_SERIES_BYTES. */
  readonly losses: RunSeries;
  readonly gradNorms: RunSeries;
  /** The spectral radius of W after each batch (Elman, single output, H <= 128): the whole run, within RUN_SERIES_BYTES. */
  readonly radii: RunSeries;
  /** ||dL/dh(t)|| per step after each batch, with its iteration: the rows of the gradient heatmap (the last HEATMAP_ROWS). */
  readonly heatRows: readonly { readonly iteration: number; readonly norms: Float64Array }[];
  /** The model after each batch, oldest first, bounded by historyCapacity (a ring). */
  readonly history: readonly HistoryEntry[];
  /** The iteration shown while scrubbing back through the history, or null for the latest. */
  readonly viewing: number | null;
  /** Where a value stopped being finite, in words, or null. */
  readonly fault: string | null;
  /** Single iterations asked for while not running (sent at once, whatever the pace). */
  readonly pendingSteps: number;
  /** How fast batches are sent while running; it may change while the run goes on. */
  readonly pace: Pace;
  /** Iterations the run still trains before it pauses by itself ("Train N iterations"), or null for no end. */
  readonly budget: number | null;
  /** The N of "Train N iterations". */
  readonly trainCount: number;
  /** A new learning rate to hand the worker's trainer with the next batch. */
  readonly learningRateChanged: boolean;
}

export interface TrainingSlice {
  training: TrainingState;
  startTraining: () => void;
  /** Trains `n` more iterations at the pace set, then pauses (resumable). */
  trainIterations: (n: number) => void;
  /** Pauses; a "Train N iterations" that was going on is ended with it. */
  pauseTraining: () => void;
  setPace: (pace: Pace) => void;
  /** Sets the N of "Train N iterations" (a whole number, 1..MAX_TRAIN_COUNT; anything else is ignored). */
  setTrainCount: (n: number) => void;
  /** One iteration, then stop. */
  stepIteration: () => void;
  /** Shows the model of history entry `index` (pausing training); the run goes on from its latest state. */
  viewIteration: (index: number) => void;
  /** Changes the settings; a new optimizer or clipping starts a new run from the current model. */
  setTrainingSettings: (patch: Partial<TrainingSettings>) => void;
}

/** The panel's own choices a new run keeps: the pace and the N of "Train N iterations". */
type Choices = Pick<TrainingState, 'pace' | 'trainCount'>;

/** No run yet, with these settings (and the pace and N of the run before, if any). */
export const freshTraining = (settings: TrainingSettings & Partial<Choices>): TrainingState => ({
  pace: 'max', trainCount: DEFAULT_TRAIN_COUNT,
  ...settings, status: 'idle', run: null, resumable: null, iterations: 0, clipped: 0, losses: emptyRunSeries(), gradNorms: emptyRunSeries(), radii: emptyRunSeries(),
  heatRows: [], history: [], viewing: null, fault: null, pendingSteps: 0, budget: null, learningRateChanged: false,
});

export const DEFAULT_TRAINING: TrainingSettings = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5 };

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => {
  const patch = (p: Partial<TrainingState>) => set({ training: { ...get().training, ...p } });
  return {
    training: freshTraining(DEFAULT_TRAINING),
    startTraining: () => patch({ status: 'running', budget: null, fault: null }),
    trainIterations: (n) => { if (Number.isInteger(n) && n >= 1) patch({ status: 'running', budget: n, fault: null }); },
    pauseTraining: () => patch({ status: get().training.status === 'running' ? 'paused' : get().training.status, pendingSteps: 0, budget: null }),
    setPace: (pace) => { if (PACES.includes(pace)) patch({ pace }); },
    setTrainCount: (n) => { if (Number.isInteger(n) && n >= 1 && n <= MAX_TRAIN_COUNT) patch({ trainCount: n }); },
    stepIteration: () => patch({ status: 'paused', pendingSteps: get().training.pendingSteps + 1, fault: null }),
    viewIteration: (index) => {
      const t = get().training;
      const entry = t.history[index];
      if (!entry) return;
      const latest = index === t.history.length - 1;
      get().setVersion(entry.model, entry.version, null);
      patch({ status: t.status === 'running' ? 'paused' : t.status, pendingSteps: 0, budget: null, viewing: latest ? null : entry.iteration });
    },
    setTrainingSettings: (p) => {
      const t = get().training;
      const newRun = (p.optimizer !== undefined && p.optimizer !== t.optimizer) || (p.clipNorm !== undefined && p.clipNorm !== t.clipNorm);
      const learningRateChanged = p.learningRate !== undefined && p.learningRate !== t.learningRate;
      patch({ ...p, ...(newRun ? { run: null, resumable: null } : {}), learningRateChanged: t.learningRateChanged || learningRateChanged });
    },
  };
};
