/**
 * Predictions against targets: one column per output step t, one row per class k, each cell
 * shaded by yhat(t)[k]; the target y(t) is outlined, a wrong argmax is crossed, and a sentence
 * counts the steps predicted right. Colour is never alone: shapes and text carry the meaning.
 * The marks are a few paths drawn once per pass (memoised on the trace), with one hit area per
 * column up to STEP_ELEMENTS_MAX columns (one hover target past it); as the cursor moves only
 * a CSS clip (the computed columns), the cursor's outline and the text change, like Charts.tsx.
 */
import type { CSSProperties, ReactNode } from 'react';
import type { Model, Trace } from '../../engine/index';
import { memo, useMemo } from 'react';
import type { PredictionPaths, PredictionsGrid } from '../../graph/charts/index';
import { LEVELS, MIN_SHOWN, columnIndex, levelColour, predictionPaths, predictionsGrid, probabilityText, reachedColumns, totalsOf } from '../../graph/charts/index';
import { chartProgress, stepsText } from '../../graph/charts/index';
import { stepElements } from '../../graph/charts/index';
import type { Theme } from '../../graph/layout/index';
import { sequentialColor } from '../../graph/layout/index';
import { isolate } from '../../graph/layout/index';
import { chartsMessages } from '../../i18n/messages/charts';
import { useMessages } from '../../i18n/useMessages';
import { selectPosition } from '../../store/selectors';
import { selectDrawnTheme } from '../../store/slices/theme';
import { useApp } from '../../store/store';
import { HoverTarget } from './HoverTarget';
import { useTablePage } from './useTablePage';

type Text = typeof chartsMessages.en;

/**
 * The theme's colours (styles.css), set through `style` (SVG presentation attributes take no
 * var()): grey for what is not computed yet, text and outlines, red for non-finite; on the shades
 * of the value scale (each theme has its own, light or dark) its outlines, Okabe-Ito blue for a
 * wrong argmax, and its halo (light: dark marks on white; dark: light marks on the graph's dark).
 */
const COLOURS = {
  base: 'var(--chart-plot)', baseMark: 'var(--chart-plot-mark)', text: 'var(--text)', axis: 'var(--muted)', bad: 'var(--danger)', panel: 'var(--panel)',
  onScale: 'var(--scale-text)', wrong: 'var(--scale-mark)', halo: 'var(--scale-halo)',
} as const;

const hidden: CSSProperties = {
  position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0,
};
const overlay: CSSProperties = { position: 'absolute', left: 0, top: 0, width: '100%', height: '100%' };
const noteStyle: CSSProperties = { margin: '0.15rem 0 0', fontSize: '0.85rem', color: COLOURS.text };

/** Class labels, step labels and the grid in grey with every target outlined (targets are known from the start). */
const Base = memo(function Base({ grid, paths }: { grid: PredictionsGrid; paths: PredictionPaths }) {
  const { plot } = grid;
  const m = useMessages(chartsMessages);
  return (
    <svg width={grid.width} height={grid.height} viewBox={`0 0 ${grid.width} ${grid.height}`} style={{ display: 'block' }} aria-hidden="true">
      <rect x={plot.left} y={plot.top} width={plot.right - plot.left} height={plot.bottom - plot.top} style={{ fill: COLOURS.base }} />
      <path d={paths.targets} fill="none" style={{ stroke: COLOURS.baseMark }} strokeWidth={paths.stroke} />
      <g fontSize={10} style={{ fill: COLOURS.axis }}>
        {grid.rowLabels.map((r) => <text key={r.value} x={plot.left - 6} y={r.pos} dy="0.32em" textAnchor="end">{isolate(r.label)}</text>)}
        {grid.xTicks.map((k) => <text key={k.value} x={k.pos} y={plot.bottom + 14} textAnchor="middle">{k.label}</text>)}
        <text x={plot.right} y={plot.bottom + 14} dx={12} textAnchor="end">t</text>
        {grid.nonFinite.length > 0 && <text x={plot.left - 6} y={grid.bandY} dy="0.32em" textAnchor="end">{m.notFinite}</text>}
      </g>
    </svg>
  );
});

/** A non-finite entry of yhat, e.g. `yhat(3)[1] is NaN`. */
const notFiniteText = (m: Text, v: { t: number; index: number; value: number }) => m.entryNotFinite(v.t, v.index, String(v.value));

/** One column's tooltip: the target, the argmax and their probabilities. */
function columnTitle(m: Text, grid: PredictionsGrid, i: number): string {
  const c = grid.columns[i]!;
  const target = grid.rows[c.target]!.name;
  if (c.nonFinite) return m.columnNotFinite(c.t, target, notFiniteText(m, c.nonFinite));
  const p = probabilityText(c.pTarget);
  return c.correct ? m.columnRight(c.t, target, p) : m.columnWrong(c.t, target, p, grid.rows[c.argmax]!.name, probabilityText(c.probs[c.argmax]!));
}

