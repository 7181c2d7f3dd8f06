/**
 * Deep and bidirectional networks in the model file and the command line: `layers` and
 * `bidirectional` with their parameters named as PyTorch suffixes them, read back bit for bit;
 * refused by name where they cannot be (Jordan, out of range, a parameter missing, the page);
 * `unroll init`, `grad` and `forward` on them, the gradients the stack's.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/commands';
import { ONE_CELL_ONLY, exportModel, gradients, initModel, modelParamNames, parseModelText, stackGradients, stackModelOf, stringifyModel, traceOf } from '../../../src/engine/index';

const deep = () => initModel({ variant: 'gru', input: 4, hidden: 3, output: 3, length: 5, seed: 7, layers: 3, bidirectional: true, scheme: 'uniform' });

/** The model file of `deep()` as JSON, changed by `edit`, as text. */
const edited = (edit: (file: Record<string, unknown>) => void): string => {
  const file = JSON.parse(stringifyModel(deep())) as Record<string, unknown>;
  edit(file);
  return JSON.stringify(file);
};

describe('the model file of a deep or bidirectional network', () => {
  it('writes layers, bidirectional and every parameter under its suffixed name, and reads them back bit for bit', () => {
    const model = deep();
    const file = exportModel(model);
    expect(file.layers).toBe(3);
    expect(file.bidirectional).toBe(true);
    expect(Object.keys(file.params)).toEqual([...modelParamNames(model)]);
    expect(Object.keys(file.params)).toContain('Wu_l2_reverse');
    expect((file.params.U_l1 as number[][])[0]).toHaveLength(6);
    const back = parseModelText(stringifyModel(model));
    expect(back.layers).toBe(3);
    expect(back.bidirectional).toBe(true);
    for (const name of modelParamNames(model)) expect(Array.from(back.params[name]!), name).toEqual(Array.from(model.params[name]!));
    expect(gradients(back).loss).toBe(stackGradients(stackModelOf(model)).loss);
  });

  it('is refused by name by what computes one layer in one direction (a one-cell pass, its trace)', () => {
    expect(() => traceOf(parseModelText(stringifyModel(deep())))).toThrow(`num_layers = 3 and bidirectional: ${ONE_CELL_ONLY}`);
    const oneLayer = initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 2, seed: 1, bidirectional: true });
    expect(() => traceOf(parseModelText(stringifyModel(oneLayer)))).toThrow(`bidirectional: ${ONE_CELL_ONLY}`);
    // One layer in one direction, said so, is an ordinary file.
    const plain = JSON.parse(stringifyModel(initModel({ variant: 'lstm', input: 2, hidden: 2, output: 2, length: 2, seed: 1 }))) as Record<string, unknown>;
    expect(parseModelText(JSON.stringify({ ...plain, layers: 1, bidirectional: false })).variant).toBe('lstm');
  });

  it('names what is wrong: a depth out of range, not a boolean, a Jordan network stacked, a parameter missing or of the wrong shape', () => {
    const read = (text: string) => () => parseModelText(text);
    expect(read(edited((f) => { f.layers = 5; }))).toThrow('layers: must be at most 4 (the documented limit), got 5');
    expect(read(edited((f) => { f.layers = 0; }))).toThrow('layers: must be at least 1, got 0');
    expect(read(edited((f) => { f.bidirectional = 'yes'; }))).toThrow('bidirectional: expected true or false, got "yes"');
    const jordan = JSON.parse(stringifyModel(initModel({ variant: 'jordan', input: 2, hidden: 2, output: 2, length: 2, seed: 1 }))) as Record<string, unknown>;
    expect(read(JSON.stringify({ ...jordan, layers: 2 }))).toThrow('layers: a jordan network has one layer in one direction');
    expect(read(edited((f) => { delete (f.params as Record<string, unknown>).Wr_l1_reverse; }))).toThrow('params.Wr_l1_reverse: missing');
    expect(read(edited((f) => { (f.params as Record<string, unknown>).U_l1 = [[1, 2, 3, 4]]; }))).toThrow('params.U_l1: expected 3 rows, got 1');
    expect(read(edited((f) => { (f.params as Record<string, unknown>).W_l3 = [[0]]; }))).toThrow('params: unknown field "W_l3"');
  });
});

