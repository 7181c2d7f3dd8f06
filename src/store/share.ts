/**
 * The whole state (model, scene, cursor, selected node) as versioned JSON, shared by links and
 * autosave, and as a URL hash: '#s=1.' + base64url(deflate(JSON)), zlib's format, whose
 * Adler-32 checksum catches a corrupted link. Everything read back is validated; a corrupt or hostile link or saved state gives a StateError, never another kind
 * of exception. Labels and all user text stay data, never HTML.
 */
import * as z from 'zod';
import { parseSelection } from '../graph/layout/index';
import type { Model } from '../engine/index';
import { FEEDBACKS, LIMITS, ModelError, NONLINEARITIES, VARIANTS, compactModelText, escapeControls, parseModel, quote, writeCompact } from '../engine/index';
import { DEFLATED_MAX_BYTES, deflateAtMost, pipeAtMost } from './deflate';
import type { SceneConfig } from './scene';
import { SceneError, buildModel } from './scene';

/** What a link or a saved state holds. */
export interface SharedState {
  readonly model: Model;
  /** The controls' scene, or null when the model was imported (it matches no scene). */
  readonly config: SceneConfig | null;
  /** Session position, 0..2 tau: steps computed, forward then backward. */
  readonly position: number;
  /** The inspected node as `<kind>@<t>` (e.g. `h@3`), or null. */
  readonly selected: string | null;
}

/** Where a state was read from: the first word of every StateError message. */
export type StateSource = 'link' | 'saved state';

/** Most characters of a share hash: a longer state is not put in a link. */
export const SHARE_MAX_CHARS = 16_000;

/** Most bytes a link's data may inflate to; decompression stops there. */
export const MAX_INFLATED_BYTES = 4 * 1024 * 1024;

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

/** The value of the state's "format" field. */
const FORMAT = 'unroll-state';
/** The one version of the state this app reads and writes (also the number after '#s='). */
const VERSION = 1;
/** The start of a share hash. */
const HASH_PREFIX = '#s=';
/** Most characters of a state's JSON text (a saved state; a link is capped by its inflated size). */
const MAX_STATE_CHARS = LIMITS.fileBytes;

/**
 * The state's JSON text around its model: serializeState is `head + compactModelText(model) + tail`,
 * so that a large model's text can be written elsewhere (the worker) and put in between.
 */
export function stateAround(state: SharedState): { readonly head: string; readonly tail: string } {
  const rest = { config: state.config, position: state.position, selected: state.selected };
  const fields = Object.entries(rest).map(([k, v]) => `,${JSON.stringify(k)}:${write(v, [k])}`);
  return { head: `{"format":${JSON.stringify(FORMAT)},"version":${VERSION},"model":`, tail: `${fields.join('')}}` };
}

/** The state as compact JSON text: every number exact (-0 included); throws a StateError on a non-finite number. */
export function serializeState(state: SharedState): string {
  const { head, tail } = stateAround(state);
  return `${head}${write(state.model, ['model'])}${tail}`;
}

