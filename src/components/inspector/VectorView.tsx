/**
 * A node's vector and its gradient: heat strips (numbers on hover), their Euclidean norms and a
 * compact table of the numbers at 4 significant digits, in full precision on demand; Copy puts
 * the numbers on the clipboard in full precision, as tab-separated text.
 */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { euclideanNorm, formatFull, formatNumber } from '../format';
import { maxAbs, useHeatColor } from './color';

/** One entry per cell on the diverging scale; each cell's title holds its number. */
export function HeatStrip({ name, values }: { name: string; values: Float64Array }) {
  const limit = maxAbs(values);
  const heatColor = useHeatColor();
  const m = useMessages(inspectorMessages);
  return (
    <div className="heat-strip-row">
      <div className="heat-strip" role="img" aria-label={m.strip(name, values.length, formatNumber(limit))}>
        {Array.from(values, (v, i) => (
          <span key={i} className="heat-cell" style={{ background: heatColor(v, limit) }} title={`${name}[${i}] = ${formatNumber(v)}`} />
        ))}
      </div>
      <span className="heat-scale">±{formatNumber(limit)}</span>
    </div>
  );
}

export interface VectorViewProps {
  /** The vector's name, e.g. `h(3)`. */
  readonly name: string;
  /** Its value, or null when the forward pass has not computed it yet. */
  readonly value: Float64Array | null;
  /** dL/d(vector): null when BPTT has not reached it yet, undefined when it has none. */
  readonly grad?: Float64Array | null;
  /** A name for entry i (e.g. a class with its label, as text elements). */
  readonly entryName?: (i: number) => ReactNode;
}

/**
 * The numbers of a vector and its gradient as tab-separated lines in full precision: a header,
 * then an entry a line (a number not computed yet left empty).
 */
export function vectorText(name: string, value: Float64Array | null, grad: Float64Array | null | undefined, entry: string): string {
  const length = value?.length ?? grad?.length ?? 0;
  const lines = [[entry, name, ...(grad !== undefined ? [`dL/d${name}`] : [])].join('\t')];
  for (let i = 0; i < length; i++) {
    lines.push([String(i), value ? formatFull(value[i]!) : '', ...(grad !== undefined ? [grad ? formatFull(grad[i]!) : ''] : [])].join('\t'));
  }
  return lines.join('\n');
}

/** A vector and its gradient, as heat strips, norms and numbers. */
export function VectorView({ name, value, grad, entryName }: VectorViewProps) {
  const length = value?.length ?? grad?.length ?? 0;
  const gradName = `dL/d${name}`;
  const m = useMessages(inspectorMessages);
  const [full, setFull] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const format = full ? formatFull : formatNumber;
  const notYet = <span className="pending">{m.notYet}</span>;
  const copy = () => {
    const text = vectorText(name, value, grad, m.entry);
    navigator.clipboard.writeText(text).then(() => setCopied(m.copied(length)), () => setCopied(m.copyFailed));
  };
  return (
    <div className="vector-view">
      <h4>{name}</h4>
      <div className="strips">
        <div><span className="strip-label">{m.value}</span>{value ? <HeatStrip name={name} values={value} /> : notYet}</div>
        {grad !== undefined && (
          <div><span className="strip-label">{m.gradientStrip}</span>{grad ? <HeatStrip name={gradName} values={grad} /> : notYet}</div>
        )}
      </div>
      {length > 0 && (value || grad) && (
        <p className="norms" data-testid="norms">
          {value && <span>‖{name}‖ = {format(euclideanNorm(value))}</span>}
          {grad && <span>‖{gradName}‖ = {format(euclideanNorm(grad))}</span>}
        </p>
      )}
      {length > 0 && (value || grad) && (
        <div className="vector-tools">
          <button type="button" aria-pressed={full} aria-label={m.fullPrecisionOf(name)} onClick={() => setFull(!full)}>{m.fullPrecision}</button>
          <button type="button" onClick={copy}>{m.copy(name)}</button>
          <span role="status" className="hint">{copied}</span>
        </div>
      )}
      {length > 0 && (value || grad) && (
        <div className="numbers-box">
          <table className="numbers" aria-label={m.numbersOf(name)}>
            <thead>
              <tr><th scope="col">{m.entry}</th><th scope="col">{name}</th>{grad !== undefined && <th scope="col">{gradName}</th>}</tr>
            </thead>
            <tbody>
              {Array.from({ length }, (_, i) => (
                <tr key={i}>
                  <th scope="row">{entryName ? entryName(i) : i}</th>
                  <td>{value ? format(value[i]!) : '—'}</td>
                  {grad !== undefined && <td>{grad ? format(grad[i]!) : '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
