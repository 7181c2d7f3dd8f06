/**
 * The shared fixtures (../shared/fixtures): model files of every variant (the section 10.2
 * networks, tanh and ReLU, and the gated cells), each with the loss and gradients of an
 * independent float64 implementation (PyTorch autograd for the gated cells).
 */
import { readdirSync } from 'node:fs';
import { expect } from 'vitest';

export const FIXTURES_DIR = new URL('../../shared/fixtures/', import.meta.url);

/** Every fixture, sorted by name. */
export const FIXTURE_NAMES: readonly string[] = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();

/** Expects every entry within a fixture's tolerance: |actual - expected| <= 1e-12 |expected| + 1e-15. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (!(Math.abs(a - e) <= 1e-12 * Math.abs(e) + 1e-15)) throw new Error(`${what}[${i}]: engine ${a}, fixture ${e}`);
  }
}
