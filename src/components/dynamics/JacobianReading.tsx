/**
 * What a Jacobian view's numbers say, in a few plain lines: for the section 10.2 cells by the
 * loop's matrix (rho(M) and the slopes of the nonlinearity), for the gated cells by the direct
 * path (the product of the LSTM's forget gates, of the GRU's update gates) against the rest.
 */
import type { JacobianView, Nonlinearity, StateBlock } from '../../engine/index';
import { dynamicsMessages } from '../../i18n/messages/dynamics';
import { useMessages } from '../../i18n/useMessages';
import { formatNumber } from '../format';

type Text = typeof dynamicsMessages.en;

/** The norm a block must keep over the span for the gradient to be said to survive it: a hundredth. */
const SURVIVES = 1e-2;

/** The slope's name: tanh′, or ReLU′. */
export const slopeName = (nonlinearity: Nonlinearity): string => (nonlinearity === 'relu' ? 'ReLU′' : 'tanh′');

/** The loop's matrix M, by name, and what one step back multiplies by. */
export const loopText = (m: Text, nonlinearity: Nonlinearity) => ({
  W: { M: 'W', factor: nonlinearity === 'relu' ? 'diag([h(s) > 0]) W' : 'diag(1 − h(s)²) W' },
  WV: { M: 'W V', factor: m.factorWV },
  softmax: { M: '', factor: m.factorSoftmax },
  cut: { M: '', factor: m.factorCut },
  gated: { M: '', factor: '' },
});

/** The block of a view for a state: dh(t)/dh(k) (`h`), or another state's (the LSTM's `s`); h when the view has no such state. */
export function blockOf(view: JacobianView, state: string): StateBlock {
  return view.others.find((b) => b.state === state) ?? { state: 'h', jacobian: view.jacobian, norm: view.norm, norms: view.norms };
}

/** x^(1/d): the factor per step of a product that came to x over d steps. */
const perStep = (x: number, d: number): number => (x > 0 ? x ** (1 / d) : 0);

/** The reading of the Elman, Jordan and single-output cells: one constant matrix M, squashed by the slopes. */
function LoopReading({ view, nonlinearity }: { view: JacobianView; nonlinearity: Nonlinearity }) {
  const m = useMessages(dynamicsMessages);
  const d = view.t - view.k;
  const text = loopText(m, nonlinearity)[view.loop];
  if (view.loop === 'cut') return <p>{m.cut(text.factor)}</p>;
  const relu = nonlinearity === 'relu';
  return (
    <>
      <p>
        {m.perStepFactor(text.factor, d)}‖dh({view.t})/dh({view.k})‖₂ = <strong data-testid="jacobian-norm">{formatNumber(view.norm)}</strong>
        {m.perStepRate(formatNumber(perStep(view.norm, d)))}
      </p>
      {view.radius !== null && view.loopNorm !== null && (
        <p>
          ρ({text.M}) = <strong data-testid="jacobian-radius">{formatNumber(view.radius)}</strong>{m.radiusSo(text.M)}<sup>{d}</sup>{m.radiusLike}
          <sup>{d}</sup>{m.radiusBound(formatNumber(view.radius ** d), text.M, slopeName(nonlinearity))}<sup>d</sup>
          {m.radiusNorm(formatNumber(view.bounds[d - 1]!), text.M, formatNumber(view.loopNorm))}
          {view.radius < 1 ? m.vanishes : view.norm < 1e-3 * view.radius ** d ? (relu ? m.deadUnits : m.saturates) : relu ? m.growsRelu : m.grows}
        </p>
      )}
    </>
  );
}

/** The reading of a gated cell: the block's norm, the direct path's product beside it, and why the gradient survives or not. */
function GatedReading({ view, shown }: { view: JacobianView; shown: string }) {
  const m = useMessages(dynamicsMessages);
  const d = view.t - view.k;
  const block = blockOf(view, shown);
  const x = block.state;
  const direct = view.direct;
  const survives = block.norm >= SURVIVES;
  // The direct path's product over the whole span, and its factor per step.
  const along = direct && d >= 1 ? direct.norms[d - 1]! : null;
  const gates = direct ? m.gatesOf(direct.gate) : '';
  const alongRate = along === null ? '' : formatNumber(perStep(along, d));
  let why = '';
  if (direct && along !== null) {
    if (direct.state !== x) why = m.throughState(gates, formatNumber(along));
    else if (along >= direct.rest && along >= SURVIVES) why = m.alongDirect(gates, alongRate) + m.directName(view.cell);
    else if (survives) why = m.alongOthers(formatNumber(along));
    else why = m.gatesShut(gates, alongRate);
  }
  const directBlock = direct ? blockOf(view, direct.state) : null;
  return (
    <>
      <p>
        {m.stepWords(view.cell, x, d)}‖d{x}({view.t})/d{x}({view.k})‖₂ = <strong data-testid="jacobian-norm">{formatNumber(block.norm)}</strong>
        {m.perStepRate(formatNumber(perStep(block.norm, d)))}
      </p>
      {direct && along !== null && directBlock && (
        <p>
          {direct.state === x ? m.direct(gates, direct.gate) : m.besideDirect(gates, direct.gate)}
          <strong data-testid="jacobian-direct">{formatNumber(along)}</strong>
          {direct.state === x
            ? m.directRest(alongRate, x, direct.gate, formatNumber(direct.rest))
            : m.besideRest(alongRate, direct.state, formatNumber(directBlock.norm))}
        </p>
      )}
      <p data-testid="jacobian-verdict">{m.verdict(survives, why)}</p>
    </>
  );
}

/** The reading of a view: by the loop's matrix, or for a gated cell by its direct path; `shown` is the state whose block is shown. */
export function Reading({ view, shown, nonlinearity }: { view: JacobianView; shown: string; nonlinearity: Nonlinearity }) {
  return view.loop === 'gated' ? <GatedReading view={view} shown={shown} /> : <LoopReading view={view} nonlinearity={nonlinearity} />;
}
