/**
 * The Check action: central differences (MODEL.md, "Checking gradients") on the entries of one
 * parameter or one node, next to the analytic gradient. With truncation, the analytic gradient
 * the model uses is not the gradient of L; the check compares the numbers with full BPTT and
 * shows the truncated value beside them.
 */
import { forward, gradients, runPass } from './gradients';
import type { Model, ParamName } from '../model';
import { cellOfVariant } from '../model';
import { nodeGradientOf } from '../cells/index';
import type { Nudge, Pass } from './pass';
import { createPass, forwardStep, outputRow } from './pass';

/** The nodes whose gradient the Check action checks: o(t), or one of the cell's nodes (a(t), h(t); the LSTM's f(t), s(t) ...). */
export type CheckNode = string;

/** What to check: a parameter, or a node's vector at step t. */
export type CheckTarget =
  | { readonly kind: 'param'; readonly name: ParamName }
  | { readonly kind: 'node'; readonly node: CheckNode; readonly t: number };

/** One checked entry. */
export interface CheckEntry {
  readonly index: number;
  /** The gradient the model uses (truncated when the model truncates BPTT). */
  readonly analytic: number;
  /** The gradient of L by full BPTT. */
  readonly full: number;
  /** (L(p + eps) - L(p - eps)) / (2 eps), eps = 1e-5. */
  readonly numeric: number;
  /** |full - numeric| / max(|full|, |numeric|), 0 when both are 0. */
  readonly relError: number;
  /** |full - numeric| <= 1e-7 + 1e-5 |numeric|: MODEL.md's tolerance. */
  readonly ok: boolean;
}

export interface CheckResult {
  readonly target: CheckTarget;
  readonly entries: readonly CheckEntry[];
  /** How many entries the target has (only the first `entries.length` were checked). */
  readonly total: number;
  /** Whether the model truncates BPTT, so that analytic and full differ. */
  readonly truncated: boolean;
}

export const CHECK_EPS = 1e-5;

/** L with one node entry nudged by eps during the forward pass. */
function nudgedLoss(model: Model, nudge: Nudge): number {
  const pass = createPass(model, nudge);
  for (let t = 1; t <= model.sequence.length; t++) forwardStep(pass, t);
  return pass.loss;
}

/** The vector of dL/d(node) at step t in a finished pass, or null when step t has no such node. */
function nodeGradient(pass: Pass, node: CheckNode, t: number): Float64Array | null {
  const K = pass.model.sizes.output;
  if (node === 'o') {
    const row = outputRow(pass.model, t);
    return row < 0 ? null : pass.backward.gO.slice(row * K, (row + 1) * K);
  }
  const cell = cellOfVariant(pass.model.variant);
  if (!cell.nodes.some((n) => n.name === node)) return null;
  return nodeGradientOf(cell, { sizes: pass.model.sizes, nodes: pass.forward.nodes, factors: pass.backward.factors }, node, t);
}

/** Checks up to `limit` entries of a parameter's or a node's gradient against central differences. */
export function checkGradients(model: Model, target: CheckTarget, limit = 256): CheckResult {
  const full: Model = { ...model, truncation: null };
  let analytic: Float64Array | null;
  let exact: Float64Array | null;
  let numeric: (i: number) => number;
  if (target.kind === 'param') {
    analytic = gradients(model).grads[target.name] ?? null;
    exact = gradients(full).grads[target.name] ?? null;
    const p = model.params[target.name];
    numeric = (i) => {
      if (!p) return NaN;
      const keep = p[i]!;
      p[i] = keep + CHECK_EPS;
      const up = forward(model).loss;
      p[i] = keep - CHECK_EPS;
      const down = forward(model).loss;
      p[i] = keep;
      return (up - down) / (2 * CHECK_EPS);
    };
  } else {
    const { node, t } = target;
    if (!Number.isInteger(t) || t < 1 || t > model.sequence.length) throw new RangeError(`step ${t} is not in 1..${model.sequence.length}`);
    analytic = nodeGradient(runPass(model), node, t);
    exact = nodeGradient(runPass(full), node, t);
    numeric = (index) => (nudgedLoss(model, { node, t, index, eps: CHECK_EPS }) - nudgedLoss(model, { node, t, index, eps: -CHECK_EPS })) / (2 * CHECK_EPS);
  }
  if (!analytic || !exact) throw new RangeError('this node or parameter does not exist in this network');
  const entries: CheckEntry[] = [];
  for (let i = 0; i < Math.min(limit, exact.length); i++) {
    const n = numeric(i);
    const a = exact[i]!;
    const scale = Math.max(Math.abs(a), Math.abs(n));
    entries.push({
      index: i, analytic: analytic[i]!, full: a, numeric: n,
      relError: scale === 0 ? 0 : Math.abs(a - n) / scale,
      ok: Math.abs(a - n) <= 1e-7 + 1e-5 * Math.abs(n),
    });
  }
  return { target, entries, total: exact.length, truncated: model.truncation !== null };
}
