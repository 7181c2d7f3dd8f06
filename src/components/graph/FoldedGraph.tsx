import { useMemo } from 'react';
import type { Variant } from '../../engine/index';
import { cursorAt } from '../../graph/layout/index';
import { FOLDED_RADIUS, foldedActive, foldedLayout } from '../../graph/layout/index';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';
import { selectPosition, selectTau, selectVariant } from '../../store/selectors';
import { useApp } from '../../store/store';

/** The recurrent diagram of the current topology, its active part highlighted. */
export function FoldedGraph() {
  const variant = useApp(selectVariant);
  return <FoldedGraphOf variant={variant} />;
}

/** The folded graph of a topology, with the cursor's active parts. */
function FoldedGraphOf({ variant }: { variant: Variant }) {
  const tau = useApp(selectTau);
  const position = useApp(selectPosition);
  const m = useMessages(graphMessages);
  const title = m.title(variant);
  const layout = useMemo(() => foldedLayout(variant), [variant]);
  const cursor = cursorAt(position, tau);
  const active = foldedActive(variant, cursor, tau);
  return (
    <figure className="folded">
      <svg data-testid="folded-graph" viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={m.folded(title)}>
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
        {layout.delays.map((d) => (
          <rect key={`${d.x},${d.y}`} className="delay" x={d.x - 6} y={d.y - 6} width={12} height={12}>
            <title>{m.delay}</title>
          </rect>
        ))}
        {layout.nodes.map((n) => (
          <g key={n.kind} data-node={n.kind} className={`folded-node ${n.kind}${active.has(n.kind) ? ` active ${cursor.phase}` : ''}`} transform={`translate(${n.x},${n.y})`}>
            <circle r={FOLDED_RADIUS} />
            <text y={5} textAnchor="middle">{n.label}</text>
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
