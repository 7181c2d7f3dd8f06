/** Module-level selectors of what the inspector reads from the store. */
import type { AppState } from '../../store/state';

export const selectSelected = (s: AppState) => s.selected;
export const selectModelKey = (s: AppState) => s.modelKey;
export const selectCheck = (s: AppState) => s.check;
/** The trace of the current model, or null until the worker sends it. */
export const selectTrace = (s: AppState) => (s.traceKey === s.modelKey ? s.trace : null);
