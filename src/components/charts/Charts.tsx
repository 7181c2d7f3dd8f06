/**
 * The step charts: L(t) per step, ||dL/dh(t)|| per step on a log scale (vanishing or exploding
 * gradients), and yhat(t) against y(t) (Predictions.tsx), all following the cursor. The marks
 * are drawn once per pass (memoised on the trace): a grey copy of every step, and a coloured copy
 * over it clipped to the steps the cursor has computed, so a step changes only a CSS clip, the
 * cursor's transform and a label.
 */
import type { CSSProperties } from 'react';
import { memo, useMemo } from 'react';
import type { ChartProgress, MarkPaint, StepChart } from '../../graph/charts/index';
import { MIN_CHART_WIDTH, chartProgress, chartsGeometry, markPath, marksPaths, reachedSpan, reachedSteps, stepX, stepsText } from '../../graph/charts/index';
import { stepElements } from '../../graph/charts/index';
import { appMessages } from '../../i18n/messages/app';
import { chartsMessages } from '../../i18n/messages/charts';
import { useMessages } from '../../i18n/useMessages';
import { selectPass, selectPosition } from '../../store/selectors';
import { useApp, useDeferredApp } from '../../store/store';
import { formatNumber } from '../format';
import { HoverTarget } from './HoverTarget';
import { Predictions } from './Predictions';
import { useTablePage } from './useTablePage';
import { useWidth } from './useWidth';

/**
 * The theme's colours (styles.css), set through `style` (SVG presentation attributes take no
 * var()): Okabe-Ito blue and vermillion (colour-blind safe), unreached steps in grey, text at AA
 * contrast on the panel.
 */
const COLOURS = {
  loss: 'var(--chart-1)', norm: 'var(--chart-2)', grey: 'var(--chart-unreached)', axis: 'var(--muted)', text: 'var(--text)', grid: 'var(--chart-grid)',
  bad: 'var(--danger)', panel: 'var(--panel)',
} as const;
type Text = typeof chartsMessages.en;

const hidden: CSSProperties = {
  position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0,
};
const figureStyle: CSSProperties = { margin: '0.75rem 0 0', position: 'relative' };
const titleStyle: CSSProperties = { fontSize: '0.95rem', margin: '0 0 0.2rem', fontWeight: 600 };
const noteStyle: CSSProperties = { margin: '0.15rem 0 0', fontSize: '0.85rem', color: COLOURS.text };

/** Names of the chart's value at step t, for text. */
const valueName = (chart: StepChart, t: number) => (chart.kind === 'loss' ? `L(${t})` : `||dL/dh(${t})||`);

