/** The mode slice: whether the page is the embed page, and whether it presents (the graph full screen). */
import type { StateCreator } from 'zustand';
import type { AppState } from '../state';

export interface ModeSlice {
  /** Whether this is the embed page (embed/index.html): graph and transport only, nothing saved. Fixed at boot. */
  embedded: boolean;
  /** Whether the page presents: the transport and the unfolded graph alone, full screen, in large type. */
  presenting: boolean;
  setEmbedded: (embedded: boolean) => void;
  setPresenting: (presenting: boolean) => void;
}

export const createModeSlice: StateCreator<AppState, [], [], ModeSlice> = (set) => ({
  embedded: false,
  presenting: false,
  setEmbedded: (embedded) => set({ embedded }),
  setPresenting: (presenting) => set({ presenting }),
});

export const selectEmbedded = (s: AppState) => s.embedded;
export const selectPresenting = (s: AppState) => s.presenting;
