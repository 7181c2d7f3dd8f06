/**
 * The one-shot computations: the forward pass alone, and the forward pass with full or
 * truncated BPTT. Both run the same step functions as a stepping session; a deep or
 * bidirectional network's gradients come from the stack's whole pass (../stack).
 */
import { findNonFiniteGradient } from './contributions';
import type { Model } from '../model';
import { cellOfVariant, isStacked, readoutKindOf, stackShapeOf } from '../model';
import type { StackModel } from '../stack/stack';
import { stackGradients } from '../stack/stack';
import type { NonFinite } from './nonfinite';
import type { ForwardStates, ParamGrads, Pass } from './pass';
import { backwardStep, createPass, forwardStep } from './pass';

/** What one forward + BPTT pass gives. */
export interface Gradients {
  /** L = sum_t L(t): the total loss. */
  readonly loss: number;
  /** L(t) for each step with an output (one entry for the single-output network). */
  readonly stepLosses: Float64Array;
  /** dL/d(parameter) for every parameter (truncated BPTT: the truncated gradient). */
  readonly grads: ParamGrads;
  /** The first value that stopped being finite, or null. */
  readonly nonFinite: NonFinite | null;
}

/** L = sum_t L(t), summed from t = 1 up, as a pass sums it (Pass.loss): for a pass rebuilt from its buffers. */
export function totalLoss(stepLosses: Float64Array): number {
  let s = 0;
  for (let i = 0; i < stepLosses.length; i++) s += stepLosses[i]!;
  return s;
}

/** Runs forward steps 1..tau on a fresh pass. */
export function runForward(model: Model): Pass {
  const pass = createPass(model);
  for (let t = 1; t <= model.sequence.length; t++) forwardStep(pass, t);
  return pass;
}

/** The forward states and losses of a model. */
export function forward(model: Model): { states: ForwardStates; loss: number; nonFinite: NonFinite | null } {
  const pass = runForward(model);
  return { states: pass.forward, loss: pass.loss, nonFinite: pass.nonFinite };
}

/** After the last backward step: the pass's result, with an overflowed parameter gradient named. */
export function finishPass(pass: Pass): Gradients {
  if (!pass.nonFinite) pass.nonFinite = findNonFiniteGradient(pass);
  return { loss: pass.loss, stepLosses: pass.forward.stepLosses, grads: pass.backward.grads, nonFinite: pass.nonFinite };
}

/** Runs a full pass (forward 1..tau, then backward tau..1) and returns it. */
export function runPass(model: Model): Pass {
  const pass = runForward(model);
  for (let t = model.sequence.length; t >= 1; t--) backwardStep(pass, t);
  return pass;
}

/** The loss, per-step losses and every parameter gradient of a model (MODEL.md). */
export function gradients(model: Model): Gradients {
  if (isStacked(model)) {
    const { loss, stepLosses, grads, nonFinite } = stackGradients(stackModelOf(model));
    return { loss, stepLosses, grads, nonFinite };
  }
  return finishPass(runPass(model));
}

/** A deep or bidirectional model as the stack computes it (absent nonlinearity: tanh). */
export function stackModelOf(model: Model): StackModel {
  return {
    cell: cellOfVariant(model.variant), sizes: model.sizes, ...stackShapeOf(model), params: model.params, sequence: model.sequence,
    truncation: model.truncation, readout: readoutKindOf(model), nonlinearity: model.nonlinearity ?? 'tanh',
  };
}
