/** The inspector of a parameter: its gradient so far as a heatmap, the per-step contributions, equations and Check. */
import { useMemo } from 'react';
import type { Model, ParamName, Trace } from '../../engine/index';
import { addStepContribution, cellOfVariant, paramShape, passOfTrace } from '../../engine/index';
import { nodeEquations } from '../../graph/tex/index';
import { appMessages } from '../../i18n/messages/app';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { CheckPanel } from './CheckPanel';
import { Contributions } from './Contributions';
import { Equations } from './Equations';
import { Heatmap, MatrixTable } from './Heatmap';
import { firstBackwardStep } from './reach';

/** What each parameter is, in words (a cell parameter by its name in one layer and direction: `Wf`, not `Wf_l1`). */
export function describe(m: typeof inspectorMessages.en, model: Model, name: ParamName): string {
  const cell = cellOfVariant(model.variant);
  const spec = cell.equations ? cell.params.find((p) => p.name === name) : undefined;
  if (spec) {
    // The unit a gated cell's parameter belongs to: the node whose equation uses it, or the state it starts.
    const state = cell.carried.find((c) => c.initial === name)?.state;
    const node = state ?? Object.entries(cell.equations!).find(([, eq]) => eq.forward.terms.some((term) => 'param' in term && term.param === name))?.[0] ?? name;
    return m.paramGated(spec.kind, m.cellNode(node));
  }
  switch (name) {
    case 'U': return m.paramU;
    case 'W': return cell.throughOutput ? m.paramWJordan : m.paramW;
    case 'V': return m.paramV;
    case 'b': return m.paramB;
    case 'c': return m.paramC;
    case 'h0': return m.paramH0;
    default: throw new RangeError(`${name}: a ${model.variant} network has no such parameter`);
  }
}

/** The gradient summed over the steps BPTT has reached: the engine's own sum once BPTT is done. */
function gradientSoFar(model: Model, trace: Trace, name: ParamName, first: number): Float64Array | null {
  const total = trace.grads[name] ?? null;
  if (!total || first === 1) return total;
  const out = new Float64Array(total.length);
  const pass = passOfTrace(model, trace);
  for (let t = model.sequence.length; t >= first; t--) addStepContribution(pass, name, t, out);
  return out;
}

/** The selected parameter. */
export function ParamView({ model, trace, position, name }: { model: Model; trace: Trace | null; position: number; name: ParamName }) {
  const tau = model.sequence.length;
  const [rows, cols] = paramShape(model, name);
  const first = firstBackwardStep(tau, position);
  const started = first <= tau;
  const done = first === 1;
  const selection = useMemo(() => ({ type: 'param', name } as const), [name]);
  const equations = useMemo(() => nodeEquations(model, trace, selection, { forward: true, backward: done }), [model, trace, selection, done]);
  const gradient = useMemo(() => (trace && started ? gradientSoFar(model, trace, name, first) : null), [model, trace, name, first, started]);
  const label = `dL/d${name}`;
  const m = useMessages(inspectorMessages);
  const waiting = useMessages(appMessages).waiting;
  const what = describe(m, model, name);
  return (
    <div className="param-view">
      <h3>{cols > 1 ? m.paramMatrix(name, what, rows, cols) : m.paramVector(name, what, rows)}</h3>
      <p data-testid="reach">
        {!started && m.paramPending(label, tau + 1)}
        {started && !done && m.paramSoFar(label, tau, first, 2 * tau)}
        {done && m.paramDone(label)}
      </p>
      {!trace && <p className="hint">{waiting}</p>}
      {gradient && (
        <>
          <Heatmap name={label} values={gradient} rows={rows} cols={cols} label={(done ? m.gradient : m.gradientSoFar)(label, rows, cols)} />
          <MatrixTable name={label} values={gradient} rows={rows} cols={cols} />
        </>
      )}
      {trace && <Contributions key={name} model={model} trace={trace} name={name} firstReached={first} />}
      <Equations forward={equations.forward} backward={equations.backward} />
      <CheckPanel options={[{ button: m.check, name: label, target: { kind: 'param', name } }]} cols={cols} />
    </div>
  );
}
