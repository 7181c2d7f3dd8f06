/**
 * User text inside a message, the one rule for every message of the engine, the CLI and the
 * store: the characters that could drive a terminal or reorder a line (C0 and C1 controls,
 * DEL, line and paragraph separators, bidi marks and controls) are written as \uXXXX escapes.
 */

/** Most characters of a user's string echoed back in a message. */
export const ECHO_CHARS = 40;

/** Every character that must not reach a terminal or a line of text as itself. */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every unsafe character as a \uXXXX escape (the rest unchanged). */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A user's string as a quoted, escaped, one-line JSON string of at most ~40 characters. */
export function quote(s: string): string {
  const clipped = s.length > ECHO_CHARS ? `${s.slice(0, ECHO_CHARS - 1)}…` : s;
  return escapeControls(JSON.stringify(clipped));
}
