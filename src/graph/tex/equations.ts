/**
 * The inspector's equations as TeX (shared/MODEL.md): the forward and backward equations of a
 * selected node or parameter, symbolic, or with the live numbers of a trace substituted. Pure:
 * every number comes from a Float64Array (or an Int32Array of ids), no label or other user text
 * ever enters the TeX, so the strings are safe to hand to KaTeX.
 */
import type { Model, Trace } from '../../engine/index';
import { cellOfVariant, feedsBack, readsOutAtEnd, targetAt } from '../../engine/index';
import { cellNodeEquations, paramTex } from './cellEquations';
import type { Selection } from '../layout/ids';
import { paramEquations } from './paramEquations';
import type { StepVectors } from '../charts/stepVectors';
import { crossTime, cutReason, stepVectors } from '../charts/stepVectors';
import { YHAT, at, cut, equation, grad, onehot, texInt, texNumber, texVector } from './tex';

/** The equations of a node or parameter: each string is one TeX equation (or aligned block). */
export interface NodeEquations {
  /** How the forward pass computes it (for a parameter: where it is used). */
  readonly forward: readonly string[];
  /** How BPTT computes its gradient; empty for x, y and yhat, whose gradient the engine does not form. */
  readonly backward: readonly string[];
}

/** Which directions get live numbers (the others stay symbolic). */
export interface Reached {
  readonly forward: boolean;
  readonly backward: boolean;
}

const BOTH: Reached = { forward: true, backward: true };

/** Numbers of a direction, or null for the symbolic form. */
type Numbers = StepVectors | null;

/** The forward equations of a(t) and h(t), t >= 1. */
function hiddenForward(model: Model, t: number, v: Numbers): string[] {
  const jordan = feedsBack(model.variant);
  const prev = at(jordan ? 'f' : 'h', t - 1);
  const aSym = `b + W ${prev} + U ${at('x', t)}`;
  const lines: string[] = [];
  if (jordan) {
    const f = model.feedback === 'logits' ? at('o', t - 1) : model.feedback === 'softmax' ? at(YHAT, t - 1) : onehot(at('y', t - 1));
    lines.push(t === 1 ? `${at('f', 0)} = 0` : `${prev} = ${f}`);
  }
  const relu = model.nonlinearity === 'relu';
  const act = (x: string): string => (relu ? `\\max\\left(0, ${x}\\right)` : `\\tanh\\left(${x}\\right)`);
  if (!v) return [...lines, equation(at('a', t), aSym), equation(at('h', t), act(at('a', t)))];
  const { hidden: H, input: n, output: K } = model.sizes;
  const p = model.params;
  const prevV = jordan ? v.f(t) : v.h(t - 1);
  const inputs = model.sequence.inputs;
  const xTex = inputs.kind === 'tokens' ? onehot(texInt(inputs.ids[t - 1]!)) : texVector(v.x(t));
  const prevTex = jordan && model.feedback === 'teacher' && t > 1 ? onehot(texInt(model.sequence.targets[t - 2]!)) : texVector(prevV);
  const wPrev = v.mul(p.W!, H, jordan ? K : H, prevV);
  const uX = v.mul(p.U!, H, n, v.x(t));
  return [
    ...lines,
    equation(at('a', t), aSym, `${texVector(p.b!)} + W ${prevTex} + U ${xTex}`, `${texVector(p.b!)} + ${texVector(wPrev)} + ${texVector(uX)}`, texVector(v.a(t))),
    equation(at('h', t), act(at('a', t)), relu ? act(texVector(v.a(t))) : `\\tanh${texVector(v.a(t))}`, texVector(v.h(t))),
  ];
}

