/**
 * The Export menu: one toolbar button that opens a panel of real buttons (a disclosure): the model
 * file, the unfolded and folded graphs as SVG and PNG, the trace as JSON and CSV. Enter or Space
 * on the button opens it (from the keyboard the focus goes to the first item; the down arrow does
 * the same); the arrows, Home, End and Tab move through it; Escape, a click outside or the focus
 * leaving closes it, Escape and a chosen item giving the focus back to the button. Each export
 * says in the notice area what it saved. Printing fits the graphs to the page (fitGraphsForPrint).
 */
import type { KeyboardEvent, ReactNode } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { exportMessages } from '../../i18n/messages/export';
import { toolbarMessages } from '../../i18n/messages/toolbar';
import { useMessages } from '../../i18n/useMessages';
import { selectCurrentTrace, selectLayout, selectStackTrace, selectStacked } from '../../store/selectors';
import { useApp } from '../../store/store';
import { exportFile } from '../files';
import type { GraphKind } from './exportGraph';
import { fitGraphsForPrint } from './print';
import type { GraphFormat } from './exports';
import { saveGraph, saveTrace } from './exports';
import '../../print.css';

/** Where a key moves the focus among `count` items from item `at` (-1: none has it), or undefined for a key the menu does not use. */
function moveTo(key: string, at: number, count: number): number | undefined {
  const to = ({ ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: count - 1 } as Record<string, number>)[key];
  return to === undefined ? undefined : (to + count) % count;
}

/** The menu's items that can be chosen now. */
const enabledItems = (panel: HTMLElement | null): HTMLButtonElement[] => Array.from(panel?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []);

/** A labelled part of the menu. */
function Section(props: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="export-section" role="group" aria-labelledby={id}>
      <span className="export-heading" id={id}>{props.label}</span>
      {props.children}
    </div>
  );
}

export function ExportMenu() {
  const m = useMessages(exportMessages);
  const t = useMessages(toolbarMessages);
  const trace = useApp(selectCurrentTrace);
  // A deep or bidirectional network: its graphs once its pass has come; no trace file yet.
  const stacked = useApp(selectStacked);
  const stackTrace = useApp(selectStackTrace);
  const layout = useApp(selectLayout);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  /** Whether the menu, once open, puts the focus on its first item (opened from the keyboard). */
  const focusFirst = useRef(false);
  const panelId = useId();
  const hintId = useId();
  useEffect(() => fitGraphsForPrint(), []);

  const items = () => enabledItems(panel.current);

  // Open: a click or the focus outside closes it.
  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      if (!(e.target instanceof Node) || !root.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('focusin', outside);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('focusin', outside);
    };
  }, [open]);

  useEffect(() => {
    if (open && focusFirst.current) enabledItems(panel.current)[0]?.focus();
    focusFirst.current = false;
  }, [open]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const onTriggerKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (open) items()[0]?.focus();
      focusFirst.current = true;
      setOpen(true);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    }
  };
  const onPanelKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      return;
    }
    const list = items();
    const to = moveTo(e.key, list.indexOf(document.activeElement as HTMLButtonElement), list.length);
    if (to === undefined || list.length === 0) return;
    // Taken here, not by the page's shortcuts (the arrows step, Home and End jump).
    e.preventDefault();
    list[to]?.focus();
  };

  const run = (save: () => Promise<void>) => () => {
    close();
    setBusy(true);
    void save().finally(() => setBusy(false));
  };
  const arrived = (stacked ? stackTrace : trace) !== null;
  const ready = arrived && !busy;
  // A stack's folded graph is always beside its unfolded one.
  const folded = stacked || layout === 'one';
  const hint = !arrived ? m.waiting : stacked ? m.stackData : !folded ? m.foldedHidden : null;
  const item = (label: string, save: () => Promise<void>, enabled: boolean) => (
    <button type="button" onClick={run(save)} disabled={!enabled} aria-describedby={enabled || hint === null ? undefined : hintId}>{label}</button>
  );
  const graph = (kind: GraphKind, format: GraphFormat) => () => saveGraph(kind, format);
  return (
    <div className="export-menu" ref={root}>
      <button
        ref={trigger}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={(e) => {
          // A click from the keyboard (Enter, Space) has no pointer: the focus goes into the menu.
          focusFirst.current = !open && e.detail === 0;
          setOpen(!open);
        }}
        onKeyDown={onTriggerKey}
      >
        {t.export}<span className="caret" aria-hidden="true"> ▾</span>
      </button>
      <div id={panelId} ref={panel} className="export-items" role="group" aria-label={m.menu} hidden={!open} onKeyDown={onPanelKey}>
        <Section label={m.model}>
          {item(m.modelJson, exportFile, !busy)}
        </Section>
        <Section label={m.graphs}>
          {item(m.unfoldedSvg, graph('unfolded', 'svg'), ready)}
          {item(m.unfoldedPng, graph('unfolded', 'png'), ready)}
          {item(m.foldedSvg, graph('folded', 'svg'), ready && folded)}
          {item(m.foldedPng, graph('folded', 'png'), ready && folded)}
        </Section>
        <Section label={m.data}>
          {item(m.traceJson, () => saveTrace('json'), ready && !stacked)}
          {item(m.traceCsv, () => saveTrace('csv'), ready && !stacked)}
        </Section>
        {hint !== null && <p className="hint" id={hintId}>{hint}</p>}
      </div>
    </div>
  );
}
