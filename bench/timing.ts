/** How the engine benches time a pass: medians of batches after a warm-up, within a budget. */
import { performance } from 'node:perf_hooks';

/** Timing budget of one side: run until `seconds` and `minPasses` are both reached. */
export interface Budget { readonly seconds: number; readonly minPasses: number }
/** A timed sample lasts at least this long: tiny passes are timed in batches. */
export const SAMPLE_MS = 2;
/** Warm-up (JIT) before timing: passes until this many ms have gone, at least one. */
export const WARM_MS = 300;

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const hi = s[m] ?? NaN;
  return s.length % 2 === 1 ? hi : ((s[m - 1] ?? NaN) + hi) / 2;
}

/** Runs `pass` for WARM_MS (at least once); returns how many calls make a batch of >= SAMPLE_MS. */
export function warmBatch(pass: () => void): number {
  const start = performance.now();
  let warm = 0;
  do { pass(); warm++; } while (performance.now() - start < WARM_MS);
  return Math.max(1, Math.ceil(SAMPLE_MS / ((performance.now() - start) / warm)));
}

/** Median ms per call of `pass`, after a warm-up, timing batches of calls of >= SAMPLE_MS. */
export function timePass(pass: () => void, budget: Budget): number {
  const batch = warmBatch(pass);
  const samples: number[] = [];
  const start = performance.now();
  let passes = 0;
  while (performance.now() - start < budget.seconds * 1000 || passes < budget.minPasses) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) pass();
    samples.push((performance.now() - t0) / batch);
    passes += batch;
  }
  return median(samples);
}

/** Milliseconds of CPU time (user + system) this process has used: what a pass costs, without the time other processes took the core. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Median ms per call of each side, in wall-clock time and in CPU time. */
export interface Paired { readonly wall: readonly number[]; readonly cpu: readonly number[]; readonly ratios: readonly number[] }

/**
 * Times several sides of one comparison in alternating batches (a, b, a, b, ...) for `seconds`
 * per side after each side's warm-up, so that the machine's drifts fall on all alike: median ms
 * per call of each, in wall-clock and CPU time, and the median over rounds of each side's CPU
 * time over the first side's in the same round (the ratio least moved by other processes).
 */
export function timeAlternating(sides: readonly (() => void)[], budget: Budget): Paired {
  const batch = sides.map(warmBatch);
  const wall: number[][] = sides.map(() => []);
  const cpu: number[][] = sides.map(() => []);
  const ratios: number[][] = sides.map(() => []);
  const start = performance.now();
  while (performance.now() - start < sides.length * budget.seconds * 1000 || wall[0]!.length * batch[0]! < budget.minPasses) {
    const round = sides.map((pass, i) => {
      const w0 = performance.now();
      const c0 = cpuMs();
      for (let k = 0; k < batch[i]!; k++) pass();
      const c = (cpuMs() - c0) / batch[i]!;
      wall[i]!.push((performance.now() - w0) / batch[i]!);
      cpu[i]!.push(c);
      return c;
    });
    round.forEach((c, i) => ratios[i]!.push(c / round[0]!));
  }
  return { wall: wall.map(median), cpu: cpu.map(median), ratios: ratios.map(median) };
}
