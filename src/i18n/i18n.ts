/**
 * Two languages, English and Simplified Chinese, for every UI string; the mathematics is shared.
 * Strings live in bundles of both languages, one per area (messages/*.ts): defineMessages checks
 * that the Chinese one has every key of the English one, with the same parameters. A component
 * reads its bundle in the store's language with useMessages(bundle).
 */

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];
/** Each language by its own name, for the switch. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { en: 'English', zh: '简体中文' };

/** A message: fixed text, or text made from parameters (numbers, names: always plain text). */
export type Message = string | ((...args: never[]) => string);

/** The English and Chinese messages of one area, with the same keys and the same parameters. */
export interface Bundle<E extends Record<string, Message>> {
  readonly en: E;
  readonly zh: E;
}

export function defineMessages<E extends Record<string, Message>>(en: E, zh: { readonly [K in keyof E]: E[K] }): Bundle<E> {
  return { en, zh };
}

/** The language to start in: the saved one, else the browser's (Chinese for any zh-*), else English. */
export function initialLang(saved: string | null, browser: readonly string[]): Lang {
  if (saved === 'en' || saved === 'zh') return saved;
  return browser.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

/** Where the choice is remembered. */
export const LANG_STORAGE_KEY = 'unroll.language';
