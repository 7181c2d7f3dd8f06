/**
 * Engine benchmark: one forward + full BPTT pass of our engine (float64, hand-written BPTT)
 * against the same pass in TensorFlow.js on its pure-JavaScript cpu backend (float32,
 * autodiff), in the same run, on seeded Elman models with token inputs. Prints ms per pass,
 * GFLOP/s (6 tau (H^2 + H K) flops per pass) and the speed ratio, then the targets and
 * whether each is met. Exit code 1 only if the two gradients disagree (a correctness failure).
 *
 * Our engine is timed first, before TF.js is loaded: loading it makes unrelated code in the
 * same process measurably slower, which would charge TF.js's cost to us. Beside it, in the same
 * run, the pass as it was before the engine ran on cells (bench/pass-before-cells.ts): the cells
 * must cost at most 1.1x of it at H >= 64, and give the same bits.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { gradients, initModel } from '../src/engine/index';
import type { Model } from '../src/engine/index';
import { gradientsBefore } from './pass-before-cells';
import type { Budget } from './timing';
import { median, timePass, warmBatch } from './timing';

/** Benchmark sizes (n, H, K, tau). */
const SIZES: readonly (readonly [number, number, number, number])[] = [
  [8, 16, 8, 16], [16, 64, 16, 64], [32, 128, 32, 128], [64, 256, 64, 256],
];
const PARAMS = ['U', 'W', 'V', 'b', 'c', 'h0'] as const;
/** Agreement: |ours - tfjs| <= AGREE * max(1, |ours|) for every entry of every parameter. */
const AGREE = 1e-3;

/** Timing budgets: ours (each side of the cells comparison twice this), and TF.js, slower per pass. */
const OURS: Budget = { seconds: 1, minPasses: 5 };
const TFJS: Budget = { seconds: 2, minPasses: 3 };

type Peer = typeof import('./tfjs-pass');

/** Worst max over entries of |ours - tfjs| / max(1, |ours|), over every parameter; NaN if one is missing. */
function worstDeviation(model: Model, peer: Peer): number {
  const ours = gradients(model).grads;
  const theirs = peer.tfjsGradients(model).grads;
  let worst = 0;
  for (const name of PARAMS) {
    const a = ours[name] ?? null;
    const b = theirs[name];
    if (a === null && b === null) continue;
    if (a === null || b === null || a.length !== b.length) return NaN;
    a.forEach((x, i) => { worst = Math.max(worst, Math.abs(x - (b[i] ?? NaN)) / Math.max(1, Math.abs(x))); });
  }
  return worst;
}

/** One row of the table: ms per pass of ours, of the pass before cells, of TF.js. */
interface Row { n: number; H: number; K: number; tau: number; ours: number; before: number; tfjs: number; deviation: number }

/** Whether ours and the pass before cells give the same bits for every gradient. */
function sameBits(model: Model): boolean {
  const ours = gradients(model).grads;
  const before = gradientsBefore(model);
  return PARAMS.every((name) => {
    const a = ours[name];
    const b = before[name];
    return a === undefined ? b === undefined : b !== undefined && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  });
}

/**
 * Median ms per pass of ours and of the pass before cells, timed in alternating batches (ours,
 * before, ours, ...) for OURS.seconds each after a warm-up, so that drifts in the machine's speed
 * fall on both alike.
 */
function timeBoth(model: Model): [number, number] {
  const sides = [() => { gradients(model); }, () => { gradientsBefore(model); }];
  const batch = sides.map(warmBatch);
  const samples: [number[], number[]] = [[], []];
  const start = performance.now();
  while (performance.now() - start < 2 * OURS.seconds * 1000 || samples[1].length < OURS.minPasses) {
    sides.forEach((pass, i) => {
      const t0 = performance.now();
      for (let k = 0; k < batch[i]!; k++) pass();
      samples[i as 0 | 1].push((performance.now() - t0) / batch[i]!);
    });
  }
  return [median(samples[0]), median(samples[1])];
}

/** Flops of one forward + BPTT pass as the benchmark counts them. */
const flops = (r: Row): number => 6 * r.tau * (r.H * r.H + r.H * r.K);
const gflops = (r: Row, ms: number): number => flops(r) / (ms * 1e6);
const fmt = (x: number, w: number, d: number): string => x.toFixed(d).padStart(w);

/** The benchmark model of one size. */
const benchModel = ([n, H, K, tau]: readonly [number, number, number, number]): Model =>
  initModel({ variant: 'elman', input: n, hidden: H, output: K, length: tau, seed: 1, inputs: 'tokens' });

