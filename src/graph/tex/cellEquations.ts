/**
 * The equations of a gated cell's nodes (the cell's own CellEquation data, cells/cell.ts) as
 * TeX with the live numbers in their slots: forward, each term's vector and the result; backward,
 * the terms of dL/d(node)(t), the one from step t+1 cut where truncation stops it, and the
 * gradient's vector. Every number comes from a Float64Array; no user text enters the TeX.
 */
import type { CellEquation, Model, Operand, Term, Trace } from '../../engine/index';
import { cellNodeRow, cellOfVariant, nodeGradientOf } from '../../engine/index';
import { crossTime, cutReason, stepVectors } from '../charts/stepVectors';
import type { NodeEquations, Reached } from './equations';
import { at, cut, equation, grad, onehot, texInt, texMatrix, texRowVector, texVector } from './tex';

/** The TeX name of a parameter: `Uf` is U_f, `bh` b_h, `h0` h_0; `W` stays W. */
export const paramTex = (name: string): string => (name.length > 1 ? `${name[0]}_{${name.slice(1)}}` : name);

/** `s@t-1` as s^{(2)} at t = 3: a node at a step in a cell's TeX. */
export const stepTex = (tex: string, t: number): string =>
  tex.replace(/([A-Za-z](?:_[A-Za-z])?)@t([+-]1)?/g, (_, name: string, shift: string | undefined) => at(name, t + (shift === undefined ? 0 : Number(shift))));

/** Step t-1, of a number or of the symbol t. */
const before = (t: number | string): number | string => (typeof t === 'number' ? t - 1 : `${t}-1`);

/** The symbol of an operand at step t (a number, or the symbol t). */
function operandTex(o: Operand, t: number | string): string {
  const v = at(o.node, o.prev ? before(t) : t);
  return o.of === 'tanh' ? `\\tanh\\left(${v}\\right)` : o.of === 'oneMinus' ? `\\left(1 - ${v}\\right)` : v;
}

const termTex = (term: Term, t: number | string): string =>
  'product' in term ? `${operandTex(term.product[0], t)} \\odot ${operandTex(term.product[1], t)}`
    : term.times ? `${paramTex(term.param)} ${operandTex(term.times, t)}` : paramTex(term.param);

const activated = (act: CellEquation['forward']['act'], inner: string): string =>
  act === 'sigma' ? `\\sigma\\left(${inner}\\right)` : act === 'tanh' ? `\\tanh\\left(${inner}\\right)` : inner;

/** The numbers of a cell's terms at step t, from a model and its trace. */
export function cellTermValues(model: Model, trace: Trace, eq: CellEquation, t: number): Float64Array[] {
  const cell = cellOfVariant(model.variant);
  const H = model.sizes.hidden;
  const vectors = stepVectors(model, trace);
  const operand = (o: Operand): Float64Array => {
    const s = o.prev ? t - 1 : t;
    const r = o.node === 'x' ? 0 : cellNodeRow(cell, o.node, s);
    const v = o.node === 'x' ? vectors.x(s) : trace.nodes[o.node]!.subarray(r * H, (r + 1) * H);
    if (o.of === 'tanh') return v.map(Math.tanh);
    if (o.of === 'oneMinus') return v.map((x) => 1 - x);
    return v;
  };
  return eq.forward.terms.map((term) => {
    if ('product' in term) {
      const a = operand(term.product[0]);
      const b = operand(term.product[1]);
      return a.map((x, i) => x * b[i]!);
    }
    const P = model.params[term.param]!;
    if (!term.times) return P;
    const v = operand(term.times);
    return vectors.mul(P, H, v.length, v);
  });
}

/** The activation applied to a vector (what the forward equation's last step computes). */
export const activate = (act: CellEquation['forward']['act'], v: Float64Array): Float64Array =>
  act === 'sigma' ? v.map((x) => 1 / (1 + Math.exp(-x))) : act === 'tanh' ? v.map(Math.tanh) : v;

/** The equations of node kind@t (t >= 1) of a gated cell, or null if the cell has none for it. */
export function cellNodeEquations(model: Model, trace: Trace | null, kind: string, t: number, reached: Reached): NodeEquations | null {
  const cell = cellOfVariant(model.variant);
  const eq = cell.equations?.[kind];
  if (!eq) return null;
  const H = model.sizes.hidden;
  const lhs = at(kind, t);
  const sym = activated(eq.forward.act, eq.forward.terms.map((term) => termTex(term, t)).join(' + '));
  const forward = [trace && reached.forward
    ? equation(lhs, sym, activated(eq.forward.act, cellTermValues(model, trace, eq, t).map(texVector).join(' + ')),
      texVector(trace.nodes[kind]!.subarray(cellNodeRow(cell, kind, t) * H, (cellNodeRow(cell, kind, t) + 1) * H)))
    : equation(lhs, sym)];
  // Terms from step t+1: none at the last step, cut where truncation stops the gradient.
  const fate = crossTime(model, t);
  const terms = eq.backward.filter((b) => !(b.next && fate === 'last')).map((b) => {
    const tex = stepTex(b.tex, t);
    return b.next && fate !== 'kept' ? cut(tex, cutReason(model, fate)) : tex;
  });
  const backward = terms.length === 0 ? [] : [trace && reached.backward
    ? equation(grad(kind, t), terms.join(' + '), texVector(nodeGradientOf(cell, { sizes: model.sizes, nodes: trace.nodes, factors: trace.factors }, kind, t)))
    : equation(grad(kind, t), terms.join(' + '))];
  return { forward, backward };
}

