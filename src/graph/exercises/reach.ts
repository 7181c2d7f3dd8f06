/**
 * How far back the gradient of one step's loss travels, read from the engine's crossing rule
 * (`crossesBack`: truncation's cuts and teacher forcing), not re-derived here.
 */
import type { Model } from '../../engine/index';
import { crossesBack } from '../../engine/index';
import { nodeId } from '../layout/ids';

/**
 * The first step whose h receives gradient from L(s): s, then back one step for every step
 * t = s-1, s-2, ... that what step t+1 sends back reaches (the engine's crossesBack).
 */
export function firstReached(model: Model, s: number): number {
  let first = s;
  while (first > 1 && crossesBack(model, first - 1)) first--;
  return first;
}

/** The ids `h@first` .. `h@s` of the h(t) that receive gradient from L(s), in step order. */
export function reachedNodes(model: Model, s: number): string[] {
  const first = firstReached(model, s);
  return Array.from({ length: s - first + 1 }, (_, i) => nodeId('h', first + i));
}

/** `h@1` .. `h@tau`: the nodes a reach exercise lets the learner pick. */
export const hiddenNodes = (model: Model): string[] => Array.from({ length: model.sequence.length }, (_, i) => nodeId('h', i + 1));
