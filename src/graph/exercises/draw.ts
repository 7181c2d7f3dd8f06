/**
 * The seeded draws the exercises are made of (DESIGN.md, convention 9): one stream per exercise
 * seed, so that the same seed gives the same exercise, bit for bit.
 */
import type { Rng } from '../../engine/index';
import { createRng } from '../../engine/index';

/** Largest seed: seeds are 32-bit unsigned integers, as the engine's. */
export const MAX_EXERCISE_SEED = 2 ** 32 - 1;

/** A seeded stream of draws for one exercise. */
export interface Draw {
  /** An integer in lo..hi, both included. */
  int(lo: number, hi: number): number;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
  /** A seed for initModel, 0..2^32-1. */
  seed(): number;
}

/** The stream of an exercise seed; refuses a seed that is not an integer in 0..2^32-1, naming it. */
export function drawOf(seed: number): Draw {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_EXERCISE_SEED) {
    throw new RangeError(`seed: expected an integer in 0..${MAX_EXERCISE_SEED}, got ${seed}`);
  }
  // The stream is offset from initModel's own stream of the same seed, so the two draw apart.
  const rng: Rng = createRng((seed ^ 0x9e3779b9) >>> 0);
  return {
    int: (lo, hi) => lo + rng.int(hi - lo + 1),
    pick: (items) => items[rng.int(items.length)]!,
    seed: () => rng.int(MAX_EXERCISE_SEED + 1),
  };
}

/** Row `row` of a buffer of rows `width` wide, as a plain array. */
export const rowOf = (buffer: Float64Array, row: number, width: number): number[] => Array.from(buffer.subarray(row * width, (row + 1) * width));

/** The Euclidean norm of step t's row (t = 1..tau, row t-1) of a tau x width buffer. */
export const stepNorm = (buffer: Float64Array, t: number, width: number): number => Math.hypot(...buffer.subarray((t - 1) * width, t * width));
