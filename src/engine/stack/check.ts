/**
 * What the Check action (../pass/check.ts) reads of a deep or bidirectional network: dL/d(node)
 * of a node named as the stack names it (`h_l1_reverse`, `f_l2`, the output layer's `o`) at the
 * sequence's step t, from a finished StackPass. Its central differences nudge the same node in
 * the stack's forward pass (StackNudge).
 */
import { nodeGradientOf } from '../cells/index';
import { describeStack, parseStackNode } from './names';
import type { StackPass } from './stack';
import { stepOf } from './stack';

/**
 * dL/d(node) at the sequence's step t (1..tau) as a new vector: the output layer's dL/do(t) (K;
 * read at the end: at t = tau only, else null), or a layer's and direction's cell node (H), read
 * from its cell pass at its own step. A name the stack has no node of is refused, naming it.
 */
export function stackNodeGradient(pass: StackPass, node: string, t: number): Float64Array | null {
  const { model } = pass;
  const tau = model.sequence.length;
  const K = model.sizes.output;
  if (node === 'o') {
    const row = model.readout === 'last' ? (t === tau ? 0 : -1) : t - 1;
    return row < 0 ? null : pass.gO.slice(row * K, (row + 1) * K);
  }
  const target = parseStackNode(model.cell, model, node);
  if (!target) throw new RangeError(`${node}: ${describeStack(model.cell, model)} has no such node`);
  const cell = pass.cells[target.layer]![target.reverse ? 1 : 0]!;
  return nodeGradientOf(model.cell, { sizes: cell.model.sizes, nodes: cell.cell.nodes, factors: cell.cell.factors }, target.node, stepOf(target.reverse, tau, t));
}