/** The targets of a row, each with whether it is met. */
function targets(r: Row): [string, boolean][] {
  const ratio = r.tfjs / r.ours;
  const cells = r.ours / r.before;
  if (r.H >= 64) {
    return [
      [`>= 15x TF.js: ${ratio.toFixed(1)}x`, ratio >= 15], [`>= 1.3 GFLOP/s: ${gflops(r, r.ours).toFixed(2)}`, gflops(r, r.ours) >= 1.3],
      [`cells <= 1.1x before: ${cells.toFixed(3)}x`, cells <= 1.1],
    ];
  }
  if (r.H === 16) return [[`>= 30x TF.js: ${ratio.toFixed(1)}x`, ratio >= 30]];
  return [];
}

async function main(): Promise<void> {
  const timed = SIZES.map((size) => timeBoth(benchModel(size)));
  const differing = SIZES.filter((size) => !sameBits(benchModel(size)));
  const peer: Peer = await import('./tfjs-pass');
  const tf = await import('@tensorflow/tfjs');
  await peer.tfjsSetup();
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), ${os.platform()} ${os.arch()}, node ${process.version}`);
  console.log(`peer: TF.js ${tf.version.tfjs}, backend '${tf.getBackend()}', float32, tf.valueAndGrads; ours: float64. Elman, token inputs, seed 1.`);
  console.log(`our engine is timed first, before TF.js is loaded into the process.`);
  console.log(`one pass = forward + full BPTT; flops = 6 tau (H^2 + H K); median ms per pass (ours >= ${OURS.seconds} s, TF.js >= ${TFJS.seconds} s and ${TFJS.minPasses} passes)\n`);
  console.log(`before: the pass before the engine ran on cells (bench/pass-before-cells.ts), timed in turn with ours.\n`);
  console.log('   n    H    K  tau |   ours ms  before ms  TF.js ms | ours/before |  ours GF/s  TF.js GF/s |   ratio | max dev   agree');
  const tensorsBefore = tf.memory().numTensors;
  const rows: Row[] = [];
  for (const [i, size] of SIZES.entries()) {
    const model = benchModel(size);
    const [n, H, K, tau] = size;
    const deviation = worstDeviation(model, peer);
    const tfjs = timePass(() => { peer.tfjsGradients(model); }, TFJS);
    const [ours, before] = timed[i]!;
    const r: Row = { n, H, K, tau, ours, before, tfjs, deviation };
    rows.push(r);
    const ok = r.deviation <= AGREE;
    console.log(`${fmt(r.n, 4, 0)} ${fmt(r.H, 4, 0)} ${fmt(r.K, 4, 0)} ${fmt(r.tau, 4, 0)} | ${fmt(r.ours, 9, 3)} ${fmt(r.before, 10, 3)} ${fmt(r.tfjs, 9, 3)} | ${fmt(r.ours / r.before, 10, 3)}x | ${fmt(gflops(r, r.ours), 10, 3)} ${fmt(gflops(r, r.tfjs), 11, 3)} | ${fmt(r.tfjs / r.ours, 6, 1)}x | ${r.deviation.toExponential(1).padStart(7)}   ${ok ? 'yes' : 'NO'}`);
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  console.log(`\nTF.js tensors left after all passes: ${leaked}${leaked === 0 ? '' : ' (memory grows: a leak in the peer)'}`);
  console.log('\ntargets (informative: an unmet target does not fail the run):');
  let met = 0;
  let total = 0;
  for (const r of rows) {
    for (const [label, ok] of targets(r)) {
      total++;
      if (ok) met++;
      console.log(`  H=${String(r.H).padEnd(4)} ${label.padEnd(28)} ${ok ? 'met' : 'NOT MET'}`);
    }
  }
  console.log(`  ${met} of ${total} targets met`);
  if (differing.length > 0) {
    console.error(`\nFAIL: the cell pass and the pass before cells differ in some bit at H = ${differing.map((size) => size[1]).join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nthe cell pass gives the same bits as the pass before cells at every size');
  }
  const bad = rows.filter((r) => !(r.deviation <= AGREE));
  if (bad.length > 0) {
    console.error(`\nFAIL: gradients disagree with TF.js beyond ${AGREE} * max(1, |g|) at H = ${bad.map((r) => r.H).join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log(`\ngradients agree with TF.js within ${AGREE} * max(1, |g|) at every size`);
  }
}

await main();
