/** The inspector of a node: its vectors and gradients, its equations with live numbers, and Check. */
import { useMemo } from 'react';
import type { Model, Trace } from '../../engine/index';
import { nodeEquations } from '../../graph/equations';
import type { NodeKind, Selection } from '../../graph/ids';
import { crossTime, cutReason, stepVectors } from '../../graph/stepVectors';
import type { CheckOption } from './CheckPanel';
import { CheckPanel } from './CheckPanel';
import { Equations } from './Equations';
import { backwardAt, forwardAt, symbolText } from './reach';
import { VectorView } from './VectorView';

type NodeSelection = Extract<Selection, { type: 'node' }>;

/** What a node is, in words. */
function title(kind: NodeKind, t: number): string {
  switch (kind) {
    case 'h': return t === 0 ? 'h(0) = h0: the initial state' : `a(${t}) and h(${t}): the hidden state at step ${t}`;
    case 'o': return `o(${t}): the unnormalized log-probabilities at step ${t}`;
    case 'yhat': return `yhat(${t}) = softmax(o(${t})): the predicted distribution at step ${t}`;
    case 'L': return `L(${t}): the loss at step ${t}`;
    case 'x': return `x(${t}): the input at step ${t}`;
    case 'y': return `y(${t}): the target at step ${t}`;
  }
}

/** Why a node has no gradient to show or check. */
const NO_GRADIENT: Partial<Record<NodeKind, string>> = {
  x: 'x is an input, data rather than a variable: BPTT computes no gradient for it, so there is nothing to check.',
  y: 'y is a target, data rather than a variable: it has no gradient, so there is nothing to check.',
  yhat: 'The engine differentiates softmax and the loss together, dL/do(t) = yhat(t) − onehot(y(t)): select o to see and check it.',
  L: 'dL/dL(t) = 1 because L is the sum of the L(t): there is nothing to check here; check o, h or a parameter.',
};

/** The Check buttons a node offers. */
function checkOptions(kind: NodeKind, t: number): CheckOption[] {
  if (kind === 'h' && t === 0) return [{ button: 'Check', name: 'dL/dh0', target: { kind: 'param', name: 'h0' } }];
  if (kind === 'h') {
    return [
      { button: 'Check', name: `dL/dh(${t})`, target: { kind: 'node', node: 'h', t } },
      { button: `Check a(${t})`, name: `dL/da(${t})`, target: { kind: 'node', node: 'a', t } },
    ];
  }
  if (kind === 'o') return [{ button: 'Check', name: `dL/do(${t})`, target: { kind: 'node', node: 'o', t } }];
  return [];
}

/** The vectors of the node, from the trace; null for what is not computed at this position. */
function Vectors({ model, trace, selection, fwd, bwd }: { model: Model; trace: Trace; selection: NodeSelection; fwd: boolean; bwd: boolean }) {
  const { kind, t } = selection;
  const v = stepVectors(model, trace);
  const classes = (i: number) => symbolText(model.labels?.output, i);
  const targetRow = model.variant === 'single-output' ? 0 : t - 1;
  const targetId = model.sequence.targets[targetRow]!;
  switch (kind) {
    case 'h':
      if (t === 0) return <VectorView name="h(0)" value={v.h(0)} grad={bwd ? trace.grads.h0 : null} />;
      return (
        <>
          <VectorView name={`h(${t})`} value={fwd ? v.h(t) : null} grad={bwd ? v.gH(t) : null} />
          <VectorView name={`a(${t})`} value={fwd ? v.a(t) : null} grad={bwd ? v.gA(t) : null} />
        </>
      );
    case 'o':
      return <VectorView name={`o(${t})`} value={fwd ? v.o(t) : null} grad={bwd ? v.gO(t) : null} entryName={classes} />;
    case 'yhat':
      return <VectorView name={`yhat(${t})`} value={fwd ? v.yhat(t) : null} entryName={classes} />;
    case 'L':
      return <VectorView name={`L(${t})`} value={fwd ? trace.stepLosses.subarray(targetRow, targetRow + 1) : null} grad={bwd ? Float64Array.of(1) : null} />;
    case 'x': {
      const inputs = model.sequence.inputs;
      return (
        <>
          {inputs.kind === 'tokens' && <p>Token {symbolText(model.labels?.input, inputs.ids[t - 1]!)}, one-hot over {model.sizes.input} symbols.</p>}
          <VectorView name={`x(${t})`} value={v.x(t)} entryName={(i) => symbolText(model.labels?.input, i)} />
        </>
      );
    }
    case 'y':
      return <p>Class {classes(targetId)} of {model.sizes.output}.</p>;
  }
}

/** The selected node: what it is, whether the cursor has computed it, its numbers, equations and Check. */
export function NodeView({ model, trace, position, selection }: { model: Model; trace: Trace | null; position: number; selection: NodeSelection }) {
  const { kind, t } = selection;
  const tau = model.sequence.length;
  const fwdAt = forwardAt(kind, t);
  const bwdAt = backwardAt(tau, t);
  const fwd = position >= fwdAt;
  const hasGradient = kind === 'h' || kind === 'o' || kind === 'L';
  const bwd = hasGradient && position >= bwdAt;
  const equations = useMemo(() => nodeEquations(model, trace, selection, { forward: fwd, backward: bwd }), [model, trace, selection, fwd, bwd]);
  const fate = kind === 'h' && model.variant !== 'jordan' ? crossTime(model, t) : kind === 'o' && model.variant === 'jordan' ? crossTime(model, t) : 'kept';
  return (
    <div className="node-view">
      <h3>{title(kind, t)}</h3>
      <ul className="reach" data-testid="reach">
        <li>Value: {kind === 'x' || kind === 'y' ? 'given (data)' : fwd ? 'computed' : `not computed yet at this position (the forward pass reaches step ${t} at position ${fwdAt})`}</li>
        {hasGradient && <li>Gradient: {bwd ? 'computed' : `not computed yet at this position (BPTT reaches step ${Math.max(1, t)} at position ${bwdAt})`}</li>}
      </ul>
      {trace ? <Vectors model={model} trace={trace} selection={selection} fwd={fwd} bwd={bwd} /> : <p className="hint">Waiting for the engine…</p>}
      {(fate === 'truncation' || fate === 'teacher') && (
        <p className="cut-note">
          The cross-time gradient into step {t} is cut here ({cutReason(model, fate).replace('cut: ', '')}), so this gradient
          {fate === 'truncation' ? ' is the truncated one: it differs from the true gradient of L by design.' : ' has no path back through the fed-back targets.'}
        </p>
      )}
      <Equations forward={equations.forward} backward={equations.backward} />
      {NO_GRADIENT[kind] !== undefined && <p className="hint">{NO_GRADIENT[kind]}</p>}
      {checkOptions(kind, t).length > 0 && <CheckPanel options={checkOptions(kind, t)} />}
    </div>
  );
}
