/**
 * The training slice: the optimizer and its settings, the run's progress (loss and gradient
 * norm per iteration), and where a blow-up stopped it. The worker holds the trainer; effects send
 * it batches of iterations while training runs.
 */
import type { StateCreator } from 'zustand';
import type { OptimizerKind } from '../../engine/index';
import type { AppState } from '../state';

/** Most iterations whose loss the curve keeps (older ones are dropped). */
export const CURVE_POINTS = 5000;

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
  /** The worker's run, null before the first batch (or after settings that need a new run). */
  readonly run: string | null;
  /** Iterations applied in this run, and how many of them were clipped. */
  readonly iterations: number;
  readonly clipped: number;
  /** L before each applied iteration, and ||dL/dparams|| before clipping (the last CURVE_POINTS). */
  readonly losses: readonly number[];
  readonly gradNorms: readonly number[];
  /** The spectral radius of W after each batch (Elman, single output, H <= 128), the last CURVE_POINTS. */
  readonly radii: readonly number[];
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
  /** Changes the settings; a new optimizer or clipping starts a new run from the current model. */
  setTrainingSettings: (patch: Partial<TrainingSettings>) => void;
}

/** No run yet, with these settings. */
export const freshTraining = (settings: TrainingSettings): TrainingState => ({
  ...settings, status: 'idle', run: null, iterations: 0, clipped: 0, losses: [], gradNorms: [], radii: [], fault: null, pendingSteps: 0, learningRateChanged: false,
});

export const DEFAULT_TRAINING: TrainingSettings = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5 };

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => {
  const patch = (p: Partial<TrainingState>) => set({ training: { ...get().training, ...p } });
  return {
    training: freshTraining(DEFAULT_TRAINING),
    startTraining: () => patch({ status: 'running', fault: null }),
    pauseTraining: () => patch({ status: get().training.status === 'running' ? 'paused' : get().training.status, pendingSteps: 0 }),
    stepIteration: () => patch({ status: 'paused', pendingSteps: get().training.pendingSteps + 1, fault: null }),
    setTrainingSettings: (p) => {
      const t = get().training;
      const newRun = (p.optimizer !== undefined && p.optimizer !== t.optimizer) || (p.clipNorm !== undefined && p.clipNorm !== t.clipNorm);
      const learningRateChanged = p.learningRate !== undefined && p.learningRate !== t.learningRate;
      patch({ ...p, ...(newRun ? { run: null } : {}), learningRateChanged: t.learningRateChanged || learningRateChanged });
    },
  };
};
