/**
 * The gated cells' benchmark (part of `npm run bench`): one forward + full BPTT pass of the LSTM
 * and GRU cells (float64, hand-written BPTT) against the same pass in TensorFlow.js on its
 * pure-JavaScript cpu backend (float32, autodiff, stacked gates: bench/tfjs-cells.ts), in the same
 * run, on seeded models with token inputs. Prints ms per pass, GFLOP/s (6 tau (gH^2 + H K) flops
 * per pass, g = 4 gates for the LSTM and 3 for the GRU) and the ratio, then the targets. Exit
 * code 1 only if the gradients disagree (a correctness failure). Ours is timed before TF.js loads.
 */
import type { CellModel } from '../src/engine/cells/index';
import { cellGradients, cellOf, cellParamNames, cellParamShape } from '../src/engine/cells/index';
import { createRng } from '../src/engine/rng';
import { timePass } from './timing';

/** Benchmark sizes (n, H, K, tau). */
const SIZES: readonly (readonly [number, number, number, number])[] = [[16, 64, 16, 64], [32, 128, 32, 128], [64, 256, 64, 256]];
const CELLS = ['lstm', 'gru'] as const;
/** Gates per cell, for the flop count. */
const GATES = { lstm: 4, gru: 3 } as const;
/** Agreement: |ours - tfjs| <= AGREE * max(1, |ours|) for every entry. */
const AGREE = 1e-3;

/** A seeded model of a cell, every step read out, parameters uniform in +-1/sqrt(H) (PyTorch's default). */
function benchModel(name: (typeof CELLS)[number], [n, H, K, tau]: readonly [number, number, number, number]): CellModel {
  const cell = cellOf(name)!;
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

async function main(): Promise<void> {
  const cases = CELLS.flatMap((name) => SIZES.map((size) => ({ name, size, model: benchModel(name, size) })));
  const ours = cases.map(({ model }) => timePass(() => { cellGradients(model); }, { seconds: 1, minPasses: 5 }));
  const { tfjsCellGradients } = await import('./tfjs-cells');
  const peer = await import('./tfjs-pass');
  await peer.tfjsSetup();
  console.log('\nthe gated cells: one pass = forward + full BPTT, token inputs, seed 1; ours float64, TF.js float32 (stacked gates)\n');
  console.log('cell    n    H    K  tau |   ours ms  TF.js ms |  ours GF/s |   ratio | max dev   agree');
  const targets: [string, boolean][] = [];
  let disagree = false;
  cases.forEach(({ name, size: [n, H, K, tau], model }, i) => {
    const mine = cellGradients(model).cell.grads;
    const theirs = tfjsCellGradients(model).grads;
    let dev = 0;
    for (const p of cellParamNames(model.cell)) mine[p]!.forEach((x, j) => { dev = Math.max(dev, Math.abs(x - theirs[p]![j]!) / Math.max(1, Math.abs(x))); });
    const tfjs = timePass(() => { tfjsCellGradients(model); }, { seconds: 2, minPasses: 3 });
    const ms = ours[i]!;
    const gf = flops(name, H, K, tau) / (ms * 1e6);
    const ratio = tfjs / ms;
    const ok = dev <= AGREE;
    if (!ok) disagree = true;
    console.log(`${name.padEnd(4)} ${fmt(n, 4, 0)} ${fmt(H, 4, 0)} ${fmt(K, 4, 0)} ${fmt(tau, 4, 0)} | ${fmt(ms, 9, 3)} ${fmt(tfjs, 9, 3)} | ${fmt(gf, 10, 3)} | ${fmt(ratio, 6, 1)}x | ${dev.toExponential(1).padStart(7)}   ${ok ? 'yes' : 'NO'}`);
    targets.push([`${name} H=${H}: >= 10x TF.js: ${ratio.toFixed(1)}x`, ratio >= 10], [`${name} H=${H}: >= 1.5 GFLOP/s: ${gf.toFixed(2)}`, gf >= 1.5]);
  });
  console.log('\ntargets (informative: an unmet target does not fail the run):');
  for (const [label, ok] of targets) console.log(`  ${label.padEnd(36)} ${ok ? 'met' : 'NOT MET'}`);
  console.log(`  ${targets.filter(([, ok]) => ok).length} of ${targets.length} targets met`);
  if (disagree) {
    console.error(`\nFAIL: the gated cells' gradients disagree with TF.js beyond ${AGREE} * max(1, |g|)`);
    process.exitCode = 1;
  } else {
    console.log(`\ngradients agree with TF.js within ${AGREE} * max(1, |g|) at every size`);
  }
}

await main();
