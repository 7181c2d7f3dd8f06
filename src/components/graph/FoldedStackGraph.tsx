/** A deep or bidirectional network's folded graph (book figures 10.11 and 10.13a), its cursor's layer and direction highlighted: in the stack's chunk. */
import { useMemo } from 'react';
import type { Model } from '../../engine/index';
import { readoutOf, stackShapeOf } from '../../engine/index';
import { foldedStackActive, foldedStackLayout } from '../../graph/layout/foldedStack';
import { stackCursorAt } from '../../graph/layout/stackSchedule';
import { graphMessages } from '../../i18n/messages/graph';
import { stackMessages } from '../../i18n/messages/stack';
import { useMessages } from '../../i18n/useMessages';
import { FoldedFigure, networkTitle } from './FoldedGraph';

export function FoldedStackGraph({ model, position }: { readonly model: Model; readonly position: number }) {
  const m = useMessages(graphMessages);
  const sm = useMessages(stackMessages);
  const { layers, bidirectional } = stackShapeOf(model);
  const shape = useMemo(() => ({ layers, bidirectional }), [layers, bidirectional]);
  const tau = model.sequence.length;
  const network = useMemo(() => readoutOf({ variant: model.variant, readout: model.readout }), [model.variant, model.readout]);
  const layout = useMemo(() => foldedStackLayout(network, shape), [network, shape]);
  const cursor = stackCursorAt(position, tau, shape);
  return (
    <FoldedFigure layout={layout} active={foldedStackActive(network, shape, cursor, tau)} phase={cursor.phase}
      label={sm.stackFolded(layers, bidirectional)} caption={`${networkTitle(m, network)} · ${sm.stackFoldedCaption(layers, bidirectional)}`}
      delayTitle={(i) => (layout.delays[i]!.from === 't+1' ? sm.delayAhead : m.delay)} />
  );
}
