/**
 * `npm run bench:torch` (issue 13): one forward + full BPTT pass, batch 1, token inputs, an output
 * every step, of Unroll's engine (`gradients(model)`, float64, one thread) against PyTorch on the
 * CPU (nn.RNN tanh / nn.LSTM / nn.GRU + nn.Linear, one-hot inputs, cross-entropy summed,
 * loss.backward(); float64 and float32, torch.set_num_threads 1 and 2: bench/torch_pass.py, one
 * Python process for every PyTorch timing) for the Elman, LSTM and GRU cells at four sizes, on
 * the same seeded models from `initModel`, timed alike (bench/timing.ts). Prints ms per pass, the
 * ratios PyTorch / Unroll and whether Unroll is faster under every PyTorch config (the target),
 * and that both compute the same thing: the float64 loss of every timed model within 1e-9, and
 * every gradient of one model per cell (every parameter drawn, biases and h0 too) within 1e-9.
 * A figure printer, not a test: an unmet target does not fail the run; a disagreement does
 * (exit 1). Without PyTorch it says so and prints Unroll's figures alone (exit 0).
 */
import { loadavg } from 'node:os';
import type { Model } from '../src/engine/model';
import { modelParamNames } from '../src/engine/model';
import { initModel } from '../src/engine/file/init';
import { gradients } from '../src/engine/pass/gradients';
import { timeAlternating } from './timing';
import type { TorchCell, TorchConfig, TorchResult } from './torch-peer';
import { PYTHON, configKey, hasTorch, runTorch, torchCase } from './torch-peer';

/** Benchmark sizes (n, H, K, tau). */
const SIZES: readonly (readonly [number, number, number, number])[] = [[8, 16, 8, 16], [16, 64, 16, 64], [32, 128, 32, 128], [64, 256, 64, 256]];
const CELLS: readonly TorchCell[] = ['elman', 'lstm', 'gru'];
/** PyTorch's configs, in the table's order. */
const CONFIGS: readonly TorchConfig[] = [{ dtype: 'float64', threads: 1 }, { dtype: 'float64', threads: 2 }, { dtype: 'float32', threads: 1 }, { dtype: 'float32', threads: 2 }];
/** The one-thread configs, whose CPU time is comparable with Unroll's. */
const ONE_THREAD = CONFIGS.filter((c) => c.threads === 1);
/** Each side's timing of one pass: warm-up for 300 ms, batches of >= 2 ms, for 1 s and 5 passes at least (bench/timing.ts). */
const BUDGET = { seconds: 1, minPasses: 5 } as const;
const TORCH_BUDGET = { ...BUDGET, warmMs: 300, sampleMs: 2 } as const;
/** Agreement in float64: |ours - PyTorch's| <= AGREE * max(1, |PyTorch's|) for the loss, and over the largest |PyTorch's| entry for a gradient. */
const AGREE = 1e-9;
/** Seed of the timed models (Glorot-uniform weights, zero biases and initial states: the page's default). */
const SEED = 1;
/** Seed of the models whose every gradient is compared (every parameter uniform in [-0.5, 0.5)). */
const CHECK_SEED = 2;

const CELL_NAMES: Readonly<Record<TorchCell, string>> = { elman: 'Elman', lstm: 'LSTM', gru: 'GRU' };
const fmt = (x: number, w: number, d: number): string => x.toFixed(d).padStart(w);
/** A ms figure with 3 significant digits at least. */
const ms = (x: number, w: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3)).padStart(w);

/** A seeded model of a cell at (n, H, K, tau), token inputs, an output every step. */
function benchModel(cell: TorchCell, [n, H, K, tau]: readonly [number, number, number, number], seed: number, scheme: 'glorot-uniform' | 'uniform'): Model {
  return initModel({ variant: cell, input: n, hidden: H, output: K, length: tau, seed, scheme });
}

/** |ours - theirs| / max(1, |theirs|). */
const lossDev = (ours: number, theirs: number | undefined): number => (theirs === undefined ? Infinity : Math.abs(ours - theirs) / Math.max(1, Math.abs(theirs)));

