/**
 * The theme slice: the colours the page is drawn in, as the reader chose them. "system" follows
 * the system's `prefers-color-scheme` (live); "light" and "dark" override it. Remembered in the
 * browser, never in a share link or a model file.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../state';

/** What the reader chose: follow the system, or one theme whatever the system says. */
export type ThemeChoice = 'system' | 'light' | 'dark';
/** The theme the page is drawn in: `<html data-theme>`. */
export type Theme = 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
/** Where the choice is remembered. */
export const THEME_STORAGE_KEY = 'unroll.theme';

/** The choice to start with: the saved one, else "system" (an unknown saved value too). */
export function initialTheme(saved: string | null): ThemeChoice {
  return THEME_CHOICES.find((c) => c === saved) ?? 'system';
}

/** The theme drawn for a choice, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

export interface ThemeSlice {
  /** The reader's choice of theme (the page draws `resolveTheme` of it). */
  theme: ThemeChoice;
  setTheme: (theme: ThemeChoice) => void;
}

export const createThemeSlice: StateCreator<AppState, [], [], ThemeSlice> = (set) => ({
  theme: 'system',
  setTheme: (theme) => set({ theme }),
});

export const selectTheme = (s: AppState) => s.theme;