describe('the command line on deep and bidirectional networks', () => {
  const run = (args: string[], text = '') => runCli(args, () => text);

  it('makes one with init, and grad gives the stack\'s loss and every gradient shaped like its parameter', () => {
    const init = run(['init', '--variant', 'lstm', '--layers', '2', '--bidirectional', 'true', '--input', '3', '--hidden', '2', '--output', '3', '--length', '4']);
    expect(init.code, init.stderr).toBe(0);
    const model = parseModelText(init.stdout);
    const grad = run(['grad', '-'], init.stdout);
    expect(grad.code, grad.stderr).toBe(0);
    const out = JSON.parse(grad.stdout) as { loss: number; grads: Record<string, number[][] | number[]> };
    const expected = stackGradients(stackModelOf(model));
    expect(out.loss).toBe(expected.loss);
    expect(Object.keys(out.grads)).toEqual([...modelParamNames(model)]);
    expect((out.grads.Uf_l1_reverse as number[][]).flat()).toEqual(Array.from(expected.grads.Uf_l1_reverse!));
    expect(out.grads.V).toHaveLength(3);
    expect((out.grads.V as number[][])[0]).toHaveLength(4);
  });

  it('forward gives every node of every layer and direction at each step, named as its parameters are', () => {
    const init = run(['init', '--variant', 'elman', '--layers', '2', '--bidirectional', 'true', '--input', '3', '--hidden', '2', '--output', '3', '--length', '3']);
    const fwd = run(['forward', '-'], init.stdout);
    expect(fwd.code, fwd.stderr).toBe(0);
    const out = JSON.parse(fwd.stdout) as { steps: Record<string, unknown>[] };
    expect(Object.keys(out.steps[0]!).sort()).toEqual(['L', 'a', 'a_l1', 'a_l1_reverse', 'a_reverse', 'h', 'h_l1', 'h_l1_reverse', 'h_reverse', 'o', 't', 'yhat']);
    // The reverse direction starts at the sequence's last step, from its own initial state: a_reverse(tau) = b_reverse + U_reverse x(tau) + W_reverse h0_reverse.
    const model = parseModelText(init.stdout);
    const p = model.params;
    const inputs = model.sequence.inputs;
    const x = inputs.kind === 'tokens' ? inputs.ids[2]! : -1;
    const a = [0, 1].map((i) => p.b_reverse![i]! + p.U_reverse![i * 3 + x]! + p.W_reverse![i * 2]! * p.h0_reverse![0]! + p.W_reverse![i * 2 + 1]! * p.h0_reverse![1]!);
    const last = out.steps[2]! as Record<string, number[]>;
    expect(last.a_reverse![0]).toBeCloseTo(a[0]!, 14);
    expect(last.a_reverse![1]).toBeCloseTo(a[1]!, 14);
    // ... and the forward direction there has come through every step: it is not its first step's.
    expect(last.a![0]).not.toBeCloseTo(p.b![0]! + p.U![x]! + p.W![0]! * p.h0![0]! + p.W![1]! * p.h0![1]!, 6);
  });

  it('refuses a stacked Jordan network and a depth out of range, by the option\'s name', () => {
    expect(run(['init', '--variant', 'jordan', '--layers', '2']).stderr).toBe('unroll: --layers: a jordan network has one layer in one direction\n');
    expect(run(['init', '--layers', '5']).stderr).toBe('unroll: --layers: expected an integer in 1..4, got 5\n');
    expect(run(['init', '--bidirectional', 'yes']).stderr).toBe('unroll: --bidirectional: expected one of true, false, got "yes"\n');
  });
});
