/**
 * The predictions chart's grid, checked against yhat(t) computed here independently of the
 * engine (a plain forward pass from MODEL.md), its paths, its text, a single output, non-finite
 * yhat(t), many classes and a long sequence (cost).
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/engine/index';
import { initModel, traceOf } from '../../../src/engine/index';
import type { PredictionsGrid } from '../../../src/graph/charts/index';
import {
  LEVELS, MAX_CELL, MIN_CELL, MIN_SHOWN, columnIndex, levelOf, predictionPaths, predictionsGrid, probabilityText, reachedColumns,
  summaryText, totalsOf,
} from '../../../src/graph/charts/index';
import { DEFAULT_SCENE, buildModel } from '../../../src/store/scene';

/**
 * yhat(t) for t = 1..tau by MODEL.md, written out plainly for token inputs (Elman and single
 * output): a(t) = b + W h(t-1) + U x(t), h(t) = tanh(a(t)), o(t) = c + V h(t), yhat(t) = softmax(o(t)).
 */
function plainYhat(model: Model): number[][] {
  const { input: n, hidden: H, output: K } = model.sizes;
  const U = model.params.U!, W = model.params.W!, V = model.params.V!, b = model.params.b!, c = model.params.c!, h0 = model.params.h0;
  const inputs = model.sequence.inputs;
  if (inputs.kind !== 'tokens' || model.variant === 'jordan') throw new Error('plainYhat: Elman or single output on tokens only');
  let h = Array.from(h0!);
  const out: number[][] = [];
  for (let t = 1; t <= model.sequence.length; t++) {
    const id = inputs.ids[t - 1]!;
    h = Array.from({ length: H }, (_, i) => {
      let a = b[i]! + U[i * n + id]!;
      for (let j = 0; j < H; j++) a += W[i * H + j]! * h[j]!;
      return Math.tanh(a);
    });
    const o = Array.from({ length: K }, (_, k) => {
      let s = c[k]!;
      for (let j = 0; j < H; j++) s += V[k * H + j]! * h[j]!;
      return s;
    });
    const max = Math.max(...o);
    const e = o.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    out.push(e.map((v) => v / sum));
  }
  return model.variant === 'single-output' ? out.slice(-1) : out;
}

/** The default scene ("hello world", Elman) with the output bias c pushing toward class `favour`, so some steps are right. */
function helloModel(variant: Model['variant'] = 'elman', favour = -1): Model {
  const model = buildModel({ ...DEFAULT_SCENE, variant });
  if (favour >= 0) model.params.c![favour] = 4;
  return model;
}

/** The rectangles `M x,y h w v h ...z` of a path, as [x, y]. */
const rectsOf = (d: string) => [...d.matchAll(/M([\d.-]+),([\d.-]+)h/g)].map((r) => [Number(r[1]), Number(r[2])] as const);
const subpaths = (d: string) => (d.match(/M/g) ?? []).length;

/** The column and row of a cell's top-left corner. */
const cellOf = (grid: PredictionsGrid, x: number, y: number) =>
  [Math.round((x - grid.plot.left) / grid.cellWidth), Math.round((y - grid.plot.top) / grid.rowHeight)] as const;

