/**
 * What the page can show: it draws the section 10.2 topologies. A model of a gated cell (LSTM,
 * GRU) is computed by the engine and the command line, and refused at every way into the page
 * (import, link, saved state) with the previous state kept, until the graphs draw its cell.
 */
import type { Model } from '../engine/index';
import { isTopology } from '../engine/index';

/** Why the page cannot show a model (a field and its problem, like a model file's), or null. */
export function undrawable(model: Pick<Model, 'variant'>): string | null {
  if (isTopology(model.variant)) return null;
  return `variant: the page does not draw ${model.variant} networks yet; the command line computes them (npm run unroll -- grad FILE)`;
}
