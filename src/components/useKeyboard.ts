import { useEffect } from 'react';
import { appStore } from '../store/store';

/** Whether a key press belongs to a control that uses it itself (typing, radio arrows, button space). */
function ownedByTarget(e: KeyboardEvent): boolean {
  const t = e.target;
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t instanceof HTMLInputElement) return true;
  return t instanceof HTMLButtonElement && (e.key === ' ' || e.key === 'Enter');
}

/** The keyboard map of HelpDialog's shortcuts(): arrows step, space plays, Home and End jump, ? helps. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || ownedByTarget(e)) return;
      const s = appStore.getState();
      if (s.helpOpen) return;
      const action: Record<string, () => void> = {
        ArrowRight: s.stepForward, ArrowLeft: s.stepBack, ' ': s.togglePlay, Home: s.reset, End: s.jumpToEnd,
        '?': () => s.setHelpOpen(true),
      };
      const run = action[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
