/** The language slice: which of the two languages the UI speaks. */
import type { StateCreator } from 'zustand';
import type { Lang } from '../../i18n/i18n';
import type { AppState } from '../state';

export interface LanguageSlice {
  language: Lang;
  setLanguage: (language: Lang) => void;
}

export const createLanguageSlice: StateCreator<AppState, [], [], LanguageSlice> = (set) => ({
  language: 'en',
  setLanguage: (language) => set({ language }),
});
