/**
 * The cursor over a deep or bidirectional network's pass (book sections 10.3 and 10.5), in the
 * order the engine computes it (engine/stack): forward, one sweep per layer and direction, layer
 * by layer and in each layer the forward direction then the reverse (whose steps run from tau
 * down to 1); the output layer at each step as the last sweep reaches it. BPTT runs the same
 * sweeps backwards: the last sweep first, each from its last own step to its first, so that a
 * node's gradient is computed after the gradient of everything that reads it. Position 0..2F,
 * F = layers x directions x tau: forward positions 1..F, BPTT F+1..2F. One layer in one
 * direction is the schedule of ./animation.ts (F = tau).
 *
 * When each node's value and gradient are computed, and what a node and an edge show at a
 * cursor, are in ./stackStates.ts (only a drawn stack's chunk needs them).
 */
import type { StackShape } from '../../engine/index';
import { directionsOf } from '../../engine/index';

/** One sweep: a layer in one direction. */
export interface Sweep {
  readonly layer: number;
  readonly reverse: boolean;
}

/** The forward sweeps in the order they run: layer by layer, forward then reverse. */
export function sweepsOf(shape: StackShape): Sweep[] {
  const out: Sweep[] = [];
  for (let layer = 0; layer < shape.layers; layer++) for (let d = 0; d < directionsOf(shape); d++) out.push({ layer, reverse: d === 1 });
  return out;
}

/** The number of forward positions, F: a position per step of every sweep. */
export const forwardPositions = (shape: StackShape, tau: number): number => sweepsOf(shape).length * tau;

/** Where the cursor is: the phase, the sweep it is in (its index among the forward sweeps), and the own steps of that sweep done. */
export interface StackCursor {
  readonly phase: 'forward' | 'backward';
  /** Index into sweepsOf: forward, the sweep running; BPTT, the forward sweep being run backwards. */
  readonly sweep: number;
  /** Own steps done in that sweep: 0..tau (forward: steps 1..k; BPTT: own steps tau..tau - k + 1). */
  readonly steps: number;
  readonly position: number;
}

/** The cursor at a position 0..2F. */
export function stackCursorAt(position: number, tau: number, shape: StackShape): StackCursor {
  const S = sweepsOf(shape).length;
  const F = S * tau;
  if (position <= F) {
    if (position === 0) return { phase: 'forward', sweep: 0, steps: 0, position };
    return { phase: 'forward', sweep: Math.floor((position - 1) / tau), steps: ((position - 1) % tau) + 1, position };
  }
  const j = Math.floor((position - F - 1) / tau);
  return { phase: 'backward', sweep: S - 1 - j, steps: ((position - F - 1) % tau) + 1, position };
}

/** Where the cursor is, as a learner reads it: the phase, the layer and direction running, and the column (the sequence's step) it computes; column 0 before anything is. */
export interface StackPlace extends Sweep {
  readonly phase: 'forward' | 'backward';
  readonly column: number;
}

/** The place of a cursor: forward, a sweep's own step k is column k (the reverse's: tau + 1 - k); BPTT runs each sweep's own steps from tau down. */
export function stackPlaceOf(c: StackCursor, tau: number, shape: StackShape): StackPlace {
  const sweep = sweepsOf(shape)[c.sweep]!;
  const own = c.phase === 'forward' ? c.steps : tau + 1 - c.steps;
  const column = c.position === 0 ? 0 : sweep.reverse ? tau + 1 - own : own;
  return { phase: c.phase, ...sweep, column };
}

/**
 * The first position at which a parameter's gradient is complete: a layer's and direction's
 * (`sweep`) once BPTT has run that sweep to its first own step; the output layer's V and c
 * (`sweep` null) with dL/do: at BPTT's first position when read at the end, else once the last
 * sweep, which reads dL/do(t) at each of its steps, is done.
 */
export function gradientCompleteAt(shape: StackShape, tau: number, readout: 'every' | 'last', sweep: Sweep | null): number {
  const sweeps = sweepsOf(shape);
  const F = sweeps.length * tau;
  if (sweep === null) return readout === 'last' ? F + 1 : F + tau;
  const s = sweeps.findIndex((w) => w.layer === sweep.layer && w.reverse === sweep.reverse);
  if (s < 0) throw new RangeError(`no sweep of layer ${sweep.layer}${sweep.reverse ? ', reverse' : ''} in ${shape.layers} layers`);
  return F + (sweeps.length - s) * tau;
}
