/**
 * What a move of the cursor computed, in parts a screen reader can announce: the phase and step,
 * the quantities computed there (per topology: an output only where the step has one), and
 * whether the pass starts, turns to BPTT or ends there. The words come from the caller's
 * language (i18n/messages/announce.ts); the symbols, h(3), ŷ(3), dL/dh(5), are shared.
 */
import { cursorAt } from '../layout/animation';
import type { GraphShape } from '../layout/ids';
import { nodeExists } from '../layout/ids';

/** Where in the pass a position lies, when that is worth saying. */
export type Milestone = 'start' | 'forward-done' | 'end' | null;

/** What one position computed. */
export interface Announcement {
  readonly phase: 'forward' | 'backward';
  /** The step just computed (0 at the start). */
  readonly t: number;
  /** The quantities computed at this position, as symbols: `h(3)`, `o(3)`, `ŷ(3)`, `L(3)`; in BPTT `dL/dh(5)`. */
  readonly computed: readonly string[];
  readonly milestone: Milestone;
}

/** The announcement of a position (clamped to 0..2 tau) of a graph of this shape. */
export function announcement(shape: GraphShape, position: number): Announcement {
  const { tau } = shape;
  const p = Math.max(0, Math.min(2 * tau, Math.round(position)));
  const { phase, t } = cursorAt(p, tau);
  const milestone: Milestone = p === 0 ? 'start' : p === 2 * tau ? 'end' : p === tau ? 'forward-done' : null;
  if (phase === 'forward') {
    if (t === 0) return { phase, t, computed: [], milestone };
    const outputs = nodeExists(shape, 'o', t) ? [`o(${t})`, `ŷ(${t})`, `L(${t})`] : [];
    return { phase, t, computed: [`h(${t})`, ...outputs], milestone };
  }
  // BPTT's last step also gives dL/dh0, where the topology has an initial state h(0).
  const initial = t === 1 && nodeExists(shape, 'h', 0) ? ['dL/dh(0)'] : [];
  return { phase, t, computed: [`dL/dh(${t})`, ...initial], milestone };
}

/** The words an announcement is said with, in one language. */
export interface AnnounceWords {
  /** At position 0: nothing computed yet. */
  readonly start: string;
  /** `t = 3: h(3), o(3) computed`. */
  readonly forward: (t: number, list: string) => string;
  /** `t = 5: dL/dh(5) computed (BPTT)`. */
  readonly backward: (t: number, list: string) => string;
  /** The symbols as a list: `h(3), o(3)`. */
  readonly list: (items: readonly string[]) => string;
  /** At position tau. */
  readonly forwardDone: string;
  /** At position 2 tau. */
  readonly end: string;
  /** A statement followed by the milestone reached. */
  readonly then: (statement: string, milestone: string) => string;
}

/** An announcement in words. */
export function announcementText(a: Announcement, words: AnnounceWords): string {
  if (a.milestone === 'start' || a.computed.length === 0) return words.start;
  const list = words.list(a.computed);
  const statement = a.phase === 'forward' ? words.forward(a.t, list) : words.backward(a.t, list);
  if (a.milestone === 'forward-done') return words.then(statement, words.forwardDone);
  if (a.milestone === 'end') return words.then(statement, words.end);
  return statement;
}
