/**
 * Teacher forcing against free running (Deep Learning 10.2.1): the same Jordan network, the
 * same sequence and the same starting parameters, trained once with f(t-1) = onehot(y(t-1))
 * and once with its own output fed back; then both are run free, as they would be used.
 */
import type { Feedback, Model } from '../model';
import { traceOf } from '../pass/trace';
import type { TrainOptions } from '../train/train';
import { createTrainer, describeTrainFault } from '../train/train';
import { forward } from '../pass/gradients';

/** One of the two trainings. */
export interface FeedbackRun {
  /** The feedback it was trained with. */
  readonly feedback: Feedback;
  /** L before each applied iteration (training loss, under its own feedback). */
  readonly losses: Float64Array;
  /** L of the trained parameters run free (fed their own outputs, `free` feedback): the loss in use. */
  readonly freeLoss: number;
  /**
   * ||dL/do(t) - (yhat(t) - onehot(y(t)))|| for t = 1..tau, after training: the feedback term
   * of dL/do(t), the gradient that crosses time from step t+1 back into step t through f(t).
   */
  readonly crossing: Float64Array;
  /** Where a value stopped being finite and training stopped early, in words, or null. */
  readonly fault: string | null;
}

/** Both trainings, run for the same number of iterations. */
export interface FeedbackComparison {
  /** The free-running feedback: the model's own if it is logits or softmax, else softmax. */
  readonly free: Feedback;
  readonly teacher: FeedbackRun;
  readonly freeRun: FeedbackRun;
}

/** The feedback a comparison runs free with. */
export const freeFeedbackOf = (model: Model): Feedback => (model.feedback === 'logits' ? 'logits' : 'softmax');

/** ||dL/do(t) - (yhat(t) - onehot(y(t)))|| per step: the feedback term, the gradient that came from step t+1. */
function crossingNorms(model: Model): Float64Array {
  const K = model.sizes.output;
  const { gO, yhat } = traceOf(model);
  return Float64Array.from({ length: model.sequence.length }, (_, t) => {
    const y = model.sequence.targets[t]!;
    let sum = 0;
    for (let l = 0; l < K; l++) sum += (gO[t * K + l]! - (yhat[t * K + l]! - (l === y ? 1 : 0))) ** 2;
    return Math.sqrt(sum);
  });
}

/** Trains `model` with `feedback` for up to `iterations` iterations, then runs it free. */
function runWith(model: Model, feedback: Feedback, free: Feedback, options: TrainOptions, iterations: number): FeedbackRun {
  const trainer = createTrainer({ ...model, feedback }, options);
  const losses: number[] = [];
  let fault: string | null = null;
  for (let i = 0; i < iterations; i++) {
    const report = trainer.step();
    if (report.nonFinite) {
      fault = `iteration ${report.iteration}: ${describeTrainFault(report.nonFinite)}`;
      break;
    }
    losses.push(report.loss);
  }
  const trained = trainer.model;
  return {
    feedback,
    losses: Float64Array.from(losses),
    freeLoss: forward({ ...trained, feedback: free }).loss,
    crossing: crossingNorms(trained),
    fault,
  };
}

/** Trains the Jordan model twice from the same parameters, with teacher forcing and free running. */
export function compareFeedback(model: Model, options: TrainOptions, iterations: number): FeedbackComparison {
  if (model.variant !== 'jordan') throw new RangeError(`teacher forcing needs the Jordan network (output-to-hidden recurrence), got ${model.variant}`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations: expected a positive integer, got ${String(iterations)}`);
  const free = freeFeedbackOf(model);
  return { free, teacher: runWith(model, 'teacher', free, options, iterations), freeRun: runWith(model, free, free, options, iterations) };
}
