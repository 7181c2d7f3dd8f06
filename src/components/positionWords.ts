/** The cursor in words, for the transport, the announcer and the graphs' exports. */
import type { Model } from '../engine/index';
import { isStacked, mirror, stackShapeOf } from '../engine/index';
import { stackCursorAt, stackName, stackPlaceOf } from '../graph/layout/index';
import type { transportMessages } from '../i18n/messages/transport';

/**
 * The cursor in words: `Forward t = 3 / 8`, `Backward t = 5 / 8`; a deep or bidirectional
 * network's names the layer and direction running as its row is drawn, `Forward ←h₁: t = 3 / 8`.
 */
export function positionWords(m: typeof transportMessages.en, model: Model, position: number): string {
  const tau = model.sequence.length;
  if (!isStacked(model) || position === 0) return position <= tau ? m.forward(position, tau) : m.backward(mirror(tau, position), tau);
  const shape = stackShapeOf(model);
  const place = stackPlaceOf(stackCursorAt(position, tau, shape), tau, shape);
  const row = stackName('h', place.layer, place.reverse);
  return (place.phase === 'forward' ? m.stackForward : m.stackBackward)(row, place.column, tau);
}
