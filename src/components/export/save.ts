/** Saving a file the user asked for: the download, and the notice that says what was saved. */
import { exportMessages } from '../../i18n/messages/export';
import { messagesNow } from '../../i18n/useMessages';
import { appStore } from '../../store/store';
import { formatBytes } from '../format';

/** What a saved file holds, as the notice names it. */
export type SavedWhat = 'model' | 'unfolded' | 'folded' | 'trace';

/** Downloads a blob under a file name, through a link to a blob: URL (navigation, not an image load). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Downloads a file and says in the notice area what was saved and how large it is, e.g. `Saved unroll-elman.json (model file, 1.9 KiB).` */
export function saveFile(blob: Blob, fileName: string, what: SavedWhat): void {
  download(blob, fileName);
  const m = messagesNow(exportMessages);
  appStore.getState().showNotice(m.saved(fileName, m.what(what), formatBytes(blob.size, m.bytes)));
}

/** Runs an export; a failure is shown as an error naming the file. */
export async function saving(fileName: string, save: () => void | Promise<void>): Promise<void> {
  try {
    await save();
  } catch (e) {
    appStore.getState().showError(messagesNow(exportMessages).failed(fileName, e instanceof Error ? e.message : String(e)));
  }
}
