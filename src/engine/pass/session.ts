/**
 * A stepping session: a cursor over one pass that runs the forward pass one step at a time,
 * keeping the states BPTT will need, then BPTT one step at a time, releasing them. Position p
 * runs from 0 (nothing computed) through tau (forward done) to 2 tau (backward done).
 */
import type { Gradients } from './gradients';
import { finishPass } from './gradients';
import type { Model } from '../model';
import { cellOfVariant, feedsBack } from '../model';
import type { Pass } from './pass';
import type { Cursor } from './position';
import { cursorOf, mirror } from './position';
import { backwardStep, createPass, forwardStep, outputRow } from './pass';

export type { Cursor } from './position';

/** The forward states a session holds for BPTT. */
export interface Held {
  /** How many float64 numbers BPTT still needs. */
  readonly numbers: number;
  /** The same in bytes (8 per number). */
  readonly bytes: number;
}

/** A cursor over one pass. */
export interface Session {
  readonly model: Model;
  /** The buffers, filled up to the cursor (read-only to callers). */
  readonly pass: Pass;
  /** 0..2 tau: the number of steps (forward, then backward) computed. */
  readonly position: number;
  /** The last position, 2 tau. */
  readonly end: number;
  /** Where the cursor stands, in the book's terms. */
  cursor(): Cursor;
  /** Computes the next step; false when already at the end. */
  step(): boolean;
  /** Moves to position p (0..2 tau), replaying from the start when moving back. */
  seek(p: number): void;
  /** The states held for BPTT at the cursor. */
  held(): Held;
  /** The result, once every step is done; null before. */
  result(): Gradients | null;
}

/**
 * Numbers that BPTT needs from forward step t until backward step t: the cell's held nodes (Elman
 * and Jordan: h(t), for tanh' and as the input of V and of W at t+1; the LSTM: its gates, s(t)
 * and h(t)), yhat(t) (for dL/do(t)) where step t has an output, and for Jordan's logits feedback
 * o(t) = f(t), the input of W at step t+1.
 */
export function heldByStep(model: Model, t: number): number {
  const { hidden: H, output: K } = model.sizes;
  let count = cellOfVariant(model.variant).held.length * H;
  if (outputRow(model, t) >= 0) count += K;
  if (feedsBack(model.variant) && model.feedback === 'logits' && t < model.sequence.length) count += K;
  return count;
}

/** The most numbers BPTT holds at once: every forward step's heldByStep, and h(0), at the turn (position tau). */
export function peakHeld(model: Model): number {
  return heldAt(model, model.sequence.length).numbers;
}

/** The initial states (h(0); s(0) for the LSTM), held from the start until backward step 1 (none for Jordan). */
function heldAtStart(model: Model): number {
  return cellOfVariant(model.variant).carried.length * model.sizes.hidden;
}

/**
 * The states held for BPTT at position p (0..2 tau), a function of the position alone: the
 * initial states and heldByStep of forward steps 1..p; in BPTT at step t, those of steps 1..t-1
 * (each step's released by its backward step, the initial states' by step 1).
 */
export function heldAt(model: Model, position: number): Held {
  const tau = model.sequence.length;
  const through = position <= tau ? position : mirror(tau, position) - 1;
  let numbers = position > tau && position === 2 * tau ? 0 : heldAtStart(model);
  for (let t = 1; t <= through; t++) numbers += heldByStep(model, t);
  return { numbers, bytes: numbers * Float64Array.BYTES_PER_ELEMENT };
}

/** Opens a session at position 0 on a model. */
export function createSession(model: Model): Session {
  const tau = model.sequence.length;
  let pass = createPass(model);
  let position = 0;
  let result: Gradients | null = null;

  const step = (): boolean => {
    if (position === 2 * tau) return false;
    position++;
    if (position <= tau) {
      forwardStep(pass, position);
    } else {
      const t = mirror(tau, position);
      backwardStep(pass, t);
      if (t === 1) result = finishPass(pass);
    }
    return true;
  };

  const session: Session = {
    model,
    get pass() { return pass; },
    get position() { return position; },
    end: 2 * tau,
    cursor() { return cursorOf(position, tau); },
    step,
    seek(p: number) {
      if (!Number.isInteger(p) || p < 0 || p > 2 * tau) throw new RangeError(`position must be an integer in 0..${2 * tau}, got ${p}`);
      if (p < position) {
        pass = createPass(model);
        position = 0;
        result = null;
      }
      while (position < p) step();
    },
    held() { return heldAt(model, position); },
    result() { return result; },
  };
  return session;
}
