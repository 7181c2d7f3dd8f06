import type { ReactNode } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Model, Trace } from '../../engine/index';
import { cursorAt } from '../../graph/layout/index';
import type { LayoutNode, NodeKind, SampledSteps } from '../../graph/layout/index';
import { hasInnerRows, isInnerKind, nodeExists, nodeId, nodeKinds, parseSelection } from '../../graph/layout/index';
import { visibleLabel } from '../../graph/layout/index';
import { EDGE_FONT, NAME_FONT, VALUE_FONT, columnX, unfoldedLayout } from '../../graph/layout/index';
import type { Box } from '../../graph/layout/index';
import { boxAt, textSize } from '../../graph/layout/index';
import type { NodeVectors } from '../../graph/charts/index';
import { graphNumbers, nodeVectorsOf } from '../../graph/charts/index';
import { formatNumber } from '../format';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';
import { selectCellOpened, selectGraphView, selectPlaying, selectPosition, selectSampled, selectSpeed } from '../../store/selectors';
import { selectDrawnTheme } from '../../store/slices/theme';
import { appStore, useApp, useDeferredApp } from '../../store/store';
import type { PanZoom } from './panZoom';
import { createPanZoom } from './panZoom';
import type { UnfoldedView } from './unfoldedView';
import { createUnfoldedView } from './unfoldedView';
import './strips.css';


/** The smallest text a graph opens with, in screen pixels: its names, edge labels and tokens read at a laptop's or a projector's distance. */
const READABLE_PX = 12;
/** The graph's smallest font at 1:1. */
const SMALLEST_FONT = Math.min(NAME_FONT, EDGE_FONT, VALUE_FONT);

/** Whether the main pointer is a finger (a phone, a tablet): the hint then speaks of swipes, pinches and taps. */
const COARSE_POINTER = typeof matchMedia === 'function' ? matchMedia('(pointer: coarse)') : null;

/** Below this zoom the labels are hidden (level of detail): long sequences stay light. */
const LABELS_FROM_SCALE = 0.45;

/** A fitted graph (presenting) shows the whole sequence when it fits at this zoom at least, else the cursor's columns at full height. */
const FITTED_MIN_SCALE = 0.8;

/** A token or class id as its label in full (text only, blanks made visible), or `#id`. */
const symbolsOf = (model: Model) => (kind: 'x' | 'y', id: number): string => {
  const label = (kind === 'x' ? model.labels?.input : model.labels?.output)?.[id];
  return label === undefined ? `#${id}` : visibleLabel(label);
};

/** The tooltip of cell `cell` of a node's strip: its entry (or bin), value and gradient, in words. */
function describeEntry(m: typeof graphMessages.en, node: LayoutNode, cell: number, v: NodeVectors, gradient: boolean): string {
  const strip = node.strip!;
  const c = strip.cells[cell]!;
  const index = c.end - c.first > 1 ? `${c.first}…${c.end - 1}` : String(c.first);
  const of = (a: ArrayLike<number>): number => {
    let s = 0;
    for (let i = c.first; i < c.end; i++) s += a[i]!;
    return strip.kind === 'bars' ? s : s / (c.end - c.first);
  };
  const single = c.end - c.first === 1;
  const say = single ? m.entryValue : strip.kind === 'bars' ? m.binSum : m.binMean;
  const parts = [say(node.label, index, formatNumber(of(v.value)))];
  if (v.target !== null && v.target >= c.first && v.target < c.end) parts.push(m.target);
  if (v.grad) parts.push(gradient ? say(`dL/d${node.label}`, index, formatNumber(of(v.grad))) : m.gradNotYet(node.label));
  return parts.join('; ');
}

/** The room a node takes on the plane: its body with its selection ring, and its name above it. */
function nodeBox(node: LayoutNode): Box {
  const body = boxAt(node.x, node.y, node.w, node.h, 4);
  const name = textSize(node.label, NAME_FONT);
  const label = boxAt(node.x, node.y + node.labelDy, name.w, name.h);
  return { left: Math.min(body.left, label.left), right: Math.max(body.right, label.right), top: Math.min(body.top, label.top), bottom: Math.max(body.bottom, label.bottom) };
}

