/**
 * The training slice: the optimizer and its settings, the run's progress (loss and gradient
 * norm per iteration), and where a blow-up stopped it. The worker holds the trainer; effects send
 * it batches of iterations while training runs, and keep what a new worker needs to go on with it.
 */
import type { StateCreator } from 'zustand';
import type { Model, OptimizerKind, TrainerState } from '../../engine/index';
import { paramCount } from '../../engine/index';
import type { AppState } from '../state';

/** Most iterations whose loss the curve keeps (older ones are dropped). */
export const CURVE_POINTS = 5000;
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
  /** L before each applied iteration, and ||dL/dparams|| before clipping (the last CURVE_POINTS). */
  readonly losses: readonly number[];
  readonly gradNorms: readonly number[];
  /** The spectral radius of W after each batch (Elman, single output, H <= 128), the last CURVE_POINTS. */
  readonly radii: readonly number[];
  /** ||dL/dh(t)|| per step after each batch, with its iteration: the rows of the gradient heatmap (the last HEATMAP_ROWS). */
  readonly heatRows: readonly { readonly iteration: number; readonly norms: Float64Array }[];
  /** The model after each batch, oldest first, bounded by historyCapacity (a ring). */
  readonly history: readonly HistoryEntry[];
  /** The iteration shown while scrubbing back through the history, or null for the latest. */
  readonly viewing: number | null;
  /** Where a value stopped being finite, in words, or null. */
  readonly fault: string | null;
  /** Single iterations asked for while not running. */
  readonly pendingSteps: number;
  /** A new learning rate to hand the worker's trainer with the next batch. */
  readonly learningRateChanged: boolean;
}

export interface TrainingSlice {
  training: TrainingState;
  startTraining: () => void;
  pauseTraining: () => void;
  /** One iteration, then stop. */
  stepIteration: () => void;
  /** Shows the model of history entry `index` (pausing training); the run goes on from its latest state. */
  viewIteration: (index: number) => void;
  /** Changes the settings; a new optimizer or clipping starts a new run from the current model. */
  setTrainingSettings: (patch: Partial<TrainingSettings>) => void;
}

/** No run yet, with these settings. */
export const freshTraining = (settings: TrainingSettings): TrainingState => ({
  ...settings, status: 'idle', run: null, resumable: null, iterations: 0, clipped: 0, losses: [], gradNorms: [], radii: [], heatRows: [], history: [], viewing: null, fault: null, pendingSteps: 0, learningRateChanged: false,
});

export const DEFAULT_TRAINING: TrainingSettings = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5 };

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => {
  const patch = (p: Partial<TrainingState>) => set({ training: { ...get().training, ...p } });
  return {
    training: freshTraining(DEFAULT_TRAINING),
    startTraining: () => patch({ status: 'running', fault: null }),
    pauseTraining: () => patch({ status: get().training.status === 'running' ? 'paused' : get().training.status, pendingSteps: 0 }),
    stepIteration: () => patch({ status: 'paused', pendingSteps: get().training.pendingSteps + 1, fault: null }),
    viewIteration: (index) => {
      const t = get().training;
      const entry = t.history[index];
      if (!entry) return;
      const latest = index === t.history.length - 1;
      get().setVersion(entry.model, entry.version, null);
      patch({ status: t.status === 'running' ? 'paused' : t.status, pendingSteps: 0, viewing: latest ? null : entry.iteration });
    },
    setTrainingSettings: (p) => {
      const t = get().training;
      const newRun = (p.optimizer !== undefined && p.optimizer !== t.optimizer) || (p.clipNorm !== undefined && p.clipNorm !== t.clipNorm);
      const learningRateChanged = p.learningRate !== undefined && p.learningRate !== t.learningRate;
      patch({ ...p, ...(newRun ? { run: null, resumable: null } : {}), learningRateChanged: t.learningRateChanged || learningRateChanged });
    },
  };
};