/** Axes, grid lines and tick labels: drawn once per chart. */
const Axes = memo(function Axes({ chart }: { chart: StepChart }) {
  const { plot } = chart;
  const m = useMessages(chartsMessages);
  return (
    <g aria-hidden="true" fontSize={11} style={{ fill: COLOURS.axis }}>
      {chart.yTicks.map((k) => (
        <g key={k.value}>
          <line x1={plot.left} x2={plot.right} y1={k.pos} y2={k.pos} style={{ stroke: COLOURS.grid }} />
          <text x={plot.left - 6} y={k.pos} dy="0.32em" textAnchor="end">{k.label}</text>
        </g>
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} style={{ stroke: COLOURS.axis }} />
      <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} style={{ stroke: COLOURS.axis }} />
      {chart.xTicks.map((k) => (
        <g key={k.value}>
          <line x1={k.pos} x2={k.pos} y1={plot.bottom} y2={plot.bottom + 4} style={{ stroke: COLOURS.axis }} />
          <text x={k.pos} y={plot.bottom + 15} textAnchor="middle">{k.label}</text>
        </g>
      ))}
      <text x={plot.right} y={plot.bottom + 15} dx={10} textAnchor="end">t</text>
      {chart.nonFinite.length > 0 && <text x={plot.left - 6} y={chart.bandY} dy="0.32em" textAnchor="end">{m.notFinite}</text>}
    </g>
  );
});

/** Painting of a mark outline (a zero's hollow triangle is filled with the panel's colour so the grid does not show through). */
const paintOf = (paint: MarkPaint, colour: string) => (paint === 'fill'
  ? { style: { fill: colour } }
  : { style: { fill: paint === 'hollow' ? COLOURS.panel : 'none', stroke: colour }, strokeWidth: 1.75 });

/** Every step's mark in a few paths (line, filled, hollow, stroked), not tau elements (drawn once per pass). */
const MarkPaths = memo(function MarkPaths({ chart, colour, lineOpacity = 1 }: { chart: StepChart; colour: string; lineOpacity?: number }) {
  const paths = useMemo(() => marksPaths(chart), [chart]);
  return (
    <g>
      {chart.line && <path d={chart.line} fill="none" style={{ stroke: colour }} strokeWidth={1.25} strokeOpacity={lineOpacity} />}
      {(['fill', 'hollow', 'stroke'] as const).map((paint) => paths[paint] && <path key={paint} d={paths[paint]} {...paintOf(paint, colour)} />)}
    </g>
  );
});

/** The tooltip of step t's mark, e.g. `t = 3: L(3) = 2.303`. */
const markTitle = (chart: StepChart, m: StepChart['marks'][number]) => `t = ${m.t}: ${valueName(chart, m.t)} = ${formatNumber(m.value)}`;

/**
 * Every step's mark in colour (drawn once per pass): one element each with data-step, data-kind
 * and a tooltip, or past STEP_ELEMENTS_MAX steps the paths and one hover target.
 */
const ColourMarks = memo(function ColourMarks({ chart, colour }: { chart: StepChart; colour: string }) {
  if (!stepElements(chart.marks.length)) {
    const { plot } = chart;
    return (
      <g>
        <MarkPaths chart={chart} colour={colour} lineOpacity={0.8} />
        <HoverTarget
          left={plot.left} top={plot.top} cell={chart.stepWidth} height={plot.bottom - plot.top} count={chart.marks.length}
          step={(i) => chart.marks[i]!.t} title={(i) => markTitle(chart, chart.marks[i]!)}
        />
      </g>
    );
  }
  return (
    <g>
      {chart.line && <path d={chart.line} fill="none" style={{ stroke: colour }} strokeWidth={1.25} strokeOpacity={0.8} />}
      {chart.marks.map((m) => {
        const { d, paint } = markPath(chart, m);
        return (
          <path key={m.t} d={d} {...paintOf(paint, colour)} data-step={m.t} data-kind={m.kind}>
            <title>{markTitle(chart, m)}</title>
          </path>
        );
      })}
    </g>
  );
});

/** The numbers of a chart for screen readers: one row per step, in pages of TABLE_ROWS (the page that holds the cursor). */
const NumbersTable = memo(function NumbersTable({ chart, title, from, to }: { chart: StepChart; title: string; from: number; to: number }) {
  const m = useMessages(chartsMessages);
  const rows = chart.marks.slice(from, to);
  const paged = rows.length < chart.marks.length;
  return (
    <table style={hidden}>
      <caption>{paged ? m.numbersPage(title, rows[0]!.t, rows[rows.length - 1]!.t, chart.tau) : m.numbers(title)}</caption>
      <thead><tr><th scope="col">t</th><th scope="col">{chart.kind === 'loss' ? 'L(t)' : '||dL/dh(t)||'}</th></tr></thead>
      <tbody>
        {rows.map((r) => <tr key={r.t}><th scope="row">{r.t}</th><td>{formatNumber(r.value)}</td></tr>)}
      </tbody>
    </table>
  );
});

/** What a chart shows, in one sentence for its aria-label; it follows the cursor. */
function summary(m: Text, chart: StepChart, progress: ChartProgress): string {
  const { smallest, largest } = chart;
  const parts: string[] = [];
  if (chart.kind === 'loss') {
    parts.push(chart.marks.length === 1 ? m.oneOutput(chart.tau, formatNumber(chart.marks[0]!.value)) : m.range(chart.tau));
    if (largest && smallest && chart.marks.length > 1) {
      parts.push(largest.value === smallest.value
        ? m.sameLoss(formatNumber(largest.value))
        : m.lossExtremes(largest.t, formatNumber(largest.value), smallest.t, formatNumber(smallest.value)));
    }
  } else {
    parts.push(m.range(chart.tau));
    if (largest && smallest) parts.push(m.normExtremes(formatNumber(smallest.value), smallest.t, formatNumber(largest.value), largest.t));
    if (chart.zeros.length) parts.push(m.zeroAt(stepsText(chart.zeros)));
  }
  if (chart.nonFinite.length) parts.push(m.notFiniteAt(stepsText(chart.nonFinite.map((v) => v.t))));
  const steps = reachedSteps(chart, progress);
  parts.push(steps ? m.computed(steps[0], steps[1]) : m.nothingYet);
  if (progress.cursor !== null) parts.push(m.cursorAt(progress.cursor));
  return m.summary(chart.kind === 'loss' ? m.lossTitle : m.normTitle, parts.join(m.join));
}

/** Notes under a chart naming what is not drawn as a number: non-finite values and zero norms. */
const Notes = memo(function Notes({ chart }: { chart: StepChart }) {
  const m = useMessages(chartsMessages);
  const byValue = new Map<string, number[]>();
  for (const v of chart.nonFinite) {
    const name = formatNumber(v.value);
    const steps = byValue.get(name);
    if (steps) steps.push(v.t);
    else byValue.set(name, [v.t]);
  }
  return (
    <>
      {[...byValue].map(([name, steps]) => (
        <p key={name} style={{ ...noteStyle, color: COLOURS.bad, fontWeight: 600 }}>
          {m.notFiniteNote(chart.kind === 'loss' ? 'L(t)' : '||dL/dh(t)||', name, stepsText(steps))}
        </p>
      ))}
      {chart.zeros.length > 0 && <p style={noteStyle}>{m.zeroNote(stepsText(chart.zeros), formatNumber(chart.floor))}</p>}
    </>
  );
});

/** The static picture of a chart: axes and every step's mark in grey (drawn once per pass). */
const Base = memo(function Base({ chart }: { chart: StepChart }) {
  return (
    <svg width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`} style={{ display: 'block' }} aria-hidden="true">
      <Axes chart={chart} />
      <MarkPaths chart={chart} colour={COLOURS.grey} />
    </svg>
  );
});

/** The coloured marks over the base, with data-step and a tooltip each (drawn once per pass; only their clip moves). */
const Reached = memo(function Reached({ chart, colour }: { chart: StepChart; colour: string }) {
  return (
    <svg viewBox={`0 0 ${chart.width} ${chart.height}`} style={overlay} data-layer="reached">
      <ColourMarks chart={chart} colour={colour} />
    </svg>
  );
});

const overlay: CSSProperties = { position: 'absolute', left: 0, top: 0, width: '100%', height: '100%' };

/**
 * One chart: title, the grey base, the coloured marks clipped (CSS clip-path, a paint-only
 * change) to the steps the cursor has computed, the cursor marker, and the numbers as a table.
 */
function ChartFigure({ chart, progress, title, colour }: { chart: StepChart; progress: ChartProgress; title: string; colour: string }) {
  const span = reachedSpan(chart, progress);
  const steps = reachedSteps(chart, progress);
  const cursorX = progress.cursor === null ? null : stepX(chart, progress.cursor);
  const { plot } = chart;
  const m = useMessages(chartsMessages);
  const pct = (x: number) => `${((100 * x) / chart.width).toFixed(3)}%`;
  const clip = span ? `inset(0 ${pct(chart.width - span[1])} 0 ${pct(span[0])})` : 'inset(0 100% 0 0)';
  const [from, to] = useTablePage(chart.marks.length, progress.cursor === null ? null : progress.cursor - chart.marks[0]!.t);
  return (
    <figure style={figureStyle}>
      <figcaption><h3 style={titleStyle}>{title}</h3></figcaption>
      <div
        role="img"
        aria-label={summary(m, chart, progress)}
        style={{ position: 'relative', width: chart.width, contain: 'layout paint' }}
        data-chart={chart.kind}
        data-cursor-step={progress.cursor ?? undefined}
        data-reached-from={steps?.[0]}
        data-reached-to={steps?.[1]}
      >
        <Base chart={chart} />
        <div style={{ ...overlay, clipPath: clip }}><Reached chart={chart} colour={colour} /></div>
        {cursorX !== null && (
          <svg viewBox={`0 0 ${chart.width} ${chart.height}`} style={{ ...overlay, pointerEvents: 'none' }} aria-hidden="true">
            <g data-cursor={progress.cursor} transform={`translate(${cursorX.toFixed(2)},0)`}>
              <line x1={0} x2={0} y1={plot.top - 4} y2={plot.bottom} style={{ stroke: COLOURS.text }} strokeWidth={1.25} strokeDasharray="3 2" />
              <path d={`M-5,${plot.top - 10}h10l-5,6z`} style={{ fill: COLOURS.text }} />
            </g>
          </svg>
        )}
      </div>
      <Notes chart={chart} />
      <NumbersTable chart={chart} title={title} from={from} to={to} />
    </figure>
  );
}

/** The loss, gradient-norm and prediction charts of the current pass (a deferred render: a long new pass draws in slices), following the cursor. */
export function Charts() {
  const { model, trace } = useDeferredApp(selectPass);
  const position = useApp(selectPosition);
  const [ref, width] = useWidth();
  const m = useMessages(chartsMessages);
  const waiting = useMessages(appMessages).waiting;
  const geometry = useMemo(() => (trace && width !== null ? chartsGeometry(model, trace, width) : null), [model, trace, width]);
  const progress = geometry ? chartProgress(geometry.tau, position) : null;
  return (
    <div className="charts" data-testid="charts" ref={ref} style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-labelledby="charts-title">
      {trace && geometry && progress ? (
        <>
          <ChartFigure chart={geometry.loss} progress={progress} title={m.lossTitle} colour={COLOURS.loss} />
          <ChartFigure chart={geometry.norm} progress={progress} title={m.normTitle} colour={COLOURS.norm} />
          <p className="hint">{m.hint}</p>
          <Predictions model={model} trace={trace} width={width ?? MIN_CHART_WIDTH} />
        </>
      ) : <p className="hint">{waiting}</p>}
    </div>
  );
}
