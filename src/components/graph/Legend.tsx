import { NON_FINITE_COLOR, divergingColor, sequentialColor } from '../../graph/layout/index';
import type { Theme } from '../../graph/layout/index';
import { graphMessages } from '../../i18n/messages/graph';
import { useMessages } from '../../i18n/useMessages';
import { selectDrawnTheme } from '../../store/slices/theme';
import { useApp } from '../../store/store';

const stops = (f: (v: number) => string, from: number, to: number) =>
  Array.from({ length: 9 }, (_, i) => f(from + ((to - from) * i) / 8)).join(', ');

/** What the colours and widths of the unfolded graph mean, in the scales of the page's theme. */
export function Legend() {
  const m = useMessages(graphMessages);
  const theme: Theme = useApp(selectDrawnTheme);
  const diverging = (v: number) => divergingColor(v, 1, theme);
  const sequential = (v: number) => sequentialColor(v, theme);
  return (
    <div className="legend" role="group" aria-label={m.legend}>
      <div className="legend-item">
        <span className="legend-bar" style={{ background: `linear-gradient(to right, ${stops(diverging, -1, 1)})` }} />
        <span>{m.legendMean}</span>
      </div>
      <div className="legend-item">
        <span className="legend-bar" style={{ background: `linear-gradient(to right, ${stops(sequential, 0, 1)})` }} />
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
          {[-1, -0.5, 0, 0.5, 1].map((v, i) => <rect key={i} x={2 + i * 8} y={1} width={8} height={10} fill={diverging(v)} />)}
        </svg>
        <span>{m.legendEntries}</span>
      </div>
      <div className="legend-item" data-legend="not-finite">
        <span className="legend-swatch" style={{ background: NON_FINITE_COLOR[theme] }} />
        <span>{m.legendNotFinite(theme === 'dark')}</span>
      </div>
    </div>
  );
}
