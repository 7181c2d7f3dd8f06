/** The step charts' geometry: marks per step, the log scale, reached steps, zeros and non-finite values. */
import { describe, expect, it } from 'vitest';
import type { Model, Trace, Variant } from '../../../src/engine/index';
import { initModel, traceOf } from '../../../src/engine/index';
import type { StepChart } from '../../../src/graph/charts/index';
import {
  MIN_CHART_WIDTH, chartProgress, chartsGeometry, decadeLabel, gradientNorms, isReached, logTickLabel, lossChart, markPath, marksPaths,
  normChart, reachedSpan, reachedSteps, stepX, stepsText, vectorNorm,
} from '../../../src/graph/charts/index';

const modelOf = (variant: Variant, length = 10, hidden = 4): Model =>
  initModel({ variant, ...(variant === 'jordan' ? { feedback: 'logits' } : {}), input: 3, hidden, output: 3, length, seed: 7 });

/** A trace of the model whose dL/dh(t) row t is `rows[t-1]` scaled to the given norms (the other buffers are the real pass's). */
function withNorms(model: Model, norms: readonly number[]): Trace {
  const trace = traceOf(model);
  const H = model.sizes.hidden;
  const gH = new Float64Array(trace.gH.length);
  norms.forEach((n, i) => { gH[i * H] = n; });
  return { ...trace, gH };
}

/** Every coordinate a chart draws is a finite number. */
function expectFiniteGeometry(chart: StepChart): void {
  for (const m of chart.marks) {
    expect(Number.isFinite(m.x) && Number.isFinite(m.y)).toBe(true);
  }
  for (const k of [...chart.xTicks, ...chart.yTicks]) expect(Number.isFinite(k.pos)).toBe(true);
  expect(chart.line).not.toMatch(/NaN|Infinity/);
}

