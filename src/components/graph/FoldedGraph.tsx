import { useMemo } from 'react';
import type { ReadoutOf } from '../../engine/index';
import { readoutOf } from '../../engine/index';
import type { FoldedLayout } from '../../graph/layout/index';
import { cursorAt } from '../../graph/layout/index';
import { FOLDED_RADIUS, foldedActive, foldedLayout } from '../../graph/layout/index';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';
import { selectPosition, selectReadout, selectTau, selectVariant } from '../../store/selectors';
import { useApp } from '../../store/store';

/** The recurrent diagram of the current network, its active part highlighted. */
export function FoldedGraph() {
  const variant = useApp(selectVariant);
  const readout = useApp(selectReadout);
  const network = useMemo(() => readoutOf({ variant, readout }), [variant, readout]);
  return <FoldedGraphOf network={network} />;
}

/** The folded graph of a network, with the cursor's active parts. */
function FoldedGraphOf({ network }: { network: ReadoutOf }) {
  const tau = useApp(selectTau);
  const position = useApp(selectPosition);
  const m = useMessages(graphMessages);
  const title = networkTitle(m, network);
  const layout = useMemo(() => foldedLayout(network), [network]);
  const cursor = cursorAt(position, tau);
  return <FoldedFigure layout={layout} active={foldedActive(network, cursor, tau)} phase={cursor.phase} label={m.folded(title)} caption={title} />;
}

/** A network's title: its variant's, and for a gated cell read out at the end, that it is. */
export const networkTitle = (m: (typeof graphMessages)['en'], network: ReadoutOf): string =>
  network.readout === 'last' ? m.titleAtEnd(m.title(network.variant)) : m.title(network.variant);

/**
 * A folded graph as drawn (one cell's, or a stack's: FoldedStackGraph.tsx): its edges, the
 * delays (each titled by `delayTitle`, else the one-step delay's words) and its nodes, the active
 * ones in the cursor's phase.
 */
export function FoldedFigure({ layout, active, phase, label, caption, delayTitle }: {
  readonly layout: FoldedLayout;
  readonly active: ReadonlySet<string>;
  readonly phase: 'forward' | 'backward';
  readonly label: string;
  readonly caption: string;
  readonly delayTitle?: (index: number) => string;
}) {
  const m = useMessages(graphMessages);
  return (
    <figure className="folded">
      <svg data-testid="folded-graph" viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={label}>
        <defs>
          <marker id="folded-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" />
          </marker>
        </defs>
        {layout.edges.map((e) => (
          <g key={e.id} data-edge={e.id} className={`folded-edge${e.recurrent ? ' recurrent' : ''}`}>
            <path d={e.path} markerEnd="url(#folded-arrow)" />
            {e.label && <text x={e.labelX} y={e.labelY}>{e.label}</text>}
          </g>
        ))}
        {layout.delays.map((d, i) => (
          <rect key={`${d.x},${d.y}`} className="delay" x={d.x - 6} y={d.y - 6} width={12} height={12}>
            <title>{delayTitle ? delayTitle(i) : m.delay}</title>
          </rect>
        ))}
        {layout.nodes.map((n) => (
          <g key={n.kind} data-node={n.kind} className={`folded-node ${n.kind}${active.has(n.kind) ? ` active ${phase}` : ''}`} transform={`translate(${n.x},${n.y})`}>
            <circle r={FOLDED_RADIUS} />
            <text y={5} textAnchor="middle">{n.label}</text>
          </g>
        ))}
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