/** The summary of the first `count` columns, e.g. `12 of 20 steps predicted right; mean p(target) 0.41`. */
function summaryOf(m: Text, grid: PredictionsGrid, count: number): string {
  const { correct, finite, meanPTarget } = totalsOf(grid, count);
  const mean = meanPTarget === null ? m.meanUnknown
    : finite < count ? m.meanOverFinite(probabilityText(meanPTarget), finite) : m.mean(probabilityText(meanPTarget));
  return [m.predictedRight(correct, count), mean].join(m.join);
}

/** The computed picture: shades, targets, crosses, and one hit area per column with its tooltip (drawn once per pass). */
const Reached = memo(function Reached({ grid, paths, theme }: { grid: PredictionsGrid; paths: PredictionPaths; theme: Theme }) {
  const { plot } = grid;
  const m = useMessages(chartsMessages);
  const h = plot.bottom - plot.top;
  return (
    <svg viewBox={`0 0 ${grid.width} ${grid.height}`} style={overlay} data-layer="reached">
      <path d={paths.background} fill={sequentialColor(0, theme)} />
      {paths.shades.map((d, i) => d && <path key={i} d={d} fill={levelColour(i + 1, theme)} data-level={i + 1} />)}
      <path d={paths.nonFiniteColumns} style={{ fill: COLOURS.panel, stroke: COLOURS.bad }} strokeDasharray="3 2" />
      <path d={paths.nonFiniteCrosses} fill="none" style={{ stroke: COLOURS.bad }} strokeWidth={1.75} />
      <path d={paths.targets} fill="none" style={{ stroke: COLOURS.onScale }} strokeWidth={paths.stroke} data-marks="target" />
      {paths.halo && <path d={paths.wrong} fill="none" style={{ stroke: COLOURS.halo }} strokeWidth={paths.stroke + 2} strokeLinecap="round" />}
      <path d={paths.wrong} fill="none" style={{ stroke: COLOURS.wrong }} strokeWidth={paths.stroke + 0.25} strokeLinecap="round" data-marks="wrong" />
      {stepElements(grid.columns.length) ? grid.columns.map((c, i) => (
        <rect
          key={c.t} x={c.x} y={plot.top} width={grid.cellWidth} height={h} fill="transparent"
          data-step={c.t} data-target={c.target} data-argmax={c.argmax} data-correct={c.correct}
        >
          <title>{columnTitle(m, grid, i)}</title>
        </rect>
      )) : (
        <HoverTarget
          left={plot.left} top={plot.top} cell={grid.cellWidth} height={h} count={grid.columns.length}
          step={(i) => grid.columns[i]!.t} title={(i) => columnTitle(m, grid, i)}
        />
      )}
    </svg>
  );
});

/** The numbers for screen readers: one row per output step, in pages of TABLE_ROWS (the page that holds the cursor). */
const NumbersTable = memo(function NumbersTable({ grid, from, to }: { grid: PredictionsGrid; from: number; to: number }) {
  const m = useMessages(chartsMessages);
  const rows = grid.columns.slice(from, to);
  const paged = rows.length < grid.columns.length;
  return (
    <table style={hidden}>
      <caption>{paged ? m.numbersPage(m.predictions, rows[0]!.t, rows[rows.length - 1]!.t, grid.tau) : m.numbers(m.predictions)}</caption>
      <thead>
        <tr><th scope="col">t</th><th scope="col">{m.target}</th><th scope="col">{m.pTarget}</th><th scope="col">argmax yhat(t)</th><th scope="col">{m.right}</th></tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.t}>
            <th scope="row">{c.t}</th>
            <td>{grid.rows[c.target]!.name}</td>
            <td>{c.nonFinite ? notFiniteText(m, c.nonFinite) : probabilityText(c.pTarget)}</td>
            <td>{c.argmax >= 0 ? grid.rows[c.argmax]!.name : m.none}</td>
            <td>{c.correct ? m.yes : m.no}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});

/** The shade scale and the marks, in words and small pictures. */
const Key = memo(function Key({ theme }: { theme: Theme }) {
  const m = useMessages(chartsMessages);
  const swatch = (fill: string, key: number) => <rect key={key} x={key * 8} y={0} width={8} height={10} fill={fill} />;
  const icon = (children: ReactNode, w = 12) => (
    <svg width={w} height={12} viewBox={`0 0 ${w} 12`} aria-hidden="true" style={{ verticalAlign: '-2px', margin: '0 0.2rem 0 0.6rem' }}>{children}</svg>
  );
  return (
    <p className="hint">
      yhat(t)[k]: 0
      {icon([swatch(sequentialColor(0, theme), 0), ...Array.from({ length: LEVELS }, (_, i) => swatch(levelColour(i + 1, theme), i + 1))], (LEVELS + 1) * 8)}
      {m.keyBelow(MIN_SHOWN)}
      {icon(<rect x={1} y={1} width={10} height={10} fill="none" style={{ stroke: COLOURS.text }} strokeWidth={1.5} />)}{m.keyTarget}
      {icon(<path d="M2,2L10,10M2,10L10,2" style={{ stroke: COLOURS.wrong }} strokeWidth={1.75} />)}{m.keyRest}
    </p>
  );
});

