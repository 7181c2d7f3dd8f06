/**
 * A training loop over one model and its sequence: each iteration runs the engine's forward
 * + BPTT pass (`gradients`: a deep or bidirectional network's is the stack's whole pass), clips, and writes the update into a fresh copy of the parameters, so the
 * model from before the iteration stays intact. A value that stops being finite (in the
 * pass, the loss, the gradients, their global norm, Adam's moments or the updated parameters)
 * is never applied: the trainer pauses and names where it broke. Snapshots of the parameters
 * go into a bounded ring. Every parameter is the model's (modelParamNames): a stack's every layer
 * and direction by its suffixed name (`W_l1_reverse`), in the clipping norm, the optimizer's
 * moments, the snapshots and the faults alike.
 *
 * A run can move: `state()` takes out what the trainer carries besides its model (counts,
 * learning rate, the optimizer's t and moments), and `createTrainer(model, options, state)`
 * goes on from it exactly, bit for bit, as the first trainer would have.
 */
import { clipGradients, globalNorm } from './clip';
import { gradients } from '../pass/gradients';
import type { Model, ParamName, Params } from '../model';
import { feedsBack, isStacked, modelParamNames, modelParamShape } from '../model';
import type { NonFinite } from '../pass/nonfinite';
import { describeNonFinite } from '../pass/nonfinite';
import type { AdamOptions, MomentFault, OptimizerKind, OptimizerState } from './optimizers';
import { createOptimizer, paramCount } from './optimizers';

/** How the trainer trains. */
export interface TrainOptions {
  readonly optimizer: OptimizerKind;
  /** lr: the step size of SGD and Adam. */
  readonly learningRate: number;
  /** maxNorm of global gradient-norm clipping, or null for none. */
  readonly clipNorm: number | null;
  /** k: the parameters after every k-th iteration (0, k, 2k, ...) are kept as a snapshot. */
  readonly snapshotEvery: number;
  /** How many snapshots the ring holds; the oldest is dropped beyond it. */
  readonly snapshotCapacity: number;
  /** Adam's constants (defaults of the paper). */
  readonly adam?: AdamOptions;
}

/** An updated parameter entry that was not finite: the update was refused. */
export interface UpdateNonFinite {
  readonly pass: 'update';
  /** The iteration (1-based) whose update overflowed. */
  readonly step: number;
  /** The parameter whose new value was not finite. */
  readonly node: ParamName;
  /** Index of the first bad entry, row-major. */
  readonly index: number;
  /** The bad new value. */
  readonly value: number;
}

/** The global gradient norm ||dL/dparams|| overflowed, though every gradient entry was finite. */
export interface NormNonFinite {
  readonly pass: 'norm';
  /** The iteration (1-based) whose norm overflowed. */
  readonly step: number;
  /** The norm: Infinity. */
  readonly value: number;
}

/** One of Adam's moments overflowed (then the update would silently be about 0): the update was refused. */
export interface MomentNonFinite extends MomentFault {
  readonly pass: 'adam';
  /** The iteration (1-based) whose moments overflowed. */
  readonly step: number;
}

/** Where an iteration broke: in the pass (forward or backward), the gradient norm, Adam's moments or the update. */
export type TrainFault = NonFinite | NormNonFinite | MomentNonFinite | UpdateNonFinite;

/** Where an iteration broke, in one line for a person, e.g. `the update of W[3] is NaN`. */
export function describeTrainFault(f: TrainFault): string {
  switch (f.pass) {
    case 'forward':
    case 'backward': return describeNonFinite(f);
    case 'norm': return `the global gradient norm ||dL/dparams|| overflows: it is ${String(f.value)}`;
    case 'adam': return `Adam's ${f.moment === 'm' ? 'first moment m' : 'second moment v'} of dL/d${f.node}[${f.index}] is ${String(f.value)}`;
    case 'update': return `the update of ${f.node}[${f.index}] is ${String(f.value)}`;
  }
}

/** What one iteration did. */
export interface StepReport {
  /** The iteration number (1-based) this step ran; not applied if nonFinite is set. */
  readonly iteration: number;
  /** L = sum_t L(t) of the parameters before the update. */
  readonly loss: number;
  /** ||dL/dparams||: the global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Whether the gradients were scaled down to clipNorm. */
  readonly clipped: boolean;
  /** Where a value stopped being finite (the update was not applied), or null. */
  readonly nonFinite: TrainFault | null;
}

/** 'running': steps apply; 'stopped: non-finite': paused after a refused update. */
export type TrainStatus = 'running' | 'stopped: non-finite';

/** One entry of the snapshot list. */
export interface SnapshotEntry {
  /** Number of updates applied to these parameters. */
  readonly iteration: number;
  /** L of these parameters on the model's sequence. */
  readonly loss: number;
}

