/**
 * Teacher forcing against free running: the Jordan network trained both ways from the same
 * start, their loss curves, their loss when run free, and what crosses time in each.
 */
import type { FeedbackComparison } from '../../engine/index';
import { decayChart } from '../../graph/decay';
import { selectComparison, selectVariant } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { formatNumber } from '../format';
import { NumberField } from '../NumberField';
import { DecayPlot } from './DecayPlot';

/** Most iterations a comparison may ask for. */
const MAX_ITERATIONS = 2000;

const sum = (v: Float64Array): number => v.reduce((a, b) => a + b, 0);

function Results({ result }: { result: FeedbackComparison }) {
  const { teacher, freeRun, free } = result;
  const freeName = `free running (f = ${free === 'logits' ? 'o' : 'ŷ'}(t−1))`;
  const last = (v: Float64Array) => (v.length > 0 ? formatNumber(v[v.length - 1]!) : '—');
  const span = Math.max(teacher.losses.length, freeRun.losses.length);
  const tau = teacher.crossing.length;
  const teacherLast = teacher.losses[teacher.losses.length - 1];
  return (
    <>
      {span >= 2 && (
        <DecayPlot
          xName="iteration"
          chart={decayChart([{ name: `loss, ${freeName}`, values: padded(freeRun.losses, span) }, { name: 'loss, teacher forcing (f = y(t−1))', values: padded(teacher.losses, span) }], span)}
          label={`Training loss over ${span} iterations, log scale: free running ends at ${last(freeRun.losses)}, teacher forcing at ${last(teacher.losses)}`}
        />
      )}
      <table className="compare-table" data-testid="comparison-table">
        <thead>
          <tr><th scope="col" /><th scope="col">teacher forcing</th><th scope="col">{freeName}</th></tr>
        </thead>
        <tbody>
          <tr><th scope="row">training loss at the end</th><td>{last(teacher.losses)}</td><td>{last(freeRun.losses)}</td></tr>
          <tr><th scope="row">loss when run free</th><td>{formatNumber(teacher.freeLoss)}</td><td>{formatNumber(freeRun.freeLoss)}</td></tr>
          <tr><th scope="row">gradient crossing time, Σₜ ‖from step t+1‖</th><td>{formatNumber(sum(teacher.crossing))}</td><td>{formatNumber(sum(freeRun.crossing))}</td></tr>
          <tr><th scope="row">steps of a training pass</th><td>independent: {tau} can run in parallel</td><td>a chain of {tau}, one after another</td></tr>
        </tbody>
      </table>
      {[teacher, freeRun].map((r) => r.fault && <p key={r.feedback} className="warning" role="alert">{r.feedback === 'teacher' ? 'Teacher forcing' : 'Free running'} stopped at {r.fault}.</p>)}
      {teacherLast !== undefined && teacher.freeLoss > teacherLast && (
        <p>
          Trained with teacher forcing, the network saw only true previous outputs. Run free, fed its own predictions, its loss is
          {' '}{formatNumber(teacher.freeLoss)} instead of {formatNumber(teacherLast)}: it never learned to recover from its own mistakes.
        </p>
      )}
      {tau >= 2 && (
        <DecayPlot
          xName="t"
          chart={decayChart([{ name: `what crosses into step t, ${freeName}`, values: freeRun.crossing }, { name: 'what crosses into step t, teacher forcing', values: teacher.crossing }], tau)}
          label={`The gradient that crosses time into each step, after training: ${formatNumber(sum(freeRun.crossing))} in total free running, ${formatNumber(sum(teacher.crossing))} with teacher forcing`}
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

export function ComparisonPanel() {
  const c = useApp(selectComparison);
  const variant = useApp(selectVariant);
  const running = c.status === 'running';
  return (
    <details className="analysis">
      <summary>Teacher forcing against free running (Jordan network)</summary>
      <p className="hint">
        Trains the output-to-hidden network twice from the same start, with the Training panel&apos;s optimizer, learning rate and clipping:
        {' '}once fed the true previous output y(t−1), once its own. {variant !== 'jordan' && 'The scene is built as a Jordan network (same sequence, seed and H).'}
      </p>
      <div className="row">
        <NumberField
          label="Iterations each"
          value={c.iterations}
          min={1}
          max={MAX_ITERATIONS}
          onCommit={(v) => {
            if (v === null || !Number.isInteger(v) || v < 1 || v > MAX_ITERATIONS) {
              appStore.getState().showError(`iterations: expected an integer in 1..${MAX_ITERATIONS}, got ${String(v)}`);
              return false;
            }
            appStore.getState().setComparisonIterations(v);
            return true;
          }}
        />
        <div className="field">
          <span className="label" aria-hidden="true">&nbsp;</span>
          <button type="button" className="primary" disabled={running} onClick={() => appStore.getState().requestComparison()}>
            {running ? 'Training both…' : 'Train both'}
          </button>
        </div>
      </div>
      <p className="hint" aria-live="polite" data-testid="comparison-status">
        {running ? `Training both for ${c.iterations} iterations in the engine…` : c.status === 'done' ? 'Done.' : ''}
      </p>
      {c.error && <p className="warning" role="alert">{c.error}</p>}
      {c.result && <Results result={c.result} />}
    </details>
  );
}
