/** A node's vector and its gradient: heat strips (numbers on hover) and a compact table of the numbers. */
import type { ReactNode } from 'react';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { formatNumber } from '../format';
import { heatColor, maxAbs } from './color';

/** One entry per cell on the diverging scale; each cell's title holds its number. */
export function HeatStrip({ name, values }: { name: string; values: Float64Array }) {
  const limit = maxAbs(values);
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

/** A vector and its gradient, as heat strips and as numbers. */
export function VectorView({ name, value, grad, entryName }: VectorViewProps) {
  const length = value?.length ?? grad?.length ?? 0;
  const gradName = `dL/d${name}`;
  const m = useMessages(inspectorMessages);
  const notYet = <span className="pending">{m.notYet}</span>;
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
        <div className="numbers-box">
          <table className="numbers" aria-label={m.numbersOf(name)}>
            <thead>
              <tr><th scope="col">{m.entry}</th><th scope="col">{name}</th>{grad !== undefined && <th scope="col">{gradName}</th>}</tr>
            </thead>
            <tbody>
              {Array.from({ length }, (_, i) => (
                <tr key={i}>
                  <th scope="row">{entryName ? entryName(i) : i}</th>
                  <td>{value ? formatNumber(value[i]!) : '—'}</td>
                  {grad !== undefined && <td>{grad ? formatNumber(grad[i]!) : '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
