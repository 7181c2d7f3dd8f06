/**
 * The second oracle of deep and bidirectional networks: PyTorch's own nn.RNN, nn.LSTM and nn.GRU
 * (num_layers, bidirectional) with an nn.Linear, in float64, their gradients by autograd
 * (stack_torch.py, one Python process for every model). Where Debian's python3-torch is missing
 * the test says so and is skipped, unless UNROLL_REQUIRE_TORCH=1 (CI), where it fails.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StackModel } from '../../../src/engine/stack/stack';
import { stackParamNames } from '../../../src/engine/stack/names';
import { stackGradients } from '../../../src/engine/stack/stack';
import type { Draw } from './stackModels';
import { CELLS, describeDraw, randomStack } from './stackModels';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./stack_torch.py', import.meta.url));
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const required = process.env.UNROLL_REQUIRE_TORCH === '1';
if (!hasTorch) console.log(`PyTorch is not installed (${PYTHON} -c "import torch" fails): ${required ? 'UNROLL_REQUIRE_TORCH=1, so the test fails' : 'the PyTorch cross-check is skipped'}; install it with apt-get install python3-torch.`);

/** A model as stack_torch.py reads it. */
function asJson(d: Draw, m: StackModel) {
  const inputs = m.sequence.inputs;
  return {
    cell: d.cell, nonlinearity: m.nonlinearity, layers: m.layers, bidirectional: m.bidirectional, readout: m.readout, sizes: m.sizes, tau: m.sequence.length,
    inputs: inputs.kind === 'tokens' ? { kind: 'tokens', ids: Array.from(inputs.ids) } : { kind: 'dense', values: Array.from(inputs.values) },
    targets: Array.from(m.sequence.targets),
    params: Object.fromEntries(stackParamNames(m.cell, m).map((name) => [name, Array.from(m.params[name]!)])),
  };
}

/** The largest |ours - theirs| over the largest |theirs| (1 at least). */
const relative = (ours: ArrayLike<number>, theirs: readonly number[]): number => {
  let diff = 0;
  let scale = 1e-300;
  for (let i = 0; i < theirs.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i]! - theirs[i]!));
    scale = Math.max(scale, Math.abs(theirs[i]!));
  }
  return ours.length === theirs.length ? diff / scale : Infinity;
};

describe.skipIf(!hasTorch && !required)('deep and bidirectional networks against PyTorch autograd', () => {
  it('agree on the loss and every gradient within 1e-10, over 96 networks of every cell, 1 to 3 layers, both directions, both readouts, tokens and dense vectors', () => {
    expect(hasTorch, 'PyTorch (python3-torch) is required here').toBe(true);
    const draws: Draw[] = [];
    for (const c of CELLS) for (const layers of [1, 2, 3]) for (const bidirectional of [false, true]) for (const readout of ['every', 'last'] as const) for (const dense of [false, true]) {
      draws.push({ ...c, layers, bidirectional, readout, dense, sizes: { input: 4, hidden: 3 + layers, output: 3 }, tau: 3 + draws.length % 5 });
    }
    const models = draws.map((d, i) => randomStack(500 + i, d));
    const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(models.map((m, i) => asJson(draws[i]!, m))), encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.status, run.stderr).toBe(0);
    const expected = JSON.parse(run.stdout) as { loss: number; grads: Record<string, number[]> }[];
    const worst: string[] = [];
    let largest = 0;
    models.forEach((m, i) => {
      const ours = stackGradients(m);
      const what = describeDraw(draws[i]!);
      expect(Math.abs(ours.loss - expected[i]!.loss) / Math.abs(expected[i]!.loss), `${what}: loss`).toBeLessThan(1e-12);
      for (const name of stackParamNames(m.cell, m)) {
        const r = relative(ours.grads[name]!, expected[i]!.grads[name]!);
        largest = Math.max(largest, r);
        if (!(r <= 1e-10)) worst.push(`${what}: ${name} relative error ${r}`);
      }
    });
    console.log(`stack against PyTorch: ${models.length} networks, largest relative gradient error ${largest.toExponential(2)}`);
    expect(worst).toEqual([]);
    // Somewhere the bits differ (another order of summation): two real computations were compared, not one twice.
    expect(largest).toBeGreaterThan(0);
    expect(models).toHaveLength(96);
  }, 120_000);
});
