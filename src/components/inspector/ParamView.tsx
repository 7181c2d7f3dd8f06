/** The inspector of a parameter: its gradient so far as a heatmap, the per-step contributions, equations and Check. */
import { useMemo } from 'react';
import type { Model, ParamName, Trace } from '../../engine/index';
import { addStepContribution, paramShape, passOfTrace } from '../../engine/index';
import { nodeEquations } from '../../graph/equations';
import { CheckPanel } from './CheckPanel';
import { Contributions } from './Contributions';
import { Equations } from './Equations';
import { Heatmap, MatrixTable } from './Heatmap';
import { firstBackwardStep } from './reach';

/** What each parameter is, in words. */
function describe(model: Model, name: ParamName): string {
  switch (name) {
    case 'U': return 'input-to-hidden weights';
    case 'W': return model.variant === 'jordan' ? 'output-to-hidden weights: the recurrence from f(t-1)' : 'hidden-to-hidden weights: the recurrence';
    case 'V': return 'hidden-to-output weights';
    case 'b': return 'hidden bias';
    case 'c': return 'output bias';
    case 'h0': return 'the initial state h(0)';
  }
}

/** The gradient summed over the steps BPTT has reached: the engine's own sum once BPTT is done. */
function gradientSoFar(model: Model, trace: Trace, name: ParamName, first: number): Float64Array | null {
  const total = trace.grads[name];
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
  return (
    <div className="param-view">
      <h3>{name}: {describe(model, name)}, {rows}{cols > 1 ? ` × ${cols}` : ' entries'}</h3>
      <p data-testid="reach">
        {!started && `${label}: not computed yet at this position (BPTT starts at position ${tau + 1}).`}
        {started && !done && `${label} so far: the contributions of steps ${tau} down to ${first} (BPTT reaches step 1 at position ${2 * tau}).`}
        {done && `${label}: complete, summed over every step.`}
      </p>
      {!trace && <p className="hint">Waiting for the engine…</p>}
      {gradient && (
        <>
          <Heatmap name={label} values={gradient} rows={rows} cols={cols} label={`${done ? 'Gradient' : 'Gradient so far'} ${label}, ${rows} by ${cols}`} />
          <MatrixTable name={label} values={gradient} rows={rows} cols={cols} />
        </>
      )}
      {trace && <Contributions key={name} model={model} trace={trace} name={name} firstReached={first} />}
      <Equations forward={equations.forward} backward={equations.backward} />
      <CheckPanel options={[{ button: 'Check', name: label, target: { kind: 'param', name } }]} cols={cols} />
    </div>
  );
}
