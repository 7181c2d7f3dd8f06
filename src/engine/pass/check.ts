/**
 * The Check action: central differences (MODEL.md, "Checking gradients") on the entries of one
 * parameter or one node, next to the analytic gradient. With truncation, the analytic gradient
 * the model uses is not the gradient of L; the check compares the numbers with full BPTT and
 * shows the truncated value beside them.
 */
import { forward, gradients, runPass, stackModelOf } from './gradients';
import type { Model, ParamName } from '../model';
import { cellOfVariant, isStacked } from '../model';
import { nodeGradientOf } from '../cells/index';
import { stackNodeGradient } from '../stack/check';
import { stackParamShape } from '../stack/names';
import type { StackModel } from '../stack/stack';
import { stackGradients, stackLoss } from '../stack/stack';
import type { Nudge, Pass } from './pass';
import { createPass, forwardStep, outputRow } from './pass';

/**
 * The nodes whose gradient the Check action checks: o(t), or one of the cell's nodes (a(t), h(t);
 * the LSTM's f(t), s(t) ...); in a deep or bidirectional network, a layer's and direction's node
 * by its stack name (`h_l1_reverse`) at the sequence's step t.
 */
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

/** What a check compares: the model's gradient, full BPTT's, and entry i's central difference; null where the target does not exist. */
interface Sides {
  readonly analytic: Float64Array | null;
  readonly exact: Float64Array | null;
  readonly numeric: (i: number) => number;
}

/** (L(p + eps) - L(p - eps)) / (2 eps) for entry i of parameter p, L of the model as it is when `loss` runs. */
function paramDifference(p: Float64Array | undefined, i: number, loss: () => number): number {
  if (!p) return NaN;
  const keep = p[i]!;
  p[i] = keep + CHECK_EPS;
  const up = loss();
  p[i] = keep - CHECK_EPS;
  const down = loss();
  p[i] = keep;
  return (up - down) / (2 * CHECK_EPS);
}

/** The sides of a one-layer network's check. */
function cellSides(model: Model, target: CheckTarget): Sides {
  const full: Model = { ...model, truncation: null };
  if (target.kind === 'param') {
    return {
      analytic: gradients(model).grads[target.name] ?? null,
      exact: gradients(full).grads[target.name] ?? null,
      numeric: (i) => paramDifference(model.params[target.name], i, () => forward(model).loss),
    };
  }
  const { node, t } = target;
  return {
    analytic: nodeGradient(runPass(model), node, t),
    exact: nodeGradient(runPass(full), node, t),
    numeric: (index) => (nudgedLoss(model, { node, t, index, eps: CHECK_EPS }) - nudgedLoss(model, { node, t, index, eps: -CHECK_EPS })) / (2 * CHECK_EPS),
  };
}

/** The sides of a deep or bidirectional network's check: the stack's whole pass, its forward pass's loss for the differences. */
function stackSides(model: Model, target: CheckTarget): Sides {
  const stack = stackModelOf(model);
  const full: StackModel = { ...stack, truncation: null };
  if (target.kind === 'param') {
    stackParamShape(stack.cell, stack.sizes, stack, target.name); // refuses a name the stack has not, naming it
    return {
      analytic: stackGradients(stack).grads[target.name] ?? null,
      exact: stackGradients(full).grads[target.name] ?? null,
      numeric: (i) => paramDifference(model.params[target.name], i, () => stackLoss(stack)),
    };
  }
  const { node, t } = target;
  return {
    analytic: stackNodeGradient(stackGradients(stack), node, t),
    exact: stackNodeGradient(stackGradients(full), node, t),
    numeric: (index) => (stackLoss(stack, { node, t, index, eps: CHECK_EPS }) - stackLoss(stack, { node, t, index, eps: -CHECK_EPS })) / (2 * CHECK_EPS),
  };
}

/**
 * Checks up to `limit` entries of a parameter's or a node's gradient against central differences
 * (a deep or bidirectional network's by the stack's pass).
 */
export function checkGradients(model: Model, target: CheckTarget, limit = 256): CheckResult {
  if (target.kind === 'node' && (!Number.isInteger(target.t) || target.t < 1 || target.t > model.sequence.length)) {
    throw new RangeError(`step ${target.t} is not in 1..${model.sequence.length}`);
  }
  const { analytic, exact, numeric } = isStacked(model) ? stackSides(model, target) : cellSides(model, target);
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
