/** Export for slides and analysis: the unfolded and folded graphs as SVG and PNG, the whole trace as JSON and CSV. */
import { useEffect, useId, useState } from 'react';
import { stringifyTrace, traceCsv } from '../../graph/export/index';
import { exportMessages } from '../../i18n/messages/export';
import { messagesNow, useMessages } from '../../i18n/useMessages';
import { positionText, selectCurrentTrace, selectLayout } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import type { GraphKind } from './exportGraph';
import { download, findGraph, fitGraphsForPrint, pngOf, standaloneSvg, svgDocument } from './exportGraph';
import '../../print.css';

type Format = 'svg' | 'png';

/** Exports one graph as it is on screen now; a failure is shown as an error. */
async function saveGraph(kind: GraphKind, format: Format): Promise<void> {
  const m = messagesNow(exportMessages);
  const { model, position } = appStore.getState();
  const file = `unroll-${model.variant}-${kind}.${format}`;
  try {
    const graph = findGraph(kind, model.variant);
    if (!graph) throw new Error(m.notShown);
    const text = { title: graph.getAttribute('aria-label') ?? file, desc: m.svgDesc(positionText(position, model.sequence.length)) };
    const svg = standaloneSvg(kind, graph, text);
    download(format === 'svg' ? new Blob([svgDocument(svg)], { type: 'image/svg+xml' }) : await pngOf(svg), file);
    appStore.getState().showNotice(m.saved(file));
  } catch (e) {
    appStore.getState().showError(m.failed(file, e instanceof Error ? e.message : String(e)));
  }
}

/** Exports the current model's trace (null while it is on its way: nothing to export). */
function saveTrace(format: 'json' | 'csv'): void {
  const m = messagesNow(exportMessages);
  const state = appStore.getState();
  const trace = selectCurrentTrace(state);
  const file = `unroll-${state.model.variant}-trace.${format}`;
  if (!trace) return;
  try {
    const text = format === 'json' ? stringifyTrace(state.model, trace) : traceCsv(state.model, trace);
    download(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv;charset=utf-8' }), file);
    state.showNotice(m.saved(file));
  } catch (e) {
    state.showError(m.failed(file, e instanceof Error ? e.message : String(e)));
  }
}

export function ExportPanel() {
  const m = useMessages(exportMessages);
  const trace = useApp(selectCurrentTrace);
  const layout = useApp(selectLayout);
  const [busy, setBusy] = useState(false);
  const hintId = useId();
  useEffect(() => fitGraphsForPrint(), []);

  const ready = trace !== null && !busy;
  const folded = layout === 'one';
  const graph = (kind: GraphKind, format: Format) => () => {
    setBusy(true);
    void saveGraph(kind, format).finally(() => setBusy(false));
  };
  const hint = trace === null ? m.waiting : !folded ? m.foldedHidden : null;
  const button = (label: string, onClick: () => void, enabled: boolean) => (
    <button type="button" onClick={onClick} disabled={!enabled} aria-describedby={enabled || hint === null ? undefined : hintId}>{label}</button>
  );
  return (
    <details className="export-panel">
      <summary>{m.summary}</summary>
      <div className="toolbar" role="group" aria-label={m.group}>
        {button(m.unfoldedSvg, graph('unfolded', 'svg'), ready)}
        {button(m.unfoldedPng, graph('unfolded', 'png'), ready)}
        {button(m.foldedSvg, graph('folded', 'svg'), ready && folded)}
        {button(m.foldedPng, graph('folded', 'png'), ready && folded)}
        {button(m.traceJson, () => saveTrace('json'), ready)}
        {button(m.traceCsv, () => saveTrace('csv'), ready)}
      </div>
      {hint !== null && <p className="hint" id={hintId}>{hint}</p>}
    </details>
  );
}
