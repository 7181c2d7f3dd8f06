/**
 * The engine against PyTorch itself (issue 13): models.py builds seeded random nn.RNN (tanh,
 * relu) / nn.LSTM / nn.GRU + nn.Linear models in float64 (one layer, one direction; n up to 8, H
 * up to 16, K up to 8, tau up to 40; an output every step or a single one; token, text, one-hot and
 * dense inputs; full and truncated BPTT;
 * module names such as `encoder.lstm` and `decoder.out`; float32 tensors, no biases, a second
 * Linear, tensors of other modules in float16 and bfloat16) with the loss and every gradient by
 * autograd. Each is imported through the command line in-process (`unroll import`) and its
 * gradients read with `unroll grad --names torch`: the loss and every gradient agree within 1e-10.
 * Then the round trip: `unroll export --safetensors`, PyTorch's load_state_dict(strict=True), the
 * same loss within 1e-12.
 *
 * Without PyTorch (`/usr/bin/python3 -c "import torch"` fails, or no such Python) the tests say so
 * and skip, unless UNROLL_REQUIRE_TORCH=1 (as .ci/run sets it): then they fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands';
import { readSafetensors } from '../../src/engine/file/safetensors';

/** The Python that has Debian's PyTorch; UNROLL_PYTHON names another. */
const PYTHON = process.env.UNROLL_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./models.py', import.meta.url));
const REQUIRED = process.env.UNROLL_REQUIRE_TORCH === '1';
/**
 * The agreement asked of the engine and autograd, relative to the largest entry of each tensor;
 * below it, what float64 resolves at the case's scale (ROUNDING, of its largest gradient entry).
 */
const GRAD_TOLERANCE = 1e-10;
/**
 * Float64's unit roundoff: a tensor whose gradient is a million times smaller than the model's
 * largest (a one-unit layer under a saturated tanh: 1 - tanh(a)^2 of 5e-9 from h = 0.999999998,
 * where one rounding of h moves the derivative by 5e-8 relative) agrees only to that many digits
 * of the model's scale, whichever implementation computes it.
 */
const ROUNDING = 2 ** -52;
/** The agreement asked of the round trip's loss. */
const ROUND_TRIP_TOLERANCE = 1e-12;

/** One model of models.py: its file, how to import it, and what PyTorch computed. */
interface Case {
  readonly id: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly loss: number;
  /** Every gradient by its name in the file, flat row-major. */
  readonly grads: Readonly<Record<string, number[]>>;
  /** dL/dh_0 (and dL/dc_0 for the LSTM), flat. */
  readonly initial: Readonly<Record<string, number[]>>;
  /** Whether the recurrent module and the Linear have biases (bias=True). */
  readonly bias: boolean;
  readonly linearBias: boolean;
}

/** What `unroll grad --names torch` prints. */
interface TorchGrads {
  readonly loss: number;
  readonly grads: Readonly<Record<string, { shape: number[]; values: number[] | number[][] }>>;
  readonly initial: Readonly<Record<string, { shape: number[]; values: number[] | number[][] }>>;
}

