/**
 * Presentation mode's effects, as a store subscription (never in panels): the Fullscreen API
 * when the browser allows it (else the page's full-window layout alone, e.g. without a user's
 * gesture or in a frame not allowed full screen), `?present` kept in the address so that a
 * reload presents again, and the keys of a keyboard or a clicker while presenting.
 */
import type { AppStore } from '../../store/store';
import { withPresent, withoutPresent } from './pageMode';

/**
 * Keys that step while presenting, whatever has the focus (the graph's own arrow keys move the
 * selection, which a presentation does not show): clickers send PageDown and PageUp.
 */
const STEP_KEYS: Readonly<Record<string, 'forward' | 'back'>> = {
  ArrowRight: 'forward', ArrowDown: 'forward', PageDown: 'forward', Enter: 'forward',
  ArrowLeft: 'back', ArrowUp: 'back', PageUp: 'back',
};

/** Whether a key belongs to the control it is pressed in (typing, the speed's list, a button's Enter). */
function ownedByTarget(e: KeyboardEvent): boolean {
  const t = e.target;
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t instanceof HTMLInputElement) return true;
  return t instanceof HTMLButtonElement && (e.key === ' ' || e.key === 'Enter');
}

/** The address with `?present` added or removed (the hash, a share link's, kept). */
const addressWith = (presenting: boolean): string => (presenting ? withPresent : withoutPresent)(new URL(window.location.href));

/** Connects presentation mode to the store; `start` opens the page presenting (from `?present`). */
export function connectPresenting(store: AppStore, start: boolean): () => void {
  /** Whether this page put the document full screen (so that leaving full screen leaves presenting). */
  let ownFullscreen = false;

  const onKey = (e: KeyboardEvent): void => {
    const s = store.getState();
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || s.helpOpen || ownedByTarget(e)) return;
    const step = STEP_KEYS[e.key];
    if (e.key === 'Escape') s.setPresenting(false);
    else if (step === 'forward') s.stepForward();
    else if (step === 'back') s.stepBack();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const onFullscreenChange = (): void => {
    if (document.fullscreenElement) return;
    // Esc in full screen is the browser's: it leaves full screen, and so the presentation.
    const was = ownFullscreen;
    ownFullscreen = false;
    if (was && store.getState().presenting) store.getState().setPresenting(false);
  };

  const enter = (): void => {
    window.addEventListener('keydown', onKey, true);
    history.replaceState(history.state, '', addressWith(true));
    const root = document.documentElement;
    // Refused without a user's gesture, or in a frame without allow="fullscreen": the layout is full window anyway.
    if (!document.fullscreenElement && document.fullscreenEnabled && typeof root.requestFullscreen === 'function') {
      root.requestFullscreen().then(() => { ownFullscreen = true; }, () => { ownFullscreen = false; });
    }
  };

  const leave = (): void => {
    window.removeEventListener('keydown', onKey, true);
    history.replaceState(history.state, '', addressWith(false));
    if (document.fullscreenElement && ownFullscreen) {
      ownFullscreen = false;
      document.exitFullscreen().catch(() => undefined);
    }
  };

  document.addEventListener('fullscreenchange', onFullscreenChange);
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.presenting === prev.presenting) return;
    if (s.presenting) enter();
    else leave();
  });
  if (start) store.getState().setPresenting(true);
  return () => {
    unsubscribe();
    document.removeEventListener('fullscreenchange', onFullscreenChange);
    window.removeEventListener('keydown', onKey, true);
  };
}
