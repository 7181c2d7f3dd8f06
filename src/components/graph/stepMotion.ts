/**
 * The motion of one step in the unfolded graph: a pulse travels along each edge that carries the
 * step's numbers, wave after wave (StepFlow), and each node the step computes shows its value
 * (in BPTT, its gradient) when all it waits for has arrived. Made of Web Animations, so no script
 * runs per frame; the next step cancels what is still moving, and everything then shows as drawn.
 */
import type { Cursor, LayoutEdge, StepFlow } from '../../graph/layout/index';
import { stepFlow, waveMs } from '../../graph/layout/index';
import type { NodeEl } from './blockView';
import { el } from './svg';
import './motion.css';

/** Path length the pulses are measured in (the `pathLength` attribute): the dash offsets below are shares of an edge. */
const LENGTH = 100;
/** The pulse: a dash this long (round caps make it a pill), and where it waits off the path before and after. */
const DASH = 8;
const BEFORE = DASH + 1;
const AFTER = -(LENGTH + 1);

/** Where the motion finds an edge's drawing: its path and the layer it is drawn in (null: not built). */
export type EdgeLookup = (id: string) => { readonly path: SVGPathElement; readonly layer: SVGGElement } | null;

/** The user's motion preference, queried once (each query is a new object the page keeps) and read at each step. */
const REDUCED_MOTION = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

export interface StepMotion {
  /**
   * Moves the numbers of the cursor's step along `edges` (the edges entering it) in the time the
   * next step leaves (`stepMs`; Infinity stepping by hand); nothing under reduced motion or when it would be too quick to see.
   */
  step: (edges: readonly LayoutEdge[], c: Cursor, stepMs: number, edge: EdgeLookup, node: (id: string) => NodeEl | undefined) => void;
  /** Stops what is moving: every element shows as drawn. */
  cancel: () => void;
}

export function createStepMotion(): StepMotion {
  let running: Animation[] = [];
  let pulses: SVGPathElement[] = [];

  const cancel = (): void => {
    for (const a of running) a.cancel();
    for (const p of pulses) p.remove();
    running = [];
    pulses = [];
  };

  /** Shows `target` from nothing at `delay`, for `duration` ms (before that it is not there). */
  const appear = (target: Element | null, delay: number, duration: number, property: 'opacity' | 'fillOpacity' = 'opacity'): void => {
    if (!target) return;
    running.push(target.animate([{ [property]: 0 }, { [property]: 1 }], { delay, duration, easing: 'ease-out', fill: 'backwards' }));
  };

  /** Moves the step's numbers, `wave` ms per wave; what is still moving from before stops first. */
  const play = (flow: StepFlow, wave: number, edge: EdgeLookup, node: (id: string) => NodeEl | undefined): void => {
    cancel();
    if (typeof Element.prototype.animate !== 'function') return;
    const forward = flow.phase === 'forward';
    for (const [id, w] of flow.edges) {
      const drawn = edge(id);
      if (!drawn) continue;
      // The pulse on a halo of the graph's background, so that it stands out from the active edge under it, of its colour.
      const offsets = forward ? [BEFORE, AFTER] : [AFTER, BEFORE];
      for (const part of ['pulse-halo', 'pulse']) {
        const pulse = el('path', { d: drawn.path.getAttribute('d') ?? '', pathLength: LENGTH, class: `${part} ${flow.phase}`, 'data-pulse': id, 'stroke-dasharray': `${DASH} ${2 * LENGTH}`, 'aria-hidden': 'true' }, drawn.layer);
        pulses.push(pulse);
        const a = pulse.animate(offsets.map((o) => ({ strokeDashoffset: o })), { delay: w * wave, duration: wave, easing: 'ease-in-out', fill: 'both' });
        a.onfinish = () => pulse.remove();
        running.push(a);
      }
    }
    const reveal = wave / 2;
    for (const [id, level] of flow.nodes) {
      const ne = node(id);
      if (!ne || level === 0) continue;
      const at = level * wave;
      if (forward) {
        appear(ne.body, at, reveal, 'fillOpacity');
        appear(ne.value, at, reveal);
        appear(ne.strip?.value ?? null, at, reveal);
        appear(ne.strip?.target ?? null, at, reveal);
      } else {
        appear(ne.ring, at, reveal);
        appear(ne.strip?.grad ?? null, at, reveal);
      }
    }
  };

  const step: StepMotion['step'] = (edges, c, stepMs, edge, node) => {
    if (REDUCED_MOTION?.matches) return;
    const flow = stepFlow(edges, c);
    const wave = waveMs(flow.waves, stepMs);
    if (wave !== null) play(flow, wave, edge, node);
  };

  return { step, cancel };
}
