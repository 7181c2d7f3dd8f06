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
    ['an unknown variant', modelText.replace('"jordan"', '"gru"'), /^unroll: .*bad\.json: variant: .*gru/],
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
    expect(usage.stderr.trim()).toBe('unroll: unknown command "frobnicate"; expected grad, forward or init (see unroll --help)');
    const option = unroll(['init', '--hidden', '600']);
    expect([option.code, option.stdout, option.stderr.trim()]).toEqual([2, '', 'unroll: --hidden: expected an integer in 1..512, got 600']);
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