/** The node next to `id` in a direction, for selecting by keyboard (the gates only in an opened cell). */
function neighbour(id: string, key: string, model: Model, opened: boolean): string | null {
  const match = /^(\w+)@(\d+)$/.exec(id);
  if (!match) return null;
  const kind: NodeKind = match[1]!;
  const t = Number(match[2]);
  const shape = { variant: model.variant, tau: model.sequence.length };
  const order = nodeKinds(model.variant).filter((k) => opened || !isInnerKind(model.variant, k)).reverse();
  const row = order.indexOf(kind);
  const candidates: [NodeKind, number][] = key === 'ArrowLeft' ? [[kind, t - 1]] : key === 'ArrowRight' ? [[kind, t + 1]]
    : (key === 'ArrowUp' ? order.slice(0, row).reverse() : order.slice(row + 1)).map((k) => [k, t]);
  const found = candidates.find(([k, s]) => nodeExists(shape, k, s));
  return found ? nodeId(found[0], found[1]) : null;
}

interface ViewProps {
  readonly model: Model;
  /** The model's whole pass, or null while it is on its way. */
  readonly trace: Trace | null;
  readonly position: number;
  readonly selected: string | null;
  /** The graph's accessible name and data-testid. */
  readonly label: string;
  readonly testId: string;
  /** A shorter viewport, for the three topologies side by side. */
  readonly compact?: boolean;
  /** Whether a gated cell is drawn opened (its gates as nodes). */
  readonly opened?: boolean;
  /** Whether it opens fitted to its viewport, whatever tau, at FITTED_MIN_SCALE at least (presentation mode). */
  readonly fitted?: boolean;
  /** The steps whose input the model chose (free running), drawn with the edge yhat(t-1) -> x(t); null for an ordinary scene. */
  readonly sampled?: SampledSteps | null;
}

