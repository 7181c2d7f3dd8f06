/** The one store, made from the slices; React reads it through `useApp` with module-level selectors. */
import { useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createStore } from 'zustand/vanilla';
import { createAnalysisSlice } from './slices/analysis';
import { createLanguageSlice } from './slices/language';
import { createModeSlice } from './slices/mode';
import { createModelSlice } from './slices/model';
import { createPlaybackSlice } from './slices/playback';
import { createSamplingSlice } from './slices/sampling';
import { createSelectionSlice } from './slices/selection';
import { createThemeSlice } from './slices/theme';
import { createTourSlice } from './slices/tour';
import { createTrainingSlice } from './slices/training';
import { createViewSlice } from './slices/view';
import type { AppState } from './state';

/** A new store (the app makes one; tests make their own). */
export function createAppStore() {
  return createStore<AppState>()((...a) => ({
    ...createModelSlice(...a),
    ...createPlaybackSlice(...a),
    ...createSelectionSlice(...a),
    ...createViewSlice(...a),
    ...createTrainingSlice(...a),
    ...createAnalysisSlice(...a),
    ...createLanguageSlice(...a),
    ...createModeSlice(...a),
    ...createThemeSlice(...a),
    ...createSamplingSlice(...a),
    ...createTourSlice(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The app's store. */
export const appStore: AppStore = createAppStore();

/** Reads a slice of the app's store in a component. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}

/**
 * Reads fields of the store together in a deferred render (React's useDeferredValue over a
 * shallow-compared selection). zustand's updates render synchronously, so a new pass of tau
 * 2048 would draw every panel in one long task; a panel that reads through this draws it after
 * the urgent render, in tasks React slices between components, and the fields it selects
 * together (a model and its trace) always come from the same state.
 */
export function useDeferredApp<T extends object>(selector: (s: AppState) => T): T {
  const value = useApp(useShallow(selector));
  const deferred = useDeferredValue(value);
  // While playing, every frame brings an urgent render (the play clock's step), which would put
  // off the deferred one again and again: the graph kept an old pass for the whole play. Then the
  // new pass is drawn at once.
  return useApp((s) => s.playing) ? value : deferred;
}
