/**
 * One cell's unfolded graph (a layer in one direction: the three topologies of section 10.2 and
 * the gated cells), drawn from the store's model and pass: its layout, numbers and schedule for
 * the canvas (UnfoldedCanvas.tsx), and the keyboard's way between its nodes.
 */
import { useMemo } from 'react';
import type { Model, Trace } from '../../engine/index';
import { readoutOf } from '../../engine/index';
import type { NodeKind, SampledSteps } from '../../graph/layout/index';
import { cellSchedule, graphShapeOf, hasInnerRows, isInnerKind, nodeExists, nodeId, nodeKinds, parseSelection, unfoldedLayout, visibleLabel } from '../../graph/layout/index';
import { graphNumbers, nodeVectorsOf } from '../../graph/charts/index';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';
import { selectCellOpened, selectGraphView, selectPosition, selectSampled } from '../../store/selectors';
import { appStore, useApp, useDeferredApp } from '../../store/store';
import type { CanvasProps, Drawing } from './UnfoldedCanvas';
import { UnfoldedCanvas } from './UnfoldedCanvas';

/** A token or class id as its label in full (text only, blanks made visible), or `#id`. */
export const symbolsOf = (model: Model) => (kind: 'x' | 'y', id: number): string => {
  const label = (kind === 'x' ? model.labels?.input : model.labels?.output)?.[id];
  return label === undefined ? `#${id}` : visibleLabel(label);
};

/** The node next to `id` in a direction, for selecting by keyboard (the gates only in an opened cell). */
function neighbour(id: string, key: string, model: Model, opened: boolean): string | null {
  const match = /^(\w+)@(\d+)$/.exec(id);
  if (!match) return null;
  const kind: NodeKind = match[1]!;
  const t = Number(match[2]);
  const shape = graphShapeOf(model);
  const order = nodeKinds(model.variant).filter((k) => opened || !isInnerKind(model.variant, k)).reverse();
  const row = order.indexOf(kind);
  const candidates: [NodeKind, number][] = key === 'ArrowLeft' ? [[kind, t - 1]] : key === 'ArrowRight' ? [[kind, t + 1]]
    : (key === 'ArrowUp' ? order.slice(0, row).reverse() : order.slice(row + 1)).map((k) => [k, t]);
  const found = candidates.find(([k, s]) => nodeExists(shape, k, s));
  return found ? nodeId(found[0], found[1]) : null;
}

interface ViewProps extends Omit<CanvasProps, 'drawing'> {
  readonly model: Model;
  /** The model's whole pass, or null while it is on its way. */
  readonly trace: Trace | null;
  /** Whether a gated cell is drawn opened (its gates as nodes). */
  readonly opened?: boolean;
  /** The steps whose input the model chose (free running), drawn with the edge yhat(t-1) -> x(t); null for an ordinary scene. */
  readonly sampled?: SampledSteps | null;
}

/** Whether a node is one of the store's model's (a node clicked in another topology is not). */
const isOwn = (id: string): boolean => typeof parseSelection(id, graphShapeOf(appStore.getState().model)) !== 'string';

/** Selects a node of the store's model; another's is ignored. */
function selectInStore(id: string): void {
  if (isOwn(id)) appStore.getState().select(id);
}

/** Picks or unpicks a node of the store's model for an exercise's answer; another's is ignored. */
function pickInStore(id: string): void {
  if (isOwn(id)) appStore.getState().togglePick(id);
}

/** The steps of a generated scene whose inputs were drawn from the outputs before them, in a graph of `tau` steps; null for none. */
export function useSampledSteps(tau: number): SampledSteps | null {
  const settings = useApp(selectSampled);
  // The mark and the model change together; a sampled mark on a model too short for it (a trace still on its way) draws nothing.
  return useMemo((): SampledSteps | null => (settings && settings.prompt < tau
    ? { from: settings.prompt + 1, rule: settings.greedy ? 'greedy' : 'draw' } : null), [settings, tau]);
}

/** The store's model, trace and cursor in the unfolded graph (the pass in a deferred render: a long new pass draws in slices). */
export function UnfoldedGraph({ fitted = false, toolsIn = null }: { readonly fitted?: boolean; readonly toolsIn?: HTMLElement | null }) {
  const { model, trace, selected } = useDeferredApp(selectGraphView);
  // The cursor is read at once (stepping draws no new pass), within the range of the model drawn.
  const position = Math.min(useApp(selectPosition), 2 * model.sequence.length);
  const m = useMessages(graphMessages);
  const opened = useApp(selectCellOpened);
  const gated = hasInnerRows(model.variant);
  // A selected gate is in view: selecting one (by a link, by the keyboard) opens the cell.
  const shown = gated && (opened || (selected !== null && isInnerKind(model.variant, selected.split('@')[0]!)));
  const sampled = useSampledSteps(model.sequence.length);
  return (
    <UnfoldedGraphView model={model} trace={trace} position={position} selected={selected} label={m.unfolded(model.sequence.length)} testId="unfolded-graph" opened={shown} fitted={fitted} toolsIn={toolsIn} sampled={sampled}
      tools={gated && (
        <button type="button" aria-pressed={shown} data-testid="open-cell" onClick={() => appStore.getState().setCellOpened(!shown)}>
          {shown ? m.closeCell : m.openCell}
        </button>
      )}
    />
  );
}

/**
 * The unfolded graph of a model: one column per step, pan and zoom, the cursor followed, nodes
 * selectable (a selection names a node of the store's model, e.g. h@3).
 */
export function UnfoldedGraphView({ model, trace, opened = false, sampled = null, ...canvas }: ViewProps) {
  const tau = model.sequence.length;
  const { hidden, output } = model.sizes;
  const { variant, readout, feedback, truncation } = model;
  const layout = useMemo(
    () => unfoldedLayout({ ...readoutOf({ variant, readout }), feedback, tau, truncation, opened, sizes: { hidden, output }, sampled }),
    [variant, readout, feedback, tau, truncation, opened, hidden, output, sampled],
  );
  const schedule = useMemo(() => cellSchedule(tau), [tau]);
  const numbers = useMemo(() => (trace ? graphNumbers(model, trace, layout) : null), [model, trace, layout]);
  const vectors = useMemo(() => (trace ? nodeVectorsOf(model, trace) : null), [model, trace]);
  const drawing = useMemo((): Drawing => ({
    layout, schedule, numbers, vectors, symbols: symbolsOf(model),
    neighbour: (id, key) => neighbour(id, key, model, opened), first: nodeId('h', 1), select: selectInStore, pick: pickInStore,
  }), [layout, schedule, numbers, vectors, model, opened]);
  return <UnfoldedCanvas drawing={drawing} {...canvas} />;
}
