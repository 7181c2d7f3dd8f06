/** The view slice: what the engine last answered, and the messages and dialogs on screen. */
import type { StateCreator } from 'zustand';
import type { CheckResult, CheckTarget, Snapshot, Trace } from '../../engine/index';
import type { AppState } from '../state';
import { sameLineage } from './model';

export interface ViewSlice {
  /** The worker's last answer for the current model, or null while none has come. */
  snapshot: Snapshot | null;
  /** The whole pass of the current model (for the graphs), or null until the worker sends it. */
  trace: Trace | null;
  /** The model key the trace belongs to. */
  traceKey: string | null;
  /** The inspector's Check: what was asked, and the answer once it comes (or the problem). */
  check: { readonly target: CheckTarget; readonly key: string; readonly result: CheckResult | null; readonly error: string | null } | null;
  /** A problem to show (role="alert"): an invalid edit, file, link or saved state. */
  error: string | null;
  /** A passing notice (role="status"), e.g. a restarted engine or a copied link. */
  notice: string | null;
  helpOpen: boolean;
  /** Whether a gated cell is drawn opened in the unfolded graph: its gates and candidate as nodes. */
  cellOpened: boolean;
  setSnapshot: (snapshot: Snapshot) => void;
  /** Takes a trace if it belongs to the current model (or an earlier version of it, while training). */
  setTrace: (key: string, trace: Trace) => void;
  /** Asks for a finite-difference check of a parameter or node of the current model. */
  requestCheck: (target: CheckTarget) => void;
  showError: (message: string) => void;
  dismissError: () => void;
  showNotice: (message: string | null) => void;
  setHelpOpen: (open: boolean) => void;
  setCellOpened: (opened: boolean) => void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  snapshot: null,
  trace: null,
  traceKey: null,
  check: null,
  error: null,
  notice: null,
  helpOpen: false,
  cellOpened: false,
  setSnapshot: (snapshot) => set({ snapshot }),
  // A trace of an earlier version of a training model is still worth drawing until the next arrives.
  setTrace: (key, trace) => { if (sameLineage(get().modelKey, key)) set({ trace, traceKey: key }); },
  requestCheck: (target) => set({ check: { target, key: get().modelKey, result: null, error: null } }),
  showError: (error) => set({ error }),
  dismissError: () => set({ error: null }),
  showNotice: (notice) => set({ notice }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setCellOpened: (cellOpened) => set({ cellOpened }),
});
