/**
 * What one finger on the graph means on a page that scrolls: across, it pans the graph; up or
 * down, it scrolls the page (else, on a phone, the page under a graph that fills the screen could
 * not be reached). Pure, so that the rule is tested without a browser.
 */

/** How far, in px, a finger moves before its gesture is told a pan or a scroll (Chrome's own slop is about 15 px). */
export const TOUCH_SLOP = 6;

/** A one-finger gesture over the graph, by the finger's move (dx, dy) in px since it went down. */
export type TouchIntent = 'undecided' | 'pan' | 'scroll';

/** Undecided within the slop; then a pan of the graph when the move is mostly across, a scroll of the page when it is mostly up or down. */
export function oneFingerIntent(dx: number, dy: number, slop = TOUCH_SLOP): TouchIntent {
  if (Math.hypot(dx, dy) < slop) return 'undecided';
  return Math.abs(dx) > Math.abs(dy) ? 'pan' : 'scroll';
}
