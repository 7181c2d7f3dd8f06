/**
 * The whole state (model, scene, cursor, selected node) as versioned JSON, shared by links and
 * autosave, and as a URL hash in one of two forms: '#s=1.' + base64url(deflate(JSON)) holds it
 * all; '#c=1.' + base64url(deflate(JSON)) holds a state whose model is still its scene's seeded
 * initialisation by its settings alone (sceneLink.ts), a few hundred characters instead of
 * thousands. Both are zlib's format, whose Adler-32 checksum catches a corrupted link.
 * Writing here; reading back, where everything is validated (a corrupt or hostile link or saved
 * state gives a StateError, never another kind of exception), in stateRead.ts, loaded only when
 * there is a state to read. Labels and all user text stay data, never HTML.
 */
import type { Model } from '../engine/index';
import { LIMITS, ModelError, compactModelText, writeCompact } from '../engine/index';
import { DEFLATED_MAX_BYTES, deflateAtMost } from './deflate';
import type { SampleSettings } from './sampling';
import type { SceneConfig } from './scene';
import { StateError } from './stateError';

export type { StateSource } from './stateError';
export { StateError } from './stateError';

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
export const FORMAT = 'unroll-state';
/** The one version of the state this app reads and writes (also the number after '#s='). */
export const VERSION = 1;
/** The start of a share hash. */
export const HASH_PREFIX = '#s=';
/** The start of a short share hash, a scene's settings (sceneLink.ts). */
export const SCENE_HASH_PREFIX = '#c=';
/** The link of a chapter of the guided tour (store/tour.ts): `#tour=<id>`. */
export const TOUR_HASH_PREFIX = '#tour=';
/** The one version of the short form this app reads and writes: the number after '#c='. */
export const SCENE_VERSION = 1;
/** Most characters of a state's JSON text (a saved state; a link is capped by its inflated size). */
export const MAX_STATE_CHARS = LIMITS.fileBytes;

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

/** Whether a URL hash is a share link of either form (a link, maybe corrupt, that boot reads and then takes off the URL). */
export const isShareHash = (hash: string): boolean => hash.startsWith(HASH_PREFIX) || hash.startsWith(SCENE_HASH_PREFIX);

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
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
