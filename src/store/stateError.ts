/**
 * The StateError every refused state is (a link, short or full, or a saved state, read back; a
 * state that cannot be written), and the helpers its messages use. Written and read alike, so
 * kept apart from the checks (stateCheck.ts), which load only when there is a state to read.
 */
import { escapeControls } from '../engine/index';

/** Where a state was read from: the first word of every StateError message. */
export type StateSource = 'link' | 'saved state';

/** A state refused: where it came from and, in one line, what is wrong with it. */
export class StateError extends Error {
  override readonly name = 'StateError';
  /** `link`, `saved state`, or `state` for a state that cannot be written. */
  readonly where: string;
  /** What is wrong, e.g. `position: expected an integer in 0..16, got 40`. */
  readonly problem: string;

  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`.replace(/[\r\n]+/g, ' '));
    this.where = where;
    this.problem = problem;
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An exception's message as one line of at most 100 characters. */
export function reason(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
  return escapeControls(line.length > 100 ? `${line.slice(0, 99)}…` : line);
}
