import { describe, expect, it } from 'vitest';
import { THEME_CHOICES, initialTheme, resolveTheme } from '../../src/store/slices/theme';
import { sharedStateOf } from '../../src/store/effects';
import { createAppStore } from '../../src/store/store';

describe('the theme choice', () => {
  it('starts from the saved choice, else follows the system', () => {
    expect(initialTheme('dark')).toBe('dark');
    expect(initialTheme('light')).toBe('light');
    expect(initialTheme('system')).toBe('system');
    expect(initialTheme(null)).toBe('system');
    // A saved value from elsewhere (or a later version) is not trusted.
    expect(initialTheme('sepia')).toBe('system');
    expect(initialTheme('<b>dark</b>')).toBe('system');
  });

  it('resolves "system" by the system preference; light and dark override it', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    for (const systemDark of [true, false]) {
      expect(resolveTheme('light', systemDark)).toBe('light');
      expect(resolveTheme('dark', systemDark)).toBe('dark');
    }
  });

  it('is kept in the store, "system" at first, and not part of the shared state', () => {
    const store = createAppStore();
    expect(store.getState().theme).toBe('system');
    for (const c of THEME_CHOICES) {
      store.getState().setTheme(c);
      expect(store.getState().theme).toBe(c);
    }
    // What a link, the autosave and a model file hold: the theme is none of it.
    expect(Object.keys(sharedStateOf(store.getState()))).not.toContain('theme');
  });
});
