/**
 * The whole state (model, scene, cursor, selected node) as versioned JSON, shared by links and
 * autosave, and as a URL hash in one of two forms: '#s=1.' + base64url(deflate(JSON)) holds it
 * all; '#c=1.' + base64url(deflate(JSON)) holds a state whose model is still its scene's seeded
 * initialisation by its settings alone (sceneLink.ts), a few hundred characters instead of
 * thousands. Both are zlib's format, whose Adler-32 checksum catches a corrupted link.
 * Everything read back is validated; a corrupt or hostile link or saved state gives a
 * StateError, never another kind of exception. Labels and all user text stay data, never HTML.
 */
import * as z from 'zod';
import type { Model } from '../engine/index';
import { LIMITS, ModelError, compactModelText, parseModel, quote, writeCompact } from '../engine/index';
import { DEFLATED_MAX_BYTES, deflateAtMost, pipeAtMost } from './deflate';
import type { SampleSettings } from './sampling';
import { readSample } from './sampleCheck';
import type { SceneConfig } from './scene';
import { SCENE_HASH_PREFIX, SCENE_VERSION, parseSceneText, sceneText } from './sceneLink';
import type { StateSource } from './stateCheck';
import { OBJECT, StateError, check, expected, isRecord, readConfig, readCursor, reason } from './stateCheck';

export type { StateSource } from './stateCheck';
export { StateError } from './stateCheck';

/** What a link or a saved state holds. */
export interface SharedState {
  readonly model: Model;
  /** The controls' scene, or null when the model was imported (it matches no scene). */
  readonly config: SceneConfig | null;
  /** Session position, 0..2 tau: steps computed, forward then backward. */
  readonly position: number;
  /** The inspected node as `<kind>@<t>` (e.g. `h@3`), or null. */
  readonly selected: string | null;
  /** How the model's sequence was generated from its own outputs (free running), or null (absent) for an ordinary scene. */
  readonly sampled?: SampleSettings | null;
}

/** Most characters of a share hash: a longer state is not put in a link. */
export const SHARE_MAX_CHARS = 16_000;

/** Most bytes a link's data may inflate to; decompression stops there. */
export const MAX_INFLATED_BYTES = 4 * 1024 * 1024;

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
  // An ordinary scene's state is written as it always was: `sample` only for a sampled one.
  const rest = { config: state.config, position: state.position, selected: state.selected, ...(state.sampled ? { sample: state.sampled } : {}) };
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

/**
 * The short hash of a state whose model is its scene's seeded initialisation ('#c=1.', sceneLink.ts);
 * null for any other model (trained, imported, edited: its link is the full one), or for a short
 * hash over SHARE_MAX_CHARS (the full one is longer still).
 */
export async function encodeSceneShare(state: SharedState): Promise<{ hash: string } | null> {
  const text = sceneText(state);
  if (text === null) return null;
  const bytes = await deflateAtMost([text]);
  if (bytes === null) return null;
  const hash = `${SCENE_HASH_PREFIX}${SCENE_VERSION}.${toBase64Url(bytes)}`;
  return hash.length > SHARE_MAX_CHARS ? null : { hash };
}

/** Whether a URL hash is a share link of either form (a link, maybe corrupt, that boot reads and then takes off the URL). */
export const isShareHash = (hash: string): boolean => hash.startsWith(HASH_PREFIX) || hash.startsWith(SCENE_HASH_PREFIX);

/** The state of a share hash; null when the hash holds none (empty, or neither '#s=' nor '#c='); throws a StateError when it is corrupt. */
export async function decodeShare(hash: string): Promise<SharedState | null> {
  const full = hash.startsWith(HASH_PREFIX);
  if (!full && !hash.startsWith(SCENE_HASH_PREFIX)) return null;
  try {
    return full
      ? parseState(await linkText(hash, HASH_PREFIX, VERSION), 'link')
      : parseSceneText(await linkText(hash, SCENE_HASH_PREFIX, SCENE_VERSION));
  } catch (e) {
    throw e instanceof StateError ? e : new StateError('link', `refused (${reason(e)})`);
  }
}

/**
 * The JSON text of a share hash, `<prefix><version>.<base64url(deflate(text))>`: the version checked
 * against `latest`, the one this app reads of that form; the data inflated within MAX_INFLATED_BYTES.
 */
async function linkText(hash: string, prefix: string, latest: number): Promise<string> {
  const match = /^(\d{1,9})\.([^]*)$/.exec(hash.slice(prefix.length));
  if (match === null) throw new StateError('link', 'not an Unroll link');
  const version = Number(match[1]);
  if (version > latest) throw new StateError('link', `version ${version} is newer than this app`);
  if (version !== latest) throw new StateError('link', 'not an Unroll link');
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
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    throw new StateError('link', 'damaged: the data is not UTF-8 text');
  }
}

// ---- Validation --------------------------------------------------------------------------

/** The top level, before the model (whose checks are parseModel's) and the fields that depend on it. */
const ENVELOPE_SCHEMA = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION, { error: expected(`version ${VERSION}`) }),
  // Checked once the model is known; a missing one is reported there.
  model: z.unknown().exactOptional(),
  config: z.unknown().exactOptional(),
  position: z.unknown().exactOptional(),
  selected: z.unknown().exactOptional(),
  sample: z.unknown().exactOptional(),
}, OBJECT);

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
  // The scene is checked, and must build, even though the model is the file's.
  const config = envelope.config === null ? null : readConfig(envelope.config, where).config;
  const { position, selected } = readCursor(envelope.position, envelope.selected, model, where);
  if (envelope.sample === undefined) return { model, config, position, selected };
  const sampled = readSample(envelope.sample, where);
  if (sampled.prompt + sampled.length !== model.sequence.length) {
    throw new StateError(where, `sample: prompt + length = ${sampled.prompt + sampled.length}, expected the model's tau = ${model.sequence.length}`);
  }
  return { model, config, position, selected, sampled };
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
