/** A DecayChart as SVG: each line told apart by its dash pattern as well as its colour, named in a legend. */
import type { DecayChart } from '../../graph/charts/index';
import { dynamicsMessages } from '../../i18n/messages/dynamics';
import { useMessages } from '../../i18n/useMessages';

/** Okabe-Ito blue, vermillion and grey (the theme's, styles.css); solid, dashed and dotted. */
const STYLES = [
  { stroke: 'var(--chart-1)', dash: undefined, width: 2.5 },
  { stroke: 'var(--chart-2)', dash: '7 4', width: 2 },
  { stroke: 'var(--muted)', dash: '2 3', width: 2 },
] as const;
/** Axes and their labels, and the grid (set through `style`: SVG presentation attributes take no var()). */
const AXIS = 'var(--muted)';
const GRID = 'var(--chart-grid)';

/** Distances as text: `3, 4, 5` or `3–40` for a run. */
function distances(ds: readonly number[]): string {
  if (ds.length > 3 && ds.at(-1)! - ds[0]! === ds.length - 1) return `${ds[0]}–${ds.at(-1)}`;
  return ds.join(', ');
}

/** `xName` names the horizontal axis (d, t, iteration). */
export function DecayPlot({ chart, label, xName = 'd' }: { chart: DecayChart; label: string; xName?: string }) {
  const { plot } = chart;
  const m = useMessages(dynamicsMessages);
  return (
    <figure className="decay">
      <svg viewBox={`0 0 ${chart.width} ${chart.height}`} role="img" aria-label={label}>
        <g aria-hidden="true" fontSize={11} style={{ fill: AXIS }}>
          {chart.yTicks.map((k) => (
            <g key={k.label}>
              <line x1={plot.left} x2={plot.right} y1={k.pos} y2={k.pos} style={{ stroke: GRID }} />
              <text x={plot.left - 6} y={k.pos} dy="0.32em" textAnchor="end">{k.label}</text>
            </g>
          ))}
          {chart.xTicks.map((k) => <text key={k.label} x={k.pos} y={plot.bottom + 15} textAnchor="middle">{k.label}</text>)}
          <text x={(plot.left + plot.right) / 2} y={plot.bottom + 30} textAnchor="middle" fontStyle="italic">{xName}</text>
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} style={{ stroke: AXIS }} />
          <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} style={{ stroke: AXIS }} />
        </g>
        {chart.lines.map((line, i) => {
          const style = STYLES[i % STYLES.length]!;
          return <path key={line.name} d={line.d} fill="none" style={{ stroke: style.stroke }} strokeWidth={style.width} strokeDasharray={style.dash} data-line={i} />;
        })}
      </svg>
      <figcaption>
        <ul className="decay-legend">
          {chart.lines.map((line, i) => {
            const style = STYLES[i % STYLES.length]!;
            return (
              <li key={line.name}>
                <svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" style={{ stroke: style.stroke }} strokeWidth={style.width} strokeDasharray={style.dash} /></svg>
                {' '}{line.name}
                {line.zeros.length > 0 && m.zerosAt(xName, distances(line.zeros))}
                {line.nonFinite.length > 0 && <strong>{m.notFiniteAt(xName, distances(line.nonFinite))}</strong>}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
