/**
 * The Jacobian dh(t)/dh(k) between two chosen steps: its norm at every distance as a gradient
 * travels back, beside rho(M)^d and the bound prod tanh' ||M||, and the matrix itself.
 */
import type { JacobianView } from '../../engine/index';
import { describeNonFinite, jacobianMaxSpan } from '../../engine/index';
import { decayChart } from '../../graph/charts/index';
import { dynamicsMessages } from '../../i18n/messages/dynamics';
import { messagesNow, useMessages } from '../../i18n/useMessages';
import { firstStep, pairFor } from '../../store/slices/analysis';
import { sceneOfKey } from '../../worker/protocol';
import { selectJacobian, selectModel, selectScene } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { formatNumber } from '../format';
import { Heatmap } from '../inspector/Heatmap';
import { NumberField } from '../NumberField';
import { DecayPlot } from './DecayPlot';
import { problemMessages } from '../../i18n/messages/problems';

/** Largest H whose Jacobian is drawn as a matrix (the norms are shown at any H). */
const MATRIX_MAX_HIDDEN = 32;

type Text = typeof dynamicsMessages.en;

/** The loop's matrix M, by name, and what one step back multiplies by. */
const loopText = (m: Text) => ({
  W: { M: 'W', factor: 'diag(1 − h(s)²) W' },
  WV: { M: 'W V', factor: m.factorWV },
  softmax: { M: '', factor: m.factorSoftmax },
  cut: { M: '', factor: m.factorCut },
});

/** What the numbers say, in a few plain lines. */
function Reading({ view }: { view: JacobianView }) {
  const m = useMessages(dynamicsMessages);
  const d = view.t - view.k;
  const text = loopText(m)[view.loop];
  if (view.loop === 'cut') return <p>{m.cut(text.factor)}</p>;
  const rate = view.norm > 0 ? view.norm ** (1 / d) : 0;
  return (
    <>
      <p>
        {m.perStepFactor(text.factor, d)}‖dh({view.t})/dh({view.k})‖₂ = <strong data-testid="jacobian-norm">{formatNumber(view.norm)}</strong>
        {m.perStepRate(formatNumber(rate))}
      </p>
      {view.radius !== null && view.loopNorm !== null && (
        <p>
          ρ({text.M}) = <strong data-testid="jacobian-radius">{formatNumber(view.radius)}</strong>{m.radiusSo(text.M)}<sup>{d}</sup>{m.radiusLike}
          <sup>{d}</sup>{m.radiusBound(formatNumber(view.radius ** d), text.M)}<sup>d</sup>
          {m.radiusNorm(formatNumber(view.bounds[d - 1]!), text.M, formatNumber(view.loopNorm))}
          {view.radius < 1 ? m.vanishes : view.norm < 1e-3 * view.radius ** d ? m.saturates : m.grows}
        </p>
      )}
    </>
  );
}

/** dh(t)/dh(k) with its norms over the distance t − k. */
export function JacobianPanel() {
  const model = useApp(selectModel);
  const scene = useApp(selectScene);
  const state = useApp(selectJacobian);
  const pair = pairFor(model, state.pair);
  const tau = model.sequence.length;
  const first = firstStep(model);
  const H = model.sizes.hidden;
  const span = jacobianMaxSpan(H);
  const m = useMessages(dynamicsMessages);
  const loops = loopText(m);
  // A view of an earlier version of the scene stays on screen until the current one's arrives.
  const view = state.view !== null && state.key !== null && sceneOfKey(state.key) === scene ? state.view : null;
  const current = view !== null && pair !== null && view.t === pair.t && view.k === pair.k;

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
          {span < tau - first && <p className="hint">{m.span(H, span)}</p>}
        </>
      )}
      {state.error && <p className="warning" role="alert">{state.error}</p>}
      {state.open && !current && !state.error && <p className="hint" aria-live="polite">{m.computing}</p>}
      {view && (
        <div className="jacobian" aria-busy={!current}>
          {view.nonFinite && <p className="warning" role="alert">{m.notFinite(describeNonFinite(view.nonFinite))}</p>}
          <Reading view={view} />
          {view.t > view.k && (
            <DecayPlot
              chart={decayChart([
                { name: `‖dh(${view.t})/dh(${view.t} − d)‖₂`, values: view.norms },
                ...(view.radius !== null && view.loop !== 'cut' ? [{ name: `ρ(${loops[view.loop].M})^d`, values: Array.from(view.norms, (_, i) => view.radius! ** (i + 1)) }] : []),
                { name: m.bound(view.loopNorm !== null ? `∏ max tanh′ · ‖${loops[view.loop].M}‖₂^d` : '∏ ‖dh(s)/dh(s−1)‖₂'), values: view.bounds },
              ], view.t - view.k)}
              label={m.decay(view.t, view.t - view.k)}
            />
          )}
          {H <= MATRIX_MAX_HIDDEN
            ? <Heatmap name={`dh(${view.t})/dh(${view.k})`} values={view.jacobian} rows={H} cols={H} label={m.matrix(view.t, view.k, H)} />
            : <p className="hint">{m.matrixTooLarge(H, MATRIX_MAX_HIDDEN)}</p>}
        </div>
      )}
    </details>
  );
}
