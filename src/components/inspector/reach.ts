/** When the cursor has computed a node's value and gradient (position 0..2 tau: forward, then BPTT). */
import { mirror } from '../../engine/index';
import type { NodeKind } from '../../graph/layout/index';

/** The position at which the forward pass has computed step t (inputs and targets are given from the start). */
export function forwardAt(kind: NodeKind, t: number): number {
  return kind === 'x' || kind === 'y' ? 0 : t;
}

/** The position at which BPTT has computed the gradients of step t (h(0): after step 1). */
export function backwardAt(tau: number, t: number): number {
  return mirror(tau, Math.max(1, t));
}

/** The first step whose backward factors are computed at this position (tau + 1 when none is). */
export function firstBackwardStep(tau: number, position: number): number {
  return Math.max(1, mirror(tau, position));
}
