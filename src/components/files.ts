/** Reading an imported model file and writing the current one, for the toolbar and drag and drop. */
import type { Model, TorchImportOptions } from '../engine/index';
import { LIMITS, stringifyModel } from '../engine/index';
import { toolbarMessages } from '../i18n/messages/toolbar';
import { messagesNow } from '../i18n/useMessages';
import { modelKey } from '../worker/protocol';
import { nextScene } from '../store/slices/model';
import { sharedStateOf } from '../store/effects';
import { shareOfDeflated } from '../store/share';
import { appStore } from '../store/store';
import { saveFile, saving } from './export/save';

/** What the files need of the engine: parsing a file and writing the state, off the main thread. */
export interface FileEngine {
  /** Parses a model file's text, to be held as `key`; rejects with the file's problem. */
  readonly parse: (key: string, text: string) => Promise<Model>;
  /** Reads a PyTorch state dict (safetensors bytes), to be held as `key`; rejects with what is wrong. */
  readonly parseTorch: (key: string, bytes: Uint8Array, options: TorchImportOptions) => Promise<Model>;
  /** The whole state's JSON text deflated for a link; null when far too large for one. */
  readonly deflatedState: () => Promise<Uint8Array | null>;
}

let engine: FileEngine | null = null;
/** Connects the files to the engine (at boot). */
export const connectFiles = (e: FileEngine): void => { engine = e; };
const engineNow = (): FileEngine => {
  if (!engine) throw new Error('the engine is not started yet');
  return engine;
};

/** Whether a file is a PyTorch state dict saved as safetensors (by its name: the format has no magic number). */
export const isSafetensors = (file: File): boolean => /\.safetensors$/i.test(file.name);

/**
 * The dialog that asks what a state dict's tensors cannot tell (torch/TorchImportDialog.tsx): what
 * opens it once mounted; before that, what mounts it (its slot in lazy.tsx, which loads it) and the
 * file it is to open when it is.
 */
let askTorch: ((file: File) => void) | null = null;
let mountTorch: (() => void) | null = null;
let waitingTorch: File | null = null;
export const connectTorchDialog = (open: ((file: File) => void) | null): void => {
  askTorch = open;
  if (open === null || waitingTorch === null) return;
  const file = waitingTorch;
  waitingTorch = null;
  open(file);
};
export const connectTorchSlot = (mount: (() => void) | null): void => { mountTorch = mount; };

/**
 * Imports a model file, or (a .safetensors file) asks what its tensors cannot tell first; a bad
 * one is refused with a message naming it, and the state is kept.
 */
export async function importFile(file: File): Promise<void> {
  const store = appStore.getState();
  if (isSafetensors(file) && (askTorch || mountTorch)) {
    if (askTorch) askTorch(file);
    else {
      waitingTorch = file;
      mountTorch!();
    }
    return;
  }
  try {
    if (file.size > LIMITS.fileBytes) throw new Error(`model: the file is ${file.size} bytes; the limit is ${LIMITS.fileBytes}`);
    // The worker holds the parsed model as version 0 of a new scene.
    const scene = nextScene();
    const model = await engineNow().parse(modelKey(scene, 0), await file.text());
    appStore.getState().loadState({ model, config: null, position: 0, selected: null }, scene);
    appStore.getState().showNotice(messagesNow(toolbarMessages).imported(file.name));
  } catch (e) {
    store.showError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Opens a PyTorch state dict with what the user said of it: the model loads as a new scene and
 * says so; rejects with what is wrong (the dialog shows it), the state kept.
 */
export async function importTorchFile(file: File, options: TorchImportOptions): Promise<void> {
  if (file.size > LIMITS.fileBytes) throw new Error(`the file is ${file.size} bytes; the limit is ${LIMITS.fileBytes}`);
  const scene = nextScene();
  const model = await engineNow().parseTorch(modelKey(scene, 0), new Uint8Array(await file.arrayBuffer()), options);
  appStore.getState().loadState({ model, config: null, position: 0, selected: null }, scene);
  appStore.getState().showNotice(messagesNow(toolbarMessages).imported(file.name));
}

/** Downloads the current model as a model file, `unroll-<variant>.json`, and says so; a model that cannot be written is named in an error. */
export function exportFile(): Promise<void> {
  const { model } = appStore.getState();
  const file = `unroll-${model.variant}.json`;
  return saving(file, () => saveFile(new Blob([stringifyModel(model)], { type: 'application/json' }), file, 'model'));
}

/**
 * A link to the whole state, or the reason there is none: a model still at its scene's seeded
 * initialisation is linked by the scene's settings alone (a few hundred characters), any other
 * (trained, imported) with all its parameters, deflated in the worker.
 */
export async function shareLink(): Promise<{ url: string } | { problem: string }> {
  // The short form's module (and the sampling it checks against) loads with the first link asked for.
  const { encodeSceneShare } = await import('../store/sceneLink');
  const result = (await encodeSceneShare(sharedStateOf(appStore.getState()))) ?? shareOfDeflated(await engineNow().deflatedState());
  if ('tooLarge' in result) {
    return { problem: messagesNow(toolbarMessages).tooLarge(result.tooLarge, result.atLeast) };
  }
  const url = new URL(window.location.href);
  url.hash = result.hash;
  return { url: url.href };
}
