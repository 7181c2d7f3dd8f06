/**
 * Predictions against targets: one column per output step t, one row per class k, each cell
 * shaded by yhat(t)[k]; the target y(t) is outlined, a wrong argmax is crossed, and a sentence
 * counts the steps predicted right. Colour is never alone: shapes and text carry the meaning.
 * The marks are a few paths drawn once per pass (memoised on the trace); as the cursor moves only
 * a CSS clip (the computed columns), the cursor's outline and the text change, like Charts.tsx.
 */
import type { CSSProperties, ReactNode } from 'react';
import { memo, useDeferredValue, useMemo } from 'react';
import type { PredictionPaths, PredictionsGrid } from '../../graph/predictions';
import { LEVELS, MIN_SHOWN, columnIndex, levelColour, predictionPaths, predictionsGrid, probabilityText, reachedColumns, summaryText } from '../../graph/predictions';
import { chartProgress, stepsText } from '../../graph/charts';
import { sequentialColor } from '../../graph/colors';
import { selectCurrentTrace, selectModel, selectPosition } from '../../store/selectors';
import { useApp } from '../../store/store';

export const PREDICTIONS_TITLE = 'Predictions against targets';

/** Grey for what is not computed yet, dark text and outlines, Okabe-Ito blue for a wrong argmax, red for non-finite. */
const COLOURS = { base: '#eef1f4', baseMark: '#8995a1', text: '#1b2631', axis: '#4a5866', wrong: '#0072B2', bad: '#a4262c' } as const;

const hidden: CSSProperties = {
  position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0,
};
const overlay: CSSProperties = { position: 'absolute', left: 0, top: 0, width: '100%', height: '100%' };
const noteStyle: CSSProperties = { margin: '0.15rem 0 0', fontSize: '0.85rem', color: COLOURS.text };

/** Class labels, step labels and the grid in grey with every target outlined (targets are known from the start). */
const Base = memo(function Base({ grid, paths }: { grid: PredictionsGrid; paths: PredictionPaths }) {
  const { plot } = grid;
  return (
    <svg width={grid.width} height={grid.height} viewBox={`0 0 ${grid.width} ${grid.height}`} style={{ display: 'block' }} aria-hidden="true">
      <rect x={plot.left} y={plot.top} width={plot.right - plot.left} height={plot.bottom - plot.top} fill={COLOURS.base} />
      <path d={paths.targets} fill="none" stroke={COLOURS.baseMark} strokeWidth={paths.stroke} />
      <g fontSize={10} fill={COLOURS.axis}>
        {grid.rowLabels.map((r) => <text key={r.value} x={plot.left - 6} y={r.pos} dy="0.32em" textAnchor="end">{r.label}</text>)}
        {grid.xTicks.map((k) => <text key={k.value} x={k.pos} y={plot.bottom + 14} textAnchor="middle">{k.label}</text>)}
        <text x={plot.right} y={plot.bottom + 14} dx={12} textAnchor="end">t</text>
        {grid.nonFinite.length > 0 && <text x={plot.left - 6} y={grid.bandY} dy="0.32em" textAnchor="end">not finite</text>}
      </g>
    </svg>
  );
});

/** One column's tooltip: the target, the argmax and their probabilities. */
function columnTitle(grid: PredictionsGrid, i: number): string {
  const c = grid.columns[i]!;
  const target = grid.rows[c.target]!.name;
  if (c.nonFinite) return `t = ${c.t}: target y(${c.t}) = ${target}; ${c.nonFinite.text}`;
  const verdict = c.correct ? 'right' : `wrong: argmax ${grid.rows[c.argmax]!.name}, p = ${probabilityText(c.probs[c.argmax]!)}`;
  return `t = ${c.t}: target y(${c.t}) = ${target}, p(target) = ${probabilityText(c.pTarget)}; ${verdict}`;
}

