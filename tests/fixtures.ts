/**
 * The shared fixtures (../shared/fixtures) that the engine reads as model files today: a variant
 * of VARIANTS (the section 10.2 networks and the gated cells) with tanh. The ReLU one (elman-relu,
 * whose file has a "nonlinearity" the model file does not take yet) waits; `LATER_FIXTURES` names
 * it, so that a test sees when that changes. The cell pass reads every fixture (tests/engine/cells).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { VARIANTS } from '../src/engine/model';

export const FIXTURES_DIR = new URL('../../shared/fixtures/', import.meta.url);

const ALL = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();

/** Whether a fixture's model is a model file the engine reads: a known variant, tanh. */
function readable(name: string): boolean {
  const { model } = JSON.parse(readFileSync(new URL(name, FIXTURES_DIR), 'utf8')) as { model: { variant?: unknown; nonlinearity?: unknown } };
  return (VARIANTS as readonly unknown[]).includes(model.variant) && model.nonlinearity === undefined;
}

/** The fixtures the engine reads, sorted by name. */
export const FIXTURE_NAMES: readonly string[] = ALL.filter(readable);
/** The fixtures the model file cannot hold yet. */
export const LATER_FIXTURES: readonly string[] = ALL.filter((name) => !readable(name));

/** Expects every entry within a fixture's tolerance: |actual - expected| <= 1e-12 |expected| + 1e-15. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (!(Math.abs(a - e) <= 1e-12 * Math.abs(e) + 1e-15)) throw new Error(`${what}[${i}]: engine ${a}, fixture ${e}`);
  }
}
