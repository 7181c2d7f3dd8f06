/**
 * The command line, run for real: `npm run --silent unroll -- ...` in a child process, on real
 * files and on standard input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gradients, parseModelText } from '../../src/engine/index';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('../../../shared/fixtures/jordan-softmax.json', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'unroll-cli-'));

/** Runs `npm run --silent unroll -- ...args`. */
function unroll(args: string[], input?: string): { stdout: string; stderr: string; code: number | null } {
  const r = spawnSync('npm', ['run', '--silent', 'unroll', '--', ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** Writes a file in a temporary folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const modelText = JSON.stringify((JSON.parse(readFileSync(fixture, 'utf8')) as { model: unknown }).model);

// Each case spawns npm and tsx (about 1.3 s each on an idle machine): generous time under load.
describe('unroll command line', { timeout: 30_000 }, () => {
  it('grad FILE prints the loss, step losses and gradients shaped like the parameters', () => {
    const r = unroll(['grad', file('m.json', modelText)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { loss: number; stepLosses: number[]; grads: Record<string, number[][] | number[]> };
    const expected = gradients(parseModelText(modelText));
    expect(out.loss).toBe(expected.loss);
    expect(out.stepLosses).toEqual(Array.from(expected.stepLosses));
    expect(Object.keys(out.grads)).toEqual(['U', 'W', 'V', 'b', 'c']);
    expect(out.grads.W).toHaveLength(4);
    expect((out.grads.W as number[][])[0]).toHaveLength(3);
    expect((out.grads.W as number[][]).flat()).toEqual(Array.from(expected.grads.W!));
  });

  it('forward - reads standard input and prints every step\'s states', () => {
    const r = unroll(['forward', '-'], modelText);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { loss: number; steps: { t: number; a: number[]; h: number[]; o: number[]; yhat: number[]; L: number }[] };
    expect(out.steps).toHaveLength(6);
    expect(out.steps[2]).toMatchObject({ t: 3 });
    expect(out.steps[2]!.h).toHaveLength(4);
    expect(out.steps[2]!.yhat.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(out.loss).toBe(gradients(parseModelText(modelText)).loss);
  });

  it('grad on an LSTM and a GRU file gives what PyTorch autograd gave, to 1e-12, shaped like the parameters', () => {
    for (const name of ['lstm-dense-truncated-3.json', 'gru-tokens.json']) {
      const { model, expected } = JSON.parse(readFileSync(fileURLToPath(new URL(`../../../shared/fixtures/${name}`, import.meta.url)), 'utf8')) as {
        model: unknown; expected: { loss: number; grads: Record<string, number[] | number[][]> };
      };
      const r = unroll(['grad', file(name, JSON.stringify(model))]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { loss: number; grads: Record<string, number[] | number[][]> };
      expect(Math.abs(out.loss - expected.loss)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.loss));
      expect(Object.keys(out.grads).sort()).toEqual(Object.keys(expected.grads).sort());
      for (const [param, want] of Object.entries(expected.grads)) {
        const got = out.grads[param]!;
        expect(got.length, param).toBe(want.length);
        expect(Array.isArray(got[0]), param).toBe(Array.isArray(want[0]));
        got.flat().forEach((g, i) => expect(Math.abs(g - want.flat()[i]!), `${name} ${param}[${i}]`).toBeLessThanOrEqual(1e-12 * Math.abs(want.flat()[i]!) + 1e-15));
      }
    }
  });

  it('init --nonlinearity relu writes a ReLU Elman model, whose h(t) is max(0, a(t))', () => {
    const init = unroll(['init', '--nonlinearity', 'relu', '--input', '3', '--hidden', '4', '--output', '2', '--length', '3', '--seed', '4']);
    expect(init.code).toBe(0);
    expect(parseModelText(init.stdout).nonlinearity).toBe('relu');
    const out = JSON.parse(unroll(['forward', file('relu.json', init.stdout)]).stdout) as { steps: { a: number[]; h: number[] }[] };
    for (const step of out.steps) step.h.forEach((h, i) => expect(h).toBe(Math.max(0, step.a[i]!)));
    expect(unroll(['init', '--variant', 'lstm', '--nonlinearity', 'relu']).stderr).toMatch(/nonlinearity: only an elman or single-output network has a nonlinearity/);
  });

  it('init --variant lstm writes a model whose forward pass prints every gate, the cell state and h at every step', () => {
    const init = unroll(['init', '--variant', 'lstm', '--input', '3', '--hidden', '4', '--output', '2', '--length', '5', '--seed', '2']);
    expect(init.code).toBe(0);
    const model = parseModelText(init.stdout);
    expect(model.variant).toBe('lstm');
    // The forget gate's bias starts at 1 (remember by default); the other biases at 0.
    expect(Array.from(model.params.bf!)).toEqual([1, 1, 1, 1]);
    expect(Array.from(model.params.bg!)).toEqual([0, 0, 0, 0]);
    const r = unroll(['forward', file('lstm.json', init.stdout)]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { h0: number[]; steps: Record<string, number | number[]>[] };
    expect(out.steps).toHaveLength(5);
    expect(Object.keys(out.steps[0]!)).toEqual(['t', 'f', 'g', 'q', 'z', 's', 'h', 'o', 'yhat', 'L']);
    const [f, g, z, s] = (['f', 'g', 'z', 's'] as const).map((k) => out.steps[1]![k] as number[]);
    const s1 = out.steps[0]!.s as number[];
    // s(2) = f(2) * s(1) + g(2) * z(2), entry by entry.
    s!.forEach((si, i) => expect(si).toBeCloseTo(f![i]! * s1[i]! + g![i]! * z![i]!, 14));
  });

  it('init --readout last writes a gated network read out once at the end: one target, o, yhat and L at tau alone', () => {
    for (const variant of ['lstm', 'gru']) {
      const init = unroll(['init', '--variant', variant, '--readout', 'last', '--input', '3', '--hidden', '4', '--output', '2', '--length', '5', '--seed', '2']);
      expect(init.code).toBe(0);
      const file = JSON.parse(init.stdout) as { readout: string; sequence: { targets: unknown } };
      expect(file.readout).toBe('last');
      expect(typeof file.sequence.targets).toBe('number');
      const out = JSON.parse(unroll(['forward', '-'], init.stdout).stdout) as { stepLosses: number[]; steps: Record<string, unknown>[] };
      expect(out.stepLosses).toHaveLength(1);
      expect(out.steps.map((step) => 'o' in step)).toEqual([false, false, false, false, true]);
    }
    expect(unroll(['init', '--variant', 'elman', '--readout', 'last']).stderr).toMatch(/readout: only an lstm or gru network takes a readout .* the variant "single-output"/);
    expect(unroll(['init', '--variant', 'lstm', '--readout', 'end']).stderr).toMatch(/--readout: expected one of every, last, got "end"/);
  });

  it('init writes a valid seeded model file; the same seed gives the same file', () => {
    const args = ['init', '--variant', 'jordan', '--feedback', 'teacher', '--input', '5', '--hidden', '6', '--output', '3', '--length', '10', '--seed', '9'];
    const a = unroll(args);
    expect(a.code).toBe(0);
    const model = parseModelText(a.stdout);
    expect(model).toMatchObject({ variant: 'jordan', feedback: 'teacher', sizes: { input: 5, hidden: 6, output: 3 } });
    expect(model.sequence.length).toBe(10);
    expect(unroll(args).stdout).toBe(a.stdout);
    const g = unroll(['grad', '-'], a.stdout);
    expect(g.code).toBe(0);
  });

  const refused: [string, string, RegExp][] = [
    ['a wrong shape', modelText.replace(/"W":\[\[([^\]]*?),[^,\]]*\]/, '"W":[[$1]'), /^unroll: .*bad\.json: params\.W\[0\]: expected 3 numbers, got 2$/],
    ['an infinite number (1e400)', modelText.replace(/"b":\[[^,]*/, '"b":[1e400'), /^unroll: .*bad\.json: params\.b\[0\]: .*Infinity/],
    ['broken JSON', '{"format": "unroll-model",', /^unroll: .*bad\.json: model: .*JSON/],
    ['an unknown variant', modelText.replace('"jordan"', '"transformer"'), /^unroll: .*bad\.json: variant: .*transformer/],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses ${what}: exit 1, one line naming the field on stderr, nothing on stdout`, () => {
      const r = unroll(['grad', file('bad.json', text)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    });
  }

  it('refuses a missing file and a bad command line with one line each', () => {
    const missing = unroll(['grad', join(work, 'nope.json')]);
    expect([missing.code, missing.stdout, missing.stderr.trim()]).toEqual([1, '', `unroll: ${join(work, 'nope.json')}: no such file`]);
    const usage = unroll(['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim()).toBe('unroll: unknown command "frobnicate"; expected grad, forward, init, import or export (see unroll --help)');
    const option = unroll(['init', '--hidden', '600']);
    expect([option.code, option.stdout, option.stderr.trim()]).toEqual([2, '', 'unroll: --hidden: expected an integer in 1..512, got 600']);
  });

  it('export --safetensors writes a PyTorch state dict that import reads back, and grad --names torch names its gradients', () => {
    const init = unroll(['init', '--variant', 'gru', '--input', '3', '--hidden', '2', '--output', '3', '--length', '4', '--seed', '5']);
    const out = join(work, 'gru.safetensors');
    const exported = unroll(['export', file('gru.json', init.stdout), '--safetensors', out]);
    expect([exported.code, exported.stdout, exported.stderr]).toEqual([0, '', `unroll: wrote ${out} (${readFileSync(out).length} bytes)\n`]);
    const imported = unroll(['import', out]);
    expect(imported.stderr).toBe('');
    expect(parseModelText(imported.stdout).torch).toEqual({ recurrent: 'rnn', output: 'fc' });
    const grad = unroll(['grad', '-', '--names', 'torch'], imported.stdout);
    const g = JSON.parse(grad.stdout) as { loss: number; grads: Record<string, { shape: number[] }> };
    expect(g.loss).toBe(gradients(parseModelText(init.stdout)).loss);
    expect(Object.entries(g.grads).map(([name, t]) => [name, t.shape])).toEqual([
      ['rnn.weight_ih_l0', [6, 3]], ['rnn.weight_hh_l0', [6, 2]], ['rnn.bias_ih_l0', [6]], ['rnn.bias_hh_l0', [6]], ['fc.weight', [3, 2]], ['fc.bias', [3]],
    ]);
    const unwritable = unroll(['export', file('gru2.json', init.stdout), '--safetensors', join(work, 'no', 'such', 'dir.safetensors')]);
    expect([unwritable.code, unwritable.stdout, unwritable.stderr.trim()]).toEqual([1, '', `unroll: ${join(work, 'no', 'such', 'dir.safetensors')}: cannot write the file (ENOENT)`]);
    const garbage = unroll(['import', file('junk.safetensors', 'not a state dict')]);
    expect([garbage.code, garbage.stderr.trim()]).toEqual([1, `unroll: ${join(work, 'junk.safetensors')}: header: a header length of 8391086132249784174 bytes is past the limit of 100000000`]);
  });

  it('names a value that overflows instead of printing it', () => {
    // b = 50 saturates h(1) at 1, so o(1) = c + V h(1) sums four times 1.7e308.
    const json = JSON.parse(modelText) as { params: { V: number[][]; b: number[] } };
    json.params.V = json.params.V.map((row) => row.map(() => 1.7e308));
    json.params.b = json.params.b.map(() => 50);
    const r = unroll(['grad', file('overflow.json', JSON.stringify(json))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^unroll: .*overflow\.json: non-finite value: forward step 1: o\(1\)\[0\] is Infinity$/);
  });
});
