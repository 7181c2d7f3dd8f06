/**
 * The theme slice: the colours the page is drawn in, as the reader chose them. "system" follows
 * the system's `prefers-color-scheme` (live); "light" and "dark" override it. Remembered in the
 * browser, never in a share link or a model file.
 */
import type { StateCreator } from 'zustand';
import type { Theme } from '../../graph/layout/index';
import type { AppState } from '../state';

/** What the reader chose: follow the system, or one theme whatever the system says. */
export type ThemeChoice = 'system' | 'light' | 'dark';
/** The theme the page is drawn in: `<html data-theme>` (the graphs' colour scales have one variant each). */
export type { Theme };
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
  /** Whether the system prefers dark (`prefers-color-scheme`, live; boot.ts keeps it up to date). */
  systemDark: boolean;
  setSystemDark: (systemDark: boolean) => void;
}

export const createThemeSlice: StateCreator<AppState, [], [], ThemeSlice> = (set) => ({
  theme: 'system',
  setTheme: (theme) => set({ theme }),
  systemDark: false,
  setSystemDark: (systemDark) => set({ systemDark }),
});

export const selectTheme = (s: AppState) => s.theme;
/** The theme the page is drawn in (the choice resolved against the system's preference). */
export const selectDrawnTheme = (s: AppState): Theme => resolveTheme(s.theme, s.systemDark);
