import { divergingColor, sequentialColor } from '../../graph/colors';

const stops = (f: (v: number) => string, from: number, to: number) =>
  Array.from({ length: 9 }, (_, i) => f(from + ((to - from) * i) / 8)).join(', ');

/** What the colours and widths of the unfolded graph mean. */
export function Legend() {
  return (
    <div className="legend" aria-label="Legend">
      <div className="legend-item">
        <span className="legend-bar" style={{ background: `linear-gradient(to right, ${stops(divergingColor, -1, 1)})` }} />
        <span>mean of h(t), o(t): −1 … 0 … +1</span>
      </div>
      <div className="legend-item">
        <span className="legend-bar" style={{ background: `linear-gradient(to right, ${stops(sequentialColor, 0, 1)})` }} />
        <span>yhat(t) of the target, L(t); in BPTT, gradient size (log scale, also edge width)</span>
      </div>
      <div className="legend-item"><span className="legend-cut">✂</span><span>cut: no gradient crosses here (truncation, teacher forcing)</span></div>
    </div>
  );
}
