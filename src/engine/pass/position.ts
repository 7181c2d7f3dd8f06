/**
 * The cursor over one pass, written once: position p runs from 0 (nothing computed) through
 * tau (forward done) to 2 tau (backward done). Forward step t is computed at position t, and
 * backward step t at position 2 tau - t + 1.
 */

/** Where a position stands: the last step computed, in the pass that computed it. */
export type Cursor =
  | { readonly phase: 'start'; readonly t: 0 }
  | { readonly phase: 'forward' | 'backward'; /** the step just computed */ readonly t: number };

/**
 * 2 tau - x + 1: the step that BPTT computes at position x, and the position at which it
 * computes step x (the map is its own inverse).
 */
export const mirror = (tau: number, x: number): number => 2 * tau - x + 1;

/** The cursor at position p of a pass over tau steps. */
export function cursorOf(position: number, tau: number): Cursor {
  if (position === 0) return { phase: 'start', t: 0 };
  return position <= tau ? { phase: 'forward', t: position } : { phase: 'backward', t: mirror(tau, position) };
}
