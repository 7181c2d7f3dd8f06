/** The view slice: what the engine last answered, and the messages and dialogs on screen. */
import type { StateCreator } from 'zustand';
import type { CheckResult, CheckTarget, StackTrace, Trace } from '../../engine/index';
import { modelKey, sceneOfKey } from '../../worker/protocol';
import type { AppState } from '../state';

/** The panels under the graph, one shown at a time. */
export const PANEL_TABS = ['charts', 'training', 'sample', 'dynamics', 'explain'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];
/** No pass on screen: what a new scene starts with until the worker answers. */
export const NO_TRACE = { trace: null, stackTrace: null, traceKey: null } as const;

/** A button a notice offers: its text and what it does. */
export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

export interface ViewSlice {
  /**
   * The whole pass of the current model (the graphs draw it, and the snapshot at every position
   * is read from it), or of an earlier version of its scene until the current one's arrives; null
   * until the worker sends one.
   */
  trace: Trace | null;
  /**
   * The whole pass of a deep or bidirectional network (the unfolded graph draws its layers and
   * directions from it), or null; such a network has no `trace`.
   */
  stackTrace: StackTrace | null;
  /** The model key the trace (or the stack's trace) belongs to. */
  traceKey: string | null;
  /** The inspector's Check: what was asked, and the answer once it comes (or the problem). */
  check: { readonly target: CheckTarget; readonly key: string; readonly result: CheckResult | null; readonly error: string | null } | null;
  /** A problem to show (role="alert"): an invalid edit, file, link or saved state. */
  error: string | null;
  /** A passing notice (role="status"), e.g. a restarted engine or a copied link. */
  notice: string | null;
  /** What the notice offers to do about it (e.g. Undo after New), as a button beside it; null for nothing. Goes with the notice. */
  noticeAction: NoticeAction | null;
  helpOpen: boolean;
  /** Whether a gated cell is drawn opened in the unfolded graph: its gates and candidate as nodes. */
  cellOpened: boolean;
  /** Whether the scene's settings drawer (seed, truncation, the sequence's form ...) is open. */
  settingsOpen: boolean;
  /** Whether the inspector is open beside the graph with nothing selected (a selection opens it too). */
  inspectorOpen: boolean;
  /** The panel shown under the graph. */
  tab: PanelTab;
  /** Takes a trace if it belongs to the current model, or to another version of its scene while the current one's is not there. */
  setTrace: (key: string, trace: Trace) => void;
  /** Takes a deep or bidirectional network's trace if it belongs to the current model. */
  setStackTrace: (key: string, trace: StackTrace) => void;
  /** Asks for a finite-difference check of a parameter or node of the current model. */
  requestCheck: (target: CheckTarget) => void;
  showError: (message: string) => void;
  dismissError: () => void;
  /** Shows a notice, with a button beside it when `action` is given (a later notice takes it away). */
  showNotice: (message: string | null, action?: NoticeAction) => void;
  setHelpOpen: (open: boolean) => void;
  setCellOpened: (opened: boolean) => void;
  setSettingsOpen: (open: boolean) => void;
  setInspectorOpen: (open: boolean) => void;
  setTab: (tab: PanelTab) => void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  ...NO_TRACE,
  check: null,
  error: null,
  notice: null,
  noticeAction: null,
  helpOpen: false,
  cellOpened: false,
  settingsOpen: false,
  inspectorOpen: false,
  tab: 'charts',
  // A trace of another version of the scene is still worth drawing until the current one's arrives.
  setTrace: (key, trace) => {
    const { scene, version, traceKey } = get();
    const current = modelKey(scene, version);
    if (key === current || (sceneOfKey(key) === scene && traceKey !== current)) set({ trace, stackTrace: null, traceKey: key });
  },
  setStackTrace: (key, stackTrace) => {
    if (key === modelKey(get().scene, get().version)) set({ trace: null, stackTrace, traceKey: key });
  },
  requestCheck: (target) => set({ check: { target, key: modelKey(get().scene, get().version), result: null, error: null } }),
  showError: (error) => set({ error }),
  dismissError: () => set({ error: null }),
  showNotice: (notice, action) => set({ notice, noticeAction: action ?? null }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setCellOpened: (cellOpened) => set({ cellOpened }),
  setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
  setInspectorOpen: (inspectorOpen) => set({ inspectorOpen }),
  setTab: (tab) => set({ tab }),
});