/** The backward equations of h(t) and a(t), t >= 1. */
function hiddenBackward(model: Model, t: number, v: Numbers): string[] {
  const { hidden: H, output: K } = model.sizes;
  const fate = crossTime(model, t);
  const fromOutput = `V^\\top ${grad('o', t)}`;
  const fromNext = `W^\\top ${grad('a', t + 1)}`;
  const hasOutput = !readsOutAtEnd(model) || t === model.sequence.length;
  const carries = !feedsBack(model.variant) && fate !== 'last';
  const next = fate === 'truncation' ? cut(fromNext, cutReason(model, fate)) : fromNext;
  const terms = [hasOutput ? fromOutput : null, carries ? next : null].filter((x): x is string => x !== null);
  const sym = terms.join(' + ');
  const relu = model.nonlinearity === 'relu';
  // tanh'(a) = 1 - h^2; ReLU'(a) = [a > 0] = [h > 0], each read from h(t).
  const gA = relu ? `\\left[${at('h', t)} > 0\\right] \\odot ${grad('h', t)}` : `\\left(1 - ${at('h', t)} \\odot ${at('h', t)}\\right) \\odot ${grad('h', t)}`;
  if (!v) return [equation(grad('h', t), sym), equation(grad('a', t), gA)];
  const gO = v.gO(t);
  const factors: string[] = [];
  const products: string[] = [];
  if (hasOutput && gO) {
    factors.push(`V^\\top ${texVector(gO)}`);
    products.push(texVector(v.mulT(model.params.V!, K, H, gO)));
  }
  if (carries && fate === 'truncation') {
    factors.push('0');
    products.push('0');
  } else if (carries) {
    factors.push(`W^\\top ${texVector(v.gA(t + 1))}`);
    products.push(texVector(v.back(t + 1)));
  }
  const rows = products.length > 1 ? [factors.join(' + '), products.join(' + ')] : [factors.join(' + ')];
  const oneMinus = v.h(t).map((x) => (relu ? (x > 0 ? 1 : 0) : 1 - x * x));
  return [
    equation(grad('h', t), sym, ...rows, texVector(v.gH(t))),
    equation(grad('a', t), gA, `${texVector(oneMinus)} \\odot ${texVector(v.gH(t))}`, texVector(v.gA(t))),
  ];
}

/** h(0) = h0: forward and backward (Elman, single output). */
function initialState(v: StepVectors | null, reached: Reached, trace: Trace | null): NodeEquations {
  const fv = reached.forward ? v : null;
  const bv = reached.backward ? v : null;
  const g0 = trace?.grads.h0 ?? null;
  return {
    forward: [equation(at('h', 0), ...['h_0', ...(fv ? [texVector(fv.h(0))] : [])])],
    backward: [equation(grad('h', 0), ...[`W^\\top ${grad('a', 1)}`, ...(bv && g0 ? [`W^\\top ${texVector(bv.gA(1))}`, texVector(g0)] : [])])],
  };
}

/** The forward equation of o(t). */
function outputForward(model: Model, t: number, v: Numbers): string[] {
  const sym = `c + V ${at('h', t)}`;
  const o = v?.o(t);
  if (!v || !o) return [equation(at('o', t), sym)];
  const { hidden: H, output: K } = model.sizes;
  const c = texVector(model.params.c!);
  return [equation(at('o', t), sym, `${c} + V ${texVector(v.h(t))}`, `${c} + ${texVector(v.mul(model.params.V!, K, H, v.h(t)))}`, texVector(o))];
}

/** The backward equations of o(t): the softmax-loss term, and Jordan's feedback term. */
function outputBackward(model: Model, t: number, v: Numbers): string[] {
  const fate = crossTime(model, t);
  const yId = targetAt(model, t);
  const base = `${at(YHAT, t)} - ${onehot(at('y', t))}`;
  const gf = grad('f', t);
  const feedback = model.feedback === 'softmax' ? `${at(YHAT, t)} \\odot \\left(${gf} - \\langle ${at(YHAT, t)}, ${gf} \\rangle\\right)` : gf;
  const jordanTerm = feedsBack(model.variant) && fate !== 'last';
  const term = !jordanTerm ? '' : fate === 'kept' ? ` + ${feedback}` : ` + ${cut(feedback, cutReason(model, fate))}`;
  const lines: string[] = [];
  const gfLine = jordanTerm && fate === 'kept';
  const yhat = v?.yhat(t);
  const gO = v?.gO(t);
  if (gfLine) lines.push(v ? equation(gf, `W^\\top ${grad('a', t + 1)}`, texVector(v.back(t + 1))) : equation(gf, `W^\\top ${grad('a', t + 1)}`));
  if (!v || !yhat || !gO) return [equation(grad('o', t), base + term), ...lines];
  let termNumbers = '';
  if (jordanTerm && fate !== 'kept') termNumbers = ' + 0';
  else if (jordanTerm && model.feedback === 'logits') termNumbers = ` + ${texVector(v.back(t + 1))}`;
  else if (jordanTerm) {
    const g = v.back(t + 1);
    let mean = 0;
    for (let k = 0; k < yhat.length; k++) mean += yhat[k]! * g[k]!;
    termNumbers = ` + ${texVector(yhat.map((y, k) => y * (g[k]! - mean)))}`;
  }
  return [equation(grad('o', t), base + term, `${texVector(yhat)} - ${onehot(texInt(yId))}${termNumbers}`, texVector(gO)), ...lines];
}

