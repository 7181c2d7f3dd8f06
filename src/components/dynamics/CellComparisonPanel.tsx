/**
 * The cells side by side (book section 10.10): the Elman, LSTM and GRU cells trained on the
 * scene's sequence from its seed, one loss curve per cell, and the per-step loss each ends with.
 */
import type { CellComparison } from '../../engine/index';
import { decayChart } from '../../graph/charts/index';
import { dynamicsMessages } from '../../i18n/messages/dynamics';
import { useMessages } from '../../i18n/useMessages';
import { selectCellComparison } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { TrainRun } from './TrainRun';
import { formatNumber } from '../format';
import { DecayPlot } from './DecayPlot';


/** The smallest entry of a curve (Infinity for none). */
const lowest = (v: Float64Array): number => v.reduce((a, b) => Math.min(a, b), Infinity);

/** A curve padded with NaN to `span` entries (a run a blow-up stopped early is shorter). */
function padded(v: Float64Array, span: number): Float64Array {
  const out = new Float64Array(span).fill(NaN);
  out.set(v);
  return out;
}

function Results({ result }: { result: CellComparison }) {
  const m = useMessages(dynamicsMessages);
  const { runs } = result;
  const span = Math.max(...runs.map((r) => r.losses.length));
  const tau = runs[0]?.stepLosses.length ?? 0;
  const text = (v: number | undefined) => (v === undefined || v === Infinity ? '—' : formatNumber(v));
  const ends = runs.map((r) => m.cellEnd(m.cellName(r.variant), text(r.losses.at(-1)))).join(m.listSeparator);
  return (
    <>
      {span >= 2 && (
        <DecayPlot
          xName={m.iterationAxis}
          chart={decayChart(runs.map((r) => ({ name: m.cellLoss(m.cellName(r.variant)), values: padded(r.losses, span) })), span)}
          label={m.cellsChart(span, ends)}
        />
      )}
      <table className="compare-table" data-testid="cell-comparison-table">
        <thead>
          <tr>
            <th scope="col">{m.cellColumn}</th>
            <th scope="col">{m.startLoss}</th>
            <th scope="col">{m.endLoss}</th>
            <th scope="col">{m.lowestLoss}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.variant} data-cell={r.variant} data-final-loss={String(r.losses.at(-1) ?? NaN)} data-iterations={r.losses.length}>
              <th scope="row">{m.cellName(r.variant)}</th>
              <td>{text(r.losses[0])}</td>
              <td>{text(r.losses.at(-1))}</td>
              <td>{text(lowest(r.losses))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.map((r) => r.fault && <p key={r.variant} className="warning" role="alert">{m.cellStopped(m.cellName(r.variant), r.fault)}</p>)}
      {tau >= 2 && (
        <DecayPlot
          xName="t"
          chart={decayChart(runs.map((r) => ({ name: m.cellStepLoss(m.cellName(r.variant)), values: r.stepLosses })), tau)}
          label={m.cellsStepChart(tau)}
        />
      )}
    </>
  );
}

export function CellComparisonPanel() {
  const c = useApp(selectCellComparison);
  const running = c.status === 'running';
  const m = useMessages(dynamicsMessages);
  return (
    <details className="analysis" data-testid="cell-comparison">
      <summary>{m.cells}</summary>
      <p className="hint">{m.cellsAbout}</p>
      <TrainRun
        iterations={c.iterations}
        running={running}
        done={c.status === 'done'}
        text={{ iterations: m.cellsIterations, run: m.trainCells, running: m.trainingCells, status: m.cellsStatus(c.iterations), done: m.done }}
        setIterations={(v) => appStore.getState().setCellComparisonIterations(v)}
        run={() => appStore.getState().requestCellComparison()}
        statusTestId="cell-comparison-status"
      />
      {c.error && <p className="warning" role="alert">{c.error}</p>}
      {c.result && <Results result={c.result} />}
    </details>
  );
}