/** The chart of a model's pass (its trace), `width` pixels wide (the panel's), following the cursor. */
export const Predictions = memo(function Predictions({ model, trace, width }: { model: Model; trace: Trace; width: number }) {
  const position = useApp(selectPosition);
  const theme = useApp(selectDrawnTheme);
  const grid = useMemo(() => predictionsGrid(model, trace, width), [model, trace, width]);
  const paths = useMemo(() => (grid ? predictionPaths(grid) : null), [grid]);
  const m = useMessages(chartsMessages);
  const progress = grid ? chartProgress(grid.tau, position) : null;
  const cursor = grid && progress?.cursor != null ? columnIndex(grid, progress.cursor) : -1;
  const [from, to] = useTablePage(grid?.columns.length ?? 0, cursor);
  if (!grid || !paths || !progress) return null;
  const columns = grid.columns.length;
  const reached = reachedColumns(grid, progress.lossThrough);
  const right = reached > 0 ? grid.columns[reached - 1]!.x + grid.cellWidth : 0;
  const clip = `inset(0 ${((100 * (grid.width - right)) / grid.width).toFixed(3)}% 0 0)`;
  const summary = reached === 0
    ? m.noPrediction
    : reached < columns ? m.upTo(grid.columns[reached - 1]!.t, summaryOf(m, grid, reached)) : m.sentence(summaryOf(m, grid, columns));
  const which = columns === 1 ? m.oneOutputAt(grid.columns[0]!.t) : m.range(grid.tau);
  const label = [
    m.predictionsHead(m.predictions, which, grid.classes),
    `${summary.charAt(0).toLowerCase()}${summary.slice(1, -1)}`,
    ...(grid.nonFinite.length ? [m.notFiniteAt(stepsText(grid.nonFinite.map((v) => v.t)))] : []),
    ...(progress.cursor === null ? [] : [cursor < 0 ? m.cursorNoOutput(progress.cursor) : m.cursorAt(progress.cursor)]),
  ].join(m.join);
  const { plot } = grid;
  return (
    <figure style={{ margin: '0.75rem 0 0', position: 'relative' }}>
      <figcaption><h3 style={{ fontSize: '0.95rem', margin: '0 0 0.2rem', fontWeight: 600 }}>{m.predictions}</h3></figcaption>
      {/* A long sequence scrolls here, not the charts above it. */}
      <div style={{ overflowX: 'auto' }}>
        <div
          role="img" aria-label={m.sentence(label)} data-chart="predictions" data-columns={columns} data-classes={grid.classes}
          data-reached={reached} data-cursor-step={progress.cursor ?? undefined}
          style={{ position: 'relative', width: grid.width, contain: 'layout paint' }}
        >
          <Base grid={grid} paths={paths} />
          <div style={{ ...overlay, clipPath: clip }}><Reached grid={grid} paths={paths} theme={theme} /></div>
          {cursor >= 0 && (
            <svg viewBox={`0 0 ${grid.width} ${grid.height}`} style={{ ...overlay, pointerEvents: 'none' }} aria-hidden="true">
              <rect
                data-cursor={progress.cursor} x={0} y={plot.top - 3} width={grid.cellWidth} height={plot.bottom - plot.top + 6}
                transform={`translate(${grid.columns[cursor]!.x.toFixed(2)},0)`} fill="none" style={{ stroke: COLOURS.text }} strokeWidth={1.5} strokeDasharray="3 2"
              />
            </svg>
          )}
        </div>
      </div>
      <p style={noteStyle} data-testid="predictions-summary">{summary}</p>
      {grid.nonFinite.length > 0 && (
        <p style={{ ...noteStyle, color: COLOURS.bad, fontWeight: 600 }}>
          {grid.nonFinite.length > 3
            ? m.gridNotFiniteMore(grid.nonFinite.slice(0, 3).map((v) => notFiniteText(m, v)).join(m.join), grid.nonFinite.length - 3)
            : m.gridNotFinite(grid.nonFinite.map((v) => notFiniteText(m, v)).join(m.join))}
        </p>
      )}
      <Key theme={theme} />
      <NumbersTable grid={grid} from={from} to={to} />
    </figure>
  );
});
