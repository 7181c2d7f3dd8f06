/**
 * The Jacobian dh(t)/dh(k) between two chosen steps: its norm at every distance as a gradient
 * travels back, beside rho(M)^d and the bound prod tanh' ||M||, and the matrix itself; for a
 * gated cell, beside the direct path's product of gates, and for the LSTM ds(t)/ds(k) by choice.
 */
import { cellOfVariant, describeNonFinite, jacobianMaxSpan } from '../../engine/index';
import { decayChart } from '../../graph/charts/index';
import { dynamicsMessages } from '../../i18n/messages/dynamics';
import { messagesNow, useMessages } from '../../i18n/useMessages';
import { firstStep, pairFor } from '../../store/slices/analysis';
import { sceneOfKey } from '../../worker/protocol';
import { selectJacobian, selectModel, selectScene } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { Heatmap } from '../inspector/Heatmap';
import { NumberField } from '../NumberField';
import { DecayPlot } from './DecayPlot';
import { Reading, blockOf, loopText, slopeName } from './JacobianReading';
import { problemMessages } from '../../i18n/messages/problems';

/** Largest H whose Jacobian is drawn as a matrix (the norms are shown at any H). */
const MATRIX_MAX_HIDDEN = 32;

/** dh(t)/dh(k) (or another state's block) with its norms over the distance t − k. */
export function JacobianPanel() {
  const model = useApp(selectModel);
  const scene = useApp(selectScene);
  const state = useApp(selectJacobian);
  const pair = pairFor(model, state.pair);
  const tau = model.sequence.length;
  const first = firstStep(model);
  const H = model.sizes.hidden;
  const span = jacobianMaxSpan(H, model.variant);
  const m = useMessages(dynamicsMessages);
  const nonlinearity = model.nonlinearity ?? 'tanh';
  const loops = loopText(m, nonlinearity);
  // A view of an earlier version of the scene stays on screen until the current one's arrives.
  const view = state.view !== null && state.key !== null && sceneOfKey(state.key) === scene ? state.view : null;
  const current = view !== null && pair !== null && view.t === pair.t && view.k === pair.k;
  // The block shown: the chosen state's when the view has it (the LSTM's s), else dh(t)/dh(k).
  const block = view ? blockOf(view, state.shown) : null;
  const x = block?.state ?? 'h';
  // The states X stacks: h, and the LSTM's s; each step of the product costs (their number x H)^3.
  const states = cellOfVariant(model.variant).jacobian.states;

  const commit = (which: 't' | 'k', v: number | null): boolean => {
    if (v === null || pair === null) return false;
    const next = { ...pair, [which]: v };
    const lo = which === 't' ? first + 1 : Math.max(first, next.t - span);
    const hi = which === 't' ? tau : next.t - 1;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      const p = messagesNow(problemMessages);
      const got = String(v);
      appStore.getState().showError(`${which}: ${which === 't' ? p.integerRange(lo, hi, got) : next.t - span > first ? p.earlierStepSpan(lo, hi, next.t, span, H, got) : p.earlierStep(lo, hi, next.t, got)}`);
      return false;
    }
    // Moving t keeps the span when it can.
    appStore.getState().setJacobianPair(which === 't' ? { t: v, k: Math.min(v - 1, Math.max(first, v - span, pair.k)) } : next);
    return true;
  };

  return (
    <details className="analysis" open={state.open} onToggle={(e) => appStore.getState().setJacobianOpen(e.currentTarget.open)}>
      <summary>{m.jacobian}</summary>
      {pair === null ? <p className="hint">{m.noPair}</p> : (
        <>
          <div className="row">
            <NumberField label={m.later} value={pair.t} min={first + 1} max={tau} onCommit={(v) => commit('t', v)} />
            <NumberField label={m.earlier} value={pair.k} min={Math.max(first, pair.t - span)} max={pair.t - 1} onCommit={(v) => commit('k', v)} />
          </div>
          {span < tau - first && <p className="hint">{m.span(H, span, states.length > 1 ? `(${states.length}H)³` : 'H³')}</p>}
        </>
      )}
      {state.error && <p className="warning" role="alert">{state.error}</p>}
      {state.open && !current && !state.error && <p className="hint" aria-live="polite">{m.computing}</p>}
      {view && block && (
        <div className="jacobian" aria-busy={!current}>
          {view.nonFinite && <p className="warning" role="alert">{m.notFinite(describeNonFinite(view.nonFinite))}</p>}
          {states.length > 1 && (
            <fieldset className="radios">
              <legend>{m.shownLegend}</legend>
              {states.map((s) => (
                <label key={s}>
                  <input type="radio" name="jacobian-block" value={s} checked={x === s} onChange={() => appStore.getState().setJacobianShown(s)} />
                  {m.blockName(s)}
                </label>
              ))}
            </fieldset>
          )}
          <Reading view={view} shown={x} nonlinearity={nonlinearity} />
          {view.t > view.k && (
            <DecayPlot
              chart={decayChart([
                { name: `‖d${x}(${view.t})/d${x}(${view.t} − d)‖₂`, values: block.norms },
                ...(view.radius !== null && view.loop !== 'cut' ? [{ name: `ρ(${loops[view.loop].M})^d`, values: Array.from(block.norms, (_, i) => view.radius! ** (i + 1)) }] : []),
                ...(view.direct ? [{ name: m.directLine(view.direct.gate), values: view.direct.norms }] : []),
                { name: m.bound(view.loopNorm !== null ? `∏ max ${slopeName(nonlinearity)} · ‖${loops[view.loop].M}‖₂^d` : states.length > 1 ? `∏ ‖dX(s)/dX(s−1)‖₂, X = [${states.join('; ')}]` : '∏ ‖dh(s)/dh(s−1)‖₂'), values: view.bounds },
              ], view.t - view.k)}
              label={m.decay(x, view.t, view.t - view.k)}
            />
          )}
          {H <= MATRIX_MAX_HIDDEN
            ? (
              <div className="jacobian-matrices">
                <Heatmap name={`d${x}(${view.t})/d${x}(${view.k})`} values={block.jacobian} rows={H} cols={H} label={m.matrix(x, view.t, view.k, H)} />
                {view.direct && view.t > view.k && (
                  <Heatmap name={`∏ ${view.direct.gate}`} values={view.direct.product} rows={H} cols={1} label={m.product(view.direct.gate, view.t, view.k, H)} />
                )}
              </div>
            )
            : <p className="hint">{m.matrixTooLarge(H, MATRIX_MAX_HIDDEN)}</p>}
        </div>
      )}
    </details>
  );
}