/** yhat(t) = softmax(o(t)). */
function softmaxForward(t: number, v: Numbers): string[] {
  const o = v?.o(t);
  const yhat = v?.yhat(t);
  const sym = `\\operatorname{softmax}\\left(${at('o', t)}\\right)`;
  const def = `${at(YHAT, t)}_k = \\frac{e^{${at('o', t)}_k}}{\\sum_j e^{${at('o', t)}_j}}`;
  if (!o || !yhat) return [equation(at(YHAT, t), sym), def];
  return [equation(at(YHAT, t), sym, `\\operatorname{softmax}${texVector(o)}`, texVector(yhat)), def];
}

/** L(t) = -log yhat(t)[y(t)], and the total loss. */
function lossEquations(model: Model, t: number, v: Numbers, trace: Trace | null): string[] {
  const yId = targetAt(model, t);
  const sym = `-\\log ${at(YHAT, t)}_{${at('y', t)}}`;
  const total = readsOutAtEnd(model) ? `L = ${at('L', t)}` : `L = \\sum_{t=1}^{\\tau} ${at('L', 't')}`;
  const yhat = v?.yhat(t);
  if (!v || !yhat || !trace) return [equation(at('L', t), sym), total];
  let sum = 0;
  for (const x of trace.stepLosses) sum += x;
  return [
    equation(at('L', t), sym, `-\\log ${at(YHAT, t)}_{${texInt(yId)}}`, `-\\log ${texNumber(yhat[yId]!)}`, texNumber(v.loss(t))),
    `${total} = ${texNumber(sum)}`,
  ];
}

/** x(t): the input, a one-hot token or a dense vector. */
function inputEquation(model: Model, t: number, v: Numbers): string {
  const inputs = model.sequence.inputs;
  if (inputs.kind === 'tokens') return equation(at('x', t), onehot(texInt(inputs.ids[t - 1]!)));
  return v ? equation(at('x', t), texVector(v.x(t))) : `${at('x', t)} \\in \\mathbb{R}^{${model.sizes.input}}`;
}

/**
 * The equations of a selected node or parameter of `model`, with the numbers of `trace`
 * substituted in the directions `reached` says the pass has computed (all, by default); with
 * no trace, the symbolic forms. Node `h@0` is the initial state h0. Returns TeX strings only
 * built from numbers and fixed symbols, safe for KaTeX with `trust: false`.
 */
export function nodeEquations(model: Model, trace: Trace | null, selection: Selection, reached: Reached = BOTH): NodeEquations {
  const v = trace ? stepVectors(model, trace) : null;
  const fv = reached.forward ? v : null;
  const bv = reached.backward ? v : null;
  if (selection.type === 'param') return paramEquations(model, reached.backward ? trace : null, selection.name);
  const { kind, t } = selection;
  const cell = cellOfVariant(model.variant);
  if (cell.equations?.[kind]) {
    if (t === 0) return gatedInitialState(model, trace, kind, reached);
    return cellNodeEquations(model, trace, kind, t, reached)!;
  }
  switch (kind) {
    case 'h':
      if (t === 0) return initialState(v, reached, trace);
      return { forward: hiddenForward(model, t, fv), backward: hiddenBackward(model, t, bv) };
    case 'o':
      return { forward: outputForward(model, t, fv), backward: outputBackward(model, t, bv) };
    case 'yhat':
      return { forward: softmaxForward(t, fv), backward: [] };
    case 'L':
      return { forward: lossEquations(model, t, fv, trace), backward: [`\\frac{\\partial L}{\\partial ${at('L', t)}} = 1`] };
    case 'x':
      return { forward: [inputEquation(model, t, v)], backward: [] };
    case 'y':
      return { forward: [equation(at('y', t), texInt(targetAt(model, t)))], backward: [] };
    default:
      throw new RangeError(`no equations for node ${kind}@${t} of a ${model.variant} network`);
  }
}

/** A gated cell's carried state at step 0, its initial state h0 or s0: forward and backward (what step 1 sends back). */
function gatedInitialState(model: Model, trace: Trace | null, kind: string, reached: Reached): NodeEquations {
  const initial = cellOfVariant(model.variant).carried.find((c) => c.state === kind)!.initial;
  const value = model.params[initial]!;
  const g = reached.backward ? trace?.grads[initial] : undefined;
  return {
    forward: [equation(at(kind, 0), paramTex(initial), ...(reached.forward ? [texVector(value)] : []))],
    backward: [equation(grad(kind, 0), `g_{${paramTex(initial)}}`, ...(g ? [texVector(g)] : []))],
  };
}