describe('the predictions grid', () => {
  it('has one column per step with yhat(t), y(t), argmax and p(target) as computed independently', () => {
    // 'l' (class 4 of " dehlorw") is the most common next character of "hello world".
    const model = helloModel('elman', 4);
    const grid = predictionsGrid(model, traceOf(model), 640)!;
    const yhat = plainYhat(model);
    const K = model.sizes.output;
    expect(grid.columns.map((c) => c.t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(grid.classes).toBe(K);
    let correct = 0;
    let pSum = 0;
    grid.columns.forEach((c, i) => {
      const p = yhat[i]!;
      for (let k = 0; k < K; k++) expect(c.probs[k]).toBeCloseTo(p[k]!, 12);
      const target = model.sequence.targets[i]!;
      const argmax = p.indexOf(Math.max(...p));
      expect(c.target).toBe(target);
      expect(c.argmax).toBe(argmax);
      expect(c.correct).toBe(argmax === target);
      expect(c.pTarget).toBeCloseTo(p[target]!, 12);
      expect(c.nonFinite).toBeNull();
      if (argmax === target) correct++;
      pSum += p[target]!;
    });
    // The bias makes the three steps whose target is 'l' right, and no other.
    expect(correct).toBe(3);
    const totals = totalsOf(grid, 10);
    expect(totals.correct).toBe(correct);
    expect(totals.finite).toBe(10);
    expect(totals.meanPTarget).toBeCloseTo(pSum / 10, 12);
    expect(summaryText(grid)).toBe(`3 of 10 steps predicted right; mean p(target) ${(pSum / 10).toFixed(2)}`);
  });

  it('lays the cells out in a grid: columns left to right by t, rows top to bottom by class, labelled', () => {
    const model = helloModel();
    const grid = predictionsGrid(model, traceOf(model), 480)!;
    const { plot, cellWidth: w, rowHeight: h } = grid;
    expect(w).toBeCloseTo((480 - plot.left - 16) / 10, 9);
    grid.columns.forEach((c, i) => expect(c.x).toBeCloseTo(plot.left + i * w, 9));
    expect(plot.right).toBeCloseTo(plot.left + 10 * w, 9);
    expect(plot.bottom - plot.top).toBe(8 * h);
    expect(h).toBe(16);
    expect(grid.width).toBe(480);
    expect(grid.height).toBeGreaterThan(plot.bottom);
    // Every class is labelled with its character, the space made visible.
    expect(grid.rows.map((r) => r.label)).toEqual(['␣', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    expect(grid.rows[0]!.name).toBe('#0 “\u2068 \u2069”');
    expect(grid.rowLabels.map((r) => r.pos)).toEqual(grid.rows.map((r) => r.y + h / 2));
    for (const k of grid.xTicks) expect(k.pos).toBeCloseTo(grid.columns[k.value - 1]!.x + w / 2, 9);
    expect(grid.xTicks[0]!.label).toBe('1');
  });

  it('draws each shown cell once, in its level, the targets outlined and wrong argmaxes crossed', () => {
    const model = helloModel('elman', 4);
    const grid = predictionsGrid(model, traceOf(model), 640)!;
    const paths = predictionPaths(grid);
    expect(paths.shades).toHaveLength(LEVELS);
    const drawn = new Set<string>();
    paths.shades.forEach((d, i) => {
      for (const [x, y] of rectsOf(d)) {
        const [col, k] = cellOf(grid, x, y);
        const p = grid.columns[col]!.probs[k]!;
        expect(levelOf(p)).toBe(i + 1);
        expect(p).toBeGreaterThanOrEqual(MIN_SHOWN);
        drawn.add(`${col},${k}`);
      }
    });
    let shown = 0;
    grid.columns.forEach((c, col) => c.probs.forEach((p, k) => {
      if (p >= MIN_SHOWN) { shown++; expect(drawn.has(`${col},${k}`)).toBe(true); }
    }));
    expect(drawn.size).toBe(shown);
    // One target outline per column, in the target's row.
    const targets = rectsOf(paths.targets);
    expect(targets).toHaveLength(10);
    targets.forEach(([x, y], i) => expect(cellOf(grid, x, y)).toEqual([i, grid.columns[i]!.target]));
    // One cross (two strokes) per wrong column, in the argmax's row.
    expect(subpaths(paths.wrong)).toBe(2 * 7);
    expect(paths.background).toBe(`M${grid.plot.left},${grid.plot.top}h${grid.plot.right - grid.plot.left}v${grid.plot.bottom - grid.plot.top}h${grid.plot.left - grid.plot.right}z`);
    expect(paths.nonFiniteColumns + paths.nonFiniteCrosses).toBe('');
    expect(Object.values(paths).flat().join('')).not.toMatch(/NaN|Infinity/);
  });

  it('single output: one column, for t = tau, against the one target', () => {
    const model = helloModel('single-output');
    const trace = traceOf(model);
    const grid = predictionsGrid(model, trace, 640)!;
    expect(grid.columns).toHaveLength(1);
    const [c] = grid.columns;
    expect(c!.t).toBe(10);
    expect(c!.target).toBe(model.sequence.targets[0]);
    const p = plainYhat(model)[0]!;
    for (let k = 0; k < p.length; k++) expect(c!.probs[k]).toBeCloseTo(p[k]!, 12);
    expect(grid.cellWidth).toBe(MAX_CELL);
    expect(grid.xTicks.map((k) => k.label)).toEqual(['10']);
    expect(columnIndex(grid, 10)).toBe(0);
    expect(columnIndex(grid, 9)).toBe(-1);
    // The one column is computed when the forward pass reaches tau, not before.
    expect([0, 9, 10, 20].map((t) => reachedColumns(grid, t))).toEqual([0, 0, 1, 1]);
    expect(summaryText(grid)).toMatch(/^[01] of 1 step predicted right; mean p\(target\) \d\.\d\d$/);
    expect(subpaths(predictionPaths(grid).targets)).toBe(1);
  });

  it('names a non-finite yhat(t) and leaves its column unshaded, out of the mean', () => {
    const model = helloModel();
    const trace = traceOf(model);
    const yhat = Float64Array.from(trace.yhat);
    const K = model.sizes.output;
    yhat[2 * K + 1] = NaN;
    yhat[6 * K + 5] = Infinity;
    const grid = predictionsGrid(model, { ...trace, yhat }, 640)!;
    expect(grid.nonFinite.map((v) => v.text)).toEqual(['yhat(3)[1] is NaN', 'yhat(7)[5] is Infinity']);
    const bad = grid.columns[2]!;
    expect(bad.argmax).toBe(-1);
    expect(bad.correct).toBe(false);
    expect(bad.pTarget).toBeNaN();
    const totals = totalsOf(grid, 10);
    expect(totals.finite).toBe(8);
    const finite = grid.columns.filter((c) => !c.nonFinite);
    expect(totals.meanPTarget).toBeCloseTo(finite.reduce((s, c) => s + c.pTarget, 0) / 8, 12);
    expect(summaryText(grid)).toMatch(/ over the 8 steps whose yhat\(t\) is finite$/);
    const paths = predictionPaths(grid);
    const shaded = paths.shades.flatMap(rectsOf).map(([x, y]) => cellOf(grid, x, y)[0]);
    expect(shaded).not.toContain(2);
    expect(shaded).not.toContain(6);
    expect(rectsOf(paths.nonFiniteColumns).map(([x, y]) => cellOf(grid, x, y))).toEqual([[2, 0], [6, 0]]);
    expect(subpaths(paths.nonFiniteCrosses)).toBe(4);
    // The background is three runs of finite columns: 1-2, 4-6, 8-10.
    expect(subpaths(paths.background)).toBe(3);
    expect(subpaths(paths.wrong)).toBe(2 * finite.filter((c) => !c.correct).length);
    expect(Object.values(paths).flat().join('')).not.toMatch(/NaN|Infinity/);
    // Nothing finite at all: the mean is unknown, and said so.
    const none = predictionsGrid(model, { ...trace, yhat: new Float64Array(trace.yhat.length).fill(NaN) }, 640)!;
    expect(summaryText(none)).toBe('0 of 10 steps predicted right; mean p(target) unknown: no yhat(t) is finite');
  });

  it('refuses a trace that is not the model\'s pass', () => {
    const model = helloModel();
    expect(predictionsGrid(helloModel('single-output'), traceOf(model), 640)).toBeNull();
    expect(predictionsGrid(model, traceOf(helloModel('single-output')), 640)).toBeNull();
  });

  it('counts the computed columns as the cursor moves, and sums their totals by prefix', () => {
    const model = helloModel('elman', 4);
    const grid = predictionsGrid(model, traceOf(model), 640)!;
    expect([0, 1, 4, 10, 15].map((t) => reachedColumns(grid, t))).toEqual([0, 1, 4, 10, 10]);
    expect(summaryText(grid, 0)).toBe('No prediction computed yet');
    for (let i = 1; i <= 10; i++) {
      const first = grid.columns.slice(0, i);
      expect(totalsOf(grid, i).correct).toBe(first.filter((c) => c.correct).length);
      expect(totalsOf(grid, i).meanPTarget).toBeCloseTo(first.reduce((s, c) => s + c.pTarget, 0) / i, 12);
    }
    expect(columnIndex(grid, 4)).toBe(3);
  });
});

describe('many classes, long sequences', () => {
  it('keeps rows small for many classes, labels every few, and falls back to class ids', () => {
    const model = initModel({ variant: 'elman', input: 4, hidden: 4, output: 64, length: 6, seed: 3 });
    const grid = predictionsGrid(model, traceOf(model), 640)!;
    expect(grid.rowHeight).toBe(3);
    expect(grid.plot.bottom - grid.plot.top).toBe(192);
    expect(grid.rows[9]!.label).toBe('#9');
    const gaps = grid.rowLabels.slice(1).map((r, i) => r.pos - grid.rowLabels[i]!.pos);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(11);
    const named = predictionsGrid({ ...model, labels: { output: Array.from({ length: 64 }, (_, k) => `class number ${k}`) } }, traceOf(model), 640)!;
    expect(named.rows[2]!.label).toBe('class…');
    expect(named.rows[2]!.name).toBe('#2 “\u2068class number 2\u2069”');
  });

  it('tau = 512, K = 64: columns of at least MIN_CELL (the chart widens), in a few paths, cheaply', () => {
    const model = initModel({ variant: 'elman', input: 8, hidden: 16, output: 64, length: 512, seed: 5 });
    const trace = traceOf(model);
    const start = performance.now();
    let grid: PredictionsGrid | null = null;
    let chars = 0;
    for (let i = 0; i < 10; i++) {
      grid = predictionsGrid(model, trace, 480)!;
      const paths = predictionPaths(grid);
      chars = Object.values(paths).flat().join('').length;
    }
    const ms = (performance.now() - start) / 10;
    expect(grid!.cellWidth).toBe(MIN_CELL);
    expect(grid!.width).toBeGreaterThanOrEqual(grid!.plot.right);
    expect(grid!.columns).toHaveLength(512);
    expect(grid!.xTicks.length).toBeLessThanOrEqual((512 * MIN_CELL) / 40 + 1);
    console.info(`predictions grid + paths, tau = 512, K = 64: ${ms.toFixed(2)} ms, ${chars} characters of path data`);
    // About 10 ms on one core; the bound only catches a cost that is not O(m K), even on a busy machine.
    expect(ms).toBeLessThan(250);
  });
});

describe('probability text', () => {
  it('writes two decimals without rounding a tiny or near-certain probability to 0 or 1', () => {
    expect([0, 0.001, 0.0123, 0.41, 0.996, 1, NaN].map(probabilityText)).toEqual(['0', '<0.01', '0.01', '0.41', '>0.99', '1', 'NaN']);
    expect(MIN_CELL).toBeLessThan(MAX_CELL);
  });
});