/** Memory held by the snapshot ring. */
export interface RingMemory {
  /** Float64 numbers allocated for snapshots (<= capacity x parameter count). */
  readonly numbers: number;
  /** The same in bytes (8 per number). */
  readonly bytes: number;
  /** capacity x parameter count: the bound numbers never exceeds. */
  readonly boundNumbers: number;
}

/**
 * What a trainer carries from one iteration to the next besides its model: with the model after
 * `iterations` updates and the same options, enough to go on elsewhere (e.g. in a new worker).
 */
export interface TrainerState {
  /** Number of updates applied. */
  readonly iterations: number;
  /** Number of applied iterations whose gradients were clipped. */
  readonly clippedCount: number;
  /** lr for the following iterations (setLearningRate may have changed it since the start). */
  readonly learningRate: number;
  /** The update rule's t and moments (copies). */
  readonly optimizer: OptimizerState;
}

/** A training run. */
export interface Trainer {
  /** The current model: the parameters after `iterations` updates (never mutated later). */
  readonly model: Model;
  /** Number of updates applied. */
  readonly iterations: number;
  /** Number of applied iterations whose gradients were clipped. */
  readonly clippedCount: number;
  /** Whether a refused update paused the trainer. */
  readonly paused: boolean;
  readonly status: TrainStatus;
  /** The report of the most recent step, or null before the first. */
  readonly lastReport: StepReport | null;
  /** Runs one iteration; while paused, does nothing and returns the report that paused it. */
  step(): StepReport;
  /** Clears the pause (e.g. after lowering the learning rate); the parameters are unchanged. */
  resume(): void;
  /** Changes lr for the following iterations. */
  setLearningRate(lr: number): void;
  /** The snapshots in the ring, oldest first. */
  snapshots(): SnapshotEntry[];
  /** The model with the parameters of the snapshot at `iteration` (copies), or null if not held. */
  snapshotAt(iteration: number): Model | null;
  /** The ring's memory. */
  snapshotMemory(): RingMemory;
  /** A copy of what the run needs to go on from here, with `model` (the snapshot ring is not part of it). */
  state(): TrainerState;
}

/** A deep copy of the parameters: the same names (Jordan's has no h0), each its own array. */
export function copyParams(p: Params): Params {
  const copy: Record<ParamName, Float64Array> = {};
  for (const [name, a] of Object.entries(p)) copy[name] = a.slice();
  return copy;
}

/** The first non-finite entry of the parameters, as an update fault of iteration `step`. */
function findNonFiniteParam(p: Params, model: Model, step: number): UpdateNonFinite | null {
  for (const name of modelParamNames(model)) {
    const a = p[name];
    if (!a) continue;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      if (x - x !== 0) return { pass: 'update', step, node: name, index: i, value: x };
    }
  }
  return null;
}

/** Checks the options, naming the first bad one. */
function checkTrainOptions(o: TrainOptions): void {
  if (!(o.learningRate > 0) || !Number.isFinite(o.learningRate)) throw new RangeError(`learningRate: expected a positive finite number, got ${o.learningRate}`);
  if (o.clipNorm !== null && !(o.clipNorm > 0)) throw new RangeError(`clipNorm: expected a positive number or null, got ${o.clipNorm}`);
  if (!Number.isInteger(o.snapshotEvery) || o.snapshotEvery < 1) throw new RangeError(`snapshotEvery: expected an integer >= 1, got ${o.snapshotEvery}`);
  if (!Number.isInteger(o.snapshotCapacity) || o.snapshotCapacity < 1) throw new RangeError(`snapshotCapacity: expected an integer >= 1, got ${o.snapshotCapacity}`);
}

/**
 * Checks that the model has every parameter it should (modelParamNames) at its shape, and that a
 * deep or bidirectional one is not Jordan's, naming the first thing wrong.
 */
function checkTrainedModel(m: Model): void {
  if (isStacked(m) && feedsBack(m.variant)) throw new RangeError(`${(m.layers ?? 1) > 1 ? 'layers' : 'bidirectional'}: a ${m.variant} network has one layer in one direction (its recurrence runs through the output)`);
  for (const name of modelParamNames(m)) {
    const [rows, cols] = modelParamShape(m, name);
    const a = m.params[name];
    if (!a) throw new RangeError(`${name}: the model has no such parameter (a ${rows} x ${cols} ${name} is expected)`);
    if (a.length !== rows * cols) throw new RangeError(`${name}: expected ${rows} x ${cols} = ${rows * cols} numbers, got ${a.length}`);
  }
}

/** Checks the counts and the learning rate of a state to resume from, naming the first bad field. */
function checkTrainerState(s: TrainerState): void {
  if (!Number.isInteger(s.iterations) || s.iterations < 0) throw new RangeError(`state.iterations: expected an integer >= 0, got ${s.iterations}`);
  if (!Number.isInteger(s.clippedCount) || s.clippedCount < 0 || s.clippedCount > s.iterations) {
    throw new RangeError(`state.clippedCount: expected an integer in 0..${s.iterations} (state.iterations), got ${s.clippedCount}`);
  }
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate)) throw new RangeError(`state.learningRate: expected a positive finite number, got ${s.learningRate}`);
}

