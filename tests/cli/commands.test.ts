/** The command line in-process (runCli): gradients shaped like their parameters, and messages that never carry raw control characters. */
import { describe, expect, it } from 'vitest';
import { FEEDBACKS, VARIANTS, initModel, stringifyModel } from '../../src/engine/index';
import { runCli } from '../../src/cli/commands';

/** The shape of a JSON value: a number, or [length, shape of the first item]. */
function shapeOf(v: unknown): unknown {
  return Array.isArray(v) ? [v.length, v.length > 0 ? shapeOf(v[0]) : null] : typeof v;
}

/** Runs `unroll <args>` with `text` as every file's content. */
const run = (args: string[], text = '') => runCli(args, () => text);

/** Any C0 control but the final newline, DEL, or any C1 control. */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('unroll grad', () => {
  type Pick = [variant: string, feedback: string | null];
  const variants = VARIANTS.flatMap((v): Pick[] => (v === 'jordan' ? FEEDBACKS.map((f): Pick => [v, f]) : [[v, null]]));
  const sizes = [[1, 1, 2, 1], [1, 3, 2, 2], [3, 1, 2, 1], [2, 2, 4, 3]];
  for (const [variant, feedback] of variants) {
    for (const inputs of ['tokens', 'dense']) {
      it(`shapes every gradient exactly like its parameter: ${variant}${feedback ? `/${feedback}` : ''}, ${inputs}, n H K tau in ${JSON.stringify(sizes)}`, () => {
        for (const [n, H, K, tau] of sizes) {
          const init = run(['init', '--variant', variant, ...(feedback ? ['--feedback', feedback] : []), '--inputs', inputs,
            '--input', String(n), '--hidden', String(H), '--output', String(K), '--length', String(tau)]);
          expect(init.code).toBe(0);
          const file = JSON.parse(init.stdout) as { params: Record<string, unknown> };
          const grad = run(['grad', '-'], init.stdout);
          expect(grad.stderr).toBe('');
          const out = JSON.parse(grad.stdout) as { grads: Record<string, unknown> };
          expect(Object.keys(out.grads)).toEqual(Object.keys(file.params));
          for (const [name, value] of Object.entries(file.params)) expect([name, shapeOf(out.grads[name])]).toEqual([name, shapeOf(value)]);
        }
      });
    }
  }
});

describe('unroll grad and forward on a loss that overflows', () => {
  it('name the sum instead of printing "loss": null', () => {
    // The issue's model: n 1, H 1, K 2, tau 2, c = [1e308, 0], targets [1, 1]: L(t) = 1e308 each, L = Infinity.
    const m = initModel({ variant: 'elman', input: 1, hidden: 1, output: 2, length: 2, seed: 1 });
    m.params.c!.set([1e308, 0]);
    m.params.V!.fill(0);
    m.sequence.targets.set([1, 1]);
    for (const command of ['grad', 'forward']) {
      expect(run([command, 'm.json'], stringifyModel(m))).toEqual({
        stdout: '', code: 1,
        stderr: 'unroll: m.json: non-finite value: forward step 2: loss: the sum of the step losses overflows at t = 2 (Infinity)\n',
      });
    }
  });
});

describe('unroll messages', () => {
  it('escape the control characters of a file that is not JSON', () => {
    const r = run(['grad', 'm.json'], '\x1b]0;PWNED\x07');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^unroll: m\.json: model: not valid JSON \(.*\\u001b\]0;PWNED\\u0007.*\)\n$/);
    expect(r.stderr).not.toMatch(CONTROL);
  });

  it('escape the control characters of an argument, a file name and a field name (C1 included)', () => {
    for (const [args, text] of [
      [['\x1b[2Jgrad'], ''],
      [['init', '--\x9b31m', '1'], ''],
      [['init', '--variant', 'gru\x1b[0m'], ''],
      [['grad', 'bad\x1b]0;x\x07.json'], '{'],
      [['grad', 'm.json'], '{"format": "unroll-model", "version": 1, "variant": "elman", "\\u009b31m": 1}'],
      [['grad', 'm.json'], '{"format": "unroll-model", "version": 1, "variant": "gru\\u0085\\u007f"}'],
    ] as const) {
      const r = run([...args], text);
      expect(r.code).not.toBe(0);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr, JSON.stringify(r.stderr)).not.toMatch(CONTROL);
    }
  });
});
