import { useId, useRef, useState } from 'react';
import type { Lang } from '../i18n/i18n';
import { LANGS, LANG_NAMES } from '../i18n/i18n';
import { toolbarMessages } from '../i18n/messages/toolbar';
import { messagesNow, useMessages } from '../i18n/useMessages';
import { selectLanguage } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import { ExportPanel } from './export/ExportPanel';
import { exportFile, importFile, shareLink } from './files';

/** The language switch: each language by its own name, under a label in both. */
function LanguageSwitch() {
  const id = useId();
  const language = useApp(selectLanguage);
  const m = useMessages(toolbarMessages);
  return (
    <div className="field inline">
      <label htmlFor={id}>{m.language}</label>
      <select id={id} value={language} onChange={(e) => appStore.getState().setLanguage(e.target.value as Lang)}>
        {LANGS.map((l) => <option key={l} value={l} lang={l === 'zh' ? 'zh-Hans' : 'en'}>{LANG_NAMES[l]}</option>)}
      </select>
    </div>
  );
}

/** Import, export, share, help and the language. */
export function Toolbar() {
  const input = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState<string | null>(null);
  const m = useMessages(toolbarMessages);
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
      appStore.getState().showNotice(messagesNow(toolbarMessages).linkCopied);
    } catch {
      appStore.getState().showNotice(messagesNow(toolbarMessages).linkReady);
    }
  };
  return (
    <div className="toolbar">
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label={m.fileInput}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>{m.import}</button>
      <button type="button" onClick={exportFile}>{m.export}</button>
      <button type="button" onClick={() => void share()}>{m.share}</button>
      <button type="button" onClick={() => appStore.getState().setHelpOpen(true)} aria-keyshortcuts="?">{m.help}</button>
      <LanguageSwitch />
      <ExportPanel />
      {link && (
        <input className="link" readOnly value={link} aria-label={m.shareLink} onFocus={(e) => e.target.select()} />
      )}
    </div>
  );
}
