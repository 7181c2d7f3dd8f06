/** The view slice: what the engine last answered, and the messages and dialogs on screen. */
import type { StateCreator } from 'zustand';
import type { Snapshot } from '../../engine/index';
import type { AppState } from '../state';

export interface ViewSlice {
  /** The worker's last answer for the current model, or null while none has come. */
  snapshot: Snapshot | null;
  /** A problem to show (role="alert"): an invalid edit, file, link or saved state. */
  error: string | null;
  /** A passing notice (role="status"), e.g. a restarted engine or a copied link. */
  notice: string | null;
  helpOpen: boolean;
  setSnapshot: (snapshot: Snapshot) => void;
  showError: (message: string) => void;
  dismissError: () => void;
  showNotice: (message: string | null) => void;
  setHelpOpen: (open: boolean) => void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  snapshot: null,
  error: null,
  notice: null,
  helpOpen: false,
  setSnapshot: (snapshot) => set({ snapshot }),
  showError: (error) => set({ error }),
  dismissError: () => set({ error: null }),
  showNotice: (notice) => set({ notice }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});