/** The computed picture: shades, targets, crosses, and one hit area per column with its tooltip (drawn once per pass). */
const Reached = memo(function Reached({ grid, paths }: { grid: PredictionsGrid; paths: PredictionPaths }) {
  const { plot } = grid;
  const h = plot.bottom - plot.top;
  return (
    <svg viewBox={`0 0 ${grid.width} ${grid.height}`} style={overlay} data-layer="reached">
      <path d={paths.background} fill={sequentialColor(0)} />
      {paths.shades.map((d, i) => d && <path key={i} d={d} fill={levelColour(i + 1)} data-level={i + 1} />)}
      <path d={paths.nonFiniteColumns} fill="#ffffff" stroke={COLOURS.bad} strokeDasharray="3 2" />
      <path d={paths.nonFiniteCrosses} fill="none" stroke={COLOURS.bad} strokeWidth={1.75} />
      <path d={paths.targets} fill="none" stroke={COLOURS.text} strokeWidth={paths.stroke} data-marks="target" />
      {paths.halo && <path d={paths.wrong} fill="none" stroke="#ffffff" strokeWidth={paths.stroke + 2} strokeLinecap="round" />}
      <path d={paths.wrong} fill="none" stroke={COLOURS.wrong} strokeWidth={paths.stroke + 0.25} strokeLinecap="round" data-marks="wrong" />
      {grid.columns.map((c, i) => (
        <rect
          key={c.t} x={c.x} y={plot.top} width={grid.cellWidth} height={h} fill="transparent"
          data-step={c.t} data-target={c.target} data-argmax={c.argmax} data-correct={c.correct}
        >
          <title>{columnTitle(grid, i)}</title>
        </rect>
      ))}
    </svg>
  );
});

