/**
 * The unfolded graph drawn as a behaviour factory: `update` takes the layout, the numbers of the
 * pass and the cursor, and touches only the elements whose look changed; a step forward sets its
 * numbers moving along the edges that carry them (stepMotion). The columns are drawn in blocks, one SVG each on its own layer,
 * so that a step repaints one block, not the whole graph: long sequences stay fluid. A long graph
 * builds and redraws only the blocks in view (and one either side), a few per frame, so that
 * neither a task nor the page grows with tau; blocks are built as they come into view.
 */
import type { LayoutEdge, LayoutNode, Moment, Schedule, Theme, UnfoldedLayout } from '../../graph/layout/index';
import { stepAtX } from '../../graph/layout/index';
import type { NodeNumbers, NodeVectors } from '../../graph/charts/index';
import { createEntryFocus } from './entryFocus';
import { buildStrip, paintStrip } from './stripView';
import { drawEdge, drawNode } from './elementLook';
import { labelFitter } from './nodeLook';
import { SVG, el } from './svg';
import type { Block, EdgeEl, NodeEl } from './blockView';
import { addStep, createBlock } from './blockView';
import type { Budget } from './buildBudget';
import { BLOCK, BUILT, FRAME_BUDGET_MS, FRAME_STEPS, KEEP_BLOCKS, MARGIN_BLOCKS, PLAYING_FRAME_STEPS, QUICK_STEP_MS, STRIPPED, WHOLE_BLOCKS, unbounded } from './buildBudget';
import { createStepMotion } from './stepMotion';
import type { PassScales } from './passScales';
import { passScales } from './passScales';

/** What the view draws. */
export interface UnfoldedProps {
  readonly layout: UnfoldedLayout;
  /** Per node and edge numbers of the pass, or null while the trace is on its way. */
  readonly numbers: { readonly nodes: ReadonlyMap<string, NodeNumbers>; readonly edges: ReadonlyMap<string, number> } | null;
  readonly position: number;
  /** How the position sets each node's and edge's look (one cell's pass, or a stack's sweeps). */
  readonly schedule: Schedule;
  readonly selected: string | null;
  /** The nodes picked for an exercise's answer (drawn with a dashed ring). */
  readonly picked: ReadonlySet<string>;
  /** Display names of tokens and classes in full (text only): the view cuts them to fit a column. */
  readonly symbols: (kind: 'x' | 'y', id: number) => string;
  /** A vector node's value and gradient for its strips, or null while the trace is on its way. */
  readonly vectors: ((node: LayoutNode) => NodeVectors | null) | null;
  /** The entry reached by the keyboard in the selected node: the index of its strip's cell, or null. */
  readonly entry: number | null;
  /** The tooltip's text for cell `cell` of a node's strip (its gradient null when not computed yet). */
  readonly describe: (node: LayoutNode, cell: number, v: NodeVectors, gradient: boolean) => string;
  /** The time until the next step while playing, ms; Infinity when stepping by hand. */
  readonly stepMs: number;
  /** The theme the colour scales are painted in (the page's). */
  readonly theme: Theme;
}


export interface UnfoldedView {
  update: (props: UnfoldedProps) => void;
  /** The part of the content in view, x0..x1 in its own units: those blocks are drawn first. */
  setVisible: (x0: number, x1: number) => void;
  /** Whether nodes are drawn large enough for their strips (level of detail): none are built while not. */
  setDetail: (detail: boolean) => void;
  destroy: () => void;
}



/**
 * The event that asks the view on a plane for the whole graph at rest: a step's motion stopped,
 * every block built and drawn (a long graph otherwise has only the blocks in view). Exports
 * dispatch it before they copy the blocks.
 */
export const BUILD_ALL_EVENT = 'unroll:build-all';
/**
 * The event (a CustomEvent whose detail is a Theme, or null for the page's) that asks the view on
 * a plane to paint its colour scales in that theme at once, every block: an export taken in the
 * dark theme paints the graph light while it copies it, then asks for the page's theme back.
 */
export const PAINT_THEME_EVENT = 'unroll:paint-theme';


/**
 * Draws into `plane` (an element that pan and zoom move, inside `viewport`, which holds the
 * entries' tooltip); `onSelect` hears clicks on nodes.
 */