/** Selects a node of the store's model; a node it does not have (clicked in another topology) is ignored. */
function selectInStore(id: string): void {
  const { model, select } = appStore.getState();
  if (typeof parseSelection(id, { variant: model.variant, tau: model.sequence.length }) !== 'string') select(id);
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
  const settings = useApp(selectSampled);
  // The mark and the model change together; a sampled mark on a model too short for it (a trace still on its way) draws nothing.
  const sampled = useMemo((): SampledSteps | null => (settings && settings.prompt < model.sequence.length
    ? { from: settings.prompt + 1, rule: settings.greedy ? 'greedy' : 'draw' } : null), [settings, model.sequence.length]);
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
export function UnfoldedGraphView({ model, trace, position, selected, label, testId, compact = false, opened = false, fitted = false, sampled = null, tools, toolsIn = null }: ViewProps & {
  readonly tools?: ReactNode;
  /** Where its tools (Fit to view, the cell's gates, the hint) are drawn, e.g. the graphs' bar; null: above the graph. */
  readonly toolsIn?: HTMLElement | null;
}) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const planeRef = useRef<HTMLDivElement>(null);
  const view = useRef<UnfoldedView | null>(null);
  const panZoom = useRef<PanZoom | null>(null);
  const tau = model.sequence.length;
  const m = useMessages(graphMessages);
  const { hidden, output } = model.sizes;
  const layout = useMemo(
    () => unfoldedLayout({ variant: model.variant, feedback: model.feedback, tau, truncation: model.truncation, opened, sizes: { hidden, output }, sampled }),
    [model.variant, model.feedback, tau, model.truncation, opened, hidden, output, sampled],
  );
  const numbers = useMemo(() => (trace ? graphNumbers(model, trace, layout) : null), [model, trace, layout]);
  const vectors = useMemo(() => (trace ? nodeVectorsOf(model, trace) : null), [model, trace]);
  const symbols = useMemo(() => symbolsOf(model), [model]);
  const describe = useMemo(() => (node: LayoutNode, cell: number, v: NodeVectors, gradient: boolean) => describeEntry(m, node, cell, v, gradient), [m]);
  // The entry of the selected node reached by the keyboard (Enter steps in, Esc out): its strip's cell.
  const [entry, setEntry] = useState<{ node: string; cell: number } | null>(null);
  const entryCell = entry !== null && entry.node === selected ? entry.cell : null;
  const stripOf = (id: string | null) => (id === null ? null : layout.nodes.find((n) => n.id === id)?.strip ?? null);
  // How long a step's motion may take: until the next step while playing.
  const playing = useApp(selectPlaying);
  const speed = useApp(selectSpeed);
  const stepMs = playing ? 1000 / speed : Infinity;
  const theme = useApp(selectDrawnTheme);

  useEffect(() => {
    const viewport = viewportRef.current;
    const plane = planeRef.current;
    if (!viewport || !plane) return;
    view.current = createUnfoldedView(plane, selectInStore, viewport);
    panZoom.current = createPanZoom(viewport, plane, (t) => {
      viewport.classList.toggle('far', t.k < LABELS_FROM_SCALE);
      view.current?.setDetail(t.k >= LABELS_FROM_SCALE);
      const shown = panZoom.current?.visible();
      if (shown) view.current?.setVisible(shown.x0, shown.x1);
    });
    return () => {
      view.current?.destroy();
      panZoom.current?.destroy();
      view.current = null;
      panZoom.current = null;
    };
  }, []);

  // A new graph opens whole when its text can be read so (READABLE_PX; fitted, for presenting:
  // when it fits at FITTED_MIN_SCALE); a longer one opens on its first steps at a scale that
  // keeps its columns in the viewport's height, at most 1:1 (fitted: 1.5).
  useEffect(() => {
    const pz = panZoom.current;
    const viewport = viewportRef.current;
    if (!pz || !viewport) return;
    pz.update({ width: layout.width, height: layout.height });
    const whole = Math.min(viewport.clientWidth / layout.width, viewport.clientHeight / layout.height);
    if (fitted ? whole >= FITTED_MIN_SCALE : whole * SMALLEST_FONT >= READABLE_PX) {
      pz.fit();
      return;
    }
    const k = Math.min(fitted ? 1.5 : 1, viewport.clientHeight / layout.height);
    pz.centreOn(viewport.clientWidth / 2 / k, layout.height / 2, k);
  }, [layout, fitted]);

  useEffect(() => {
    view.current?.update({ layout, numbers, position, tau, selected, symbols, vectors, entry: entryCell, describe, stepMs, theme });
  }, [layout, numbers, position, tau, selected, symbols, vectors, entryCell, describe, stepMs, theme]);

  // Keep the active column in view while stepping and playing.
  useEffect(() => {
    const pz = panZoom.current;
    if (!pz) return;
    const t = cursorAt(position, tau).t;
    if (t === 0 && !nodeExists({ variant: model.variant, tau }, 'h', 0)) return; // Jordan has no column 0 (no h(0))
    const x = columnX(t, layout.column);
    const { x0, x1, k } = pz.visible();
    if (x < x0 + layout.column / 2 || x > x1 - layout.column / 2) pz.centreOn(x, layout.height / 2, k);
  }, [position, tau, layout, model.variant]);

  // The selected node stays in view: chosen by the keyboard, or clicked and then narrowed out by the inspector opening beside the graph.
  useEffect(() => {
    const node = selected === null ? undefined : layout.nodes.find((n) => n.id === selected);
    panZoom.current?.keep(node ? nodeBox(node) : null);
  }, [selected, layout]);

  return (
    <div className="unfolded">
      {(() => {
        const bar = (
          <div className="graph-tools">
            <button type="button" onClick={() => panZoom.current?.fit()}>{m.fit}</button>
            {tools}
            {!compact && (() => {
              const hint = COARSE_POINTER?.matches ? m.touchHint : m.panHint;
              return <span className="hint" title={hint}>{hint}</span>;
            })()}
          </div>
        );
        return toolsIn ? createPortal(bar, toolsIn) : bar;
      })()}
      <div
        ref={viewportRef}
        data-testid={testId}
        className={compact ? 'graph-viewport compact' : 'graph-viewport'}
        role="group"
        aria-label={label}
        tabIndex={0}
        onKeyDown={(e) => {
          const current = appStore.getState().selected;
          const strip = stripOf(current);
          if (e.key === 'Enter' && strip && current !== null) {
            e.preventDefault();
            setEntry(entryCell === null ? { node: current, cell: 0 } : null);
            return;
          }
          if (e.key === 'Escape' && entryCell !== null) {
            e.preventDefault();
            setEntry(null);
            return;
          }
          // Inside a node's entries, left and right move between them; up and down leave for the next node.
          if (entryCell !== null && strip && current !== null && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
            e.preventDefault();
            const cell = Math.max(0, Math.min(strip.cells.length - 1, entryCell + (e.key === 'ArrowRight' ? 1 : -1)));
            setEntry({ node: current, cell });
            return;
          }
          if (!e.key.startsWith('Arrow')) return;
          setEntry(null);
          const from = current ?? nodeId('h', 1);
          const next = neighbour(from, e.key, model, opened);
          e.preventDefault();
          if (next) selectInStore(next);
        }}
      >
        <div ref={planeRef} className="graph-plane" />
      </div>
    </div>
  );
}
