/**
 * The inspector's TeX: every equation of every node and parameter, per variant, feedback and
 * truncation, renders in KaTeX's strict mode; cut terms appear exactly where MODEL.md drops the
 * cross-time gradient; the numbers are the trace's; no label ever enters the TeX.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import type { Feedback, Model, Trace, Variant } from '../../../src/engine/index';
import { initModel, paramNames, traceOf } from '../../../src/engine/index';
import type { Selection } from '../../../src/graph/layout/index';
import { nodeExists, nodeKinds } from '../../../src/graph/layout/index';
import { nodeEquations } from '../../../src/graph/tex/index';
import { contributionEquation } from '../../../src/graph/tex/index';
import { texMatrix, texNumber, texVector } from '../../../src/graph/tex/index';

const TAU = 7;

/** A seeded model of a variant, with token inputs unless dense. */
function modelOf(variant: Variant, options: { feedback?: Feedback; truncation?: number; dense?: boolean; hidden?: number } = {}): Model {
  return initModel({
    variant, input: 4, hidden: options.hidden ?? 5, output: 3, length: TAU, seed: 11,
    ...(variant === 'jordan' ? { feedback: options.feedback ?? 'logits' } : {}),
    ...(options.truncation === undefined ? {} : { truncation: options.truncation }),
    inputs: options.dense ? 'dense' : 'tokens',
  });
}

/** Every selection a model has: each node at each of its steps, and each parameter. */
function selections(model: Model): Selection[] {
  const shape = { variant: model.variant, tau: model.sequence.length };
  const out: Selection[] = [];
  for (const kind of nodeKinds(model.variant)) for (let t = 0; t <= shape.tau; t++) if (nodeExists(shape, kind, t)) out.push({ type: 'node', kind, t });
  for (const name of paramNames(model.variant)) out.push({ type: 'param', name });
  return out;
}

/** KaTeX's rendering as the inspector asks for it, but throwing on any error. */
const render = (tex: string): string => katex.renderToString(tex, { trust: false, strict: 'error', maxExpand: 1000, maxSize: 20, throwOnError: true, output: 'htmlAndMathml', displayMode: true });

const CASES: readonly [string, Model][] = [
  ['elman', modelOf('elman')],
  ['elman, dense inputs', modelOf('elman', { dense: true })],
  ['elman, truncation 2', modelOf('elman', { truncation: 2 })],
  ['elman, 12 hidden units (elided)', modelOf('elman', { hidden: 12 })],
  ['single-output', modelOf('single-output')],
  ['single-output, truncation 3', modelOf('single-output', { truncation: 3 })],
  ['jordan logits', modelOf('jordan', { feedback: 'logits' })],
  ['jordan softmax', modelOf('jordan', { feedback: 'softmax' })],
  ['jordan softmax, truncation 2', modelOf('jordan', { feedback: 'softmax', truncation: 2 })],
  ['jordan teacher', modelOf('jordan', { feedback: 'teacher' })],
  ['jordan logits, dense, truncation 3', modelOf('jordan', { feedback: 'logits', dense: true, truncation: 3 })],
];

/** Row r of a trace buffer with rows of `len`. */
const row = (buf: Float64Array, r: number, len: number) => buf.subarray(r * len, (r + 1) * len);

/** The backward equations of a node, joined. */
const backward = (model: Model, trace: Trace, kind: 'h' | 'o', t: number) => nodeEquations(model, trace, { type: 'node', kind, t }).backward.join('\n');

describe('texNumber and texVector', () => {
  it('writes 3 significant digits, powers of ten, and non-finite values by name', () => {
    expect(texNumber(0.123456)).toBe('0.123');
    expect(texNumber(-2.5)).toBe('-2.5');
    expect(texNumber(0)).toBe('0');
    expect(texNumber(-0)).toBe('0');
    expect(texNumber(1.23456e-5)).toBe('1.23 \\times 10^{-5}');
    expect(texNumber(-98765)).toBe('-9.88 \\times 10^{4}');
    expect(texNumber(NaN)).toBe('\\text{NaN}');
    expect(texNumber(Infinity)).toBe('\\infty');
    expect(texNumber(-Infinity)).toBe('-\\infty');
  });

  it('elides vectors and matrices beyond 8 entries', () => {
    const long = Float64Array.from({ length: 12 }, (_, i) => i + 1);
    expect(texVector(long)).toBe('\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\\\ 4 \\\\ 5 \\\\ 6 \\\\ \\vdots \\\\ 12 \\end{bmatrix}');
    expect(texVector(long.subarray(0, 8))).not.toContain('\\vdots');
    const m = texMatrix(new Float64Array(100), 10, 10);
    expect(m).toContain('\\ddots');
    expect(m.split('\\\\')).toHaveLength(8);
    render(m);
  });
});

