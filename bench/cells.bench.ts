/**
 * The gated cells' benchmark (part of `npm run bench`): one forward + full BPTT pass of the LSTM
 * and GRU cells (float64, hand-written BPTT) against the same pass in TensorFlow.js on its
 * pure-JavaScript cpu backend (float32, autodiff, stacked gates: bench/tfjs-cells.ts), in the same
 * run, on seeded models with token inputs. Prints ms per pass, GFLOP/s (6 tau (gH^2 + H K) flops
 * per pass, g = 4 gates for the LSTM and 3 for the GRU) and the ratio, then the targets. Exit
 * code 1 only if the gradients disagree with TF.js's, or move from the frozen steps' (below)
 * beyond float rounding: correctness failures. Ours is timed before TF.js loads.
 *
 * Beside ours, in the same run and in alternating batches, the cells' steps as they were before
 * the gates' recurrent products were fused (bench/gated-before.ts, frozen): the ratio ours/before
 * in CPU time, and whether both give the same bits (the fused kernels sum in the old order). Our
 * GFLOP/s is given in wall-clock time (the targets) and in CPU time (what a pass costs when other
 * processes share the cores).
 */
import type { Cell, CellModel } from '../src/engine/cells/index';
import { cellGradients, cellOf, cellParamNames, cellParamShape } from '../src/engine/cells/index';
import { createRng } from '../src/engine/rng';
import { gruBefore, lstmBefore } from './gated-before';
import { timeAlternating, timePass } from './timing';

/** Benchmark sizes (n, H, K, tau). */
const SIZES: readonly (readonly [number, number, number, number])[] = [[16, 64, 16, 64], [32, 128, 32, 128], [64, 256, 64, 256]];
const CELLS = ['lstm', 'gru'] as const;
/** Gates per cell, for the flop count. */
const GATES = { lstm: 4, gru: 3 } as const;
/** Agreement: |ours - tfjs| <= AGREE * max(1, |ours|) for every entry. */
const AGREE = 1e-3;

/** The frozen steps of each cell (bench/gated-before.ts). */
const BEFORE: Readonly<Record<(typeof CELLS)[number], Cell>> = { lstm: lstmBefore, gru: gruBefore };
/** Agreement with the frozen steps where the bits differ: |ours - before| <= CLOSE * max(1, |ours|). */
const CLOSE = 1e-12;

/** A seeded model of a cell, every step read out, parameters uniform in +-1/sqrt(H) (PyTorch's default); `cell` runs it (default the cell of that name). */
function benchModel(name: (typeof CELLS)[number], [n, H, K, tau]: readonly [number, number, number, number], cell: Cell = cellOf(name)!): CellModel {
  const rng = createRng(1);
  const sizes = { input: n, hidden: H, output: K };
  const bound = 1 / Math.sqrt(H);
  const params: Record<string, Float64Array> = {};
  for (const p of cellParamNames(cell)) {
    const [rows, cols] = cellParamShape(cell, sizes, p);
    params[p] = Float64Array.from({ length: rows * cols }, () => rng.uniform(-bound, bound));
  }
  const inputs = { kind: 'tokens' as const, ids: Int32Array.from({ length: tau }, () => rng.int(n)) };
  const targets = Int32Array.from({ length: tau }, () => rng.int(K));
  return { cell, sizes, params, sequence: { length: tau, inputs, targets }, truncation: null, readout: 'every', nonlinearity: 'tanh', feedback: null };
}

const flops = (name: (typeof CELLS)[number], H: number, K: number, tau: number) => 6 * tau * (GATES[name] * H * H + H * K);
const fmt = (x: number, w: number, d: number): string => x.toFixed(d).padStart(w);

/** Worst |a - b| / max(1, |a|) over every parameter's gradient, and whether every entry has the same bits. */
function compareGrads(cell: Cell, a: Readonly<Record<string, Float64Array>>, b: Readonly<Record<string, Float64Array>>): { dev: number; same: boolean } {
  let dev = 0;
  let same = true;
  for (const p of cellParamNames(cell)) {
    a[p]!.forEach((x, j) => {
      const y = b[p]![j]!;
      dev = Math.max(dev, Math.abs(x - y) / Math.max(1, Math.abs(x)));
      if (!Object.is(x, y)) same = false;
    });
  }
  return { dev, same };
}

