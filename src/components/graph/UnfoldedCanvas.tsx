/**
 * An unfolded graph on screen, whatever network it draws: its layout and numbers and the
 * schedule its cursor follows come drawn already (one cell's from UnfoldedGraph.tsx, a stack's
 * from StackGraph.tsx); here are pan and zoom, the fit it opens at, the cursor's column and the
 * selection kept in view, the keyboard (arrows between nodes, Enter into a node's entries), and
 * the tools.
 */
import type { ReactNode } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Box, LayoutNode, Schedule, UnfoldedLayout } from '../../graph/layout/index';
import { EDGE_FONT, NAME_FONT, VALUE_FONT, boxAt, columnX, textSize } from '../../graph/layout/index';
import type { NodeVectors } from '../../graph/charts/index';
import { formatNumber } from '../format';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';
import { selectPlaying, selectSpeed } from '../../store/selectors';
import { selectDrawnTheme } from '../../store/slices/theme';
import { appStore, useApp } from '../../store/store';
import type { PanZoom } from './panZoom';
import { createPanZoom } from './panZoom';
import type { UnfoldedProps, UnfoldedView } from './unfoldedView';
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

/** What a network's graph is drawn from. */
export interface Drawing {
  readonly layout: UnfoldedLayout;
  /** How the position sets each node's and edge's look. */
  readonly schedule: Schedule;
  readonly numbers: UnfoldedProps['numbers'];
  readonly vectors: UnfoldedProps['vectors'];
  readonly symbols: UnfoldedProps['symbols'];
  /** The node an arrow key moves to from node `id`, or null. */
  readonly neighbour: (id: string, key: string) => string | null;
  /** Where the arrow keys start when nothing is selected. */
  readonly first: string;
  /** Selects a node clicked or reached by the keyboard. */
  readonly select: (id: string) => void;
  /** Picks or unpicks a node for an exercise's answer, clicked or by Space (absent: a graph no exercise asks about). */
  readonly pick?: (id: string) => void;
}

export interface CanvasProps {
  readonly drawing: Drawing;
  readonly position: number;
  readonly selected: string | null;
  /** The graph's accessible name and data-testid. */
  readonly label: string;
  readonly testId: string;
  /** A shorter viewport, for the three topologies side by side. */
  readonly compact?: boolean;
  /** Whether it opens fitted to its viewport, whatever tau, at FITTED_MIN_SCALE at least (presentation mode). */
  readonly fitted?: boolean;
  /** Tools of its own, beside Fit to view. */
  readonly tools?: ReactNode;
  /** Where its tools (Fit to view, its own, the hint) are drawn, e.g. the graphs' bar; null: above the graph. */
  readonly toolsIn?: HTMLElement | null;
  /**
   * Rows too many to be read whole (a deep or bidirectional network's): it opens readable on its
   * lower rows rather than fitted to the height, and the view follows the rows being computed.
   */
  readonly tall?: boolean;
}

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

