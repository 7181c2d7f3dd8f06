/**
 * The analysis slice: views computed in the worker beside the main pass. The Jacobian
 * dh(t)/dh(k) between two chosen steps; teacher forcing against free running; the Elman, LSTM
 * and GRU cells trained on the same sequence; the three topologies side by side on the same scene.
 */
import type { StateCreator } from 'zustand';
import type { CellComparison, ComparedCell, FeedbackComparison, JacobianView, Model, Trace, Variant } from '../../engine/index';
import { TOPOLOGIES, cellOfVariant, jacobianMaxSpan } from '../../engine/index';
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
  /** The state whose block the panel shows: `h` (dh(t)/dh(k)) or, for the LSTM, `s` (ds(t)/ds(k)). */
  readonly shown: string;
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

/** The cells trained side by side on the scene's sequence. */
export interface CellComparisonState {
  readonly status: 'idle' | 'running' | 'done' | 'failed';
  /** Iterations each cell trains. */
  readonly iterations: number;
  /** The model key the comparison started from. */
  readonly basis: string | null;
  readonly result: CellComparison | null;
  readonly error: string | null;
}

/** The cells the side-by-side comparison trains: the book's section 10.10 against the Elman cell. */
export const SIDE_BY_SIDE_CELLS: readonly ComparedCell[] = ['elman', 'lstm', 'gru'];

/** One topology shown beside the others: its model and, once the worker sends it, its pass. */
export interface Companion {
  readonly model: Model;
  /** null while on its way. */
  readonly trace: Trace | null;
}

export interface AnalysisSlice {
  jacobian: JacobianState;
  comparison: ComparisonState;
  cellComparison: CellComparisonState;
  /** One network, or a set side by side with one shared position (SIDE_BY_SIDE). */
  layout: Layout;
  /**
   * The other two topologies built from the scene (same sequence, seed and sizes) named `basis`;
   * null when the layout shows one or the scene cannot build them (`companionError`).
   */
  companions: { readonly basis: string; readonly byVariant: Partial<Record<Variant, Companion>> } | null;
  companionError: string | null;
  setJacobianOpen: (open: boolean) => void;
  setJacobianPair: (pair: StepPair) => void;
  /** Shows dh(t)/dh(k) (`h`) or another state's block (the LSTM's `s`); the view holds them all. */
  setJacobianShown: (state: string) => void;
  setComparisonIterations: (iterations: number) => void;
  /** Trains teacher forcing and free running from the current scene (effects do the work). */
  requestComparison: () => void;
  setCellComparisonIterations: (iterations: number) => void;
  /** Trains the Elman, LSTM and GRU cells on the scene's sequence from its seed (effects do the work). */
  requestCellComparison: () => void;
  setLayout: (layout: Layout) => void;
}

/** What the graphs panel shows: one network, section 10.2's three topologies, or the three cells side by side. */
export type Layout = 'one' | 'three' | 'cells';

/** The networks each side-by-side layout shows, built from the one scene. */
export const SIDE_BY_SIDE: Readonly<Record<Exclude<Layout, 'one'>, readonly Variant[]>> = {
  three: TOPOLOGIES,
  cells: SIDE_BY_SIDE_CELLS,
};

/** The earliest k of a model, from its cell: h(0) exists except in Jordan. */
export const firstStep = (model: Model): number => cellOfVariant(model.variant).jacobian.first;

/**
 * The pair shown for a model: the user's, clamped to the sequence and to the longest span the
 * view computes at this H; by default from the last step back as far as allowed. Null when the
 * sequence has no two steps to relate (Jordan over one step).
 */
export function pairFor(model: Model, pair: StepPair | null): StepPair | null {
  const tau = model.sequence.length;
  const first = firstStep(model);
  if (tau < first + 1) return null;
  const span = jacobianMaxSpan(model.sizes.hidden, model.variant);
  const t = Math.min(tau, Math.max(first + 1, pair?.t ?? tau));
  const k = Math.min(t - 1, Math.max(first, t - span, pair?.k ?? first));
  return { t, k };
}

export const COMPARISON_ITERATIONS = 100;

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = (set, get) => ({
  jacobian: { open: false, pair: null, key: null, view: null, error: null, shown: 'h' },
  comparison: { status: 'idle', iterations: COMPARISON_ITERATIONS, basis: null, result: null, error: null },
  cellComparison: { status: 'idle', iterations: COMPARISON_ITERATIONS, basis: null, result: null, error: null },
  layout: 'one',
  companions: null,
  companionError: null,
  setJacobianOpen: (open) => set({ jacobian: { ...get().jacobian, open } }),
  setJacobianPair: (pair) => set({ jacobian: { ...get().jacobian, pair } }),
  setJacobianShown: (shown) => set({ jacobian: { ...get().jacobian, shown } }),
  setComparisonIterations: (iterations) => set({ comparison: { ...get().comparison, iterations } }),
  requestComparison: () => set({ comparison: { ...get().comparison, status: 'running', basis: modelKey(get().scene, get().version), result: null, error: null } }),
  setCellComparisonIterations: (iterations) => set({ cellComparison: { ...get().cellComparison, iterations } }),
  requestCellComparison: () => set({ cellComparison: { ...get().cellComparison, status: 'running', basis: modelKey(get().scene, get().version), result: null, error: null } }),
  setLayout: (layout) => set({ layout, ...(layout === 'one' ? { companions: null, companionError: null } : {}) }),
});
