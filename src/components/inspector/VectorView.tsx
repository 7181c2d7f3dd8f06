/** A node's vector and its gradient: heat strips (numbers on hover) and a compact table of the numbers. */
import { formatNumber } from '../format';
import { heatColor, maxAbs } from './color';

/** One entry per cell on the diverging scale; each cell's title holds its number. */
export function HeatStrip({ name, values }: { name: string; values: Float64Array }) {
  const limit = maxAbs(values);
  return (
    <div className="heat-strip-row">
      <div className="heat-strip" role="img" aria-label={`${name}: ${values.length} entries as colours, scale ±${formatNumber(limit)}`}>
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
  /** A name for entry i (e.g. a class with its label), shown as text. */
  readonly entryName?: (i: number) => string;
}

const NOT_YET = 'not computed yet at this position';

/** A vector and its gradient, as heat strips and as numbers. */
export function VectorView({ name, value, grad, entryName }: VectorViewProps) {
  const length = value?.length ?? grad?.length ?? 0;
  const gradName = `dL/d${name}`;
  return (
    <div className="vector-view">
      <h4>{name}</h4>
      <div className="strips">
        <div><span className="strip-label">value</span>{value ? <HeatStrip name={name} values={value} /> : <span className="pending">{NOT_YET}</span>}</div>
        {grad !== undefined && (
          <div><span className="strip-label">gradient</span>{grad ? <HeatStrip name={gradName} values={grad} /> : <span className="pending">{NOT_YET}</span>}</div>
        )}
      </div>
      {length > 0 && (value || grad) && (
        <div className="numbers-box">
          <table className="numbers" aria-label={`Numbers of ${name}`}>
            <thead>
              <tr><th scope="col">Entry</th><th scope="col">{name}</th>{grad !== undefined && <th scope="col">{gradName}</th>}</tr>
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