/** Reads and validates the JSON text of a state; throws a StateError whose message starts with `where`. */
export function parseState(text: string, where: StateSource): SharedState {
  if (text.length > MAX_STATE_CHARS) throw new StateError(where, `too long: expected at most ${MAX_STATE_CHARS} characters, got ${text.length}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StateError(where, `not valid JSON (${reason(e)})`);
  }
  try {
    return readState(json, where);
  } catch (e) {
    throw e instanceof StateError ? e : new StateError(where, `refused (${reason(e)})`);
  }
}

/** The share hash of a state, or the length it would have when that is over SHARE_MAX_CHARS. */
export async function encodeShare(state: SharedState): Promise<{ hash: string } | TooLarge> {
  return shareOfDeflated(await deflateAtMost([serializeState(state)]));
}

/** What a state too large for a link gives: the hash's length, or (`atLeast`) a length it exceeds. */
export interface TooLarge {
  readonly tooLarge: number;
  readonly atLeast: boolean;
}

/**
 * The share hash of a state's deflated JSON text (deflateAtMost's), or its length when that is over
 * SHARE_MAX_CHARS; null (past DEFLATED_MAX_BYTES) gives a length the hash would exceed.
 */
export function shareOfDeflated(bytes: Uint8Array | null): { hash: string } | TooLarge {
  if (bytes === null) return { tooLarge: HASH_PREFIX.length + 2 + Math.ceil((DEFLATED_MAX_BYTES * 4) / 3), atLeast: true };
  const hash = `${HASH_PREFIX}${VERSION}.${toBase64Url(bytes)}`;
  return hash.length > SHARE_MAX_CHARS ? { tooLarge: hash.length, atLeast: false } : { hash };
}

/** The state of a share hash; null when the hash holds none (empty, or not '#s='); throws a StateError when it is corrupt. */
export async function decodeShare(hash: string): Promise<SharedState | null> {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  try {
    return await decodeLink(hash);
  } catch (e) {
    throw e instanceof StateError ? e : new StateError('link', `refused (${reason(e)})`);
  }
}

/** decodeShare on a hash that starts with '#s='. */
async function decodeLink(hash: string): Promise<SharedState> {
  const match = /^(\d{1,9})\.([^]*)$/.exec(hash.slice(HASH_PREFIX.length));
  if (match === null) throw new StateError('link', 'not an Unroll link');
  const version = Number(match[1]);
  if (version > VERSION) throw new StateError('link', `version ${version} is newer than this app`);
  if (version !== VERSION) throw new StateError('link', 'not an Unroll link');
  if (hash.length > SHARE_MAX_CHARS) throw new StateError('link', `too long: expected at most ${SHARE_MAX_CHARS} characters, got ${hash.length}`);
  const compressed = fromBase64Url(match[2] ?? '');
  let inflated: Uint8Array;
  try {
    const out = await pipeAtMost(new Blob([compressed]), new DecompressionStream('deflate'), MAX_INFLATED_BYTES);
    if (out === null) throw new StateError('link', `too large: the data inflates past ${MAX_INFLATED_BYTES / (1024 * 1024)} MiB`);
    inflated = out;
  } catch (e) {
    throw e instanceof StateError ? e : new StateError('link', `damaged: the data does not decompress (${reason(e)})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    throw new StateError('link', 'damaged: the data is not UTF-8 text');
  }
  return parseState(text, 'link');
}

// ---- Validation --------------------------------------------------------------------------

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An exception's message as one line of at most 100 characters. */
function reason(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
  return escapeControls(line.length > 100 ? `${line.slice(0, 99)}…` : line);
}

/** A short description of a user's value. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** "missing" for an absent value, else `expected ..., got <value>`. */
const expected = (what: string) => (iss: { readonly input?: unknown }): string =>
  iss.input === undefined ? 'missing' : `expected ${what}, got ${describe(iss.input)}`;

/** The messages of an object: "unknown field", "missing" or "expected an object". */
const OBJECT = {
  error: (iss: z.core.$ZodRawIssue): string =>
    iss.code === 'unrecognized_keys' ? `unknown field ${quote(iss.keys[0] ?? '')}` : expected('an object')(iss),
};

/** An array of at most `max` integers, refused on its length before any item is read, then at its first bad item. */
function intList(noun: string, max: number): z.ZodType<number[]> {
  return z.custom<number[]>((v) => Array.isArray(v), { abort: true, error: expected(`an array of ${noun}s`) }).check((payload) => {
    const items = payload.value;
    if (items.length > max) {
      payload.issues.push({ code: 'custom', input: items, message: `expected at most ${max} ${noun}s, got ${items.length}` });
      return;
    }
    const bad = items.findIndex((x) => !Number.isInteger(x));
    if (bad >= 0) payload.issues.push({ code: 'custom', input: items[bad], path: [bad], message: `expected a ${noun} (an integer), got ${describe(items[bad])}` });
  });
}

const INTEGER = z.int({ error: expected('an integer') });
const oneOf = (options: readonly string[]) => (iss: { readonly input?: unknown }): string =>
  iss.input === undefined ? 'missing' : `expected one of ${options.join(', ')}, got ${describe(iss.input)}`;

/** A scene's JSON: the types here; the ranges, and that it builds, by buildModel. */
const CONFIG_SCHEMA = z.strictObject({
  variant: z.enum(VARIANTS, { error: oneOf(VARIANTS) }),
  feedback: z.enum(FEEDBACKS, { error: oneOf(FEEDBACKS) }),
  nonlinearity: z.enum(NONLINEARITIES, { error: oneOf(NONLINEARITIES) }).exactOptional(),
  hidden: INTEGER,
  seed: INTEGER,
  truncation: z.int({ error: expected('an integer or null') }).nullable(),
  recurrence: z.number({ error: expected('a finite number') }).exactOptional(),
  sequence: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('text'), text: z.string({ error: expected('a string') }).max(2 * (LIMITS.length + 1), {
      error: (iss) => `expected at most ${LIMITS.length + 1} characters, got ${typeof iss.input === 'string' ? iss.input.length : '?'}`,
    }) }, OBJECT),
    z.strictObject({ mode: z.literal('tokens'), inputs: intList('token id', LIMITS.length), targets: intList('class id', LIMITS.length) }, OBJECT),
  ], {
    error: (iss) => iss.code === 'invalid_union' && isRecord(iss.input)
      ? `expected "text" or "tokens", got ${describe(iss.input['mode'])}`
      : expected('an object with a mode, "text" or "tokens"')(iss),
  }),
}, OBJECT);

