/** The guided tour through chapter 10 (../tour.ts holds its chapters): which chapter is open, if any. */
import type { StateCreator } from 'zustand';
import type { AppState } from '../state';

export interface TourSlice {
  /** The id of the chapter open beside the graph, or null outside the tour. */
  tourChapter: string | null;
  setTourChapter: (id: string | null) => void;
  /** The nodes picked in the graph for an exercise's answer, or null when none is being picked (a click then selects). */
  picks: readonly string[] | null;
  /** Starts picking with these nodes (an empty list: none yet), or stops (null). */
  setPicks: (picks: readonly string[] | null) => void;
  /** Picks a node, or unpicks it if it was picked; nothing when not picking. */
  togglePick: (id: string) => void;
}

export const createTourSlice: StateCreator<AppState, [], [], TourSlice> = (set, get) => ({
  tourChapter: null,
  setTourChapter: (tourChapter) => set({ tourChapter, ...(tourChapter === null ? { picks: null } : {}) }),
  picks: null,
  setPicks: (picks) => set({ picks }),
  togglePick: (id) => {
    const { picks } = get();
    if (picks !== null) set({ picks: picks.includes(id) ? picks.filter((p) => p !== id) : [...picks, id] });
  },
});
