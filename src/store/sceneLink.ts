/**
 * The short form of a share link: a state whose model is still its scene's seeded initialisation
 * (buildModel(config), bit for bit) is shared by its settings alone, the JSON text
 * `{"config":{...},"position":p,"selected":node}`, and read back by building the model again.
 * The rebuilt model is the sharer's on every machine: the seeded draws are integer arithmetic
 * (mulberry32, src/engine/rng.ts) then +, -, *, / and one square root, which IEEE 754 rounds
 * correctly (engines take Math.sqrt from the hardware's IEEE square root; no sin, exp or log,
 * whose results may differ); tests/store/sceneLink.test.ts freezes the resulting bits.
 * encodeSceneShare puts the text in a hash, '#c=1.' + base64url(deflate(text)); stateRead.ts
 * reads it back. The share button imports this module when it is pressed.
 */
import type { Model } from '../engine/index';
import { SampleError, writeCompact } from '../engine/index';
import { sampleModel } from './sampling';
import type { SceneConfig } from './scene';
import { SceneError, buildModel } from './scene';
import { deflateAtMost } from './deflate';
import type { SharedState } from './share';
import { SCENE_HASH_PREFIX, SCENE_VERSION, SHARE_MAX_CHARS, toBase64Url } from './share';
import { isRecord } from './stateError';

/** Whether `model` is the model `config` builds, bit for bit (every parameter, the sequence, labels, settings). */
export function isSceneModel(model: Model, config: SceneConfig): boolean {
  let built: Model;
  try {
    built = buildModel(config);
  } catch (e) {
    if (e instanceof SceneError) return false;
    throw e;
  }
  return sameBits(model, built);
}

/** The short form's JSON text of a state, or null when its model is not its scene's initialisation (trained, imported, edited). */
export function sceneText(state: SharedState): string | null {
  if (state.config === null) return null;
  if (state.sampled) {
    // A sampled scene: its settings rebuild it when its scene's model, sampled so, is its model.
    if (!isSampledSceneModel(state.model, state.config, state.sampled)) return null;
    return writeCompact({ config: state.config, sample: state.sampled, position: state.position, selected: state.selected }, []);
  }
  if (!isSceneModel(state.model, state.config)) return null;
  // Every number is finite here: buildModel has accepted the scene.
  return writeCompact({ config: state.config, position: state.position, selected: state.selected }, []);
}

/**
 * The short hash of a state whose model is its scene's seeded initialisation ('#c=1.');
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

/** Whether `model` is what sampling `config`'s model with `settings` gives, bit for bit. */
function isSampledSceneModel(model: Model, config: SceneConfig, settings: NonNullable<SharedState['sampled']>): boolean {
  let built: Model;
  try {
    built = sampleModel(buildModel(config), settings);
  } catch (e) {
    if (e instanceof SceneError || e instanceof SampleError) return false;
    throw e;
  }
  return sameBits(model, built);
}

/**
 * Whether two values hold the same bits: typed arrays byte for byte (so -0 is not 0), arrays item
 * by item, objects field by field (a field set to undefined counts as absent), the rest by Object.is.
 */
function sameBits(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameBits(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined).sort();
    const ka = keys(a);
    const kb = keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameBits(a[k], b[k]));
  }
  return Object.is(a, b);
}