/** An unfolded graph: one column per step, pan and zoom, the cursor followed, nodes selectable. */
export function UnfoldedCanvas({ drawing, position, selected, label, testId, compact = false, fitted = false, tools, toolsIn = null, tall = false }: CanvasProps) {
  const { layout, schedule, numbers, vectors, symbols } = drawing;
  const viewportRef = useRef<HTMLDivElement>(null);
  const planeRef = useRef<HTMLDivElement>(null);
  const view = useRef<UnfoldedView | null>(null);
  const panZoom = useRef<PanZoom | null>(null);
  const m = useMessages(graphMessages);
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
  const picks = useApp((s) => s.picks);
  const picked = useMemo(() => new Set(picks ?? []), [picks]);
  // The view hears clicks for the drawing of the moment: a pick while an exercise asks for nodes, else a selection.
  const click = useRef(drawing.select);
  useEffect(() => {
    click.current = (id) => (appStore.getState().picks !== null && drawing.pick ? drawing.pick(id) : drawing.select(id));
  }, [drawing]);

  useEffect(() => {
    const viewport = viewportRef.current;
    const plane = planeRef.current;
    if (!viewport || !plane) return;
    view.current = createUnfoldedView(plane, (id) => click.current(id), viewport);
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
  // keeps its columns in the viewport's height, at most 1:1 (fitted: 1.5). One too tall to be read
  // whole (a deep or bidirectional network's) opens readable on its lower rows, where the pass
  // starts; the cursor's rows are then kept in view.
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
    const readable = !tall ? 0 : fitted ? FITTED_MIN_SCALE : READABLE_PX / SMALLEST_FONT;
    const k = Math.min(fitted ? 1.5 : 1, Math.max(viewport.clientHeight / layout.height, readable));
    pz.centreOn(viewport.clientWidth / 2 / k, Math.max(layout.height / 2, layout.height - viewport.clientHeight / k / 2), k);
  }, [layout, fitted, tall]);

  useEffect(() => {
    view.current?.update({ layout, numbers, position, schedule, selected, picked, symbols, vectors, entry: entryCell, describe, stepMs, theme });
  }, [layout, numbers, position, schedule, selected, picked, symbols, vectors, entryCell, describe, stepMs, theme]);

  // Keep the active column in view while stepping and playing (a column with no nodes, as Jordan's 0,
  // is not sought), and in a graph taller than the view the rows computed now (a stack's sweep).
  useEffect(() => {
    const pz = panZoom.current;
    if (!pz) return;
    const moment = schedule.at(position);
    const t = moment.column;
    let found = false;
    let top = Infinity;
    let bottom = -Infinity;
    for (const n of layout.nodes) {
      if (n.t !== t) continue;
      found = true;
      if (!tall || !moment.node(n).active) continue;
      top = Math.min(top, n.y - n.h / 2);
      bottom = Math.max(bottom, n.y + n.h / 2);
    }
    if (!found) return;
    const x = columnX(t, layout.column);
    // Half a column, or as much as lies left of column 0's centre.
    const half = Math.min(layout.column, 2 * columnX(0, layout.column)) / 2;
    const { x0, x1, y0, y1, k } = pz.visible();
    const across = x - half < x0 || x + half > x1;
    const up = top < bottom && (top < y0 || bottom > y1);
    // Rows brought into view, but no empty band past the graph's top or bottom.
    const halfView = (y1 - y0) / 2;
    const y = Math.min(Math.max((top + bottom) / 2, halfView), Math.max(halfView, layout.height - halfView));
    if (across || up) pz.centreOn(across ? x : (x0 + x1) / 2, up ? y : tall ? (y0 + y1) / 2 : layout.height / 2, k);
  }, [position, schedule, layout, tall]);

  // The selected node stays in view: chosen by the keyboard, or clicked and then narrowed out by the inspector opening beside the graph.
  useEffect(() => {
    const node = selected === null ? undefined : layout.nodes.find((n) => n.id === selected);
    panZoom.current?.keep(node ? nodeBox(node) : null);
  }, [selected, layout]);

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
  return (
    <div className="unfolded">
      {toolsIn ? createPortal(bar, toolsIn) : bar}
      <div
        ref={viewportRef}
        data-testid={testId}
        className={compact ? 'graph-viewport compact' : 'graph-viewport'}
        role="group"
        aria-label={label}
        tabIndex={0}
        onKeyDown={(e) => {
          const { selected: current, picks } = appStore.getState();
          const strip = stripOf(current);
          // While an exercise asks for nodes, the arrow keys move the selection and Space picks it.
          if (e.key === ' ' && picks !== null && drawing.pick && current !== null) {
            e.preventDefault();
            drawing.pick(current);
            return;
          }
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
          const next = drawing.neighbour(current ?? drawing.first, e.key);
          e.preventDefault();
          if (next) drawing.select(next);
        }}
      >
        <div ref={planeRef} className="graph-plane" />
      </div>
    </div>
  );
}
