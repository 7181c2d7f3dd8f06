/**
 * A matrix as a heatmap on the diverging scale: SVG cells with their numbers as titles for
 * small matrices, one canvas pixel per entry (with a hover readout) for large ones; and the
 * numbers as a table.
 */
import { useEffect, useRef, useState } from 'react';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { formatNumber } from '../format';
import type { HeatColor } from './color';
import { maxAbs, useHeatColor } from './color';

/** Most cells drawn as SVG elements, each with its title. */
const SVG_CELLS = 4096;
/** Most cells listed in a numbers table. */
export const TABLE_CELLS = 256;

export interface HeatmapProps {
  /** What the entries are called in titles, e.g. `dL/dW`: `dL/dW[2, 3] = 0.0123`. */
  readonly name: string;
  /** rows x cols, row-major. */
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Half-width of the colour scale; the largest |entry| by default. */
  readonly limit?: number;
  /** The accessible name of the picture. */
  readonly label: string;
}

/** `name[i, j]`, or `name[i]` for a vector. */
const entryName = (name: string, cols: number, k: number): string =>
  cols === 1 ? `${name}[${k}]` : `${name}[${Math.floor(k / cols)}, ${k % cols}]`;

/** Draws one pixel per entry into a canvas. */
function paint(canvas: HTMLCanvasElement, values: Float64Array, rows: number, cols: number, limit: number, heatColor: HeatColor): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(cols, rows);
  const cache = new Map<string, [number, number, number]>();
  for (let k = 0; k < values.length; k++) {
    const css = heatColor(values[k]!, limit);
    let rgb = cache.get(css);
    if (!rgb) {
      const m = /(\d+),\s*(\d+),\s*(\d+)/.exec(css);
      rgb = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
      cache.set(css, rgb);
    }
    image.data.set([...rgb, 255], 4 * k);
  }
  ctx.putImageData(image, 0, 0);
}

/** The heatmap of a matrix. */
export function Heatmap({ name, values, rows, cols, limit, label }: HeatmapProps) {
  const scale = limit ?? maxAbs(values);
  const cell = Math.max(2, Math.min(22, Math.floor(320 / Math.max(rows, cols))));
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string | null>(null);
  const big = rows * cols > SVG_CELLS;
  const m = useMessages(inspectorMessages);
  const heatColor = useHeatColor();
  useEffect(() => {
    if (big && canvasRef.current) paint(canvasRef.current, values, rows, cols, scale, heatColor);
  }, [big, values, rows, cols, scale, heatColor]);
  const legend = <span className="heat-scale">{m.scale(formatNumber(scale))}</span>;
  if (big) {
    return (
      <figure className="heatmap">
        <canvas
          ref={canvasRef} width={cols} height={rows} role="img" aria-label={label}
          style={{ width: cols * cell, height: rows * cell }}
          onMouseMove={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            const j = Math.min(cols - 1, Math.floor(((e.clientX - box.left) / box.width) * cols));
            const i = Math.min(rows - 1, Math.floor(((e.clientY - box.top) / box.height) * rows));
            const k = i * cols + j;
            setHover(`${entryName(name, cols, k)} = ${formatNumber(values[k]!)}`);
          }}
          onMouseLeave={() => setHover(null)}
        />
        <figcaption>{hover ?? m.hover} {legend}</figcaption>
      </figure>
    );
  }
  return (
    <figure className="heatmap">
      <svg width={cols * cell} height={rows * cell} role="img" aria-label={label}>
        {Array.from(values, (v, k) => (
          <rect key={k} x={(k % cols) * cell} y={Math.floor(k / cols) * cell} width={cell} height={cell} fill={heatColor(v, scale)} data-entry={k}>
            <title>{`${entryName(name, cols, k)} = ${formatNumber(v)}`}</title>
          </rect>
        ))}
      </svg>
      <figcaption>{legend}</figcaption>
    </figure>
  );
}

/** The numbers of a small matrix as a table (rows by columns); a sentence for a large one. */
export function MatrixTable({ name, values, rows, cols }: Pick<HeatmapProps, 'name' | 'values' | 'rows' | 'cols'>) {
  const m = useMessages(inspectorMessages);
  if (rows * cols > TABLE_CELLS) return <p className="hint">{m.tooMany(rows, cols)}</p>;
  return (
    <div className="numbers-box">
      <table className="numbers matrix" aria-label={m.numbersOf(name)}>
        <thead>
          <tr><th scope="col">{m.row}</th>{Array.from({ length: cols }, (_, j) => <th key={j} scope="col">{j}</th>)}</tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              <th scope="row">{i}</th>
              {Array.from({ length: cols }, (_, j) => <td key={j}>{formatNumber(values[i * cols + j]!)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
