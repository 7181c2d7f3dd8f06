import { interpolateCividis } from 'd3-scale-chromatic';
import { useEffect, useRef } from 'react';
import { trainingMessages } from '../../i18n/messages/training';
import { useMessages } from '../../i18n/useMessages';
import { formatNumber } from '../format';

interface Row {
  readonly iteration: number;
  readonly norms: Float64Array;
}

/** The smallest and largest finite positive value of the rows, on which the log colour scale runs. */
function range(rows: readonly Row[]): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const r of rows) for (const v of r.norms) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return lo <= hi ? [lo, hi] : [1, 1];
}

/**
 * ||dL/dh(t)|| over time step (across) and training iteration (down), on a log colour scale
 * (cividis, colour-blind safe): how vanishing or exploding gradients change as the model learns.
 * Zeros are drawn white and non-finite values black; the range is written beside it.
 */
export function GradientHeatmap({ rows, stacked = false }: { rows: readonly Row[]; stacked?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [lo, hi] = range(rows);
  const tau = rows.at(-1)?.norms.length ?? 0;
  const m = useMessages(trainingMessages);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || rows.length === 0) return;
    canvas.width = tau;
    canvas.height = rows.length;
    const image = ctx.createImageData(tau, rows.length);
    const span = Math.log(hi / lo) || 1;
    rows.forEach((row, y) => {
      for (let t = 0; t < tau; t++) {
        const v = row.norms[t] ?? NaN;
        const rgb = !Number.isFinite(v) ? [0, 0, 0] : v <= 0 ? [255, 255, 255]
          : (interpolateCividis(Math.log(v / lo) / span).match(/\d+/g) ?? ['0', '0', '0']).map(Number);
        image.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], (y * tau + t) * 4);
      }
    });
    ctx.putImageData(image, 0, 0);
  }, [rows, tau, lo, hi]);
  if (rows.length < 2) return null;
  const from = rows[0]!.iteration;
  const to = rows.at(-1)!.iteration;
  return (
    <figure className="heatmap">
      <canvas
        ref={ref}
        role="img"
        aria-label={m.heatmap(tau, from, to, formatNumber(lo), formatNumber(hi))}
      />
      <figcaption>{m.heatmapCaption(from, to, formatNumber(lo), formatNumber(hi))}{stacked && ` ${m.heatmapFirstLayer}`}</figcaption>
    </figure>
  );
}
