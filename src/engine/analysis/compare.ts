/**
 * Two comparisons of trainings on one sequence.
 *
 * Teacher forcing against free running (Deep Learning 10.2.1): the same Jordan network, the
 * same sequence and the same starting parameters, trained once with f(t-1) = onehot(y(t-1))
 * and once with its own output fed back; then both are run free, as they would be used.
 *
 * Cells side by side (Deep Learning 10.10): the Elman, LSTM and GRU cells (any cell with an
 * output at every step), each drawn from the same seed and trained on the same sequence with
 * the same options, their loss curves and their per-step losses after training.
 */
import { initModel } from '../file/init';
import type { Feedback, Model } from '../model';
import { cellOfVariant, feedsBack, readsOutAtEnd } from '../model';
import type { EchoVariant } from '../train/tasks';
import { ECHO_VARIANTS } from '../train/tasks';
import { traceOf } from '../pass/trace';
import type { Trainer, TrainOptions } from '../train/train';
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

/** Trains a model for up to `iterations` iterations: the trainer, each iteration's loss, and the fault that stopped it early (or null). */
function trainFor(model: Model, options: TrainOptions, iterations: number): { trainer: Trainer; losses: number[]; fault: string | null } {
  const trainer = createTrainer(model, options);
  const losses: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const report = trainer.step();
    if (report.nonFinite) return { trainer, losses, fault: `iteration ${report.iteration}: ${describeTrainFault(report.nonFinite)}` };
    losses.push(report.loss);
  }
  return { trainer, losses, fault: null };
}

/** Trains `model` with `feedback` for up to `iterations` iterations, then runs it free. */
function runWith(model: Model, feedback: Feedback, free: Feedback, options: TrainOptions, iterations: number): FeedbackRun {
  const { trainer, losses, fault } = trainFor({ ...model, feedback }, options, iterations);
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
  if (!feedsBack(model.variant)) throw new RangeError(`teacher forcing needs the Jordan network (output-to-hidden recurrence), got ${model.variant}`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations: expected a positive integer, got ${String(iterations)}`);
  const free = freeFeedbackOf(model);
  return { free, teacher: runWith(model, 'teacher', free, options, iterations), freeRun: runWith(model, free, free, options, iterations) };
}

/** A cell compareCells trains: every variant with an output at every step, as the echo tasks take. */
export type ComparedCell = EchoVariant;

/** The cells compareCells accepts. */
export const COMPARED_CELLS: readonly ComparedCell[] = ECHO_VARIANTS;

/** One cell's training. */
export interface CellRun {
  readonly variant: ComparedCell;
  /** L = sum_t L(t) before each applied iteration: the loss curve. */
  readonly losses: Float64Array;
  /** L(t) for t = 1..tau of the parameters after the last applied iteration. */
  readonly stepLosses: Float64Array;
  /** Where a value stopped being finite and training stopped early, in words, or null. */
  readonly fault: string | null;
}

/** Every cell's training on the same sequence, in the order asked for. */
export interface CellComparison {
  /** The seed every cell's parameters were drawn from. */
  readonly seed: number;
  readonly runs: readonly CellRun[];
}

/**
 * The model of `cell` on `model`'s sequence: initModel's parameters for the cell, the model's sizes
 * and `seed` (so the same as delayedEcho or the scene builds for that cell and seed), with the model's
 * sequence, labels and truncation; Jordan feeds back its logits; an Elman cell keeps the model's nonlinearity.
 */
export function cellModel(model: Model, cell: ComparedCell, seed: number): Model {
  const { input, hidden, output } = model.sizes;
  const nonlinearity = cellOfVariant(cell).takesNonlinearity && model.nonlinearity !== undefined ? { nonlinearity: model.nonlinearity } : {};
  const base = initModel({ variant: cell, input, hidden, output, length: model.sequence.length, seed, ...nonlinearity });
  return { ...base, sequence: model.sequence, truncation: model.truncation, labels: model.labels };
}

/**
 * Trains each cell of `cells` from the parameters `seed` draws for it (cellModel) on `model`'s
 * sequence for up to `iterations` iterations with `options`: the same start for every cell but
 * the cell itself. The model's own parameters are not used, only its sequence and sizes.
 */
export function compareCells(model: Model, cells: readonly ComparedCell[], seed: number, options: TrainOptions, iterations: number): CellComparison {
  if (readsOutAtEnd(model)) throw new RangeError('model: a network read out at the end has one target; the cells are compared on a sequence with a target at every step');
  if (cells.length === 0) throw new RangeError('cells: expected at least one cell');
  for (const [i, cell] of cells.entries()) {
    if (!(COMPARED_CELLS as readonly string[]).includes(cell)) throw new RangeError(`cells[${i}]: expected one of ${COMPARED_CELLS.join(', ')}, got ${String(cell)}`);
    if (cells.indexOf(cell) !== i) throw new RangeError(`cells[${i}]: ${cell} is asked for twice`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new RangeError(`seed: expected an integer in 0..${2 ** 32 - 1}, got ${String(seed)}`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations: expected a positive integer, got ${String(iterations)}`);
  const runs = cells.map((variant): CellRun => {
    const { trainer, losses, fault } = trainFor(cellModel(model, variant, seed), options, iterations);
    return { variant, losses: Float64Array.from(losses), stepLosses: forward(trainer.model).states.stepLosses, fault };
  });
  return { seed, runs };
}
