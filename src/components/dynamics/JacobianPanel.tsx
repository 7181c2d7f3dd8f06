/**
 * The Jacobian dh(t)/dh(k) between two chosen steps: its norm at every distance as a gradient
 * travels back, beside rho(M)^d and the bound prod tanh' ||M||, and the matrix itself.
 */
import type { JacobianView } from '../../engine/index';
import { describeNonFinite, jacobianMaxSpan } from '../../engine/index';
import { decayChart } from '../../graph/decay';
import { firstStep, pairFor } from '../../store/slices/analysis';
import { sameLineage } from '../../store/slices/model';
import { selectJacobian, selectModel, selectModelKey } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import { formatNumber } from '../format';
import { Heatmap } from '../inspector/Heatmap';
import { NumberField } from '../NumberField';
import { DecayPlot } from './DecayPlot';

/** Largest H whose Jacobian is drawn as a matrix (the norms are shown at any H). */
const MATRIX_MAX_HIDDEN = 32;

/** The loop's matrix M, by name, and what one step back multiplies by. */
const LOOP_TEXT = {
  W: { M: 'W', factor: 'diag(1 − h(s)²) W' },
  WV: { M: 'W V', factor: 'diag(1 − h(s)²) W V (the path runs through the output o(s−1) fed back)' },
  softmax: { M: '', factor: 'diag(1 − h(s)²) W (diag(p) − p pᵀ) V with p = ŷ(s−1): it depends on the prediction' },
  cut: { M: '', factor: '0: with teacher forcing, f(s−1) = y(s−1) is data, not a function of h(s−1)' },
} as const;

/** What the numbers say, in a few plain lines. */
function Reading({ view }: { view: JacobianView }) {
  const d = view.t - view.k;
  const text = LOOP_TEXT[view.loop];
  if (view.loop === 'cut') {
    return <p>Each step back multiplies by {text.factor}. So dh(t)/dh(k) = 0 for every k &lt; t: no gradient crosses time, and every step can be trained on its own.</p>;
  }
  const rate = view.norm > 0 ? view.norm ** (1 / d) : 0;
  return (
    <>
      <p>
        Each step back multiplies the gradient by dh(s)/dh(s−1) = {text.factor}. Over d = t − k = {d} steps:
        {' '}‖dh({view.t})/dh({view.k})‖₂ = <strong data-testid="jacobian-norm">{formatNumber(view.norm)}</strong>,
        {' '}about {formatNumber(rate)} per step.
      </p>
      {view.radius !== null && view.loopNorm !== null && (
        <p>
          ρ({text.M}) = <strong data-testid="jacobian-radius">{formatNumber(view.radius)}</strong>, so ({text.M})<sup>{d}</sup> grows or shrinks
          like ρ<sup>{d}</sup> = {formatNumber(view.radius ** d)}. Since tanh′ ≤ 1, the product is at most
          {' '}∏ max tanh′ · ‖{text.M}‖₂<sup>d</sup> = {formatNumber(view.bounds[d - 1]!)} (‖{text.M}‖₂ = {formatNumber(view.loopNorm)}).
          {' '}{view.radius < 1
            ? 'ρ < 1: the gradient vanishes geometrically as it travels back.'
            : view.norm < 1e-3 * view.radius ** d
              ? 'ρ ≥ 1, yet the measured norm is far below ρ^d: h(t) saturates, tanh′ is small, and the gradient vanishes anyway.'
              : 'ρ ≥ 1: the gradient can grow as it travels back, until tanh saturates.'}
        </p>
      )}
    </>
  );
}

/** dh(t)/dh(k) with its norms over the distance t − k. */
export function JacobianPanel() {
  const model = useApp(selectModel);
  const modelKey = useApp(selectModelKey);
  const state = useApp(selectJacobian);
  const pair = pairFor(model, state.pair);
  const tau = model.sequence.length;
  const first = firstStep(model);
  const H = model.sizes.hidden;
  const span = jacobianMaxSpan(H);
  const view = state.view !== null && state.key !== null && sameLineage(state.key, modelKey) ? state.view : null;
  const current = view !== null && pair !== null && view.t === pair.t && view.k === pair.k;

  const commit = (which: 't' | 'k', v: number | null): boolean => {
    if (v === null || pair === null) return false;
    const next = { ...pair, [which]: v };
    const lo = which === 't' ? first + 1 : Math.max(first, next.t - span);
    const hi = which === 't' ? tau : next.t - 1;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      appStore.getState().showError(`${which}: expected an integer in ${lo}..${hi}${which === 'k' ? ` (k < t = ${next.t}${next.t - span > first ? `, at most ${span} steps back at H = ${H}` : ''})` : ''}, got ${String(v)}`);
      return false;
    }
    // Moving t keeps the span when it can.
    appStore.getState().setJacobianPair(which === 't' ? { t: v, k: Math.min(v - 1, Math.max(first, v - span, pair.k)) } : next);
    return true;
  };

  return (
    <details className="analysis" open={state.open} onToggle={(e) => appStore.getState().setJacobianOpen(e.currentTarget.open)}>
      <summary>The Jacobian dh(t)/dh(k): why gradients vanish or explode</summary>
      {pair === null ? <p className="hint">Jordan over one step has no two steps to relate.</p> : (
        <>
          <div className="row">
            <NumberField label="Later step t" value={pair.t} min={first + 1} max={tau} onCommit={(v) => commit('t', v)} />
            <NumberField label="Earlier step k" value={pair.k} min={Math.max(first, pair.t - span)} max={pair.t - 1} onCommit={(v) => commit('k', v)} />
          </div>
          {span < tau - first && <p className="hint">At H = {H} each step of the product costs H³: the view goes at most {span} steps back.</p>}
        </>
      )}
      {state.error && <p className="warning" role="alert">{state.error}</p>}
      {state.open && !current && !state.error && <p className="hint" aria-live="polite">Computing dh(t)/dh(k) in the engine…</p>}
      {view && (
        <div className="jacobian" aria-busy={!current}>
          {view.nonFinite && <p className="warning" role="alert">The forward pass is not finite: {describeNonFinite(view.nonFinite)}. These numbers are not either.</p>}
          <Reading view={view} />
          {view.t > view.k && (
            <DecayPlot
              chart={decayChart([
                { name: `‖dh(${view.t})/dh(${view.t} − d)‖₂`, values: view.norms },
                ...(view.radius !== null && view.loop !== 'cut' ? [{ name: `ρ(${LOOP_TEXT[view.loop].M})^d`, values: Array.from(view.norms, (_, i) => view.radius! ** (i + 1)) }] : []),
                { name: view.loopNorm !== null ? `∏ max tanh′ · ‖${LOOP_TEXT[view.loop].M}‖₂^d (bound)` : '∏ ‖dh(s)/dh(s−1)‖₂ (bound)', values: view.bounds },
              ], view.t - view.k)}
              label={`Norm of dh(${view.t})/dh(${view.t} − d) for d = 1 to ${view.t - view.k}, log scale`}
            />
          )}
          {H <= MATRIX_MAX_HIDDEN
            ? <Heatmap name={`dh(${view.t})/dh(${view.k})`} values={view.jacobian} rows={H} cols={H} label={`The Jacobian dh(${view.t})/dh(${view.k}), ${H} by ${H}`} />
            : <p className="hint">The {H} × {H} matrix is not drawn above H = {MATRIX_MAX_HIDDEN}; its norms are above.</p>}
        </div>
      )}
    </details>
  );
}