export function createUnfoldedView(plane: HTMLElement, onSelect: (id: string) => void, viewport: HTMLElement = plane): UnfoldedView {
  /** The blocks, null until their first step is built; the layout's nodes and edges of each step. */
  let blocks: (Block | null)[] = [];
  let stepNodes: LayoutNode[][] = [];
  let stepEdges: LayoutEdge[][] = [];
  /** Per step: 0 not built, BUILT its nodes and edges, STRIPPED its strips too. */
  let built = new Uint8Array(0);
  /** Built blocks whose steps were not redrawn since the numbers changed. */
  let stale = new Set<number>();
  /** Blocks in view (with the margin), first..last. */
  let inView = { first: 0, last: MARGIN_BLOCKS };
  let layout: UnfoldedLayout | null = null;
  let pumping = 0;
  let nodesByStep: NodeEl[][] = [];
  let edgesByStep: EdgeEl[][] = [];
  /** Level of detail: whether nodes are drawn large enough for strips. */
  let detail = true;
  /**
   * Whether new strips are built now: at that level of detail, and not while the steps come faster
   * than QUICK_STEP_MS (the strips of the columns played past follow when playing slows or stops).
   */
  const strips = (): boolean => detail && (last?.props.stepMs ?? Infinity) >= QUICK_STEP_MS;
  let nodeEls = new Map<string, NodeEl>();
  const motion = createStepMotion();

  const onClick = (event: MouseEvent) => {
    const target = (event.target as Element).closest('[data-node]');
    const id = target?.getAttribute('data-node');
    if (id) onSelect(id);
  };
  plane.addEventListener('click', onClick);

  const blockIndex = (t: number): number => Math.floor(t / BLOCK);
  let fit: (label: string) => string = (label) => label;

  const build = (next: UnfoldedLayout): void => {
    layout = next;
    plane.replaceChildren();
    plane.style.width = `${next.width}px`;
    plane.style.height = `${next.height}px`;
    // Outside the blocks, so that exports (which copy the blocks) leave it out.
    const probeSvg = document.createElementNS(SVG, 'svg');
    probeSvg.setAttribute('class', 'label-probe');
    probeSvg.setAttribute('aria-hidden', 'true');
    plane.appendChild(probeSvg);
    fit = labelFitter(el('text', { class: 'label-probe-text' }, probeSvg));
    let maxT = 0;
    for (const n of next.nodes) maxT = Math.max(maxT, n.t);
    const count = blockIndex(maxT) + 1;
    blocks = Array.from({ length: count }, () => null);
    // How many blocks the whole graph has: an export waits until every one is built.
    plane.dataset['blocks'] = String(count);
    stepNodes = Array.from({ length: count * BLOCK }, () => []);
    stepEdges = Array.from({ length: count * BLOCK }, () => []);
    for (const n of next.nodes) stepNodes[n.t]!.push(n);
    for (const e of next.edges) stepEdges[e.t]!.push(e);
    nodesByStep = Array.from({ length: count * BLOCK }, () => []);
    edgesByStep = Array.from({ length: count * BLOCK }, () => []);
    built = new Uint8Array(count * BLOCK);
    stale = new Set();
    nodeEls = new Map();
    last = null;
  };

  /** Creates step t's nodes and edges (and its block, for its first step), not drawn yet. */
  const buildStep = (t: number): void => {
    const b = blockIndex(t);
    const block = (blocks[b] ??= createBlock(plane, layout!, b * BLOCK, (b + 1) * BLOCK - 1));
    const added = addStep(block, stepNodes[t]!, stepEdges[t]!);
    for (const ee of added.edges) edgesByStep[t]!.push(ee);
    for (const ne of added.nodes) {
      nodesByStep[t]!.push(ne);
      nodeEls.set(ne.node.id, ne);
    }
    built[t] = BUILT;
  };
  /** Creates the strips of step t's vector nodes (painted by drawStep). */
  const stripStep = (t: number): void => {
    for (const ne of nodesByStep[t]!) if (ne.node.strip && !ne.strip) ne.strip = buildStrip(ne.g, ne.node.strip);
    built[t] = STRIPPED;
  };

  /** What the last update drew from, to redraw only the steps whose look can have changed. */
  let last: { props: UnfoldedProps; moment: Moment; stepKeys: Uint16Array; scales: PassScales } | null = null;

  /** The theme the scales are painted in while an export asks for one (PAINT_THEME_EVENT), else null: the page's. */
  let painting: Theme | null = null;
  const themeOf = (props: UnfoldedProps): Theme => painting ?? props.theme;

  /** Paints a node's strip from the pass (its rows shown or hidden by the node's class). */
  const paintNode = (ne: NodeEl, props: UnfoldedProps): void => {
    if (!ne.strip) return;
    const v = props.vectors?.(ne.node) ?? null;
    if (v) paintStrip(ne.strip, ne.node, v, themeOf(props));
  };

  /** Draws step t's nodes and edges as the last update says. */
  const drawStep = (t: number): void => {
    if (!last) return;
    const { moment } = last;
    const theme = themeOf(last.props);
    for (const ne of nodesByStep[t] ?? []) {
      drawNode(ne, moment.node(ne.node), last.props, last.scales, theme, fit);
      paintNode(ne, last.props);
    }
    for (const ee of edgesByStep[t] ?? []) drawEdge(ee, moment.edge(ee.edge), last.props, last.scales, theme);
  };
  /**
   * Brings block b up to date, step by step, while `budget` lasts (each step built or stripped
   * spends a unit of it): built, stripped when `strips`, and every step drawn.
   */
  const drawBlock = (b: number, strips: boolean, budget: Budget = unbounded()): void => {
    const need = strips ? STRIPPED : BUILT;
    for (let t = b * BLOCK; t < (b + 1) * BLOCK; t++) {
      while (built[t]! < need) {
        if (budget.units <= 0 || performance.now() > budget.deadline) return;
        budget.units--;
        if (built[t] === 0) buildStep(t);
        else stripStep(t);
      }
      drawStep(t);
    }
    stale.delete(b);
  };
  /** A small graph is drawn whole, at once; a long one only around the view. */
  const whole = (): boolean => blocks.length <= WHOLE_BLOCKS;
  const visible = (b: number): boolean => whole() || (b >= inView.first && b <= inView.last);
  /** Whether block b's steps are all built (with their strips when `strips`). */
  const complete = (b: number, strips: boolean): boolean => {
    const need = strips ? STRIPPED : BUILT;
    for (let t = b * BLOCK; t < (b + 1) * BLOCK; t++) if (built[t]! < need) return false;
    return true;
  };
  /** Whether block b waits to be built or redrawn. */
  const waiting = (b: number): boolean => stale.has(b) || !complete(b, strips());

  /** Blocks in view that wait to be built or redrawn (a small graph: every block). */
  const waitingInView = (): number[] => [...blocks.keys()].filter((b) => visible(b) && waiting(b));
  /** Builds and redraws the waiting blocks in view while `budget` lasts. */
  const drawWaiting = (budget: Budget): void => {
    if (!last) return;
    for (const b of waitingInView()) drawBlock(b, strips(), budget);
  };
  /** Takes block b off the plane: its elements go, and its steps wait to be built again. */
  const drop = (b: number): void => {
    blocks[b]!.svg.remove();
    blocks[b] = null;
    stale.delete(b);
    for (let t = b * BLOCK; t < (b + 1) * BLOCK; t++) {
      for (const ne of nodesByStep[t]!) nodeEls.delete(ne.node.id);
      nodesByStep[t] = [];
      edgesByStep[t] = [];
      built[t] = 0;
    }
  };
  /** A long graph's blocks far from the view (past KEEP_BLOCKS beyond its margin) go. */
  const dropFar = (): void => {
    if (whole()) return;
    for (const b of blocks.keys()) if (blocks[b] && (b < inView.first - KEEP_BLOCKS || b > inView.last + KEEP_BLOCKS)) drop(b);
  };
  /** Once a frame, a long graph's blocks far from the view dropped, and its waiting blocks in view: FRAME_STEPS steps built (fewer while playing), within FRAME_BUDGET_MS. */
  const pump = (): void => {
    pumping = 0;
    dropFar();
    const playing = (last?.props.stepMs ?? Infinity) < Infinity;
    drawWaiting({ units: playing ? PLAYING_FRAME_STEPS : FRAME_STEPS, deadline: performance.now() + FRAME_BUDGET_MS });
    schedule();
  };
  const schedule = (): void => {
    if (pumping === 0 && waitingInView().length > 0) pumping = requestAnimationFrame(pump);
  };
  /** The motion stopped, every block built and drawn, at once: an export of the whole graph asks for it (BUILD_ALL_EVENT on the plane). */
  const drawAll = (): void => {
    motion.cancel();
    if (!last) return;
    for (let b = 0; b < blocks.length; b++) if (stale.has(b) || !complete(b, true)) drawBlock(b, true);
  };
  plane.addEventListener(BUILD_ALL_EVENT, drawAll);
  /** PAINT_THEME_EVENT: every block drawn again, at once, in the theme asked for (null: the page's). */
  const paintIn = (e: Event): void => {
    painting = (e as CustomEvent<Theme | null>).detail ?? null;
    for (const b of blocks.keys()) if (blocks[b]) stale.add(b);
    drawAll();
  };
  plane.addEventListener(PAINT_THEME_EVENT, paintIn);

  /**
   * Sets the cursor's step moving when it is the step after the last one drawn (not after a jump,
   * a step back or a new pass); whatever moved before stops when the cursor moves.
   */
  const move = (props: UnfoldedProps, before: UnfoldedProps | null, moment: Moment): void => {
    if (before && before.position === props.position) return;
    motion.cancel();
    const c = moment.cursor;
    if (!c || !before || before.position + 1 !== props.position || before.layout !== props.layout || before.numbers !== props.numbers || !props.numbers) return;
    const steps = edgesByStep[c.t] ?? [];
    const edges = new Map(steps.map((e) => [e.edge.id, e]));
    motion.step(steps.map((e) => e.edge), c, props.stepMs, (id) => {
      const ee = edges.get(id);
      const block = ee ? blocks[blockIndex(ee.edge.t)] : null;
      return ee && block ? { path: ee.path, layer: block.edges } : null;
    }, (id) => {
      // Only what this step computes appears (BPTT's flow also reaches h(t-1), whose gradient waits for its own step).
      const ne = nodeEls.get(id);
      return ne && moment.node(ne.node).active ? ne : undefined;
    });
  };

  const update = (props: UnfoldedProps): void => {
    const before = last?.props ?? null;
    const rebuilt = props.layout !== layout;
    if (rebuilt) build(props.layout);
    const full = rebuilt || !last || props.numbers !== last.props.numbers || props.vectors !== last.props.vectors || props.symbols !== last.props.symbols || props.theme !== last.props.theme || props.schedule !== last.props.schedule;
    const scales = full || !last ? passScales(props.numbers) : last.scales;
    const moment = props.schedule.at(props.position);
    // A key for every step at every position: no string is made for it.
    const stepKeys = new Uint16Array(stepNodes.length);
    for (let t = 0; t < stepKeys.length; t++) stepKeys[t] = moment.key(t);
    const dirty = new Set<number>();
    for (let t = 0; t < stepKeys.length; t++) if (full || stepKeys[t] !== last?.stepKeys[t]) dirty.add(t);
    for (const id of [props.selected, last?.props.selected, ...props.picked, ...(last?.props.picked ?? [])]) {
      const t = id ? Number(/@(\d+)$/.exec(id)?.[1] ?? NaN) : NaN;
      if (Number.isInteger(t)) dirty.add(t);
    }
    last = { props, moment, stepKeys, scales };
    // A step redraws its own steps at once; a redraw of everything (new numbers) goes block by
    // block over the blocks in view, within the frame budget per frame. Blocks out of view wait
    // (stale) until they come into view.
    for (const t of dirty) {
      const b = blockIndex(t);
      // A step not built yet is drawn when it is.
      if (built[t] === 0) continue;
      if (full || !visible(b)) stale.add(b);
      else drawStep(t);
    }
    // A small graph is drawn at once; a long one's waiting blocks by the pump, once a frame, within
    // its budget (drawn here too, they would take a second budget in any frame that has a step).
    if (whole()) drawWaiting(unbounded());
    schedule();
    move(props, rebuilt ? null : before, moment);
    entries.refresh();
  };

  // The entries' tooltip: the one hovered, or the one the keyboard reached in the selected node.
  const entries = createEntryFocus(plane, viewport, {
    props: () => last?.props ?? null,
    node: (id) => nodeEls.get(id),
    paint: (ne) => {
      if (!ne.strip && ne.node.strip) ne.strip = buildStrip(ne.g, ne.node.strip);
      if (ne.strip && last) paintNode(ne, last.props);
    },
  });

  const setVisible = (x0: number, x1: number): void => {
    const step = (x: number) => stepAtX(x, layout?.column);
    inView = { first: Math.max(0, blockIndex(step(x0)) - MARGIN_BLOCKS), last: Math.max(0, blockIndex(step(x1)) + MARGIN_BLOCKS) };
    schedule();
  };

  // The UI's fonts arrive after the first drawing (by unicode-range, as glyphs show): once new
  // faces are in, the token labels are measured and drawn again.
  const onFonts = (): void => {
    if (!layout || !last) return;
    const { props } = last;
    build(layout);
    update(props);
  };
  document.fonts?.addEventListener('loadingdone', onFonts);

  const setDetail = (next: boolean): void => {
    if (next === detail) return;
    detail = next;
    schedule();
  };

  return {
    update,
    setVisible,
    setDetail,
    destroy: () => {
      document.fonts?.removeEventListener('loadingdone', onFonts);
      entries.destroy();
      motion.cancel();
      if (pumping) cancelAnimationFrame(pumping);
      plane.removeEventListener('click', onClick);
      plane.removeEventListener(BUILD_ALL_EVENT, drawAll);
      plane.removeEventListener(PAINT_THEME_EVENT, paintIn);
      plane.replaceChildren();
    },
  };
}
