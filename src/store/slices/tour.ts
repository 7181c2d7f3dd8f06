/** The guided tour through chapter 10 (../tour.ts holds its chapters): which chapter is open, if any. */
import type { StateCreator } from 'zustand';
import type { AppState } from '../state';

export interface TourSlice {
  /** The id of the chapter open beside the graph, or null outside the tour. */
  tourChapter: string | null;
  setTourChapter: (id: string | null) => void;
}

export const createTourSlice: StateCreator<AppState, [], [], TourSlice> = (set) => ({
  tourChapter: null,
  setTourChapter: (tourChapter) => set({ tourChapter }),
});
