/**
 * The contract of bench/torch_pass.py, PyTorch's side of `npm run bench:torch`, at the benchmark's
 * smallest size: for each cell it computes Unroll's loss and gradients (so the timed passes are
 * the same computation), in float32 too, and times every config it is given, in one process; a bad
 * config is refused by name. Skipped where python3-torch is missing, unless UNROLL_REQUIRE_TORCH=1.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PYTHON, TORCH_SCRIPT, configKey, hasTorch, runTorch, torchCase } from '../../bench/torch-peer';
import type { TorchConfig } from '../../bench/torch-peer';
import { initModel } from '../../src/engine/file/init';
import { modelParamNames } from '../../src/engine/model';
import { gradients } from '../../src/engine/pass/gradients';

const torch = hasTorch();
const required = process.env.UNROLL_REQUIRE_TORCH === '1';
if (!torch) console.log(`PyTorch is not installed (${PYTHON} -c "import torch" fails): ${required ? 'UNROLL_REQUIRE_TORCH=1, so the test fails' : 'the bench:torch contract test is skipped'}.`);

const CONFIGS: readonly TorchConfig[] = [{ dtype: 'float64', threads: 1 }, { dtype: 'float64', threads: 2 }, { dtype: 'float32', threads: 1 }, { dtype: 'float32', threads: 2 }];
/** One pass per config: the contract, not the figures. */
const QUICK = { seconds: 0, minPasses: 1, warmMs: 0, sampleMs: 0 };
const smallest = (variant: 'elman' | 'lstm' | 'gru') => initModel({ variant, input: 8, hidden: 16, output: 8, length: 16, seed: 2, scheme: 'uniform' });

describe('torch_pass.py, the peer of bench:torch', () => {
  it('refuses a model PyTorch\'s peer does not run, by name', () => {
    const jordan = initModel({ variant: 'jordan', input: 3, hidden: 4, output: 3, length: 5, seed: 1 });
    expect(() => torchCase(jordan, { time: false, grads: false })).toThrow(/variant: .*got jordan/);
    const dense = initModel({ variant: 'gru', input: 3, hidden: 4, output: 3, length: 5, seed: 1, inputs: 'dense' });
    expect(() => torchCase(dense, { time: false, grads: false })).toThrow(/inputs: .*dense/);
  });

  describe.skipIf(!torch && !required)('with PyTorch', () => {
    it('gives Unroll\'s loss and every gradient for each cell in float64, its float32 loss near it, and a time for every config', () => {
      expect(torch, 'PyTorch (python3-torch) is required here').toBe(true);
      const models = (['elman', 'lstm', 'gru'] as const).map(smallest);
      const out = runTorch({ budget: QUICK, configs: CONFIGS, cases: models.map((m, i) => torchCase(m, { time: i !== 1, grads: true })) }, false);
      expect(out.torch).toMatch(/^\d+\.\d+/);
      expect(out.cases).toHaveLength(3);
      models.forEach((m, i) => {
        const ours = gradients(m);
        const r = out.cases[i]!;
        expect(Math.abs(ours.loss - r.loss.float64!) / ours.loss, `${m.variant}: float64 loss`).toBeLessThan(1e-12);
        expect(Math.abs(ours.loss - r.loss.float32!) / ours.loss, `${m.variant}: float32 loss`).toBeLessThan(1e-5);
        for (const name of modelParamNames(m)) {
          const theirs = r.grads![name]!;
          expect(theirs, `${m.variant}: ${name}`).toHaveLength(ours.grads[name]!.length);
          theirs.forEach((y, j) => expect(Math.abs(ours.grads[name]![j]! - y), `${m.variant}: d${name}[${j}]`).toBeLessThan(1e-10));
        }
        // Timed where asked, under every config, and only there.
        expect(Object.keys(r.ms).sort()).toEqual(i === 1 ? [] : CONFIGS.map(configKey).sort());
        expect(Object.keys(r.cpuMs).sort()).toEqual(Object.keys(r.ms).sort());
        for (const t of [...Object.values(r.ms), ...Object.values(r.cpuMs)]) expect(t >= 0 && Number.isFinite(t), `${m.variant}: ${t} ms`).toBe(true);
        for (const t of Object.values(r.ms)) expect(t, `${m.variant}: wall ms`).toBeGreaterThan(0);
      });
    }, 60_000);

    it('refuses a bad config, naming it, and prints nothing on standard output', () => {
      const job = { budget: QUICK, configs: [{ dtype: 'float16', threads: 1 }], cases: [] };
      const run = spawnSync(PYTHON, [TORCH_SCRIPT], { input: JSON.stringify(job), encoding: 'utf8' });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('configs: expected dtype float64 or float32');
      expect(run.stderr).toContain('float16');
      expect(run.stdout).toBe('');
    }, 30_000);
  });
});
