import { useRef, useState } from 'react';
import { appStore } from '../store/store';
import { exportFile, importFile, shareLink } from './files';

/** Import, export, share and help. */
export function Toolbar() {
  const input = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState<string | null>(null);
  const share = async () => {
    let result: Awaited<ReturnType<typeof shareLink>>;
    try {
      result = await shareLink();
    } catch (e) {
      result = { problem: e instanceof Error ? e.message : String(e) };
    }
    if ('problem' in result) {
      setLink(null);
      appStore.getState().showError(result.problem);
      return;
    }
    setLink(result.url);
    try {
      await navigator.clipboard.writeText(result.url);
      appStore.getState().showNotice('Link copied to the clipboard.');
    } catch {
      appStore.getState().showNotice('Link ready: copy it from the field.');
    }
  };
  return (
    <div className="toolbar">
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Model file to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>Import</button>
      <button type="button" onClick={exportFile}>Export</button>
      <button type="button" onClick={() => void share()}>Share</button>
      <button type="button" onClick={() => appStore.getState().setHelpOpen(true)} aria-keyshortcuts="?">Help</button>
      {link && (
        <input className="link" readOnly value={link} aria-label="Share link" onFocus={(e) => e.target.select()} />
      )}
    </div>
  );
}
