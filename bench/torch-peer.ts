/**
 * The PyTorch side of `npm run bench:torch`: the JSON contract of bench/torch_pass.py and one
 * Python process that runs a whole job (Debian's python3-torch, run with /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Model } from '../src/engine/model';
import { modelParamNames } from '../src/engine/model';

/** The interpreter that has Debian's python3-torch (the python3 on PATH may be another). */
export const PYTHON = '/usr/bin/python3';
/** PyTorch's pass and its timing. */
export const TORCH_SCRIPT = fileURLToPath(new URL('./torch_pass.py', import.meta.url));

/** The cells both sides have: Unroll's variant, PyTorch's module (nn.RNN tanh, nn.LSTM, nn.GRU). */
export type TorchCell = 'elman' | 'lstm' | 'gru';
/** PyTorch's floating types. */
export type TorchDtype = 'float64' | 'float32';
/** One way of running PyTorch: its dtype and torch.set_num_threads. */
export interface TorchConfig { readonly dtype: TorchDtype; readonly threads: number }
/** How PyTorch times a pass (as bench/timing.ts): warm-up ms, least ms of a batch, then until both `seconds` and `minPasses`. */
export interface TorchBudget { readonly seconds: number; readonly minPasses: number; readonly warmMs: number; readonly sampleMs: number }

/** One model as torch_pass.py reads it: Unroll's parameters under Unroll's names, flat and row-major. */
export interface TorchCase {
  readonly cell: TorchCell;
  readonly sizes: { readonly input: number; readonly hidden: number; readonly output: number };
  /** Token ids of x(1..tau). */
  readonly ids: readonly number[];
  /** Target classes y(1..tau), an output every step. */
  readonly targets: readonly number[];
  readonly params: Readonly<Record<string, readonly number[]>>;
  /** Time the pass under every config. */
  readonly time: boolean;
  /** Send back every float64 gradient. */
  readonly grads: boolean;
}

/** A whole job: every case under every config, in one process. */
export interface TorchJob { readonly budget: TorchBudget; readonly configs: readonly TorchConfig[]; readonly cases: readonly TorchCase[] }

/** What torch_pass.py gives for one case. */
export interface TorchResult {
  /** L = sum_t L(t) of one pass, per dtype computed (float64 always). */
  readonly loss: Partial<Record<TorchDtype, number>>;
  /** Median ms per pass, keyed `<dtype>/<threads>` (timed cases only). */
  readonly ms: Readonly<Record<string, number>>;
  /** Median CPU ms per pass (the process's, summed over its threads), keyed as `ms`. */
  readonly cpuMs: Readonly<Record<string, number>>;
  /** dL/d(parameter) in float64 under Unroll's names (where asked). */
  readonly grads?: Readonly<Record<string, readonly number[]>>;
}

/** The key of a config in TorchResult.ms. */
export const configKey = (c: TorchConfig): string => `${c.dtype}/${c.threads}`;

/** Whether PyTorch can be imported by PYTHON. */
export function hasTorch(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** A one-layer, one-direction Elman (tanh), LSTM or GRU model with token inputs and an output every step, as torch_pass.py reads it. */
export function torchCase(model: Model, what: { readonly time: boolean; readonly grads: boolean }): TorchCase {
  const { variant, sequence } = model;
  if (variant !== 'elman' && variant !== 'lstm' && variant !== 'gru') throw new RangeError(`variant: PyTorch's peer runs elman, lstm or gru, got ${variant}`);
  if (sequence.inputs.kind !== 'tokens') throw new RangeError('inputs: PyTorch\'s peer runs token inputs, got dense vectors');
  if ((model.nonlinearity ?? 'tanh') !== 'tanh' || (model.layers ?? 1) !== 1 || model.bidirectional || model.truncation !== null) {
    throw new RangeError('model: PyTorch\'s peer runs one layer, one direction, tanh, full BPTT');
  }
  return {
    cell: variant, sizes: model.sizes, ids: Array.from(sequence.inputs.ids), targets: Array.from(sequence.targets),
    params: Object.fromEntries(modelParamNames(model).map((name) => [name, Array.from(model.params[name]!)])), ...what,
  };
}

/** Runs a job in one Python process (its progress on this process's stderr); throws with the script's reason if it fails. */
export function runTorch(job: TorchJob, progress: boolean): { readonly torch: string; readonly cases: readonly TorchResult[] } {
  const run = spawnSync(PYTHON, [TORCH_SCRIPT], {
    input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['pipe', 'pipe', progress ? 'inherit' : 'pipe'],
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${PYTHON} ${TORCH_SCRIPT} exited with ${run.status}: ${run.stderr ?? '(see above)'}`);
  return JSON.parse(run.stdout) as { torch: string; cases: TorchResult[] };
}
