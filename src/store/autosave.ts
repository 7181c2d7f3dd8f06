/**
 * Autosave: the whole state in local storage, in the same versioned JSON as links. The storage
 * is passed in (window.localStorage in the app, a fake in tests). Reading it back (loadLocal) is
 * stateRead.ts's, with the links'.
 */
import type { SharedState } from './share';
import { serializeState } from './share';

/** The storage key of the saved state (the version of its format is in the key and in the JSON). */
export const AUTOSAVE_KEY = 'unroll.state.v1';

/**
 * Most characters of a saved state. Browsers keep about 5 million characters per site, and the
 * saved state is read back on the main thread at start: a larger model is kept by Export.
 */
export const AUTOSAVE_MAX_CHARS = 1_000_000;

/** Stores a state's JSON text: 'saved', 'too large' (over AUTOSAVE_MAX_CHARS, not tried) or 'refused' by the storage. Never throws. */
export function saveText(storage: Pick<Storage, 'setItem'>, text: string): 'saved' | 'too large' | 'refused' {
  if (text.length > AUTOSAVE_MAX_CHARS) return 'too large';
  try {
    storage.setItem(AUTOSAVE_KEY, text);
    return 'saved';
  } catch {
    return 'refused';
  }
}

/**
 * Saves the state; true when it was stored, false when the storage refused it (quota exceeded,
 * storage disabled) or the state cannot be written (a number that is not finite). Never throws.
 */
export function saveLocal(storage: Pick<Storage, 'setItem'>, state: SharedState): boolean {
  try {
    return saveText(storage, serializeState(state)) === 'saved';
  } catch {
    return false;
  }
}
