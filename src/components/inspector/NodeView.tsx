/** The inspector of a node: its vectors and gradients, its equations with live numbers, and Check. */
import { useMemo } from 'react';
import type { Model, Trace } from '../../engine/index';
import { cellNodeRow, cellOfVariant, nodeGradientOf, outputRow, targetAt } from '../../engine/index';
import { nodeEquations } from '../../graph/tex/index';
import type { NodeKind, Selection } from '../../graph/layout/index';
import { crossTime, stepVectors } from '../../graph/charts/index';
import { appMessages } from '../../i18n/messages/app';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { SymbolLabel, WithSymbol } from '../Label';
import type { CheckOption } from './CheckPanel';
import { CheckPanel } from './CheckPanel';
import { Equations } from './Equations';
import { backwardAt, forwardAt } from './reach';
import { VectorView } from './VectorView';

type NodeSelection = Extract<Selection, { type: 'node' }>;

/** Graphemes of a label kept in a numbers table's entry column (the whole label on hover and above the table). */
const ENTRY_GRAPHEMES = 16;
type Text = typeof inspectorMessages.en;

/** What a node is, in words. */
function title(m: Text, kind: NodeKind, t: number, gated: boolean): string {
  if (gated) return t === 0 ? m.titleInitial(kind) : m.titleCellNode(kind, t, m.cellNode(kind));
  switch (kind) {
    case 'h': return t === 0 ? m.titleH0 : m.titleH(t);
    case 'o': return m.titleO(t);
    case 'yhat': return m.titleYhat(t);
    case 'L': return m.titleL(t);
    case 'x': return m.titleX(t);
    case 'y': return m.titleY(t);
    default: return kind;
  }
}

/** Why a node has no gradient to show or check. */
const noGradient = (m: Text): Partial<Record<NodeKind, string>> => ({
  x: m.noGradientX,
  y: m.noGradientY,
  yhat: m.noGradientYhat,
  L: m.noGradientL,
});

/** The Check buttons a node offers. */
function checkOptions(m: Text, model: Model, kind: NodeKind, t: number): CheckOption[] {
  const cell = cellOfVariant(model.variant);
  if (cell.equations?.[kind]) {
    const initial = cell.carried.find((c) => c.state === kind)?.initial;
    if (t === 0) return initial ? [{ button: m.check, name: `dL/d${initial}`, target: { kind: 'param', name: initial } }] : [];
    return [{ button: m.check, name: `dL/d${kind}(${t})`, target: { kind: 'node', node: kind, t } }];
  }
  if (kind === 'h' && t === 0) return [{ button: m.check, name: 'dL/dh0', target: { kind: 'param', name: 'h0' } }];
  if (kind === 'h') {
    return [
      { button: m.check, name: `dL/dh(${t})`, target: { kind: 'node', node: 'h', t } },
      { button: m.checkOf(`a(${t})`), name: `dL/da(${t})`, target: { kind: 'node', node: 'a', t } },
    ];
  }
  if (kind === 'o') return [{ button: m.check, name: `dL/do(${t})`, target: { kind: 'node', node: 'o', t } }];
  return [];
}

