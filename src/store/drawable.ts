/**
 * What the page can show: it draws the section 10.2 topologies with tanh. A model of a gated cell
 * (LSTM, GRU) or with ReLU is computed by the engine and the command line, and refused at every way into the page
 * (import, link, saved state) with the previous state kept, until the graphs draw its cell.
 */
import type { Model } from '../engine/index';
import { isTopology } from '../engine/index';

/** Why the page cannot show a model (a field and its problem, like a model file's), or null. */
export function undrawable(model: Pick<Model, 'variant' | 'nonlinearity'>): string | null {
  const cli = 'the command line computes them (npm run unroll -- grad FILE)';
  if (!isTopology(model.variant)) return `variant: the page does not draw ${model.variant} networks yet; ${cli}`;
  if (model.nonlinearity === 'relu') return `nonlinearity: the page does not draw relu networks yet; ${cli}`;
  return null;
}