/** The top level, before the model (whose checks are parseModel's) and the fields that depend on it. */
const ENVELOPE_SCHEMA = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION, { error: expected(`version ${VERSION}`) }),
  // Checked once the model is known; a missing one is reported there.
  model: z.unknown().exactOptional(),
  config: z.unknown().exactOptional(),
  position: z.unknown().exactOptional(),
  selected: z.unknown().exactOptional(),
}, OBJECT);

/** A field path as messages write it: `sequence.inputs[3]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out;
}

/** Runs a schema; on failure throws its first problem under `prefix` (an unknown field wins over the "missing" it causes). */
function check<T>(schema: z.ZodType<T>, json: unknown, where: StateSource, prefix: string): T {
  const result = schema.safeParse(json, { jitless: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const unknown = issues.find((iss) => iss.code === 'unrecognized_keys');
  const first = issues[0]?.message === 'missing' && unknown !== undefined ? unknown : issues[0];
  const rest = formatPath(first?.path ?? []);
  const path = prefix === '' || rest === '' || rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
  throw new StateError(where, `${path === '' ? 'state' : path}: ${first?.message ?? 'refused'}`);
}

/** Validates a parsed state, field by field in the order a reader would check them. */
function readState(json: unknown, where: StateSource): SharedState {
  if (!isRecord(json) || json['format'] !== FORMAT) throw new StateError(where, where === 'link' ? 'not an Unroll link' : 'not a state saved by Unroll');
  const version = json['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > VERSION) throw new StateError(where, `version ${version} is newer than this app`);
  const envelope = check(ENVELOPE_SCHEMA, json, where, '');
  let model: Model;
  try {
    model = parseModel(envelope.model);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    throw new StateError(where, `${e.path === 'model' ? 'model' : `model${e.path.startsWith('[') ? '' : '.'}${e.path}`}: ${e.problem}`);
  }
  if (envelope.config === undefined) throw new StateError(where, 'config: missing');
  const config = envelope.config === null ? null : check(CONFIG_SCHEMA, envelope.config, where, 'config');
  if (config !== null) {
    try {
      buildModel(config);
    } catch (e) {
      if (!(e instanceof SceneError)) throw e;
      throw new StateError(where, `config.${e.field}: ${e.problem}`);
    }
  }
  const end = 2 * model.sequence.length;
  const position = envelope.position;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position > end) {
    throw new StateError(where, `position: ${position === undefined ? 'missing' : `expected an integer in 0..${end}, got ${describe(position)}`}`);
  }
  const selected = envelope.selected;
  if (selected !== null && typeof selected !== 'string') {
    throw new StateError(where, `selected: ${selected === undefined ? 'missing' : `expected null, a node like "h@3" or a parameter, got ${describe(selected)}`}`);
  }
  const problem = selected === null ? null : nodeProblem(selected, model);
  if (problem !== null) throw new StateError(where, `selected: ${problem}`);
  return { model, config, position, selected };
}

/** Why `node` names no node of the model's unfolded graph, or null when it does. */
function nodeProblem(node: string, model: Model): string | null {
  const parsed = parseSelection(node, { variant: model.variant, tau: model.sequence.length });
  return typeof parsed === 'string' ? parsed : null;
}

// ---- Writing, compression and base64url --------------------------------------------------

/** Compact JSON text of a part of the state (a Model as its model file); a value that cannot be written is a StateError. */
function write(value: unknown, path: readonly (string | number)[]): string {
  try {
    return path[0] === 'model' ? compactModelText(value as Model) : writeCompact(value, path);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    throw new StateError('state', `${path[0] === 'model' && e.path !== 'model' ? `model.${e.path}` : e.path}: ${e.problem}`);
  }
}

/** Bytes as base64url text without padding. */
function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of base64url text (padding optional); throws a StateError on anything else. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const body = text.replace(/=+$/, '');
  const bad = /[^A-Za-z0-9_-]/.exec(body);
  if (bad !== null) throw new StateError('link', `damaged: unexpected character ${quote(bad[0])} in the data`);
  if (body.length === 0) throw new StateError('link', 'damaged: no data');
  if (body.length % 4 === 1) throw new StateError('link', 'damaged: the data is cut short');
  let binary: string;
  try {
    binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw new StateError('link', 'damaged: the data is not base64url');
  }
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
