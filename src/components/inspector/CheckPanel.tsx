/**
 * The Check action: central differences in the engine worker on every entry of a node's or a
 * parameter's gradient, shown beside the analytic values with the relative error of each.
 */
import type { CheckResult, CheckTarget } from '../../engine/index';
import { appStore, useApp } from '../../store/store';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { formatNumber } from '../format';
import { selectCheck, selectModelKey } from '../../store/selectors';

/** One thing the panel can check: the button's text and the target. */
export interface CheckOption {
  /** The button's text: `Check` for the main target, e.g. `Check a(3)` for another. */
  readonly button: string;
  /** What the target is called in the results' caption, e.g. `dL/dh(3)`. */
  readonly name: string;
  readonly target: CheckTarget;
}

/** Whether two check targets name the same thing. */
export function sameTarget(a: CheckTarget, b: CheckTarget): boolean {
  if (a.kind === 'param' || b.kind === 'param') return a.kind === b.kind && a.kind === 'param' && b.kind === 'param' && a.name === b.name;
  return a.node === b.node && a.t === b.t;
}

/** The relative error in 2 significant digits. */
const relText = (x: number): string => (x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(1) : formatNumber(x));

/** The results of a check: a summary, and one row per checked entry. */
function Results({ result, name, cols }: { result: CheckResult; name: string; cols: number }) {
  const bad = result.entries.filter((e) => !e.ok).length;
  const n = result.entries.length;
  const m = useMessages(inspectorMessages);
  const index = (i: number): string => (cols > 1 ? `[${Math.floor(i / cols)}, ${i % cols}]` : String(i));
  return (
    <>
      <p className={bad === 0 ? 'check-ok' : 'warning'} data-testid="check-summary">
        {bad === 0 ? m.allAgree(n, name) : m.someDisagree(bad, n, name)}
        {result.total > n && m.onlyFirst(n, result.total)}
      </p>
      {result.truncated && (
        <p className="hint">{m.checkTruncated}</p>
      )}
      <div className="numbers-box">
        <table className="numbers check" aria-label={m.checkTable(name)}>
          <thead>
            <tr>
              <th scope="col">{m.index}</th><th scope="col">{m.analytic}</th><th scope="col">{m.full}</th>
              <th scope="col">{m.numeric}</th><th scope="col">{m.relError}</th><th scope="col">{m.okColumn}</th>
            </tr>
          </thead>
          <tbody>
            {result.entries.map((e) => (
              <tr key={e.index}>
                <th scope="row">{index(e.index)}</th>
                <td>{formatNumber(e.analytic)}</td>
                <td>{formatNumber(e.full)}</td>
                <td>{formatNumber(e.numeric)}</td>
                <td>{relText(e.relError)}</td>
                <td className={e.ok ? 'ok' : 'not-ok'}>{e.ok ? m.ok : m.notOk}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Check buttons for the given targets, and the results of the one last asked for. */
export function CheckPanel({ options, cols = 1 }: { options: readonly CheckOption[]; cols?: number }) {
  const check = useApp(selectCheck);
  const modelKey = useApp(selectModelKey);
  const m = useMessages(inspectorMessages);
  const current = check && check.key === modelKey ? options.find((o) => sameTarget(o.target, check.target)) ?? null : null;
  return (
    <div className="check-panel">
      <p className="hint">{m.checkAbout}</p>
      <div className="buttons">
        {options.map((o) => (
          <button key={o.button} type="button" onClick={() => appStore.getState().requestCheck(o.target)}>{o.button}</button>
        ))}
      </div>
      {current && check && (
        <div aria-live="polite">
          {check.error !== null && <p className="warning">{m.checkFailed(check.error)}</p>}
          {check.error === null && check.result === null && <p className="hint">{m.checking(current.name)}</p>}
          {check.result && <Results result={check.result} name={current.name} cols={current.target.kind === 'param' ? cols : 1} />}
        </div>
      )}
    </div>
  );
}
