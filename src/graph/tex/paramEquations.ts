/**
 * The equations of a parameter as TeX (shared/MODEL.md): where the forward pass uses it, its
 * gradient as a sum of one contribution per time step (weight sharing), and step t's
 * contribution with the live numbers. Numbers only; no user text.
 */
import type { Model, ParamName, Trace } from '../../engine/index';
import { feedsBack, paramShape, passOfTrace, readsOutAtEnd, stepContribution, teacherForced } from '../../engine/index';
import type { NodeEquations } from './equations';
import { cellContributionNumbers, cellContributionTerm, cellParamEquations, paramTex } from './cellEquations';
import { stepVectors } from '../charts/stepVectors';
import { YHAT, at, equation, grad, onehot, texInt, texMatrix, texRowVector, texVector } from './tex';

/** `name^{(t)\top}`: the transpose of a step vector. */
const atT = (name: string, t: number | string): string => `${name}^{(${t})\\top}`;


/** `g_{name}`: dL/d(parameter). */
const gradOf = (name: ParamName): string => `g_{${paramTex(name)}}`;

/** Jordan's fed-back signal f(s), symbolically. */
function feedbackTex(model: Model, s: number | string): string {
  if (model.feedback === 'softmax') return at(YHAT, s);
  if (model.feedback === 'teacher') return onehot(at('y', s));
  return at('o', s);
}

/** The first step whose contribution to a parameter can be non-zero, and the last. */
function steps(model: Model, name: ParamName): [number, number] {
  const tau = model.sequence.length;
  if (name === 'h0') return [1, 1];
  if (readsOutAtEnd(model) && (name === 'V' || name === 'c')) return [tau, tau];
  if (feedsBack(model.variant) && name === 'W') return [Math.min(2, tau), tau];
  return [1, tau];
}

/** Step t's term of dL/d(parameter), symbolically (t a number or `t`). */
export function contributionTerm(model: Model, name: ParamName, t: number | string): string {
  const gated = cellContributionTerm(model, name, t);
  if (gated !== null) return gated;
  const prev = typeof t === 'number' ? t - 1 : `${t}-1`;
  switch (name) {
    case 'U': return `${grad('a', t)} ${atT('x', t)}`;
    case 'b': return grad('a', t);
    case 'V': return `${grad('o', t)} ${atT('h', t)}`;
    case 'c': return grad('o', t);
    case 'h0': return `W^\\top ${grad('a', 1)}`;
    case 'W':
      if (!feedsBack(model.variant)) return `${grad('a', t)} ${atT('h', prev)}`;
      if (model.feedback === 'teacher') return `${grad('a', t)} ${onehot(at('y', prev))}^\\top`;
      return `${grad('a', t)} ${atT(model.feedback === 'softmax' ? YHAT : 'o', prev)}`;
    default: throw new RangeError(`${name}: a ${model.variant} network has no such parameter`);
  }
}

/** The gradient of a parameter as a sum over steps, symbolically. */
function gradientSum(model: Model, name: ParamName): string {
  const [first, last] = steps(model, name);
  if (first === last) return contributionTerm(model, name, last === model.sequence.length && first !== 1 ? '\\tau' : first);
  return `\\sum_{t=${first}}^{\\tau} ${contributionTerm(model, name, 't')}`;
}

/** Where the forward pass uses a parameter. */
function usedIn(model: Model, name: ParamName): string {
  const prev = feedsBack(model.variant) ? at('f', 't-1') : at('h', 't-1');
  if (name === 'h0') return `${at('h', 0)} = h_0`;
  if (name === 'V' || name === 'c') return `${at('o', 't')} = c + V ${at('h', 't')}`;
  return `${at('a', 't')} = b + W ${prev} + U ${at('x', 't')}`;
}

/**
 * A parameter's equations: forward, where it is used, its shape and its value; backward, its
 * gradient as the sum over steps of MODEL.md, with the summed numbers when a trace is given.
 */
export function paramEquations(model: Model, trace: Trace | null, name: ParamName): NodeEquations {
  const [rows, cols] = paramShape(model, name);
  const gated = cellParamEquations(model, trace, name, [rows, cols]);
  if (gated) return gated;
  const value = model.params[name];
  const forward = [usedIn(model, name), `${paramTex(name)} \\in \\mathbb{R}^{${rows}${cols === 1 ? '' : ` \\times ${cols}`}}`];
  if (feedsBack(model.variant) && (name === 'W' || name === 'U' || name === 'b')) forward.push(`${at('f', 't-1')} = ${feedbackTex(model, 't-1')}, \\quad ${at('f', 0)} = 0`);
  if (value) forward.push(equation(paramTex(name), cols === 1 ? texVector(value) : texMatrix(value, rows, cols)));
  const total = trace?.grads[name] ?? null;
  const sum = gradientSum(model, name);
  const backward = [total ? equation(gradOf(name), sum, cols === 1 ? texVector(total) : texMatrix(total, rows, cols)) : equation(gradOf(name), sum)];
  if (model.truncation !== null && name !== 'h0') backward.push(`\\text{with truncation } (k = ${texInt(model.truncation)})\\text{, each } ${grad('a', 't')} \\text{ is the truncated one}`);
  return { forward, backward };
}

/**
 * Step t's contribution to dL/d(parameter) as one equation: the outer product (or vector) of
 * MODEL.md with the numbers of the trace, and the result when the parameter is small enough to write.
 */
export function contributionEquation(model: Model, trace: Trace, name: ParamName, t: number): string {
  const [first, last] = steps(model, name);
  const lhs = `${gradOf(name)}^{[${t}]}`;
  if (t < first || t > last) return equation(lhs, '0');
  const v = stepVectors(model, trace);
  const [rows, cols] = paramShape(model, name);
  const result = stepContribution(passOfTrace(model, trace), name, t);
  const written = cols === 1 ? texVector(result) : texMatrix(result, rows, cols);
  const inputs = model.sequence.inputs;
  let numbers = cellContributionNumbers(model, trace, name, t) ?? '';
  if (numbers === '') switch (name) {
    case 'U':
      numbers = `${texVector(v.gA(t))} ${inputs.kind === 'tokens' ? `${onehot(texInt(inputs.ids[t - 1]!))}^\\top` : texRowVector(v.x(t))}`;
      break;
    case 'b': numbers = texVector(v.gA(t)); break;
    case 'V': numbers = `${texVector(v.gO(t) ?? new Float64Array(0))} ${texRowVector(v.h(t))}`; break;
    case 'c': numbers = texVector(v.gO(t) ?? new Float64Array(0)); break;
    case 'h0': numbers = `W^\\top ${texVector(v.gA(1))}`; break;
    case 'W':
      if (teacherForced(model)) numbers = `${texVector(v.gA(t))} ${onehot(texInt(model.sequence.targets[t - 2]!))}^\\top`;
      else numbers = `${texVector(v.gA(t))} ${texRowVector(feedsBack(model.variant) ? v.f(t) : v.h(t - 1))}`;
      break;
    default: throw new RangeError(`${name}: a ${model.variant} network has no such parameter`);
  }
  return equation(lhs, contributionTerm(model, name, t), numbers, written);
}
