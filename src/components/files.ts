/** Reading an imported model file and writing the current one, for the toolbar and drag and drop. */
import { LIMITS, parseModelText, stringifyModel } from '../engine/index';
import { toolbarMessages } from '../i18n/messages/toolbar';
import { messagesNow } from '../i18n/useMessages';
import { sharedStateOf } from '../store/effects';
import { encodeShare } from '../store/share';
import { appStore } from '../store/store';

/** Imports a model file; a bad one is refused with a message naming it, and the state is kept. */
export async function importFile(file: File): Promise<void> {
  const store = appStore.getState();
  try {
    if (file.size > LIMITS.fileBytes) throw new Error(`model: the file is ${file.size} bytes; the limit is ${LIMITS.fileBytes}`);
    const model = parseModelText(await file.text());
    appStore.getState().loadState({ model, config: null, position: 0, selected: null });
    appStore.getState().showNotice(messagesNow(toolbarMessages).imported(file.name));
  } catch (e) {
    store.showError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Downloads the current model as a model file. */
export function exportFile(): void {
  const blob = new Blob([stringifyModel(appStore.getState().model)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'unroll-model.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A link to the whole state, or the reason there is none. */
export async function shareLink(): Promise<{ url: string } | { problem: string }> {
  const result = await encodeShare(sharedStateOf(appStore.getState()));
  if ('tooLarge' in result) {
    return { problem: messagesNow(toolbarMessages).tooLarge(result.tooLarge) };
  }
  const url = new URL(window.location.href);
  url.hash = result.hash;
  return { url: url.href };
}
