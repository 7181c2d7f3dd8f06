/**
 * Starting the app: its mode (the embed page, presenting), the language, the theme, the engine worker and
 * its client, the state to restore (a shared link first, then the autosave), and the store's
 * effects. The embed page reads and writes no saved state: it shows its link (or the default
 * scene) and leaves the reader's own saved state in the app as it was.
 */
import type { Lang } from './i18n/i18n';
import { LANG_STORAGE_KEY, initialLang } from './i18n/i18n';
import { noticeMessages } from './i18n/messages/notices';
import { tourMessages } from './i18n/messages/tour';
import { escapeControls } from './engine/file/quote';
import { connectFiles } from './components/files';
import { pageModeOf } from './components/present/pageMode';
import { connectPresenting } from './components/present/presenting';
import { AUTOSAVE_KEY } from './store/autosave';
import type { Effects } from './store/effects';
import { connectEffects } from './store/effects';
import type { SharedState } from './store/share';
import { TOUR_HASH_PREFIX, isShareHash } from './store/share';
import { connectAnalysis } from './store/analysis';
import { selectCurrentTrace } from './store/selectors';
import { connectTraining } from './store/training';
import { THEME_STORAGE_KEY, initialTheme, selectDrawnTheme } from './store/slices/theme';
import type { AppStore } from './store/store';
import { CRASH_MESSAGE, HANG_MESSAGE, createEngineClient } from './worker/client';

/** What end-to-end tests may reach on `window.__unroll`: ways to break the worker on purpose. */
export interface TestHooks {
  crashWorker: () => void;
  hangWorker: () => void;
  restarts: () => number;
  /** Whether the trace of the model on screen has arrived (the panels draw from it). */
  traced: () => boolean;
  /** How many requests of each type the page has posted to the engine worker. */
  sent: () => Readonly<Partial<Record<string, number>>>;
}

declare global {
  interface Window {
    __unroll?: TestHooks;
  }
}

/** Whether the storage holds a saved state (false when it cannot be read: there is nothing to restore then). */
function hasSaved(storage: () => Storage): boolean {
  try {
    return storage().getItem(AUTOSAVE_KEY) !== null;
  } catch {
    return false;
  }
}

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The page's address without its hash: where a link has done its work. */
const pageAddress = (): string => window.location.pathname + window.location.search;

/**
 * The state a shared link (`#s=`, `#scene=`) holds, read by the checks (./store/stateRead.ts,
 * loaded only when there is a link to read); a bad link is refused by its problem.
 */
async function readLink(hash: string): Promise<{ readonly state: SharedState | null; readonly problem: string | null }> {
  const { decodeShare } = await import('./store/stateRead');
  try {
    return { state: await decodeShare(hash), problem: null };
  } catch (e) {
    return { state: null, problem: errorMessage(e) };
  }
}

/**
 * Reads the linked state, else the saved one (not on the embed page); a bad one is refused with a
 * message and the default kept. A first visit without a link loads none of the checks. Returns
 * where the state that loaded came from, or null for none.
 */
async function restore(store: AppStore, embedded: boolean): Promise<'link' | 'saved state' | null> {
  const hash = window.location.hash;
  const linked = isShareHash(hash);
  if (!linked && (embedded || !hasSaved(() => window.localStorage))) return null;
  const problems: string[] = [];
  let state: SharedState | null = null;
  let source: 'link' | 'saved state' | null = null;
  if (linked) {
    const read = await readLink(hash);
    state = read.state;
    if (state) source = 'link';
    if (read.problem !== null) problems.push(read.problem);
  }
  // The link has done its work: a reload restores where the user is, not the link. The embed page
  // saves nothing, so its link stays: a reload shows it again.
  if (!embedded && linked) history.replaceState(null, '', pageAddress());
  if (!state && !embedded) {
    const { loadLocal } = await import('./store/stateRead');
    try {
      state = loadLocal(window.localStorage);
      if (state) source = 'saved state';
    } catch (e) {
      problems.push(errorMessage(e));
    }
  }
  if (state) store.getState().loadState(state);
  if (problems.length > 0) store.getState().showError(problems.join(' · '));
  return source;
}

/** The language of `<html lang>`: Simplified Chinese is zh-Hans. */
const htmlLang = (lang: Lang): string => (lang === 'zh' ? 'zh-Hans' : 'en');

/**
 * Starts in the saved language, else the browser's; remembers every change (unless `remember` is
 * false: the embed page writes nothing) and keeps `<html lang>` in step. Storage may be refused (private modes, policies): the choice then
 * lasts for the session.
 */
function connectLanguage(store: AppStore, remember: boolean): void {
  let saved: string | null = null;
  try {
    saved = window.localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    // No storage: start from the browser's languages.
  }
  store.getState().setLanguage(initialLang(saved, navigator.languages ?? [navigator.language]));
  document.documentElement.lang = htmlLang(store.getState().language);
  store.subscribe((s, prev) => {
    if (s.language === prev.language) return;
    document.documentElement.lang = htmlLang(s.language);
    if (!remember) return;
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, s.language);
    } catch {
      // Not remembered: the switch still works for this session.
    }
  });
}