describe('chart geometry', () => {
  it('puts one mark per step on a shared time axis, inside the plot', () => {
    const model = modelOf('elman');
    const trace = traceOf(model);
    const g = chartsGeometry(model, trace)!;
    expect(g.tau).toBe(10);
    for (const chart of [g.loss, g.norm]) {
      expect(chart.marks.map((m) => m.t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const xs = chart.marks.map((m) => m.x);
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeCloseTo(chart.stepWidth, 9);
      expect(xs[0]! - chart.stepWidth / 2).toBeCloseTo(chart.plot.left, 9);
      expect(xs[9]! + chart.stepWidth / 2).toBeCloseTo(chart.plot.right, 9);
      for (const m of chart.marks) {
        expect(m.kind).toBe('value');
        expect(m.y).toBeGreaterThanOrEqual(chart.plot.top);
        expect(m.y).toBeLessThanOrEqual(chart.plot.bottom);
      }
      expectFiniteGeometry(chart);
    }
    expect(g.loss.marks.map((m) => m.x)).toEqual(g.norm.marks.map((m) => m.x));
  });

  it('fits the width it is given (at least the minimum), with fewer time ticks when narrow', () => {
    const model = modelOf('elman', 100);
    const trace = traceOf(model);
    const wide = chartsGeometry(model, trace, 900)!;
    const narrow = chartsGeometry(model, trace, 300)!;
    expect(wide.norm.width).toBe(900);
    expect(narrow.loss.width).toBe(300);
    expect(chartsGeometry(model, trace, 100)!.norm.width).toBe(MIN_CHART_WIDTH);
    for (const chart of [narrow.loss, narrow.norm]) {
      expect(chart.marks.at(-1)!.x + chart.stepWidth / 2).toBeCloseTo(chart.plot.right, 9);
      expect(chart.plot.right).toBeLessThan(300);
    }
    expect(narrow.norm.xTicks.length).toBeLessThan(wide.norm.xTicks.length);
    expect(narrow.norm.xTicks.length).toBeLessThanOrEqual(Math.floor((narrow.norm.plot.right - narrow.norm.plot.left) / 60) + 1);
    expect(narrow.norm.yTicks).toEqual(wide.norm.yTicks);
  });

  it('draws L(t) as bars on a linear scale from 0, with the largest and smallest named', () => {
    const model = modelOf('elman');
    const trace = traceOf(model);
    const chart = lossChart(model, trace);
    expect(chart.base).toBe(chart.plot.bottom);
    const [first, second] = chart.marks;
    // Linear: height is proportional to the value.
    const k1 = (chart.base - first!.y) / first!.value;
    const k2 = (chart.base - second!.y) / second!.value;
    expect(k1).toBeCloseTo(k2, 9);
    expect(chart.largest!.value).toBe(Math.max(...trace.stepLosses));
    expect(chart.smallest!.value).toBe(Math.min(...trace.stepLosses));
    expect(chart.yTicks[0]!.value).toBe(0);
    expect(chart.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(chart.largest!.value);
    expect(chart.line).toBe('');
  });

  it('single output has one loss bar, at t = tau, above the same x as the norm of step tau', () => {
    const model = modelOf('single-output', 6);
    const g = chartsGeometry(model, traceOf(model))!;
    expect(g.loss.marks).toHaveLength(1);
    expect(g.loss.marks[0]!.t).toBe(6);
    expect(g.loss.marks[0]!.x).toBe(g.norm.marks[5]!.x);
    expect(g.norm.marks).toHaveLength(6);
  });

  it('computes ||dL/dh(t)|| from the trace, without overflow for large finite entries', () => {
    const model = modelOf('jordan', 5);
    const trace = traceOf(model);
    const H = model.sizes.hidden;
    const norms = gradientNorms(model, trace);
    for (let t = 1; t <= 5; t++) {
      let s = 0;
      for (let i = 0; i < H; i++) s += trace.gH[(t - 1) * H + i]! ** 2;
      expect(norms[t - 1]).toBeCloseTo(Math.sqrt(s), 14);
    }
    expect(vectorNorm(new Float64Array([3e200, 4e200]), 0, 2)).toBeCloseTo(5e200, -190);
    expect(vectorNorm(new Float64Array([0, 0]), 0, 2)).toBe(0);
    expect(vectorNorm(new Float64Array([1, NaN, Infinity]), 0, 3)).toBeNaN();
    expect(vectorNorm(new Float64Array([1, -Infinity]), 0, 2)).toBe(Infinity);
  });

  it('draws the norm on a log10 scale with decade ticks that span every value', () => {
    const model = modelOf('elman', 6);
    const chart = normChart(model, withNorms(model, [1e-8, 1e-6, 1e-4, 1e-2, 1, 100]));
    const ys = chart.marks.map((m) => m.y);
    const decade = ys[0]! - ys[1]!;
    expect(decade).toBeGreaterThan(0);
    for (let i = 1; i < ys.length; i++) expect(ys[i - 1]! - ys[i]!).toBeCloseTo(decade, 6);
    expect(chart.floor).toBe(1e-8);
    expect(chart.yTicks.map((k) => k.label)).toEqual(['10⁻⁸', '10⁻⁶', '10⁻⁴', '10⁻²', '1', '10²']);
    expect(chart.yTicks[0]!.pos).toBeCloseTo(chart.plot.bottom, 9);
    expect(chart.yTicks.at(-1)!.pos).toBeCloseTo(chart.plot.top, 9);
    expect(chart.smallest).toEqual({ t: 1, value: 1e-8 });
    expect(chart.largest).toEqual({ t: 6, value: 100 });
    expect(chart.line.match(/M/g)).toHaveLength(1);
    expect(chart.line.match(/L/g)).toHaveLength(5);
  });

  it('labels 1, 2 and 5 of each decade when the norms span two decades or fewer', () => {
    const model = modelOf('elman', 3);
    const chart = normChart(model, withNorms(model, [1.2, 3, 7.5]));
    expect(chart.floor).toBe(1);
    expect(chart.yTicks.map((k) => k.label)).toEqual(['1', '2', '5', '10']);
    const tiny = normChart(model, withNorms(model, [2e-7, 3e-6, 5e-6]));
    expect(tiny.yTicks.map((k) => k.label)).toEqual(['10⁻⁷', '2×10⁻⁷', '5×10⁻⁷', '10⁻⁶', '2×10⁻⁶', '5×10⁻⁶', '10⁻⁵']);
    for (let i = 1; i < tiny.yTicks.length; i++) expect(tiny.yTicks[i]!.pos).toBeLessThan(tiny.yTicks[i - 1]!.pos);
    expect(logTickLabel(5, -2)).toBe('0.05');
    expect(logTickLabel(2, 1)).toBe('20');
    expect(logTickLabel(1, -1)).toBe('0.1');
  });

  it('keeps at most six decade ticks over the whole float64 range', () => {
    const model = modelOf('elman', 3);
    const chart = normChart(model, withNorms(model, [5e-324, 1e-150, 1.7e308]));
    expect(chart.yTicks.length).toBeLessThanOrEqual(6);
    expect(chart.yTicks[0]!.value).toBeGreaterThan(0);
    expectFiniteGeometry(chart);
    expect(chart.marks.every((m) => m.kind === 'value')).toBe(true);
  });

  it('draws a zero norm on the floor, a decade below every other value, marked and named', () => {
    const model = modelOf('elman', 5);
    const chart = normChart(model, withNorms(model, [0.5, 0.2, 0, 0.1, 0.3]));
    const zero = chart.marks[2]!;
    expect(zero.kind).toBe('zero');
    expect(zero.y).toBe(chart.plot.bottom);
    expect(chart.zeros).toEqual([3]);
    expect(chart.floor).toBe(0.01);
    for (const m of chart.marks) if (m.kind === 'value') expect(m.y).toBeLessThan(chart.plot.bottom - 1);
    expect(chart.smallest).toEqual({ t: 4, value: 0.1 });
    // The line is broken at the zero: two runs.
    expect(chart.line.match(/M/g)).toHaveLength(2);
    expectFiniteGeometry(chart);
  });

  it('never draws a non-finite value as a number: it goes to the band above, named', () => {
    const model = modelOf('elman', 5);
    const chart = normChart(model, withNorms(model, [NaN, NaN, Infinity, 0.1, 0.3]));
    expect(chart.marks.slice(0, 3).map((m) => m.kind)).toEqual(['nonfinite', 'nonfinite', 'nonfinite']);
    for (const m of chart.marks.slice(0, 3)) expect(m.y).toBe(chart.bandY);
    expect(chart.bandY).toBeLessThan(chart.plot.top);
    expect(chart.nonFinite.map((v) => v.t)).toEqual([1, 2, 3]);
    expect(chart.nonFinite[2]!.value).toBe(Infinity);
    expect(chart.smallest).toEqual({ t: 4, value: 0.1 });
    expect(chart.line.match(/M/g)).toHaveLength(1);
    expectFiniteGeometry(chart);

    const trace = traceOf(model);
    const stepLosses = Float64Array.from(trace.stepLosses);
    stepLosses[1] = Infinity;
    stepLosses[3] = NaN;
    const loss = lossChart(model, { ...trace, stepLosses });
    expect(loss.marks.filter((m) => m.kind === 'nonfinite').map((m) => m.t)).toEqual([2, 4]);
    expect(loss.nonFinite.map((v) => v.t)).toEqual([2, 4]);
    expect(loss.largest!.value).toBe(Math.max(...[0, 2, 4].map((i) => trace.stepLosses[i]!)));
    expectFiniteGeometry(loss);
  });

  it('still draws a chart with no finite non-zero value at all', () => {
    const model = modelOf('elman', 3);
    const chart = normChart(model, withNorms(model, [0, NaN, 0]));
    expect(chart.smallest).toBeNull();
    expect(chart.marks.map((m) => m.kind)).toEqual(['zero', 'nonfinite', 'zero']);
    expect(chart.line).toBe('');
    expectFiniteGeometry(chart);
    const trace = traceOf(model);
    const loss = lossChart(model, { ...trace, stepLosses: new Float64Array([NaN, NaN, NaN]) });
    expect(loss.largest).toBeNull();
    expectFiniteGeometry(loss);
  });

  it('refuses a trace that does not hold the model\'s pass', () => {
    const model = modelOf('elman', 4);
    expect(chartsGeometry(modelOf('elman', 5), traceOf(model))).toBeNull();
    expect(chartsGeometry(modelOf('elman', 4, 5), traceOf(model))).toBeNull();
  });
});

describe('mark outlines', () => {
  it('draws a bar from the base, a dot, a hollow triangle for zero and a cross for a non-finite value', () => {
    const model = modelOf('elman', 4);
    const trace = traceOf(model);
    const loss = lossChart(model, trace);
    const bar = markPath(loss, loss.marks[0]!);
    expect(bar.paint).toBe('fill');
    const h = Math.round((loss.base - loss.marks[0]!.y) * 100) / 100;
    expect(bar.d).toMatch(new RegExp(`^M[\\d.]+,${loss.base}v-${h}h[\\d.]+v${h}z$`));
    const norm = normChart(model, withNorms(model, [1, 0, NaN, 2]));
    expect(norm.marks.map((m) => markPath(norm, m).paint)).toEqual(['fill', 'hollow', 'stroke', 'fill']);
    expect(markPath(norm, norm.marks[0]!).d).toMatch(/a[\d.]+,[\d.]+ 0 1,0 /);
    const paths = marksPaths(norm);
    expect(paths.fill.match(/M/g)).toHaveLength(2);
    expect(paths.hollow.match(/M/g)).toHaveLength(1);
    expect(paths.stroke.match(/M/g)).toHaveLength(2);
    expect(Object.values(paths).join('')).not.toMatch(/NaN|Infinity/);
  });
});

describe('reached steps and the cursor', () => {
  it('follows the position: L(t) for t <= position forward, ||dL/dh(t)|| for t >= 2 tau - position + 1 backward', () => {
    const tau = 4;
    expect(chartProgress(tau, 0)).toEqual({ phase: 'start', cursor: null, lossThrough: 0, normFrom: 5 });
    expect(chartProgress(tau, 1)).toEqual({ phase: 'forward', cursor: 1, lossThrough: 1, normFrom: 5 });
    expect(chartProgress(tau, 4)).toEqual({ phase: 'forward', cursor: 4, lossThrough: 4, normFrom: 5 });
    expect(chartProgress(tau, 5)).toEqual({ phase: 'backward', cursor: 4, lossThrough: 4, normFrom: 4 });
    expect(chartProgress(tau, 8)).toEqual({ phase: 'backward', cursor: 1, lossThrough: 4, normFrom: 1 });
    expect(chartProgress(tau, 99)).toEqual(chartProgress(tau, 8));
    expect(chartProgress(tau, -3)).toEqual(chartProgress(tau, 0));
    for (let p = 0; p <= 2 * tau; p++) {
      const progress = chartProgress(tau, p);
      for (let t = 1; t <= tau; t++) {
        expect(isReached('loss', progress, t)).toBe(t <= p);
        expect(isReached('norm', progress, t)).toBe(t >= 2 * tau - p + 1);
      }
    }
  });

  it('gives the reached steps and the x span to draw in colour, at several positions', () => {
    const model = modelOf('elman', 8);
    const g = chartsGeometry(model, traceOf(model))!;
    const at = (p: number) => chartProgress(8, p);
    expect(reachedSteps(g.loss, at(0))).toBeNull();
    expect(reachedSpan(g.loss, at(0))).toBeNull();
    expect(reachedSteps(g.loss, at(3))).toEqual([1, 3]);
    expect(reachedSpan(g.loss, at(3))).toEqual([g.loss.plot.left, g.loss.plot.left + 3 * g.loss.stepWidth]);
    expect(reachedSteps(g.norm, at(3))).toBeNull();
    expect(reachedSteps(g.norm, at(8))).toBeNull();
    expect(reachedSteps(g.norm, at(10))).toEqual([7, 8]);
    const span = reachedSpan(g.norm, at(10))!;
    expect(span[0]).toBeCloseTo(stepX(g.norm, 7) - g.norm.stepWidth / 2, 9);
    expect(span[1]).toBeCloseTo(g.norm.plot.right, 9);
    expect(reachedSteps(g.loss, at(10))).toEqual([1, 8]);
    expect(reachedSteps(g.norm, at(16))).toEqual([1, 8]);
    // The cursor's step is a drawn mark's x.
    expect(stepX(g.norm, at(10).cursor!)).toBe(g.norm.marks[6]!.x);
  });

  it('single output: its one loss is reached when the forward pass reaches tau', () => {
    const model = modelOf('single-output', 5);
    const g = chartsGeometry(model, traceOf(model))!;
    const reachedBars = (p: number) => g.loss.marks.filter((m) => isReached('loss', chartProgress(5, p), m.t)).length;
    expect(reachedBars(4)).toBe(0);
    expect(reachedBars(5)).toBe(1);
    expect(reachedBars(10)).toBe(1);
  });
});

describe('chart text', () => {
  it('writes decades and step lists', () => {
    expect([-12, -1, 0, 1, 2, 308].map(decadeLabel)).toEqual(['10⁻¹²', '10⁻¹', '1', '10', '10²', '10³⁰⁸']);
    expect(stepsText([1, 2, 3, 4, 7, 9, 10])).toBe('t = 1–4, 7, 9–10');
    expect(stepsText([5])).toBe('t = 5');
  });
});

describe('loss axis of a trained model', () => {
  it('writes tiny losses in exponent form, short enough for the axis', () => {
    const model = initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 3, seed: 1 });
    const trace = traceOf(model);
    trace.stepLosses.set([1.5e-6, 3e-7, 8e-7]);
    const labels = lossChart(model, trace).yTicks.map((t) => t.label);
    expect(labels[0]).toBe('0');
    expect(labels.slice(1).every((l) => /^\d\.\de-\d$/.test(l))).toBe(true);
  });
});
