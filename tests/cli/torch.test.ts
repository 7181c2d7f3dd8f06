/** The PyTorch commands in-process (runCli): import's sequence options and flags, export's file, grad --names torch, and every refusal as one line. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands';
import { initModel, parseModelText, stringifyModel } from '../../src/engine/index';
import { writeSafetensors } from '../../src/engine/file/safetensors';
import { exportTorch } from '../../src/engine/file/torch';

/** An nn.RNN (n 3, H 2) and an nn.Linear (K 3) with the given metadata; values 0.01, 0.02, ... */
function rnnFile(metadata: Record<string, string> = {}, extra: Record<string, number[]> = {}): Uint8Array {
  let next = 1;
  const shapes: Record<string, number[]> = {
    'rnn.weight_ih_l0': [2, 3], 'rnn.weight_hh_l0': [2, 2], 'rnn.bias_ih_l0': [2], 'rnn.bias_hh_l0': [2], 'fc.weight': [3, 2], 'fc.bias': [3], ...extra,
  };
  return writeSafetensors(Object.entries(shapes).map(([name, shape]) => ({
    name, dtype: 'F64' as const, shape, values: Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => (next++) / 100),
  })), metadata);
}

/** Runs `unroll <args>` with `files` as the text files and `bytes` as every binary file. */
function run(args: string[], bytes: Uint8Array = rnnFile(), files: Record<string, string> = {}) {
  return runCli(args, (path) => {
    const text = files[path];
    if (text === undefined) throw new Error('no such file');
    return text;
  }, (path) => {
    if (path !== 'm.safetensors') throw new Error('no such file');
    return bytes;
  });
}

describe('unroll import', () => {
  it('reads the sequence from --tokens (each target the next id), --tokens with --targets, --text or --sequence', () => {
    const tokens = parseModelText(run(['import', 'm.safetensors', '--tokens', '0,2,1']).stdout);
    expect([tokens.sequence.inputs, Array.from(tokens.sequence.targets)]).toEqual([{ kind: 'tokens', ids: Int32Array.from([0, 2]) }, [2, 1]]);
    const targets = parseModelText(run(['import', 'm.safetensors', '--tokens', '0,2,1', '--targets', '1,1,0']).stdout);
    expect(Array.from(targets.sequence.targets)).toEqual([1, 1, 0]);
    const text = parseModelText(run(['import', 'm.safetensors', '--text', 'abca'], rnnFile({ 'unroll.vocabulary': '["a","b","c"]' })).stdout);
    expect(Array.from(text.sequence.targets)).toEqual([1, 2, 0]);
    const seq = parseModelText(run(['import', 'm.safetensors', '--sequence', 's.json'], rnnFile(), { 's.json': '{"inputs": [[1, 0, 0.5]], "targets": [2]}' }).stdout);
    expect(seq.sequence.inputs).toEqual({ kind: 'dense', values: Float64Array.from([1, 0, 0.5]) });
  });

  it('takes --nonlinearity relu, --single-output, --truncation, --output-layer and --recurrent-layer', () => {
    const r = run(['import', 'm.safetensors', '--tokens', '0,1,2,1', '--nonlinearity', 'relu', '--single-output', '--truncation', '2']);
    expect(r.stderr).toBe('');
    const m = parseModelText(r.stdout);
    expect([m.variant, m.nonlinearity, m.truncation, Array.from(m.sequence.targets)]).toEqual(['single-output', 'relu', 2, [1]]);
    const two = rnnFile({}, { 'head.weight': [4, 2] });
    expect(run(['import', 'm.safetensors', '--tokens', '0,1'], two).stderr).toMatch(/^unroll: m\.safetensors: several nn\.Linear layers read H = 2 values \(fc, head\)/);
    expect(parseModelText(run(['import', 'm.safetensors', '--tokens', '0,1', '--output-layer', 'head.'], two).stdout).torch).toEqual({ recurrent: 'rnn', output: 'head', outputBias: false });
    expect(run(['import', 'm.safetensors', '--tokens', '0,1', '--recurrent-layer', 'enc']).stderr).toBe('unroll: m.safetensors: no recurrent module enc; the file has rnn\n');
  });

  it('refuses a bad command line with one line and exit 2', () => {
    const cases: [string[], string][] = [
      [['import'], 'import takes one FILE (a .safetensors state dict), got 0'],
      [['import', 'm.safetensors', '--text', 'ab', '--tokens', '1,2'], 'give at most one of --text, --sequence and --tokens'],
      [['import', 'm.safetensors', '--targets', '1'], '--targets goes with --tokens'],
      [['import', 'm.safetensors', '--tokens', '1,x'], '--tokens: expected non-negative integers separated by commas, e.g. 0,2,1, got "1,x"'],
      [['import', 'm.safetensors', '--nonlinearity', 'gelu'], '--nonlinearity: expected one of tanh, relu, got "gelu"'],
      [['import', 'm.safetensors', '--truncation', '0'], '--truncation: expected a positive integer, got "0"'],
      [['import', 'm.safetensors', '--depth', '2'], 'unknown option "--depth"; see unroll --help'],
      [['import', 'm.safetensors', '--text'], 'option --text needs a value'],
      [['export', 'm.json'], 'export needs --safetensors OUT, the file to write'],
      [['export', 'm.json', '--safetensors', 'o', '--dtype', 'float16'], '--dtype: expected float64 or float32, got "float16"'],
      [['grad', 'm.json', '--names', 'keras'], '--names: expected engine or torch, got "keras"'],
    ];
    for (const [args, message] of cases) expect([args.join(' '), run(args)]).toEqual([args.join(' '), { stdout: '', stderr: `unroll: ${message}\n`, code: 2 }]);
  });

  it('refuses a file it cannot read, a bad state dict and a bad --sequence file with the file named, exit 1', () => {
    expect(run(['import', 'other.safetensors', '--tokens', '0,1']).stderr).toBe('unroll: other.safetensors: no such file\n');
    expect(run(['import', 'm.safetensors', '--tokens', '0,1'], new Uint8Array(4)).stderr).toBe('unroll: m.safetensors: header: the file is 4 bytes, shorter than the 8-byte header length\n');
    expect(run(['import', 'm.safetensors', '--sequence', 's.json'], rnnFile(), { 's.json': '[' }).stderr)
      .toBe('unroll: --sequence "s.json": not valid JSON (expected an object like the model file\'s sequence, {"inputs": [...], "targets": [...]})\n');
    expect(run(['import', 'm.safetensors', '--sequence', 'gone.json']).stderr).toBe('unroll: m.safetensors: --sequence "gone.json": no such file\n');
    expect(run(['import', 'm.safetensors']).stderr).toMatch(/^unroll: m\.safetensors: the file holds no sequence/);
  });
});