let dir = '';
/** Why PyTorch's side cannot run, or null. */
let missing: string | null = null;
let cases: Case[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unroll-torch-'));
  const r = spawnSync(PYTHON, [SCRIPT, 'generate', dir], { encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) missing = `${PYTHON} cannot run (${r.error.message})`;
  else if (r.status === 3) missing = r.stderr.trim();
  else if (r.status !== 0) throw new Error(`models.py generate failed (${r.status}): ${r.stderr}`);
  else cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Case[];
}, 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** Skips (or, under UNROLL_REQUIRE_TORCH=1, fails) when PyTorch is missing. */
function needTorch(skip: (note: string) => void): void {
  if (missing === null) return;
  if (REQUIRED) throw new Error(`UNROLL_REQUIRE_TORCH=1, but PyTorch cannot run: ${missing} (apt-get install python3-torch)`);
  console.warn(`tests/torch: skipped, PyTorch is missing: ${missing}`);
  skip(missing);
}

/** `unroll import` of a case: the model file's text. */
function importCase(c: Case): string {
  const r = runCli(['import', c.file, ...c.args], (path) => readFileSync(path, 'utf8'), (path) => new Uint8Array(readFileSync(path)));
  if (r.code !== 0) throw new Error(`${c.id}: unroll import failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * The largest |a - b| over the largest |b| (0 when both are zero; where |a - b| is within float64's
 * rounding of `floor`, the case's largest gradient entry, the rounding's share: 0); Infinity when
 * the lengths differ.
 */
function relativeError(a: readonly number[], b: readonly number[], floor: number): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0, scale = 0;
  a.forEach((x, i) => {
    diff = Math.max(diff, Math.abs(x - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  });
  return diff <= ROUNDING * floor ? 0 : diff / scale;
}

/** The largest |entry| of any of a case's gradients. */
const largestEntry = (grads: Readonly<Record<string, number[]>>): number =>
  Math.max(0, ...Object.values(grads).map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));

describe('the engine against PyTorch autograd', () => {
  it('imports at least 100 models and agrees on the loss and every gradient under its PyTorch name within 1e-10', (ctx) => {
    needTorch((note) => ctx.skip(note));
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const problems: string[] = [];
    for (const c of cases) {
      const text = importCase(c);
      const r = runCli(['grad', '-', '--names', 'torch'], () => text);
      expect(r.stderr, c.id).toBe('');
      const out = JSON.parse(r.stdout) as TorchGrads;
      // Relative, but equal losses agree whatever they are (a saturated softmax's loss can be exactly 0 on both sides).
      const lossError = out.loss === c.loss ? 0 : Math.abs(out.loss - c.loss) / Math.abs(c.loss);
      if (!(lossError <= GRAD_TOLERANCE)) problems.push(`${c.id}: loss ${out.loss} against ${c.loss}`);
      const check = (kind: string, mine: TorchGrads['grads'], theirs: Readonly<Record<string, number[]>>) => {
        for (const [name, expected] of Object.entries(theirs)) {
          const got = mine[name];
          if (got === undefined) {
            problems.push(`${c.id}: no ${kind} ${name}`);
            continue;
          }
          const flat = got.values.flat();
          if (flat.length !== got.shape.reduce((a, d) => a * d, 1)) problems.push(`${c.id}: ${name} has ${flat.length} values for shape [${got.shape.join(', ')}]`);
          const e = relativeError(flat, expected, largestEntry(c.grads));
          if (!(e <= GRAD_TOLERANCE)) problems.push(`${c.id}: ${kind} ${name} differs by ${e} (relative)`);
        }
      };
      check('gradient', out.grads, c.grads);
      check('initial state gradient', out.initial, c.initial);
      // The same tensors, no more (a module built with bias=False has no bias, in either).
      const extra = Object.keys(out.grads).filter((name) => !(name in c.grads));
      if (extra.length > 0) problems.push(`${c.id}: gradients PyTorch has not: ${extra.join(', ')}`);
      expect(Object.keys(out.initial).sort(), c.id).toEqual(Object.keys(c.initial).sort());
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('covers every cell, output, input kind, truncation and naming the cases are meant to', (ctx) => {
    needTorch((note) => ctx.skip(note));
    const ids = cases.map((c) => c.id);
    for (const part of ['rnn-tanh-', 'rnn-relu-', 'lstm-', 'gru-', 'rnn-tanh-single-', 'rnn-relu-single-', 'lstm-single-', 'gru-single-']) expect(ids.some((id) => id.includes(part)), part).toBe(true);
    for (const inputs of ['tokens-stream', 'tokens-targets', 'text', 'onehot', 'dense', 'scene']) expect(ids.filter((id) => id.endsWith(inputs)).length, inputs).toBeGreaterThanOrEqual(12);
    // Deep and bidirectional modules of every cell.
    for (const cell of ['rnn-tanh', 'rnn-relu', 'lstm', 'gru']) {
      for (const single of ['', '-single']) {
        for (const shape of ['-l2-', '-l3-', '-bi-', '-l2-bi-', '-l3-bi-']) {
          expect(ids.some((id) => id.startsWith(`${id.slice(0, 3)}-${cell}${single}${shape}`)), `${cell}${single}${shape}`).toBe(true);
        }
      }
    }
    expect(cases.filter((c) => c.args.includes('--truncation')).length).toBeGreaterThan(10);
    expect(cases.filter((c) => c.args.includes('--output-layer')).length).toBeGreaterThan(3);
    expect(cases.filter((c) => !c.bias).length).toBeGreaterThan(3);
    expect(cases.filter((c) => !c.linearBias).length).toBeGreaterThan(3);
    // The tensors of other modules, as Python's struct wrote them in float16 and bfloat16, read exactly.
    const other = cases.map((c) => readSafetensors(new Uint8Array(readFileSync(c.file))).tensors).filter((t) => t.has('embedding.weight'));
    expect(other.length).toBeGreaterThan(10);
    for (const t of other) {
      expect(Array.from(t.get('embedding.weight')!.values)).toEqual([0, 1].flatMap(() => [...[0.5, -1.25, 2, 0, 1, -3.5, 0.125, 65504], ...[0.5, -1.25, 2, 0, 1, -3.5, 0.125, 65504], 2 ** -24]));
      expect(Array.from(t.get('norm.scale')!.values)).toEqual([1.5, -0.75, 3]);
    }
    const names = cases.flatMap((c) => Object.keys(c.grads));
    for (const prefix of [/^rnn\./, /^encoder\.lstm\./, /^weight_ih_l0$/, /^net\.layers\.0\./, /^head\./, /^decoder\.out\./]) expect(names.some((n) => prefix.test(n)), String(prefix)).toBe(true);
  });

  it('exports each model so that load_state_dict(strict=True) takes it and PyTorch computes the same loss within 1e-12', (ctx) => {
    needTorch((note) => ctx.skip(note));
    const unrollLoss = new Map<string, number>();
    for (const c of cases) {
      const text = importCase(c);
      const r = runCli(['export', '-', '--safetensors', 'out.safetensors'], () => text);
      expect(r.code, r.stderr).toBe(0);
      writeFileSync(join(dir, `${c.id}.unroll.safetensors`), r.files![0]!.bytes);
      unrollLoss.set(c.id, (JSON.parse(runCli(['grad', '-'], () => text).stdout) as { loss: number }).loss);
    }
    const py = spawnSync(PYTHON, [SCRIPT, 'check', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(py.status, py.stderr).toBe(0);
    const losses = JSON.parse(py.stdout) as Record<string, number>;
    const problems: string[] = [];
    for (const c of cases) {
      const loss = losses[c.id];
      if (loss === undefined) problems.push(`${c.id}: no loss from PyTorch`);
      else if (!(Math.abs(loss - c.loss) <= ROUND_TRIP_TOLERANCE * Math.abs(c.loss))) problems.push(`${c.id}: PyTorch's loss of the export ${loss}, of the original ${c.loss}`);
      else if (!(Math.abs(loss - unrollLoss.get(c.id)!) <= ROUND_TRIP_TOLERANCE * Math.abs(loss))) problems.push(`${c.id}: PyTorch's loss of the export ${loss}, Unroll's ${unrollLoss.get(c.id)}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
