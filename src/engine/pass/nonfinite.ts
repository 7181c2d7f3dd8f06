/**
 * Where a value first stopped being finite (NaN or +-Infinity). Forward values are named by
 * their node; backward values are the gradient dL/d(node); a parameter gradient names the
 * parameter and the step whose contribution made the sum overflow; the loss L = sum_t L(t)
 * names the step whose L(t) made the sum overflow.
 */
import { CELLS } from '../cells/index';
import type { ParamName } from '../model';

/**
 * A node of step t whose value (forward) or gradient (backward) can stop being finite; 'loss'
 * is the forward sum L(1) + ... + L(t), a parameter name the backward sum of its gradient.
 */
export type NonFiniteNode = 'a' | 'h' | 'o' | 'yhat' | 'L' | 'loss' | ParamName;

/** The first non-finite value of a pass. */
export interface NonFinite {
  /** The pass in which it appeared. */
  readonly pass: 'forward' | 'backward';
  /** The time step t (1..tau) at which it appeared. */
  readonly step: number;
  /** Which node (forward: its value; backward: dL/d(node)) or parameter gradient. */
  readonly node: NonFiniteNode;
  /** Index of the first bad entry within that vector or (row-major) matrix. */
  readonly index: number;
  /** The bad value itself: NaN, Infinity or -Infinity. */
  readonly value: number;
}

/** Every cell's parameter names and the output layer's: disjoint from the nodes' (a, h, f, ..., o, yhat, L). */
const PARAMS: ReadonlySet<string> = new Set(['V', 'c', ...Object.values(CELLS).flatMap((cell) => cell.params.map((p) => p.name))]);

/** Whether a name is a parameter's (a deep or bidirectional network's too, `W_l1_reverse`), not a node's. */
const isParamName = (name: string): boolean => PARAMS.has(name.replace(/(_l\d+)?(_reverse)?$/, ''));

/** One line for a person, e.g. `forward step 3: o(3)[1] is Infinity`. */
export function describeNonFinite(r: NonFinite): string {
  if (r.node === 'loss') return `${r.pass} step ${r.step}: loss: the sum of the step losses overflows at t = ${r.step} (${String(r.value)})`;
  const param = isParamName(r.node);
  const what = param
    ? `dL/d${r.node}[${r.index}], adding step ${r.step}'s contribution,`
    : r.pass === 'forward' ? `${r.node}(${r.step})[${r.index}]` : `dL/d${r.node}(${r.step})[${r.index}]`;
  return `${r.pass} step ${r.step}: ${what} is ${String(r.value)}`;
}