describe('unroll export --safetensors', () => {
  it('returns the file to write, the model\'s state dict, in float64 or float32', () => {
    const model = initModel({ variant: 'lstm', input: 2, hidden: 2, output: 2, length: 3, seed: 2 });
    const files = { 'm.json': stringifyModel(model) };
    const r = run(['export', 'm.json', '--safetensors', 'out.safetensors'], rnnFile(), files);
    expect(r.files).toEqual([{ path: 'out.safetensors', bytes: exportTorch(model) }]);
    expect(r.stderr).toBe(`unroll: wrote out.safetensors (${exportTorch(model).length} bytes)\n`);
    const f32 = run(['export', 'm.json', '--safetensors', 'o', '--dtype', 'float32'], rnnFile(), files);
    expect(f32.files![0]!.bytes).toEqual(exportTorch(model, 'F32'));
    const jordan = { 'm.json': stringifyModel(initModel({ variant: 'jordan', feedback: 'softmax', input: 2, hidden: 2, output: 2, length: 3, seed: 2 })) };
    expect(run(['export', 'm.json', '--safetensors', 'o'], rnnFile(), jordan).stderr).toMatch(/^unroll: m\.json: a jordan network has no PyTorch module/);
  });
});

describe('unroll grad --names torch', () => {
  it('refuses a jordan network, which has no PyTorch names, with the file named', () => {
    const files = { 'j.json': stringifyModel(initModel({ variant: 'jordan', feedback: 'logits', input: 2, hidden: 2, output: 2, length: 3, seed: 2 })) };
    const r = run(['grad', 'j.json', '--names', 'torch'], rnnFile(), files);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^unroll: j\.json: a jordan network has no PyTorch module/);
    expect(run(['grad', 'j.json', '--names', 'engine'], rnnFile(), files).code).toBe(0);
  });
});
