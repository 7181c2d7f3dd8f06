/**
 * The analysis slice: views computed in the worker beside the main pass. The Jacobian
 * dh(t)/dh(k) between two chosen steps; teacher forcing against free running; the three
 * topologies side by side on the same scene.
 */
import type { StateCreator } from 'zustand';
import type { FeedbackComparison, JacobianView, Model, Trace, Variant } from '../../engine/index';
import { jacobianMaxSpan } from '../../engine/index';
import { modelKey } from '../../worker/protocol';
import type { AppState } from '../state';

/** The pair of steps k < t whose Jacobian is asked for. */
export interface StepPair {
  readonly t: number;
  readonly k: number;
}

export interface JacobianState {
  /** Whether the panel is open: only then is the view computed (it costs H^3 per step). */
  readonly open: boolean;
  /** The user's pair, or null for the default (see pairFor). */
  readonly pair: StepPair | null;
  /** The model key and pair the answer belongs to, and the answer or the problem. */
  readonly key: string | null;
  readonly view: JacobianView | null;
  readonly error: string | null;
}

export interface ComparisonState {
  readonly status: 'idle' | 'running' | 'done' | 'failed';
  /** Iterations each training runs. */
  readonly iterations: number;
  /** The model key the comparison started from. */
  readonly basis: string | null;
  readonly result: FeedbackComparison | null;
  readonly error: string | null;
}

/** One topology shown beside the others: its model and, once the worker sends it, its pass. */
export interface Companion {
  readonly model: Model;
  /** null while on its way. */
  readonly trace: Trace | null;
}

export interface AnalysisSlice {
  jacobian: JacobianState;
  comparison: ComparisonState;
  /** One topology, or all three side by side with one shared position. */
  layout: 'one' | 'three';
  /**
   * The other two topologies built from the scene (same sequence, seed and sizes) named `basis`;
   * null when the layout shows one or the scene cannot build them (`companionError`).
   */
  companions: { readonly basis: string; readonly byVariant: Partial<Record<Variant, Companion>> } | null;
  companionError: string | null;
  setJacobianOpen: (open: boolean) => void;
  setJacobianPair: (pair: StepPair) => void;
  setComparisonIterations: (iterations: number) => void;
  /** Trains teacher forcing and free running from the current scene (effects do the work). */
  requestComparison: () => void;
  setLayout: (layout: 'one' | 'three') => void;
}

/** The earliest k of a model: h(0) exists except in Jordan. */
export const firstStep = (model: Model): number => (model.variant === 'jordan' ? 1 : 0);

/**
 * The pair shown for a model: the user's, clamped to the sequence and to the longest span the
 * view computes at this H; by default from the last step back as far as allowed. Null when the
 * sequence has no two steps to relate (Jordan over one step).
 */
export function pairFor(model: Model, pair: StepPair | null): StepPair | null {
  const tau = model.sequence.length;
  const first = firstStep(model);
  if (tau < first + 1) return null;
  const span = jacobianMaxSpan(model.sizes.hidden);
  const t = Math.min(tau, Math.max(first + 1, pair?.t ?? tau));
  const k = Math.min(t - 1, Math.max(first, t - span, pair?.k ?? first));
  return { t, k };
}

export const COMPARISON_ITERATIONS = 100;

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = (set, get) => ({
  jacobian: { open: false, pair: null, key: null, view: null, error: null },
  comparison: { status: 'idle', iterations: COMPARISON_ITERATIONS, basis: null, result: null, error: null },
  layout: 'one',
  companions: null,
  companionError: null,
  setJacobianOpen: (open) => set({ jacobian: { ...get().jacobian, open } }),
  setJacobianPair: (pair) => set({ jacobian: { ...get().jacobian, pair } }),
  setComparisonIterations: (iterations) => set({ comparison: { ...get().comparison, iterations } }),
  requestComparison: () => set({ comparison: { ...get().comparison, status: 'running', basis: modelKey(get().scene, get().version), result: null, error: null } }),
  setLayout: (layout) => set({ layout, ...(layout === 'one' ? { companions: null, companionError: null } : {}) }),
});