/**
 * A trainer starting from a copy of the model's parameters: a new run, or, with `from`, the run
 * that state was taken from going on (`start` is then its model after from.iterations updates).
 * The snapshot ring starts empty either way; its numbering goes on from from.iterations.
 */
export function createTrainer(start: Model, options: TrainOptions, from?: TrainerState): Trainer {
  checkTrainOptions(options);
  checkTrainedModel(start);
  if (from) checkTrainerState(from);
  const names = modelParamNames(start);
  const count = paramCount(start);
  const capacity = options.snapshotCapacity;
  let model: Model = { ...start, params: copyParams(start.params) };
  const optimizer = createOptimizer(model, options.optimizer, options.adam ?? {}, from?.optimizer, 'state.optimizer');
  let lr = from?.learningRate ?? options.learningRate;
  let iterations = from?.iterations ?? 0;
  let clippedCount = from?.clippedCount ?? 0;
  let paused = false;
  let lastReport: StepReport | null = null;

  // The ring: slot buffers are allocated on first use and reused; head is the next slot.
  const slots: Float64Array[] = [];
  const meta: SnapshotEntry[] = [];
  let head = 0;
  let held = 0;

  /** Copies the current parameters into the ring as the snapshot of `iterations`. */
  const snapshot = (loss: number): void => {
    const newest = held > 0 ? meta[(head - 1 + capacity) % capacity] : undefined;
    if (newest?.iteration === iterations) return;
    const buf = slots[head] ?? new Float64Array(count);
    slots[head] = buf;
    let off = 0;
    for (const name of names) {
      const a = model.params[name]!;
      buf.set(a, off);
      off += a.length;
    }
    meta[head] = { iteration: iterations, loss };
    head = (head + 1) % capacity;
    held = Math.min(held + 1, capacity);
  };

  const step = (): StepReport => {
    if (paused && lastReport) return lastReport;
    const iteration = iterations + 1;
    const g = gradients(model);
    if (iterations % options.snapshotEvery === 0) snapshot(g.loss);
    let report: StepReport;
    if (g.nonFinite) {
      report = { iteration, loss: g.loss, gradNorm: globalNorm(g.grads, model), clipped: false, nonFinite: g.nonFinite };
    } else {
      const { norm, clipped } = options.clipNorm === null
        ? { norm: globalNorm(g.grads, model), clipped: false }
        : clipGradients(g.grads, model, options.clipNorm);
      const next = copyParams(model.params);
      let bad: TrainFault | null;
      if (!Number.isFinite(norm)) {
        bad = { pass: 'norm', step: iteration, value: norm };
      } else {
        optimizer.propose(model.params, g.grads, next, lr);
        const moment = optimizer.proposalFault();
        bad = moment ? { pass: 'adam', step: iteration, ...moment } : findNonFiniteParam(next, model, iteration);
      }
      if (!bad) {
        optimizer.commit();
        model = { ...model, params: next };
        iterations = iteration;
        if (clipped) clippedCount++;
      }
      report = { iteration, loss: g.loss, gradNorm: norm, clipped, nonFinite: bad };
    }
    if (report.nonFinite) paused = true;
    lastReport = report;
    return report;
  };

  const slotOf = (iteration: number): number => {
    for (let k = 0; k < held; k++) {
      const s = (head - held + k + capacity) % capacity;
      if (meta[s]!.iteration === iteration) return s;
    }
    return -1;
  };

  return {
    get model() { return model; },
    get iterations() { return iterations; },
    get clippedCount() { return clippedCount; },
    get paused() { return paused; },
    get status(): TrainStatus { return paused ? 'stopped: non-finite' : 'running'; },
    get lastReport() { return lastReport; },
    step,
    resume() { paused = false; },
    setLearningRate(next) {
      if (!(next > 0) || !Number.isFinite(next)) throw new RangeError(`learningRate: expected a positive finite number, got ${next}`);
      lr = next;
    },
    snapshots() {
      const out: SnapshotEntry[] = [];
      for (let k = 0; k < held; k++) out.push(meta[(head - held + k + capacity) % capacity]!);
      return out;
    },
    snapshotAt(iteration) {
      const s = slotOf(iteration);
      if (s < 0) return null;
      const buf = slots[s]!;
      const params = copyParams(model.params);
      let off = 0;
      for (const name of names) {
        const a = params[name]!;
        a.set(buf.subarray(off, off + a.length));
        off += a.length;
      }
      return { ...model, params };
    },
    snapshotMemory() {
      const numbers = slots.length * count;
      return { numbers, bytes: numbers * 8, boundNumbers: capacity * count };
    },
    state: () => ({ iterations, clippedCount, learningRate: lr, optimizer: optimizer.state() }),
  };
}
