import type { ReactNode } from 'react';
import type { Model, StepView } from '../engine/index';
import { cellOfVariant, describeNonFinite } from '../engine/index';
import { appMessages } from '../i18n/messages/app';
import { stepTableMessages } from '../i18n/messages/steptable';
import { useMessages } from '../i18n/useMessages';
import { selectCurrentTrace, selectModel, selectSnapshot, selectStackTrace } from '../store/selectors';
import { useApp } from '../store/store';
import { NON_FINITE_COLOR } from '../graph/layout/index';
import { selectDrawnTheme } from '../store/slices/theme';
import { formatNumber, formatVector } from './format';
import { SymbolLabel } from './Label';


/** One row: a node, its value and its gradient at step t. */
function Row({ node, value, grad }: { node: string; value: ReactNode; grad?: string }) {
  return (
    <tr>
      <th scope="row">{node}</th>
      <td className="vector">{value}</td>
      <td className="vector">{grad ?? ''}</td>
    </tr>
  );
}

/** The rows of step t: inputs, states and outputs with the gradients BPTT has reached. */
function StepRows({ model, step }: { model: Model; step: StepView }) {
  const t = step.t;
  const prev = cellOfVariant(model.variant).throughOutput ? `f(${t - 1})` : `h(${t - 1})`;
  const pending = '—';
  return (
    <>
      <Row node={`x(${t})`} value={step.token >= 0 ? <SymbolLabel labels={model.labels?.input} id={step.token} /> : formatVector(step.x)} />
      <Row node={prev} value={formatVector(step.previous)} />
      {step.a.length > 0 && <Row node={`a(${t})`} value={formatVector(step.a)} grad={step.gA ? formatVector(step.gA) : pending} />}
      <Row node={`h(${t})`} value={formatVector(step.h)} grad={step.gH ? formatVector(step.gH) : pending} />
      {step.o && <Row node={`o(${t})`} value={formatVector(step.o)} grad={step.gO ? formatVector(step.gO) : pending} />}
      {step.yhat && <Row node={`yhat(${t})`} value={formatVector(step.yhat)} />}
      {step.target !== null && <Row node={`y(${t})`} value={<SymbolLabel labels={model.labels?.output} id={step.target} />} />}
      {step.loss !== null && <Row node={`L(${t})`} value={formatNumber(step.loss)} />}
    </>
  );
}

/** The first value of the pass at the cursor that is not finite, named, where everyone sees it (nothing when all are finite). */
export function NonFiniteWarning() {
  const snapshot = useApp(selectSnapshot);
  // A deep or bidirectional network's first non-finite value, named as soon as its pass has come.
  const stack = useApp(selectStackTrace);
  const m = useMessages(stepTableMessages);
  const theme = useApp(selectDrawnTheme);
  const nonFinite = snapshot?.nonFinite ?? stack?.nonFinite ?? null;
  if (!nonFinite) return null;
  return (
    <p className="warning" role="alert">
      {m.notFinite(describeNonFinite(nonFinite))}{' '}
      <span className="legend-swatch" style={{ background: NON_FINITE_COLOR[theme] }} aria-hidden="true" />{' '}
      {m.notFiniteDrawn(theme === 'dark')}
    </p>
  );
}

/**
 * The current step's values and gradients as a plain table: for screen readers, the reading of
 * the step that the graph and the inspector give the eye (App draws it visually hidden).
 */
export function StepTable() {
  const model = useApp(selectModel);
  const snapshot = useApp(selectSnapshot);
  // The numbers of an earlier version of the model while the current one's trace is on its way.
  const current = useApp(selectCurrentTrace) !== null;
  const m = useMessages(stepTableMessages);
  const waiting = useMessages(appMessages).waiting;
  if (!snapshot) return <p className="hint">{waiting}</p>;
  const names = Object.entries(snapshot.gradNorms);
  return (
    <div className="step" aria-busy={!current}>
      <table className="values" aria-label={m.table}>
        <caption>{snapshot.step ? m.step(snapshot.step.t) : m.nothingYet}</caption>
        <thead>
          <tr><th scope="col">{m.node}</th><th scope="col">{m.value}</th><th scope="col">{m.gradient}</th></tr>
        </thead>
        <tbody>{snapshot.step && <StepRows model={model} step={snapshot.step} />}</tbody>
      </table>
      <p data-testid="loss-so-far">{m.lossSoFar(formatNumber(snapshot.lossSoFar))}</p>
      <table className="norms" aria-label={m.norms}>
        <thead>
          <tr>{names.map(([name]) => <th key={name} scope="col">‖dL/d{name}‖</th>)}</tr>
        </thead>
        <tbody>
          <tr>{names.map(([name, v]) => <td key={name}>{formatNumber(v ?? 0)}</td>)}</tr>
        </tbody>
      </table>
    </div>
  );
}