/** The TeX of a backward factor: `dpf` (dL/d(pre-activation of f)) is g_{a_f}, `dm` is g_m. */
const factorTex = (factor: string, t: number | string): string =>
  grad(factor.startsWith('dp') ? `a_${factor.slice(2)}` : factor.slice(1), t);

/** `name^{(t)\top}`. */
const atT = (name: string, t: number | string): string => `${name}^{(${t})\\top}`;

/** The cell's parameter spec of `name`, when it is the cell's (not the output layer's V or c). */
const specOf = (model: Model, name: string) => cellOfVariant(model.variant).params.find((p) => p.name === name) ?? null;

/** Step t's term of dL/d(parameter) of a gated cell, symbolically; null for a parameter not the cell's. */
export function cellContributionTerm(model: Model, name: string, t: number | string): string | null {
  const spec = specOf(model, name);
  if (!spec || !cellOfVariant(model.variant).equations) return null;
  if (spec.kind === 'initial') return `${grad(name[0]!, 0)}`;
  const d = factorTex(spec.factor!, t);
  return spec.kind === 'input' ? `${d} ${atT('x', t)}` : spec.kind === 'recurrent' ? `${d} ${atT('h', before(t))}` : d;
}

/** A gated cell's parameter's equations: the node equation that uses it, its shape and value; its gradient as the sum over steps. */
export function cellParamEquations(model: Model, trace: Trace | null, name: string, shape: readonly [number, number]): NodeEquations | null {
  const cell = cellOfVariant(model.variant);
  const spec = specOf(model, name);
  if (!spec || !cell.equations) return null;
  const [rows, cols] = shape;
  const uses = Object.entries(cell.equations)
    .filter(([, eq]) => eq.forward.terms.some((term) => 'param' in term && term.param === name))
    .map(([node, eq]) => equation(at(node, 't'), activated(eq.forward.act, eq.forward.terms.map((term) => termTex(term, 't')).join(' + '))));
  const state = cell.carried.find((c) => c.initial === name)?.state;
  const value = model.params[name]!;
  const forward = [
    ...(state ? [equation(at(state, 0), paramTex(name))] : uses),
    `${paramTex(name)} \\in \\mathbb{R}^{${rows}${cols === 1 ? '' : ` \\times ${cols}`}}`,
    equation(paramTex(name), cols === 1 ? texVector(value) : texMatrix(value, rows, cols)),
  ];
  const sum = spec.kind === 'initial' ? `\\text{what step 1 sends back to } ${at(state!, 0)}` : `\\sum_{t=1}^{\\tau} ${cellContributionTerm(model, name, 't')}`;
  const total = trace?.grads[name] ?? null;
  const g = `g_{${paramTex(name)}}`;
  const backward = [total ? equation(g, sum, cols === 1 ? texVector(total) : texMatrix(total, rows, cols)) : equation(g, sum)];
  if (model.truncation !== null && spec.kind !== 'initial') backward.push(`\\text{with truncation } (k = ${texInt(model.truncation)})\\text{, each factor is the truncated one}`);
  return { forward, backward };
}

/** Step t's contribution to a gated cell's parameter with the numbers of the trace (its factor times x(t) or h(t-1)); null for a parameter not the cell's. */
export function cellContributionNumbers(model: Model, trace: Trace, name: string, t: number): string | null {
  const spec = specOf(model, name);
  if (!spec || !cellOfVariant(model.variant).equations) return null;
  const H = model.sizes.hidden;
  if (spec.kind === 'initial') return texVector(trace.grads[name]!);
  const d = texVector(trace.factors[spec.factor!]!.subarray((t - 1) * H, t * H));
  if (spec.kind === 'bias') return d;
  if (spec.kind === 'recurrent') return `${d} ${texRowVector(trace.nodes.h!.subarray((t - 1) * H, t * H))}`;
  const inputs = model.sequence.inputs;
  const n = model.sizes.input;
  return `${d} ${inputs.kind === 'tokens' ? `${onehot(texInt(inputs.ids[t - 1]!))}^\\top` : texRowVector(inputs.values.subarray((t - 1) * n, t * n))}`;
}
