/**
 * The building blocks of the model file's schemas (./schema.ts) and their messages: a user's
 * value in at most ~40 characters, integers and ids with their limits, strict objects, fields
 * that must be absent, and arrays refused on their length before any item is read.
 */
import * as z from 'zod';
import { quote } from './quote';

// No code generation, for every schema of the app (share.ts's too, whose imports load this
// module first): zod's JIT compiles parsers with `new Function`, which the production
// Content-Security-Policy (script-src 'self', no 'unsafe-eval') refuses, and even its probe for
// eval is reported as a violation. Set before any schema below is built, as zod reads it then.
z.config({ jitless: true });

/** The problem reported for an absent required field. */
export const MISSING = 'missing';

/** A short one-line description of a user's value for an error message. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 1 ? 'an array of 1 item' : `an array of ${v.length} items`;
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** "missing" for an absent value, else `expected ..., got <value>`. */
export const expected = (what: string) => (iss: { readonly input?: unknown }): string =>
  iss.input === undefined ? MISSING : `expected ${what}, got ${describeValue(iss.input)}`;

/** The message of an integer-valued field with its own limits. */
export function integerMessage(what: string, min: number, max: number, why: string) {
  return (iss: { readonly code?: string; readonly input?: unknown }): string => {
    if (iss.input === undefined) return MISSING;
    const got = describeValue(iss.input);
    if (typeof iss.input === 'number' && Number.isInteger(iss.input)) {
      if (iss.input < min) return `must be at least ${min}${why}, got ${got}`;
      if (iss.input > max) return `must be at most ${max} (the documented limit), got ${got}`;
    }
    return `expected ${what}, got ${got}`;
  };
}

/** A positive integer between min and max (a size or a count). */
export function boundedInt(min: number, max: number, why = '') {
  return z.int({ error: integerMessage('a positive integer', min, max, why) }).min(min).max(max);
}

/** An id in 0..count-1 (a token id or a class id). */
export function id(kind: string, count: number, otherwise: (input: unknown) => string | undefined = () => undefined) {
  const range = `0..${count - 1}`;
  return z.int({
    error: (iss) => {
      if (iss.input === undefined) return MISSING;
      const other = otherwise(iss.input);
      if (other !== undefined) return other;
      if (typeof iss.input === 'number' && Number.isInteger(iss.input)) return `${kind} ${describeValue(iss.input)} is out of range ${range}`;
      return `expected a ${kind} (an integer in ${range}), got ${describeValue(iss.input)}`;
    },
  }).min(0).max(count - 1);
}

/** The messages of an object: "unknown field", "missing" or "expected an object". */
export const OBJECT = {
  error: (iss: z.core.$ZodRawIssue): string =>
    iss.code === 'unrecognized_keys' ? `unknown field ${quote(iss.keys[0] ?? '')}` : expected('an object')(iss),
};

/** A field that must be absent in this variant. */
export const absent = (problem: string) => z.never({ error: problem }).exactOptional();

/** Accepts anything: the lengths pass reads no value, and its output is never used. */
export const UNREAD = z.custom<never>(() => true);

/** How an array is checked: its length in min..max, then its items in order. */
export interface ListSpec {
  readonly min: number;
  readonly max: number;
  /** What a value that is not an array should have been, e.g. "an array of 4 numbers". */
  readonly expected: string;
  /** The problem with an array of `got` items. */
  readonly count: (got: number) => string;
}

/**
 * An array refused on its length before any item is read, whose items are then checked in
 * order up to the first bad one (so a huge or all-wrong array costs one issue, not millions).
 * `first` checks item 0 (for a message that differs there).
 */
export function list<T>(item: z.ZodType<T>, spec: ListSpec, first: z.ZodType<T> = item): z.ZodType<T[]> {
  return z.custom<T[]>((v) => Array.isArray(v), { abort: true, error: expected(spec.expected) }).check((payload) => {
    const items = payload.value;
    if (items.length < spec.min || items.length > spec.max) {
      payload.issues.push({ code: 'custom', input: items, message: spec.count(items.length) });
      return;
    }
    if (item === UNREAD && first === UNREAD) return;
    for (let i = 0; i < items.length; i++) {
      const r = (i === 0 ? first : item).safeParse(items[i]);
      if (r.success) continue;
      for (const iss of r.error.issues) payload.issues.push({ code: 'custom', input: items[i], path: [i, ...iss.path], message: iss.message });
      return;
    }
  });
}

/** `count` things, e.g. "4 numbers", "1 number": the noun in the singular for one. */
export function counted(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** An array of exactly `count` items of `noun` (singular), e.g. "4 numbers". */
export function exactly(count: number, noun: string, hint = ''): ListSpec {
  const what = `${counted(count, noun)}${hint}`;
  return { min: count, max: count, expected: `an array of ${what}`, count: (got) => `expected ${what}, got ${got}` };
}

/** The length of a string in code points (an emoji is one), as the label limit counts. */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}
