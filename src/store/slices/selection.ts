/** The selection slice: the node the user picked, as `<kind>@<t>` (e.g. `h@3`). */
import type { StateCreator } from 'zustand';
import type { AppState } from '../state';

export interface SelectionSlice {
  /** The selected node, e.g. `h@3`, or null. */
  selected: string | null;
  select: (node: string | null) => void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set) => ({
  selected: null,
  select: (selected) => set({ selected }),
});
