import { useId, useRef, useState } from 'react';
import type { Lang } from '../i18n/i18n';
import { LANGS, LANG_NAMES } from '../i18n/i18n';
import { toolbarMessages } from '../i18n/messages/toolbar';
import { tourMessages } from '../i18n/messages/tour';
import { messagesNow, useMessages } from '../i18n/useMessages';
import { startNew, undoNew } from '../store/fresh';
import { selectLanguage } from '../store/selectors';
import type { ThemeChoice } from '../store/slices/theme';
import { THEME_CHOICES, selectTheme } from '../store/slices/theme';
import { appStore, useApp } from '../store/store';
import { ExportMenu } from './export/ExportMenu';
import { importFile, shareLink } from './files';

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

/** The theme switch: follow the system (the default), or light or dark whatever the system says. */
function ThemeSwitch() {
  const id = useId();
  const theme = useApp(selectTheme);
  const m = useMessages(toolbarMessages);
  const names: Readonly<Record<ThemeChoice, string>> = { system: m.themeSystem, light: m.themeLight, dark: m.themeDark };
  return (
    <div className="field inline">
      <label htmlFor={id}>{m.theme}</label>
      <select id={id} value={theme} onChange={(e) => appStore.getState().setTheme(e.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((c) => <option key={c} value={c}>{names[c]}</option>)}
      </select>
    </div>
  );
}

/** New: the default scene, with Undo in the notice to bring back the one it replaced (the focus comes back to New). */
function NewButton() {
  const m = useMessages(toolbarMessages);
  const button = useRef<HTMLButtonElement>(null);
  const start = () => {
    const replaced = startNew(appStore);
    const text = messagesNow(toolbarMessages);
    appStore.getState().showNotice(text.newStarted, {
      label: text.undo,
      run: () => {
        undoNew(appStore, replaced);
        appStore.getState().showNotice(messagesNow(toolbarMessages).undone);
        button.current?.focus();
      },
    });
  };
  return <button ref={button} type="button" title={m.newHint} onClick={start}>{m.new}</button>;
}

/** Tour: starts the guided tour (its chapters load then), or leaves it. */
function TourButton() {
  const m = useMessages(tourMessages);
  const touring = useApp((s) => s.tourChapter !== null);
  const toggle = () => {
    if (touring) appStore.getState().setTourChapter(null);
    else import('./tour/TourPanel').then((t) => t.startTour(), (e: unknown) => appStore.getState().showError(e instanceof Error ? e.message : String(e)));
  };
  return <button type="button" aria-pressed={touring} title={m.tourTitle} onClick={toggle}>{m.tour}</button>;
}

/** New, import, export, share, help, the theme and the language. */
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
        accept="application/json,.json,.safetensors"
        hidden
        aria-label={m.fileInput}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <TourButton />
      <NewButton />
      <button type="button" onClick={() => input.current?.click()}>{m.import}</button>
      <ExportMenu />
      <button type="button" onClick={() => void share()}>{m.share}</button>
      <button type="button" onClick={() => appStore.getState().setHelpOpen(true)} aria-keyshortcuts="?">{m.help}</button>
      <ThemeSwitch />
      <LanguageSwitch />
      {link && (
        <input className="link" readOnly value={link} aria-label={m.shareLink} onFocus={(e) => e.target.select()} />
      )}
    </div>
  );
}
