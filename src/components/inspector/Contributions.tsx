/**
 * Weight sharing made visible: a parameter's gradient is the sum of one contribution per time
 * step. The size of each step's contribution as bars, a step slider, and the chosen step's
 * contribution as a heatmap with its equation.
 */
import { useId, useMemo, useState } from 'react';
import type { Model, ParamName, Trace } from '../../engine/index';
import { addStepContribution, paramShape, passOfTrace } from '../../engine/index';
import { contributionEquation } from '../../graph/tex/index';
import { inspectorMessages } from '../../i18n/messages/inspector';
import { useMessages } from '../../i18n/useMessages';
import { formatNumber } from '../format';
import { Heatmap } from './Heatmap';
import { backwardAt } from './reach';
import { Tex } from './Tex';

/** Most numbers (tau x parameter size) rebuilt to draw every step's bar; beyond, only the chosen step. */
const ALL_STEPS_BUDGET = 4_000_000;

/** Per step: ‖contribution‖ (Frobenius), the largest |entry|, and their sum against the engine's gradient. */
interface StepSizes {
  readonly norms: Float64Array;
  readonly limit: number;
  /** max |sum of contributions − engine gradient|. */
  readonly sumError: number;
}

/** The sizes of every step's contribution, or null when that is too much work. */
function stepSizes(model: Model, trace: Trace, name: ParamName): StepSizes | null {
  const total = trace.grads[name];
  const tau = model.sequence.length;
  if (!total || tau * total.length > ALL_STEPS_BUDGET) return null;
  const pass = passOfTrace(model, trace);
  const norms = new Float64Array(tau);
  const sum = new Float64Array(total.length);
  const one = new Float64Array(total.length);
  let limit = 0;
  for (let t = tau; t >= 1; t--) {
    one.fill(0);
    addStepContribution(pass, name, t, one);
    let s = 0;
    for (let k = 0; k < one.length; k++) {
      const x = one[k]!;
      s += x * x;
      sum[k] = sum[k]! + x;
      if (Math.abs(x) > limit) limit = Math.abs(x);
    }
    norms[t - 1] = Math.sqrt(s);
  }
  let sumError = 0;
  for (let k = 0; k < sum.length; k++) sumError = Math.max(sumError, Math.abs(sum[k]! - total[k]!));
  return { norms, limit, sumError };
}

/** One bar per step, height by the size of its contribution; steps BPTT has not reached are grey. */
function Bars({ sizes, step, firstReached, name }: { sizes: StepSizes; step: number; firstReached: number; name: string }) {
  const tau = sizes.norms.length;
  const w = Math.max(1, Math.min(24, Math.floor(480 / tau)));
  const top = Math.max(...sizes.norms, 0);
  const height = 48;
  const m = useMessages(inspectorMessages);
  return (
    <svg className="bars" width={w * tau} height={height} role="img" aria-label={m.bars(name)}>
      {Array.from(sizes.norms, (n, i) => {
        const t = i + 1;
        const h = top > 0 && Number.isFinite(n) ? Math.max(1, (n / top) * height) : 1;
        const cls = t === step ? 'bar chosen' : t >= firstReached ? 'bar' : 'bar unreached';
        return (
          <rect key={t} className={cls} x={i * w} y={height - h} width={Math.max(1, w - 1)} height={h}>
            <title>{(t < firstReached ? m.barUnreached : m.bar)(t, name, formatNumber(n))}</title>
          </rect>
        );
      })}
    </svg>
  );
}

/** The per-step contributions to a parameter's gradient, for the steps BPTT has reached. */
export function Contributions({ model, trace, name, firstReached }: { model: Model; trace: Trace; name: ParamName; firstReached: number }) {
  const tau = model.sequence.length;
  const [chosen, setChosen] = useState(tau);
  const step = Math.min(Math.max(1, chosen), tau);
  const sliderId = useId();
  const m = useMessages(inspectorMessages);
  const [rows, cols] = paramShape(model, name);
  const label = `dL/d${name}`;
  const sizes = useMemo(() => stepSizes(model, trace, name), [model, trace, name]);
  const reached = step >= firstReached;
  const contribution = useMemo(() => {
    if (!reached) return null;
    const out = new Float64Array(rows * cols);
    addStepContribution(passOfTrace(model, trace), name, step, out);
    return out;
  }, [reached, model, trace, name, step, rows, cols]);
  const equation = useMemo(() => (reached ? contributionEquation(model, trace, name, step) : null), [reached, model, trace, name, step]);
  return (
    <section className="contributions" aria-label={m.contributionsOf(label)}>
      <h4>{m.contributions}</h4>
      <p>
        {m.shared(name, label, tau)}
        {sizes && firstReached === 1 && (sizes.sumError === 0 ? m.sumExact(label) : m.sumRounding(label, formatNumber(sizes.sumError)))}
      </p>
      {sizes && <Bars sizes={sizes} step={step} firstReached={firstReached} name={label} />}
      <div className="field inline">
        <label htmlFor={sliderId}>{m.stepSlider}</label>
        <input id={sliderId} type="range" min={1} max={tau} value={step} onChange={(e) => setChosen(Number(e.target.value))} />
        <output htmlFor={sliderId}>t = {step}</output>
      </div>
      {contribution ? (
        <>
          <Heatmap name={`${label}[${step}]`} values={contribution} rows={rows} cols={cols} label={m.stepContribution(step, label)} {...(sizes ? { limit: sizes.limit } : {})} />
          {equation && <Tex tex={equation} />}
        </>
      ) : (
        <p className="pending">{m.stepPending(step, backwardAt(tau, step))}</p>
      )}
    </section>
  );
}
