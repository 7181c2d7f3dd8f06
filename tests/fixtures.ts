/**
 * The shared fixtures (../shared/fixtures) that the engine reads today: the section 10.2 networks
 * (a variant of VARIANTS, tanh). The others (lstm-*, gru-*, elman-relu: the gated cells and the
 * ReLU nonlinearity) wait for the cells issue; `LATER_FIXTURES` names them, so that a test sees
 * when that changes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { VARIANTS } from '../src/engine/model';

export const FIXTURES_DIR = new URL('../../shared/fixtures/', import.meta.url);

const ALL = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();

/** Whether a fixture's model is one of the section 10.2 networks with tanh. */
function sectionTen2(name: string): boolean {
  const { model } = JSON.parse(readFileSync(new URL(name, FIXTURES_DIR), 'utf8')) as { model: { variant?: unknown; nonlinearity?: unknown } };
  return (VARIANTS as readonly unknown[]).includes(model.variant) && model.nonlinearity === undefined;
}

/** The fixtures the engine reads, sorted by name. */
export const FIXTURE_NAMES: readonly string[] = ALL.filter(sectionTen2);
/** The fixtures of cells the engine does not have yet. */
export const LATER_FIXTURES: readonly string[] = ALL.filter((name) => !sectionTen2(name));
