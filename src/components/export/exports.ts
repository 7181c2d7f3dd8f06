/** The exports of the Export menu besides the model file: the graphs as SVG and PNG for slides, the trace as JSON and CSV for analysis (their code loaded at the first export). */
import { exportMessages } from '../../i18n/messages/export';
import { messagesNow } from '../../i18n/useMessages';
import { selectCurrentTrace } from '../../store/selectors';
import { transportMessages } from '../../i18n/messages/transport';
import { positionWords } from '../positionWords';
import { appStore } from '../../store/store';
import type { GraphKind } from './exportGraph';
import { saveFile, saving } from './save';

/** A graph's file format. */
export type GraphFormat = 'svg' | 'png';

/** Exports one graph as it is on screen now; a failure is shown as an error. */
export function saveGraph(kind: GraphKind, format: GraphFormat): Promise<void> {
  const m = messagesNow(exportMessages);
  const { model, position } = appStore.getState();
  const file = `unroll-${model.variant}-${kind}.${format}`;
  return saving(file, async () => {
    // Loaded at the first export: nothing on screen needs it before.
    const { findGraph, pngOf, standaloneSvg, svgDocument } = await import('./exportGraph');
    const graph = findGraph(kind, model.variant);
    if (!graph) throw new Error(m.notShown);
    const text = { title: graph.getAttribute('aria-label') ?? file, desc: m.svgDesc(positionWords(messagesNow(transportMessages), model, position)) };
    const svg = standaloneSvg(kind, graph, text);
    saveFile(format === 'svg' ? new Blob([svgDocument(svg)], { type: 'image/svg+xml' }) : await pngOf(svg), file, kind);
  });
}

/** Exports the current model's trace (null while it is on its way: nothing to export). */
export function saveTrace(format: 'json' | 'csv'): Promise<void> {
  const state = appStore.getState();
  const trace = selectCurrentTrace(state);
  const file = `unroll-${state.model.variant}-trace.${format}`;
  if (!trace) return Promise.resolve();
  return saving(file, async () => {
    const { stringifyTrace, traceCsv } = await import('../../graph/export/index');
    const text = format === 'json' ? stringifyTrace(state.model, trace) : traceCsv(state.model, trace);
    saveFile(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv;charset=utf-8' }), file, 'trace');
  });
}