/** The numbers for screen readers: one row per output step, rendered after the picture (deferred). */
const NumbersTable = memo(function NumbersTable({ grid: latest }: { grid: PredictionsGrid }) {
  const grid = useDeferredValue<PredictionsGrid | null>(latest, null);
  if (!grid) return null;
  return (
    <table style={hidden}>
      <caption>{`${PREDICTIONS_TITLE}: the numbers`}</caption>
      <thead>
        <tr><th scope="col">t</th><th scope="col">target y(t)</th><th scope="col">p(target)</th><th scope="col">argmax yhat(t)</th><th scope="col">right</th></tr>
      </thead>
      <tbody>
        {grid.columns.map((c) => (
          <tr key={c.t}>
            <th scope="row">{c.t}</th>
            <td>{grid.rows[c.target]!.name}</td>
            <td>{c.nonFinite ? c.nonFinite.text : probabilityText(c.pTarget)}</td>
            <td>{c.argmax >= 0 ? grid.rows[c.argmax]!.name : 'none'}</td>
            <td>{c.correct ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});

/** The shade scale and the marks, in words and small pictures. */
const Key = memo(function Key() {
  const swatch = (fill: string, key: number) => <rect key={key} x={key * 8} y={0} width={8} height={10} fill={fill} />;
  const icon = (children: ReactNode, w = 12) => (
    <svg width={w} height={12} viewBox={`0 0 ${w} 12`} aria-hidden="true" style={{ verticalAlign: '-2px', margin: '0 0.2rem 0 0.6rem' }}>{children}</svg>
  );
  return (
    <p className="hint">
      yhat(t)[k]: 0
      {icon([swatch(sequentialColor(0), 0), ...Array.from({ length: LEVELS }, (_, i) => swatch(levelColour(i + 1), i + 1))], (LEVELS + 1) * 8)}
      1 (below {MIN_SHOWN}: as 0);
      {icon(<rect x={1} y={1} width={10} height={10} fill="none" stroke={COLOURS.text} strokeWidth={1.5} />)}target y(t);
      {icon(<path d="M2,2L10,10M2,10L10,2" stroke={COLOURS.wrong} strokeWidth={1.75} />)}argmax when it is not the target;
      grey: not computed yet; dashed outline: the cursor&apos;s step.
    </p>
  );
});

/** The chart of the current pass, `width` pixels wide (the panel's), following the cursor. */
export const Predictions = memo(function Predictions({ width }: { width: number }) {
  const model = useApp(selectModel);
  const trace = useApp(selectCurrentTrace);
  const position = useApp(selectPosition);
  const grid = useMemo(() => (trace ? predictionsGrid(model, trace, width) : null), [model, trace, width]);
  const paths = useMemo(() => (grid ? predictionPaths(grid) : null), [grid]);
  if (!grid || !paths) return null;
  const m = grid.columns.length;
  const progress = chartProgress(grid.tau, position);
  const reached = reachedColumns(grid, progress.lossThrough);
  const cursor = progress.cursor === null ? -1 : columnIndex(grid, progress.cursor);
  const right = reached > 0 ? grid.columns[reached - 1]!.x + grid.cellWidth : 0;
  const clip = `inset(0 ${((100 * (grid.width - right)) / grid.width).toFixed(3)}% 0 0)`;
  const summary = reached === 0
    ? 'No prediction computed yet: the targets y(t) are outlined; step forward to compute yhat(t).'
    : reached < m ? `Up to t = ${grid.columns[reached - 1]!.t}: ${summaryText(grid, reached)}.` : `${summaryText(grid)}.`;
  const which = m === 1 ? `one output, at t = ${grid.columns[0]!.t}` : `t = 1 to ${grid.tau}`;
  const label = [
    `${PREDICTIONS_TITLE}: ${which}, ${grid.classes} classes`,
    `${summary.charAt(0).toLowerCase()}${summary.slice(1, -1)}`,
    ...(grid.nonFinite.length ? [`not finite at ${stepsText(grid.nonFinite.map((v) => v.t))}`] : []),
    ...(progress.cursor === null ? [] : [`cursor at t = ${progress.cursor}${cursor < 0 ? ', a step without an output' : ''}`]),
  ].join('; ');
  const { plot } = grid;
  return (
    <figure style={{ margin: '0.75rem 0 0', position: 'relative' }}>
      <figcaption><h3 style={{ fontSize: '0.95rem', margin: '0 0 0.2rem', fontWeight: 600 }}>{PREDICTIONS_TITLE}</h3></figcaption>
      {/* A long sequence scrolls here, not the charts above it. */}
      <div style={{ overflowX: 'auto' }}>
        <div
          role="img" aria-label={`${label}.`} data-chart="predictions" data-columns={m} data-classes={grid.classes}
          data-reached={reached} data-cursor-step={progress.cursor ?? undefined}
          style={{ position: 'relative', width: grid.width, contain: 'layout paint' }}
        >
          <Base grid={grid} paths={paths} />
          <div style={{ ...overlay, clipPath: clip }}><Reached grid={grid} paths={paths} /></div>
          {cursor >= 0 && (
            <svg viewBox={`0 0 ${grid.width} ${grid.height}`} style={{ ...overlay, pointerEvents: 'none' }} aria-hidden="true">
              <rect
                data-cursor={progress.cursor} x={0} y={plot.top - 3} width={grid.cellWidth} height={plot.bottom - plot.top + 6}
                transform={`translate(${grid.columns[cursor]!.x.toFixed(2)},0)`} fill="none" stroke={COLOURS.text} strokeWidth={1.5} strokeDasharray="3 2"
              />
            </svg>
          )}
        </div>
      </div>
      <p style={noteStyle} data-testid="predictions-summary">{summary}</p>
      {grid.nonFinite.length > 0 && (
        <p style={{ ...noteStyle, color: COLOURS.bad, fontWeight: 600 }}>
          Not finite: {grid.nonFinite.slice(0, 3).map((v) => v.text).join('; ')}
          {grid.nonFinite.length > 3 ? ` and ${grid.nonFinite.length - 3} more` : ''} (× above the grid; those columns are not shaded).
        </p>
      )}
      <Key />
      <NumbersTable grid={grid} />
    </figure>
  );
});