describe('nodeEquations', () => {
  it.each(CASES)('%s: every equation renders in strict mode, symbolic and with numbers', (_, model) => {
    const trace = traceOf(model);
    for (const selection of selections(model)) {
      for (const eq of [nodeEquations(model, null, selection), nodeEquations(model, trace, selection)]) {
        expect(eq.forward.length).toBeGreaterThan(0);
        for (const tex of [...eq.forward, ...eq.backward]) expect(render(tex)).not.toContain('katex-error');
      }
      if (selection.type === 'param') for (let t = 1; t <= TAU; t++) render(contributionEquation(model, trace, selection.name, t));
    }
  });

  it('cuts the Elman and single-output cross-time term exactly at multiples of k below tau', () => {
    for (const [variant, k] of [['elman', 2], ['single-output', 3], ['elman', null]] as const) {
      const model = modelOf(variant, k === null ? {} : { truncation: k });
      const trace = traceOf(model);
      for (let t = 1; t <= TAU; t++) {
        const text = backward(model, trace, 'h', t);
        const dropped = k !== null && t < TAU && t % k === 0;
        expect(text.includes('\\cancel'), `${variant} k=${k} h@${t}`).toBe(dropped);
        if (dropped) expect(text).toContain(`\\underbrace{\\cancel{W^\\top g_{a^{(${t + 1})}}}}_{\\text{cut: truncation, k = ${k}}}`);
        else if (t < TAU) expect(text).toContain(`W^\\top g_{a^{(${t + 1})}}`);
        else expect(text).not.toContain(`g_{a^{(${t + 1})}}`);
      }
    }
  });

  it('cuts Jordan\'s feedback term at multiples of k, and at every step with teacher forcing', () => {
    const cases = [['logits', 2], ['softmax', 3], ['teacher', null], ['softmax', null]] as const;
    for (const [feedback, k] of cases) {
      const model = modelOf('jordan', { feedback, ...(k === null ? {} : { truncation: k }) });
      const trace = traceOf(model);
      for (let t = 1; t <= TAU; t++) {
        const text = backward(model, trace, 'o', t);
        const dropped = t < TAU && (feedback === 'teacher' || (k !== null && t % k === 0));
        expect(text.includes('\\cancel'), `${feedback} k=${k} o@${t}`).toBe(dropped);
        if (dropped) expect(text).toContain(feedback === 'teacher' ? 'cut: teacher forcing' : `cut: truncation, k = ${k}`);
        expect(text.includes(`g_{f^{(${t})}}`), `${feedback} o@${t}`).toBe(t < TAU);
        // The hidden state of a Jordan network has no cross-time term of its own.
        expect(backward(model, trace, 'h', t)).not.toContain('\\cancel');
      }
    }
  });

  it('substitutes the trace\'s numbers', () => {
    const model = modelOf('elman', { truncation: 3 });
    const trace = traceOf(model);
    const { hidden: H, output: K } = model.sizes;
    const h3 = nodeEquations(model, trace, { type: 'node', kind: 'h', t: 3 });
    expect(h3.forward.join()).toContain(texVector(row(trace.h, 3, H)));
    expect(h3.forward.join()).toContain(texVector(row(trace.h, 2, H)));
    expect(h3.forward.join()).toContain(texVector(row(trace.a, 2, H)));
    expect(h3.backward.join()).toContain(texVector(row(trace.gH, 2, H)));
    expect(h3.backward.join()).toContain(texVector(row(trace.gA, 2, H)));
    const o2 = nodeEquations(model, trace, { type: 'node', kind: 'o', t: 2 });
    expect(o2.forward.join()).toContain(texVector(row(trace.o, 1, K)));
    expect(o2.backward.join()).toContain(texVector(row(trace.gO, 1, K)));
    expect(o2.backward.join()).toContain(texVector(row(trace.yhat, 1, K)));
    const l4 = nodeEquations(model, trace, { type: 'node', kind: 'L', t: 4 });
    expect(l4.forward.join()).toContain(`= ${texNumber(trace.stepLosses[3]!)}`);
    const w = nodeEquations(model, trace, { type: 'param', name: 'W' });
    expect(w.backward.join()).toContain(texMatrix(trace.grads.W!, H, H));
    const h0 = nodeEquations(model, trace, { type: 'node', kind: 'h', t: 0 });
    expect(h0.forward.join()).toContain(texVector(model.params.h0!));
    expect(h0.backward.join()).toContain(texVector(trace.grads.h0!));
  });

  it('keeps the directions the cursor has not reached symbolic', () => {
    const model = modelOf('elman');
    const trace = traceOf(model);
    const selection = { type: 'node', kind: 'h', t: 2 } as const;
    const none = nodeEquations(model, trace, selection, { forward: false, backward: false });
    expect([...none.forward, ...none.backward].join()).not.toContain('bmatrix');
    const forwardOnly = nodeEquations(model, trace, selection, { forward: true, backward: false });
    expect(forwardOnly.forward.join()).toContain('bmatrix');
    expect(forwardOnly.backward.join()).not.toContain('bmatrix');
    expect(forwardOnly.backward).toEqual(nodeEquations(model, null, selection).backward);
  });

  it('names values that are not finite and still renders', () => {
    const base = modelOf('elman');
    const b = base.params.b!.slice();
    b[0] = NaN;
    b[1] = Infinity;
    const model: Model = { ...base, params: { ...base.params, b } };
    const trace = traceOf(model);
    const eq = nodeEquations(model, trace, { type: 'node', kind: 'h', t: 1 });
    expect(eq.forward.join()).toContain('\\text{NaN}');
    expect(eq.forward.join()).toContain('\\infty');
    for (const tex of [...eq.forward, ...eq.backward]) render(tex);
  });

  it('never puts a label into the TeX', () => {
    const hostile = ['\\href{javascript:alert(1)}{x}', '<img src=x onerror=alert(1)>', '}\\def\\x{\\x}\\x{', '$\\unknown$'];
    for (const [, base] of CASES) {
      const model: Model = { ...base, labels: { input: hostile.slice(0, base.sizes.input), output: hostile.slice(0, base.sizes.output) } };
      const trace = traceOf(model);
      for (const selection of selections(model)) {
        const eq = nodeEquations(model, trace, selection);
        const text = [...eq.forward, ...eq.backward].join('\n');
        for (const bad of ['href', '<img', 'alert', 'javascript', '\\def', '\\unknown', '$']) expect(text).not.toContain(bad);
      }
    }
  });
});

describe('a ReLU Elman network\'s equations', () => {
  it('write h = max(0, a) and dL/da = [h > 0] dL/dh with the engine\'s numbers', () => {
    const model = initModel({ variant: 'elman', nonlinearity: 'relu', input: 3, hidden: 4, output: 3, length: 5, seed: 4 });
    const trace = traceOf(model);
    const H = 4;
    const eqs = nodeEquations(model, trace, { type: 'node', kind: 'h', t: 2 });
    const forward = eqs.forward.join('\n');
    expect(forward).toContain('\\max\\left(0, a^{(2)}\\right)');
    expect(forward).not.toContain('\\tanh');
    expect(forward).toContain(texVector(trace.h.subarray(2 * H, 3 * H)));
    const backward = eqs.backward.join('\n');
    expect(backward).toContain('\\left[h^{(2)} > 0\\right]');
    const mask = trace.h.subarray(2 * H, 3 * H).map((x) => (x > 0 ? 1 : 0));
    expect(backward).toContain(`${texVector(mask)} \\odot ${texVector(trace.gH.subarray(H, 2 * H))}`);
    expect(backward).toContain(texVector(trace.gA.subarray(H, 2 * H)));
  });
});