/** The worst gradient disagreement over every parameter: largest |ours - theirs| over the largest |theirs|, and its parameter. */
function gradDev(model: Model, ours: Readonly<Record<string, Float64Array>>, theirs: Readonly<Record<string, readonly number[]>>): { dev: number; name: string } {
  let worst = { dev: 0, name: '' };
  for (const name of modelParamNames(model)) {
    const a = ours[name]!;
    const b = theirs[name] ?? [];
    let diff = a.length === b.length ? 0 : Infinity;
    let scale = 1e-300;
    b.forEach((y, j) => { diff = Math.max(diff, Math.abs(a[j]! - y)); scale = Math.max(scale, Math.abs(y)); });
    if (!(diff / scale <= worst.dev)) worst = { dev: diff / scale, name };
  }
  return worst;
}

function main(): void {
  const load = loadavg()[0]!;
  const cases = CELLS.flatMap((cell) => SIZES.map((size) => ({ cell, size, model: benchModel(cell, size, SEED, 'glorot-uniform') })));
  console.log(`\nUnroll against PyTorch: one pass = forward + full BPTT, batch 1, token inputs, an output every step, seed ${SEED}`);
  console.log(`Unroll: float64, one thread; each side: warm-up 300 ms, then batches of >= 2 ms for ${BUDGET.seconds} s and ${BUDGET.minPasses} passes at least; median ms per pass in wall-clock and in CPU time`);
  console.log(`load average at the start: ${load.toFixed(2)} on the machine's cores (other work shares them: figures are noisy)\n`);
  const timedOurs = cases.map(({ cell, size, model }) => {
    const { wall, cpu } = timeAlternating([() => { gradients(model); }], BUDGET);
    console.error(`  Unroll ${cell} H=${size[1]}: ${wall[0]!.toFixed(3)} ms`);
    return { wall: wall[0]!, cpu: cpu[0]! };
  });
  const ours = timedOurs.map((t) => t.wall);

  if (!hasTorch()) {
    console.log(`PyTorch is not installed (${PYTHON} -c "import torch" fails; apt-get install python3-torch): Unroll's figures alone\n`);
    console.log('cell     n    H    K  tau | Unroll ms    CPU ms');
    cases.forEach(({ cell, size: [n, H, K, tau] }, i) => console.log(`${CELL_NAMES[cell].padEnd(5)} ${fmt(n, 4, 0)} ${fmt(H, 4, 0)} ${fmt(K, 4, 0)} ${fmt(tau, 4, 0)} | ${ms(ours[i]!, 9)} ${ms(timedOurs[i]!.cpu, 9)}`));
    return;
  }

  const checks = CELLS.map((cell) => benchModel(cell, SIZES[0]!, CHECK_SEED, 'uniform'));
  const torch = runTorch({
    budget: TORCH_BUDGET, configs: CONFIGS,
    cases: [...cases.map(({ model }) => torchCase(model, { time: true, grads: false })), ...checks.map((m) => torchCase(m, { time: false, grads: true }))],
  }, true);
  const timed = torch.cases.slice(0, cases.length);
  const checked = torch.cases.slice(cases.length);

  const heads = CONFIGS.map((c) => `${c.dtype === 'float64' ? 'f64' : 'f32'} ${c.threads}t`);
  console.log(`\nPyTorch ${torch.torch} on the CPU; columns: PyTorch's dtype and threads (torch.set_num_threads); ratio = PyTorch ms / Unroll ms (> 1: Unroll faster);`);
  console.log('cpu ratio: the same in CPU time, one thread (what a pass costs, whatever else runs on the cores)\n');
  console.log(`cell     n    H    K  tau | Unroll ms | ${heads.map((h) => `${h} ms`.padStart(10)).join(' ')} | ${heads.map((h) => h.padStart(7)).join(' ')} | cpu ${ONE_THREAD.map((c) => heads[CONFIGS.indexOf(c)]!.padStart(7)).join(' ')} | loss f64 dev`);
  let disagree = false;
  const targets: [string, boolean][] = [];
  cases.forEach(({ cell, size: [n, H, K, tau], model }, i) => {
    const r: TorchResult = timed[i]!;
    const theirs = CONFIGS.map((c) => r.ms[configKey(c)] ?? NaN);
    const ratios = theirs.map((t) => t / ours[i]!);
    const cpuRatios = ONE_THREAD.map((c) => (r.cpuMs[configKey(c)] ?? NaN) / timedOurs[i]!.cpu);
    const dev = lossDev(gradients(model).loss, r.loss.float64);
    if (!(dev <= AGREE)) disagree = true;
    console.log(`${CELL_NAMES[cell].padEnd(5)} ${fmt(n, 4, 0)} ${fmt(H, 4, 0)} ${fmt(K, 4, 0)} ${fmt(tau, 4, 0)} | ${ms(ours[i]!, 9)} | ${theirs.map((t) => ms(t, 10)).join(' ')} | ${ratios.map((x) => `${fmt(x, 6, 2)}x`).join(' ')} |     ${cpuRatios.map((x) => `${fmt(x, 6, 2)}x`).join(' ')} | ${dev.toExponential(1).padStart(8)}`);
    const slowest = ratios.reduce((a, b) => Math.min(a, b), Infinity);
    const where = heads[ratios.indexOf(slowest)]!;
    const cpuSlowest = cpuRatios.reduce((a, b) => Math.min(a, b), Infinity);
    targets.push([`${CELL_NAMES[cell]} H=${H}: least ratio ${slowest.toFixed(2)}x (${where}); in CPU time ${cpuSlowest.toFixed(2)}x`, slowest > 1]);
  });

  console.log(`\nthe same computation on both sides, float64, |ours - PyTorch's| <= ${AGREE} * max(1, |PyTorch's|):`);
  const agreeing = timed.every((r, i) => lossDev(gradients(cases[i]!.model).loss, r.loss.float64) <= AGREE);
  console.log(`  the loss of every timed model: ${agreeing ? 'agrees' : 'DISAGREES'} (column "loss f64 dev")`);
  checks.forEach((m, i) => {
    const g = gradients(m);
    const r = checked[i]!;
    const dl = lossDev(g.loss, r.loss.float64);
    const dg = gradDev(m, g.grads, r.grads ?? {});
    const ok = dl <= AGREE && dg.dev <= AGREE;
    if (!ok) disagree = true;
    const [n, H, K, tau] = SIZES[0]!;
    console.log(`  ${CELL_NAMES[m.variant as TorchCell].padEnd(5)} (n, H, K, tau) = (${n}, ${H}, ${K}, ${tau}), every parameter uniform in [-0.5, 0.5), seed ${CHECK_SEED}: loss ${g.loss.toFixed(12)} (Unroll) ${(r.loss.float64 ?? NaN).toFixed(12)} (PyTorch), deviation ${dl.toExponential(1)}; worst gradient deviation ${dg.dev.toExponential(1)} (${dg.name}) ${ok ? 'agree' : 'DISAGREE'}`);
  });

  console.log('\ntarget: Unroll faster than PyTorch (under all four configs) at batch 1 at every size, for every cell (informative: an unmet target does not fail the run):');
  for (const [label, ok] of targets) console.log(`  ${label.padEnd(62)} ${ok ? 'met' : 'NOT MET'}`);
  console.log('  (judged in wall-clock time; the CPU-time ratio, one thread, is the steadier figure on a shared machine)');
  console.log(`  ${targets.filter(([, ok]) => ok).length} of ${targets.length} met; load average at the end: ${loadavg()[0]!.toFixed(2)}`);
  if (disagree) {
    console.error(`\nFAIL: Unroll and PyTorch disagree beyond ${AGREE} in float64: the two passes are not the same computation`);
    process.exitCode = 1;
  }
}

main();