/** The vectors of the node, from the trace; null for what is not computed at this position. */
function Vectors({ model, trace, selection, fwd, bwd }: { model: Model; trace: Trace; selection: NodeSelection; fwd: boolean; bwd: boolean }) {
  const { kind, t } = selection;
  const m = useMessages(inspectorMessages);
  const v = stepVectors(model, trace);
  const classes = (i: number) => <SymbolLabel labels={model.labels?.output} id={i} max={ENTRY_GRAPHEMES} />;
  const targetId = targetAt(model, t);
  const cell = cellOfVariant(model.variant);
  if (cell.equations?.[kind]) {
    const H = model.sizes.hidden;
    const initial = cell.carried.find((c) => c.state === kind)?.initial;
    if (t === 0) return <VectorView name={`${kind}(0)`} value={model.params[initial!]!} grad={bwd ? (trace.grads[initial!] ?? null) : null} />;
    const r = cellNodeRow(cell, kind, t);
    const gradient = nodeGradientOf(cell, { sizes: model.sizes, nodes: trace.nodes, factors: trace.factors }, kind, t);
    return <VectorView name={`${kind}(${t})`} value={fwd ? trace.nodes[kind]!.subarray(r * H, (r + 1) * H) : null} grad={bwd ? gradient : null} />;
  }
  switch (kind) {
    case 'h':
      if (t === 0) return <VectorView name="h(0)" value={v.h(0)} grad={bwd ? (trace.grads.h0 ?? null) : null} />;
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
      return <VectorView name={`L(${t})`} value={fwd ? trace.stepLosses.subarray(outputRow(model, t), outputRow(model, t) + 1) : null} grad={bwd ? Float64Array.of(1) : null} />;
    case 'x': {
      const inputs = model.sequence.inputs;
      return (
        <>
          {inputs.kind === 'tokens' && <p><WithSymbol message={(s) => m.token(s, model.sizes.input)} symbol={<SymbolLabel labels={model.labels?.input} id={inputs.ids[t - 1]!} />} /></p>}
          <VectorView name={`x(${t})`} value={v.x(t)} entryName={(i) => <SymbolLabel labels={model.labels?.input} id={i} max={ENTRY_GRAPHEMES} />} />
        </>
      );
    }
    case 'y':
      return <p><WithSymbol message={(s) => m.class(s, model.sizes.output)} symbol={<SymbolLabel labels={model.labels?.output} id={targetId} />} /></p>;
  }
}

/** The selected node: what it is, whether the cursor has computed it, its numbers, equations and Check. */
export function NodeView({ model, trace, position, selection }: { model: Model; trace: Trace | null; position: number; selection: NodeSelection }) {
  const { kind, t } = selection;
  const tau = model.sequence.length;
  const fwdAt = forwardAt(kind, t);
  const bwdAt = backwardAt(tau, t);
  const fwd = position >= fwdAt;
  const cell = cellOfVariant(model.variant);
  const gated = cell.equations?.[kind] !== undefined;
  const hasGradient = kind !== 'x' && kind !== 'y' && kind !== 'yhat';
  const bwd = hasGradient && position >= bwdAt;
  const equations = useMemo(() => nodeEquations(model, trace, selection, { forward: fwd, backward: bwd }), [model, trace, selection, fwd, bwd]);
  const m = useMessages(inspectorMessages);
  const waiting = useMessages(appMessages).waiting;
  const checks = checkOptions(m, model, kind, t);
  const why = noGradient(m)[kind];
  // Where a gradient crosses time into this node: a carried state's, or Jordan's o(t) (fed back).
  const crossesInto = cell.throughOutput ? kind === 'o' : cell.carried.some((c) => c.state === kind);
  const fate = crossesInto && t > 0 ? crossTime(model, t) : 'kept';
  return (
    <div className="node-view">
      <h3>{title(m, kind, t, gated)}</h3>
      <ul className="reach" data-testid="reach">
        <li>{kind === 'x' || kind === 'y' ? m.valueGiven : fwd ? m.valueComputed : m.valuePending(t, fwdAt)}</li>
        {hasGradient && <li>{bwd ? m.gradientComputed : m.gradientPending(Math.max(1, t), bwdAt)}</li>}
      </ul>
      {trace ? <Vectors model={model} trace={trace} selection={selection} fwd={fwd} bwd={bwd} /> : <p className="hint">{waiting}</p>}
      {fate === 'truncation' && <p className="cut-note">{m.cutTruncation(t, model.truncation ?? 0)}</p>}
      {fate === 'teacher' && <p className="cut-note">{m.cutTeacher(t)}</p>}
      <Equations forward={equations.forward} backward={equations.backward} />
      {why !== undefined && <p className="hint">{why}</p>}
      {checks.length > 0 && <CheckPanel options={checks} />}
    </div>
  );
}
