/**
 * Training benchmark: iterations per second of the trainer (forward + BPTT pass, clipping,
 * Adam update into a fresh parameter copy, snapshot ring) on each task at a few sizes.
 * Run with `npx tsx bench/train.bench.ts`.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { countClassification, createTrainer, delayedEcho, paramCount, parity } from '../src/engine/index';
import type { Model } from '../src/engine/index';
import { buildModel, withLength } from '../src/store/scene';

/** Task sizes (H, tau). */
const SIZES: readonly (readonly [number, number])[] = [[16, 20], [64, 60], [128, 128], [256, 256]];
/** Timing: iterations until this many ms have gone (at least MIN_ITERS), after a warm-up. */
const RUN_MS = 1000;
const WARM_MS = 200;
const MIN_ITERS = 5;

/** The next character of a typed text (the app's default task), repeated to tau steps. */
const text = (hidden: number, length: number): Model => buildModel(withLength({
  variant: 'elman', feedback: 'logits', hidden, seed: 1, truncation: null, sequence: { mode: 'text', text: 'hello world, hello unroll. ' },
}, length));

const TASKS: readonly (readonly [string, (hidden: number, length: number) => Model])[] = [
  ['next character (text)', text],
  ['echo (lag 2, 8 symbols)', (hidden, length) => delayedEcho({ lag: 2, length, symbols: 8, hidden, seed: 1 })],
  ['parity', (hidden, length) => parity({ length, hidden, seed: 1 })],
  ['count (single output)', (hidden, length) => countClassification({ length, hidden, seed: 1 })],
];

/** Iterations per second of Adam with clipping on one model, and the loss at the end. */
function measure(model: Model): { perSecond: number; iterations: number; loss: number } {
  const tr = createTrainer(model, { optimizer: 'adam', learningRate: 0.01, clipNorm: 5, snapshotEvery: 10, snapshotCapacity: 32 });
  const warmEnd = performance.now() + WARM_MS;
  do tr.step(); while (performance.now() < warmEnd);
  let n = 0;
  let loss = NaN;
  const t0 = performance.now();
  let t1 = t0;
  while (n < MIN_ITERS || t1 - t0 < RUN_MS) {
    loss = tr.step().loss;
    n++;
    t1 = performance.now();
  }
  return { perSecond: (n * 1000) / (t1 - t0), iterations: n, loss };
}

console.log(`train.bench: Adam + clip 5, node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}`);
console.log(['task'.padEnd(26), 'H'.padStart(4), 'tau'.padStart(5), 'params'.padStart(8), 'iter/s'.padStart(10), 'ms/iter'.padStart(9)].join(' '));
for (const [name, make] of TASKS) {
  for (const [hidden, length] of SIZES) {
    const model = make(hidden, length);
    const r = measure(model);
    console.log([
      name.padEnd(26), String(hidden).padStart(4), String(length).padStart(5), String(paramCount(model)).padStart(8),
      r.perSecond.toFixed(1).padStart(10), (1000 / r.perSecond).toFixed(3).padStart(9),
    ].join(' '));
  }
}
