/**
 * The comparisons of trainings on one sequence. Teacher forcing against free running: the Jordan
 * network trained both ways from the same start, their loss curves, their loss when run free, and
 * what crosses time in each. Then the cells side by side (CellComparisonPanel).
 */
import type { FeedbackComparison } from '../../engine/index';
import { feedsBack } from '../../engine/index';
import { decayChart } from '../../graph/charts/index';
import { dynamicsMessages } from '../../i18n/messages/dynamics';
import { useMessages } from '../../i18n/useMessages';
import { selectComparison, selectVariant } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { TrainRun } from './TrainRun';
import { formatNumber } from '../format';
import { CellComparisonPanel } from './CellComparisonPanel';
import { DecayPlot } from './DecayPlot';


const sum = (v: Float64Array): number => v.reduce((a, b) => a + b, 0);

function Results({ result }: { result: FeedbackComparison }) {
  const { teacher, freeRun, free } = result;
  const m = useMessages(dynamicsMessages);
  const freeName = m.freeRunning(free === 'logits' ? 'o' : 'ŷ');
  const last = (v: Float64Array) => (v.length > 0 ? formatNumber(v[v.length - 1]!) : '—');
  const span = Math.max(teacher.losses.length, freeRun.losses.length);
  const tau = teacher.crossing.length;
  const teacherLast = teacher.losses[teacher.losses.length - 1];
  return (
    <>
      {span >= 2 && (
        <DecayPlot
          xName={m.iterationAxis}
          chart={decayChart([{ name: m.lossFree(freeName), values: padded(freeRun.losses, span) }, { name: m.lossTeacher, values: padded(teacher.losses, span) }], span)}
          label={m.lossChart(span, last(freeRun.losses), last(teacher.losses))}
        />
      )}
      <table className="compare-table" data-testid="comparison-table">
        <thead>
          <tr><th scope="col" /><th scope="col">{m.teacherForcing}</th><th scope="col">{freeName}</th></tr>
        </thead>
        <tbody>
          <tr><th scope="row">{m.endLoss}</th><td>{last(teacher.losses)}</td><td>{last(freeRun.losses)}</td></tr>
          <tr><th scope="row">{m.freeLoss}</th><td>{formatNumber(teacher.freeLoss)}</td><td>{formatNumber(freeRun.freeLoss)}</td></tr>
          <tr><th scope="row">{m.crossing}</th><td>{formatNumber(sum(teacher.crossing))}</td><td>{formatNumber(sum(freeRun.crossing))}</td></tr>
          <tr><th scope="row">{m.passSteps}</th><td>{m.parallel(tau)}</td><td>{m.chain(tau)}</td></tr>
        </tbody>
      </table>
      {[teacher, freeRun].map((r) => r.fault && <p key={r.feedback} className="warning" role="alert">{(r.feedback === 'teacher' ? m.teacherStopped : m.freeStopped)(r.fault)}</p>)}
      {teacherLast !== undefined && teacher.freeLoss > teacherLast && (
        <p>{m.neverLearned(formatNumber(teacher.freeLoss), formatNumber(teacherLast))}</p>
      )}
      {tau >= 2 && (
        <DecayPlot
          xName="t"
          chart={decayChart([{ name: m.crossFree(freeName), values: freeRun.crossing }, { name: m.crossTeacher, values: teacher.crossing }], tau)}
          label={m.crossChart(formatNumber(sum(freeRun.crossing)), formatNumber(sum(teacher.crossing)))}
        />
      )}
    </>
  );
}

/** A curve padded with NaN to `span` entries (a run a blow-up stopped early is shorter). */
function padded(v: Float64Array, span: number): Float64Array {
  const out = new Float64Array(span).fill(NaN);
  out.set(v);
  return out;
}

/** Both comparisons: teacher forcing against free running, then the cells side by side. */
export function ComparisonPanel() {
  return (
    <>
      <FeedbackComparisonPanel />
      <CellComparisonPanel />
    </>
  );
}

function FeedbackComparisonPanel() {
  const c = useApp(selectComparison);
  const variant = useApp(selectVariant);
  const running = c.status === 'running';
  const m = useMessages(dynamicsMessages);
  return (
    <details className="analysis">
      <summary>{m.comparison}</summary>
      <p className="hint">{m.about} {!feedsBack(variant) && m.asJordan}</p>
      <TrainRun
        iterations={c.iterations}
        running={running}
        done={c.status === 'done'}
        text={{ iterations: m.iterations, run: m.trainBoth, running: m.trainingBoth, status: m.status(c.iterations), done: m.done }}
        setIterations={(v) => appStore.getState().setComparisonIterations(v)}
        run={() => appStore.getState().requestComparison()}
        statusTestId="comparison-status"
      />
      {c.error && <p className="warning" role="alert">{c.error}</p>}
      {c.result && <Results result={c.result} />}
    </details>
  );
}
