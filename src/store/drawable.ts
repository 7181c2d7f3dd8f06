/**
 * What the page can show: every cell, with tanh. A model with ReLU is computed by the engine and
 * the command line, and refused at every way into the page (import, link, saved state) with the
 * previous state kept, until the page's scene and equations carry the nonlinearity.
 */
import type { Model } from '../engine/index';

/** Why the page cannot show a model (a field and its problem, like a model file's), or null. */
export function undrawable(model: Pick<Model, 'variant' | 'nonlinearity'>): string | null {
  const cli = 'the command line computes them (npm run unroll -- grad FILE)';
  if (model.nonlinearity === 'relu') return `nonlinearity: the page does not draw relu networks yet; ${cli}`;
  return null;
}
