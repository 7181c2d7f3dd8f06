/**
 * A quantity over the whole training run (the loss, the spectral radius of W) as a small chart at
 * the width of its box: one column per pixel, a band from each column's minimum to its maximum (a
 * spike of one iteration still shows) and a line through its last value.
 */
import { useMemo } from 'react';
import type { RunSeries } from '../../graph/charts/index';
import { downsampleRun, lastOfRunSeries, runColumns, runCurve } from '../../graph/charts/index';
import { trainingMessages } from '../../i18n/messages/training';
import { useMessages } from '../../i18n/useMessages';
import { useWidth } from '../charts/useWidth';
import { formatNumber } from '../format';

/** The chart's height in pixels. */
const HEIGHT = 70;

export function RunCurveChart({ series, what, log = false }: { series: RunSeries; what: string; log?: boolean }) {
  const m = useMessages(trainingMessages);
  const [ref, measured] = useWidth();
  const width = measured ?? 320;
  // The columns' arrays, made once per width: every batch's new series is gathered into them.
  const columns = useMemo(() => runColumns(width), [width]);
  const curve = useMemo(() => runCurve(downsampleRun(series, width, columns), width, HEIGHT, log), [series, width, columns, log]);
  const shown = series.length >= 2 && curve.line !== '';
  const label = shown
    ? (curve.log ? m.curveLog : m.curve)(what, series.length, formatNumber(series.first), formatNumber(lastOfRunSeries(series)!))
    : '';
  return (
    <div ref={ref}>
      {shown && (
        <figure className="curve">
          <svg className="loss-curve" viewBox={`0 -4 ${width} ${HEIGHT + 8}`} role="img" aria-label={label}>
            <path className="band" d={curve.band} />
            <polyline points={curve.line} />
          </svg>
          <figcaption>{m.curveRange(label, formatNumber(curve.lo), formatNumber(curve.hi))}</figcaption>
        </figure>
      )}
    </div>
  );
}