async function main(): Promise<void> {
  const cases = CELLS.flatMap((name) => SIZES.map((size) => ({ name, size, model: benchModel(name, size), before: benchModel(name, size, BEFORE[name]) })));
  const timed = cases.map(({ model, before }) => timeAlternating([() => { cellGradients(before); }, () => { cellGradients(model); }], { seconds: 1, minPasses: 5 }));
  const { tfjsCellGradients } = await import('./tfjs-cells');
  const peer = await import('./tfjs-pass');
  await peer.tfjsSetup();
  console.log('\nthe gated cells: one pass = forward + full BPTT, token inputs, seed 1; ours float64, TF.js float32 (stacked gates)');
  console.log('before: the cells\' steps before their recurrent products were fused (bench/gated-before.ts), timed in turn with ours; ours/before in CPU time\n');
  console.log('cell    n    H    K  tau |   ours ms before ms  TF.js ms | ours/before  same bits |  GF/s wall   GF/s cpu |   ratio | max dev   agree');
  const targets: [string, boolean][] = [];
  let disagree = false;
  let drifted = false;
  cases.forEach(({ name, size: [n, H, K, tau], model, before }, i) => {
    const mine = cellGradients(model).cell.grads;
    const tf = compareGrads(model.cell, mine, tfjsCellGradients(model).grads);
    const old = compareGrads(model.cell, mine, cellGradients(before).cell.grads);
    const tfjs = timePass(() => { tfjsCellGradients(model); }, { seconds: 2, minPasses: 3 });
    const { wall, cpu, ratios } = timed[i]!;
    const ms = wall[1]!;
    const gf = flops(name, H, K, tau) / (ms * 1e6);
    const gfCpu = flops(name, H, K, tau) / (cpu[1]! * 1e6);
    const ratio = tfjs / ms;
    const ok = tf.dev <= AGREE;
    if (!ok) disagree = true;
    if (!(old.dev <= CLOSE)) drifted = true;
    console.log(`${name.padEnd(4)} ${fmt(n, 4, 0)} ${fmt(H, 4, 0)} ${fmt(K, 4, 0)} ${fmt(tau, 4, 0)} | ${fmt(ms, 9, 3)} ${fmt(wall[0]!, 9, 3)} ${fmt(tfjs, 9, 3)} | ${fmt(ratios[1]!, 10, 3)}x ${(old.same ? 'yes' : `no (${old.dev.toExponential(0)})`).padStart(10)} | ${fmt(gf, 10, 3)} ${fmt(gfCpu, 10, 3)} | ${fmt(ratio, 6, 1)}x | ${tf.dev.toExponential(1).padStart(7)}   ${ok ? 'yes' : 'NO'}`);
    targets.push([`${name} H=${H}: >= 10x TF.js: ${ratio.toFixed(1)}x`, ratio >= 10], [`${name} H=${H}: >= 1.5 GFLOP/s: ${gf.toFixed(2)}`, gf >= 1.5]);
  });
  console.log('\ntargets (informative: an unmet target does not fail the run):');
  for (const [label, ok] of targets) console.log(`  ${label.padEnd(36)} ${ok ? 'met' : 'NOT MET'}`);
  console.log(`  ${targets.filter(([, ok]) => ok).length} of ${targets.length} targets met`);
  if (drifted) {
    console.error(`\nFAIL: the gated cells' gradients moved from the frozen steps' beyond ${CLOSE} * max(1, |g|)`);
    process.exitCode = 1;
  } else {
    console.log(`\nthe gated cells' gradients are the frozen steps' within ${CLOSE} * max(1, |g|) at every size (same bits: see the table)`);
  }
  if (disagree) {
    console.error(`\nFAIL: the gated cells' gradients disagree with TF.js beyond ${AGREE} * max(1, |g|)`);
    process.exitCode = 1;
  } else {
    console.log(`\ngradients agree with TF.js within ${AGREE} * max(1, |g|) at every size`);
  }
}

await main();
