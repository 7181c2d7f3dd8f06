/**
 * Reading a state back: a link of either form (share.ts writes them: '#s=1.' the whole state,
 * '#c=1.' a scene's settings, sceneLink.ts) and the saved state (autosave.ts). Everything read
 * back is validated; a corrupt or hostile link or saved state gives a StateError, never another
 * kind of exception, and user text stays data, never HTML. Boot imports this module (and the
 * schemas it brings) only when there is a link or a saved state to read.
 */
import * as z from 'zod';
import type { Model } from '../engine/index';
import { ModelError, SampleError, describeSampleProblem, parseModel, quote } from '../engine/index';
import { AUTOSAVE_KEY } from './autosave';
import { pipeAtMost } from './deflate';
import { readSample } from './sampleCheck';
import { sampleModel } from './sampling';
import type { SharedState } from './share';
import { FORMAT, HASH_PREFIX, MAX_INFLATED_BYTES, MAX_STATE_CHARS, SCENE_HASH_PREFIX, SCENE_VERSION, SHARE_MAX_CHARS, VERSION } from './share';
import { OBJECT, check, expected, readConfig, readCursor } from './stateCheck';
import type { StateSource } from './stateError';
import { StateError, isRecord, reason } from './stateError';

/**
 * The saved state; null when nothing is saved (or the storage cannot be read at all); throws a
 * StateError whose message starts with `saved state: ` when what is saved is corrupt.
 */
export function loadLocal(storage: Pick<Storage, 'getItem'>): SharedState | null {
  let text: string | null;
  try {
    text = storage.getItem(AUTOSAVE_KEY);
  } catch {
    return null;
  }
  return text === null ? null : parseState(text, 'saved state');
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

/** The top level of the short form: its fields' checks are readConfig's and readCursor's. */
const SCENE_SCHEMA = z.strictObject({
  config: z.unknown().exactOptional(),
  position: z.unknown().exactOptional(),
  selected: z.unknown().exactOptional(),
  sample: z.unknown().exactOptional(),
}, OBJECT);

/** Reads and validates the short form's JSON text (a link's); the model is built from the scene. Throws a StateError. */
export function parseSceneText(text: string): SharedState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StateError('link', `not valid JSON (${reason(e)})`);
  }
  if (!isRecord(json)) throw new StateError('link', 'not an Unroll link');
  const fields = check(SCENE_SCHEMA, json, 'link', '');
  const { config, model: built } = readConfig(fields.config, 'link');
  if (fields.sample === undefined) {
    const { position, selected } = readCursor(fields.position, fields.selected, built, 'link');
    return { model: built, config, position, selected };
  }
  // A sampled scene: the same draws from the same model give the same text.
  const sampled = readSample(fields.sample, 'link');
  let model: Model;
  try {
    model = sampleModel(built, sampled);
  } catch (e) {
    if (!(e instanceof SampleError)) throw e;
    throw new StateError('link', `sample: ${describeSampleProblem(e.why)}`);
  }
  const { position, selected } = readCursor(fields.position, fields.selected, model, 'link');
  return { model, config, position, selected, sampled };
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