/**
 * Starts in the saved theme choice, else "system"; draws the page in the theme it resolves to
 * (`<html data-theme>` and its `color-scheme`), again whenever the choice or the system's
 * preference changes; remembers every choice (unless `remember` is false: the embed page, which
 * still follows the stored choice, writes nothing). Without storage the choice lasts the session.
 */
function connectTheme(store: AppStore, remember: boolean): void {
  let saved: string | null = null;
  try {
    saved = window.localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    // No storage: follow the system.
  }
  store.getState().setTheme(initialTheme(saved));
  const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    // styles.css gives each theme its colours and its `color-scheme` (form controls, scroll bars);
    // the graphs paint their colour scales in the same theme (selectDrawnTheme).
    document.documentElement.dataset['theme'] = selectDrawnTheme(store.getState());
  };
  store.getState().setSystemDark(systemDark.matches);
  apply();
  systemDark.addEventListener('change', () => store.getState().setSystemDark(systemDark.matches));
  store.subscribe((s, prev) => {
    if (s.theme === prev.theme && s.systemDark === prev.systemDark) return;
    apply();
    if (s.theme === prev.theme) return;
    if (!remember) return;
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, s.theme);
    } catch {
      // Not remembered: the switch still works for this session.
    }
  });
}

/** Opens the tour's chapter a link names (its chunk loads then); a link to no chapter is refused by name and the scene kept. */
async function openTourLink(store: AppStore, hash: string): Promise<void> {
  const { openLinkedChapter } = await import('./components/tour/TourPanel');
  if (openLinkedChapter(hash)) return;
  store.getState().showError(tourMessages[store.getState().language].unknownChapter(escapeControls(hash.slice(TOUR_HASH_PREFIX.length, TOUR_HASH_PREFIX.length + 40))));
  history.replaceState(null, '', pageAddress());
}

/**
 * Follows a link opened in the page already running (pasted into the address bar, or a chapter's
 * link clicked: the browser changes the hash without a reload) as a fresh page would: a shared
 * state loads and is saved, a bad one is refused by its problem with the state on screen kept; a
 * chapter's link opens the chapter. The address is the page's own again once a state link is read.
 */
function connectLinks(store: AppStore, effects: Effects): void {
  window.addEventListener('hashchange', () => {
    const hash = window.location.hash;
    if (hash.startsWith(TOUR_HASH_PREFIX)) {
      // The link of the chapter open already changes nothing: the learner's scene is kept.
      if (hash !== `${TOUR_HASH_PREFIX}${store.getState().tourChapter ?? ''}`) void openTourLink(store, hash);
      return;
    }
    if (!isShareHash(hash)) return;
    void readLink(hash).then(({ state, problem }) => {
      history.replaceState(null, '', pageAddress());
      if (state) {
        store.getState().loadState(state);
        effects.saveNow();
      }
      if (problem !== null) store.getState().showError(problem);
    });
  });
}

/** Starts the engine and the effects once the language and the state are restored. */
export async function boot(store: AppStore): Promise<Effects> {
  const mode = pageModeOf(new URL(window.location.href));
  store.getState().setEmbedded(mode.embedded);
  connectLanguage(store, !mode.embedded);
  connectTheme(store, !mode.embedded);
  const source = await restore(store, mode.embedded);
  if (!mode.embedded && window.location.hash.startsWith(TOUR_HASH_PREFIX)) await openTourLink(store, window.location.hash);
  let effects: Effects | null = null;
  const client = createEngineClient({
    createWorker: () => new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'unroll-engine' }),
    onRestart: (reason) => {
      const m = noticeMessages[store.getState().language];
      store.getState().showNotice(reason === HANG_MESSAGE ? m.engineHung : reason === CRASH_MESSAGE ? m.engineCrashed : reason);
      effects?.refresh();
    },
  });
  // The embed page autosaves nowhere: it must not overwrite the reader's own state in the app.
  effects = connectEffects(store, { client, storage: mode.embedded ? null : window.localStorage });
  connectFiles({ parse: (key, text) => client.parse(key, text), parseTorch: (key, bytes, options) => client.parseTorch(key, bytes, options), deflatedState: effects.deflatedState });
  // A link that loaded becomes the saved state at once (a refused one leaves it as it was).
  if (source === 'link') effects.saveNow();
  connectTraining(store, client);
  connectAnalysis(store, client);
  connectPresenting(store, mode.presenting);
  if (!mode.embedded) connectLinks(store, effects);
  window.__unroll = {
    crashWorker: () => client.crash(), hangWorker: () => client.hang(), restarts: () => client.restarts,
    traced: () => selectCurrentTrace(store.getState()) !== null,
    sent: () => client.sent(),
  };
  return effects;
}
