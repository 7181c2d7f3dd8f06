import { divergingColor, sequentialColor } from '../../graph/layout/index';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';

const stops = (f: (v: number) => string, from: number, to: number) =>
  Array.from({ length: 9 }, (_, i) => f(from + ((to - from) * i) / 8)).join(', ');

/** What the colours and widths of the unfolded graph mean. */
export function Legend() {
  const m = useMessages(graphMessages);
  return (
    <div className="legend" role="group" aria-label={m.legend}>
      <div className="legend-item">
        <span className="legend-bar" style={{ background: `linear-gradient(to right, ${stops(divergingColor, -1, 1)})` }} />
        <span>{m.legendMean}</span>
      </div>
      <div className="legend-item">
        <span className="legend-bar" style={{ background: `linear-gradient(to right, ${stops(sequentialColor, 0, 1)})` }} />
        <span>{m.legendSize}</span>
      </div>
      <div className="legend-item">
        <svg width="44" height="10" aria-hidden="true">
          <line x1="0" x2="20" y1="5" y2="5" className="edge forward" />
          <line x1="24" x2="44" y1="5" y2="5" className="edge backward" />
        </svg>
        <span>{m.legendFlow}</span>
      </div>
      <div className="legend-item"><span className="legend-cut">✂</span><span>{m.legendCut}</span></div>
      <div className="legend-item">
        <svg width="44" height="12" aria-hidden="true" className="legend-strip">
          {[-1, -0.5, 0, 0.5, 1].map((v, i) => <rect key={i} x={2 + i * 8} y={1} width={8} height={10} fill={divergingColor(v)} />)}
        </svg>
        <span>{m.legendEntries}</span>
      </div>
    </div>
  );
}
