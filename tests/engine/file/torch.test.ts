/**
 * PyTorch state dicts to models and back (src/engine/file/torch.ts): the modules found under
 * any name, MODEL.md's mapping both ways (gate order, bias sums, the GRU's bh), the gradients
 * under PyTorch's names, the metadata that carries what the tensors cannot, and every refusal
 * with its words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../src/engine/model';
import { initModel } from '../../../src/engine/file/init';
import { parseModelText } from '../../../src/engine/file/parse';
import { stringifyModel } from '../../../src/engine/file/export';
import { readSafetensors, writeSafetensors } from '../../../src/engine/file/safetensors';
import type { TorchImportOptions } from '../../../src/engine/file/torch';
import { exportTorch, importTorch, parseRecurrentName, torchGradients, torchStateDict } from '../../../src/engine/file/torch';
import { gradients } from '../../../src/engine/pass/gradients';

/** A tensor: its shape alone (values 0.01, 0.02, ... counting on through the file), or its shape and values. */
type Spec = readonly number[] | { readonly shape: readonly number[]; readonly values: readonly number[] };

const isShape = (spec: Spec): spec is readonly number[] => Array.isArray(spec);

/** A float64 state dict of the given tensors . */
function stateDict(tensors: Readonly<Record<string, Spec>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  let next = 1;
  return writeSafetensors(Object.entries(tensors).map(([name, spec]) => {
    const shape = isShape(spec) ? spec : spec.shape;
    const count = shape.reduce((a, d) => a * d, 1);
    const values = isShape(spec) ? Array.from({ length: count }, () => (next++) / 100) : spec.values;
    return { name, dtype: 'F64' as const, shape, values };
  }), metadata);
}

/** An nn.RNN / nn.GRU / nn.LSTM (gates 1, 3, 4) under `rnn`, with an nn.Linear under `fc`. */
function cell(gates: number, n: number, H: number, K: number, rnn = 'rnn', fc = 'fc'): Record<string, Spec> {
  const p = (s: string) => (rnn === '' ? s : `${rnn}.${s}`);
  return {
    [p('weight_ih_l0')]: [gates * H, n], [p('weight_hh_l0')]: [gates * H, H], [p('bias_ih_l0')]: [gates * H], [p('bias_hh_l0')]: [gates * H],
    [`${fc}.weight`]: [K, H], [`${fc}.bias`]: [K],
  };
}

const TOKENS: TorchImportOptions = { sequence: { kind: 'tokens', ids: [0, 1, 1, 0] } };

/** The message of what `run` throws. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

/** Rows [k*H, (k+1)*H) of a flat matrix of `cols` columns. */
const block = (values: Float64Array, k: number, H: number, cols: number) => Array.from(values.subarray(k * H * cols, (k + 1) * H * cols));

describe('importTorch finds the network', () => {
  it('under any module name, and tells nn.RNN, nn.GRU and nn.LSTM apart by the rows of weight_hh', () => {
    for (const [gates, variant] of [[1, 'elman'], [3, 'gru'], [4, 'lstm']] as const) {
      for (const [rnn, fc] of [['rnn', 'fc'], ['encoder.lstm', 'head'], ['', 'decoder.out'], ['net.layers.0', 'fc']]) {
        const model = importTorch(stateDict(cell(gates, 2, 3, 2, rnn, fc)), TOKENS);
        expect([variant, rnn, fc, model.variant, model.torch]).toEqual([variant, rnn, fc, variant, { recurrent: rnn, output: fc }]);
        expect(model.sizes).toEqual({ input: 2, hidden: 3, output: 2 });
      }
    }
  });

  it('beside tensors of other modules, and picks the Linear that reads H values', () => {
    const model = importTorch(stateDict({ ...cell(1, 2, 3, 2), 'embedding.weight': [5, 2], 'norm.weight': [4] }), TOKENS);
    expect(model.torch).toEqual({ recurrent: 'rnn', output: 'fc' });
  });

  it('with several Linears reading H values, the one named by the option or the metadata, else refuses naming them', () => {
    const tensors = { ...cell(1, 2, 3, 2), 'aux.weight': [4, 3], 'aux.bias': [4] };
    expect(refusal(() => importTorch(stateDict(tensors), TOKENS)))
      .toBe('several nn.Linear layers read H = 3 values (fc, aux): name the output layer with the metadata key unroll.output_layer or --output-layer');
    expect(importTorch(stateDict(tensors), { ...TOKENS, outputLayer: 'aux.' }).sizes.output).toBe(4);
    expect(importTorch(stateDict(tensors, { 'unroll.output_layer': 'fc' }), TOKENS).sizes.output).toBe(2);
  });

  it('without biases (bias=False): zeros, remembered, so that export leaves them out again while they are zero', () => {
    const t = cell(3, 2, 2, 3);
    delete t['rnn.bias_ih_l0'];
    delete t['rnn.bias_hh_l0'];
    delete t['fc.bias'];
    const model = importTorch(stateDict(t), TOKENS);
    for (const name of ['br', 'bu', 'b', 'bh', 'c']) expect([name, Array.from(model.params[name]!)]).toEqual([name, new Array(name === 'c' ? 3 : 2).fill(0)]);
    expect(model.torch).toEqual({ recurrent: 'rnn', output: 'fc', recurrentBias: false, outputBias: false });
    expect([...readSafetensors(exportTorch(model)).tensors.keys()]).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'fc.weight']);
    expect(torchGradients(model, gradients(model).grads).tensors.map((g) => g.name)).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'fc.weight']);
    expect(parseModelText(stringifyModel(model)).torch).toEqual(model.torch);
    model.params.bh![1] = 0.5;
    expect(refusal(() => exportTorch(model))).toBe('rnn was built with bias=False, but bh[1] is 0.5 now: remove "recurrentBias": false from the model file\'s torch field to write rnn.bias_ih_l0 and rnn.bias_hh_l0 (and build the module with bias=True)');
  });
});

describe('the mapping of MODEL.md "PyTorch\'s names"', () => {
  const H = 2, n = 3;

  it('LSTM: blocks i, f, g, o are Ug, Uf, U, Uq (and W*), each bias the sum of its two halves', () => {
    const bytes = stateDict(cell(4, n, H, 2));
    const t = readSafetensors(bytes).tensors;
    const model = importTorch(bytes, TOKENS);
    const ih = t.get('rnn.weight_ih_l0')!.values, hh = t.get('rnn.weight_hh_l0')!.values;
    const bih = t.get('rnn.bias_ih_l0')!.values, bhh = t.get('rnn.bias_hh_l0')!.values;
    ['g', 'f', '', 'q'].forEach((gate, k) => {
      expect(Array.from(model.params[`U${gate}`]!)).toEqual(block(ih, k, H, n));
      expect(Array.from(model.params[`W${gate}`]!)).toEqual(block(hh, k, H, H));
      expect(Array.from(model.params[`b${gate}`]!)).toEqual(block(bih, k, H, 1).map((v, i) => v + bhh[k * H + i]!));
    });
    expect(Array.from(model.params.V!)).toEqual(Array.from(t.get('fc.weight')!.values));
    expect(Array.from(model.params.c!)).toEqual(Array.from(t.get('fc.bias')!.values));
    expect(Array.from(model.params.h0!)).toEqual([0, 0]);
    expect(Array.from(model.params.s0!)).toEqual([0, 0]);
  });

  it('GRU: blocks r, z, n are Ur, Uu, U; br and bu sums, b = b_in, bh = b_hn', () => {
    const bytes = stateDict(cell(3, n, H, 2));
    const t = readSafetensors(bytes).tensors;
    const model = importTorch(bytes, TOKENS);
    const ih = t.get('rnn.weight_ih_l0')!.values, bih = t.get('rnn.bias_ih_l0')!.values, bhh = t.get('rnn.bias_hh_l0')!.values;
    expect(Array.from(model.params.Ur!)).toEqual(block(ih, 0, H, n));
    expect(Array.from(model.params.Uu!)).toEqual(block(ih, 1, H, n));
    expect(Array.from(model.params.U!)).toEqual(block(ih, 2, H, n));
    expect(Array.from(model.params.br!)).toEqual([bih[0]! + bhh[0]!, bih[1]! + bhh[1]!]);
    expect(Array.from(model.params.bu!)).toEqual([bih[2]! + bhh[2]!, bih[3]! + bhh[3]!]);
    expect(Array.from(model.params.b!)).toEqual([bih[4], bih[5]]);
    expect(Array.from(model.params.bh!)).toEqual([bhh[4], bhh[5]]);
  });

  it('back: every sum in bias_ih, zeros in bias_hh but the GRU\'s bh in its n block, and import(export(m)) is m', () => {
    for (const [variant, readout] of [['elman'], ['single-output'], ['lstm'], ['gru'], ['lstm', 'last'], ['gru', 'last']] as const) {
      const model = initModel({ variant, input: 3, hidden: 2, output: 4, length: 5, seed: 7, ...(variant === 'elman' ? { nonlinearity: 'relu' as const } : {}), ...(readout ? { readout } : {}) });
      model.params.h0!.set([0.25, -0.5]);
      const { tensors } = torchStateDict(model);
      const hh = tensors.find((t) => t.name === 'rnn.bias_hh_l0')!;
      const expected = variant === 'gru' ? [0, 0, 0, 0, ...model.params.bh!] : new Array(hh.values.length).fill(0);
      expect([variant, Array.from(hh.values)]).toEqual([variant, expected]);
      expect(tensors.map((t) => t.name)).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'fc.weight', 'fc.bias']);
      const back = importTorch(exportTorch(model));
      expect(stringifyModel(back)).toBe(stringifyModel({ ...model, torch: { recurrent: 'rnn', output: 'fc' } }));
    }
  });

  it('back under the modules the model came with, and in float32 when asked', () => {
    const model = importTorch(stateDict(cell(1, 2, 3, 2, 'encoder.lstm', 'head')), TOKENS);
    const read = readSafetensors(exportTorch(model, 'F32'));
    expect([...read.tensors.keys()]).toEqual(['encoder.lstm.weight_ih_l0', 'encoder.lstm.weight_hh_l0', 'encoder.lstm.bias_ih_l0', 'encoder.lstm.bias_hh_l0', 'head.weight', 'head.bias']);
    expect([...read.tensors.values()].every((t) => t.dtype === 'F32')).toBe(true);
  });

  it('a jordan network is refused: PyTorch has no module for it', () => {
    const model = initModel({ variant: 'jordan', feedback: 'logits', input: 2, hidden: 2, output: 2, length: 2, seed: 1 });
    expect(refusal(() => exportTorch(model))).toMatch(/^a jordan network has no PyTorch module/);
  });
});

describe('torchGradients', () => {
  it('names every gradient as PyTorch does: a bias half gets the sum\'s gradient, the GRU\'s b_hn gets dL/dbh', () => {
    const model = initModel({ variant: 'gru', input: 2, hidden: 2, output: 3, length: 4, seed: 3 });
    const g = gradients(model).grads;
    const { tensors, initial } = torchGradients({ ...model, torch: { recurrent: 'enc', output: 'out' } }, g);
    const by = Object.fromEntries(tensors.map((t) => [t.name, t]));
    expect(Object.keys(by)).toEqual(['enc.weight_ih_l0', 'enc.weight_hh_l0', 'enc.bias_ih_l0', 'enc.bias_hh_l0', 'out.weight', 'out.bias']);
    expect(by['enc.weight_ih_l0']!.shape).toEqual([6, 2]);
    expect(Array.from(by['enc.weight_ih_l0']!.values)).toEqual([...g.Ur!, ...g.Uu!, ...g.U!]);
    expect(Array.from(by['enc.bias_ih_l0']!.values)).toEqual([...g.br!, ...g.bu!, ...g.b!]);
    expect(Array.from(by['enc.bias_hh_l0']!.values)).toEqual([...g.br!, ...g.bu!, ...g.bh!]);
    expect(Array.from(by['out.weight']!.values)).toEqual(Array.from(g.V!));
    expect(initial.map((t) => [t.name, t.shape])).toEqual([['h_0', [1, 2]]]);
  });

  it('an LSTM\'s initial cell state is c_0', () => {
    const model = initModel({ variant: 'lstm', input: 2, hidden: 3, output: 2, length: 3, seed: 3 });
    const g = gradients(model).grads;
    const { tensors, initial } = torchGradients(model, g);
    expect(initial.map((t) => t.name)).toEqual(['h_0', 'c_0']);
    expect(Array.from(initial[1]!.values)).toEqual(Array.from(g.s0!));
    expect(Array.from(tensors[3]!.values)).toEqual([...g.bg!, ...g.bf!, ...g.b!, ...g.bq!]);
  });
});

describe('what the tensors cannot tell', () => {
  it('the nonlinearity and single output, from the options or the metadata', () => {
    expect(importTorch(stateDict(cell(1, 2, 2, 2)), TOKENS).nonlinearity).toBeUndefined();
    expect(importTorch(stateDict(cell(1, 2, 2, 2)), { ...TOKENS, nonlinearity: 'relu' }).nonlinearity).toBe('relu');
    expect(importTorch(stateDict(cell(1, 2, 2, 2), { 'unroll.nonlinearity': 'relu' }), TOKENS).nonlinearity).toBe('relu');
    const single = importTorch(stateDict(cell(1, 2, 2, 2), { 'unroll.output': 'single' }), TOKENS);
    expect([single.variant, Array.from(single.sequence.targets)]).toEqual(['single-output', [0]]);
    expect(importTorch(stateDict(cell(1, 2, 2, 2), { 'unroll.output': 'single' }), { ...TOKENS, singleOutput: false }).variant).toBe('elman');
    // nn.LSTM and nn.GRU read out once at the end: the gated cell with readout 'last'.
    for (const [gates, variant] of [[4, 'lstm'], [3, 'gru']] as const) {
      const atEnd = importTorch(stateDict(cell(gates, 2, 2, 2)), { ...TOKENS, singleOutput: true });
      expect([atEnd.variant, atEnd.readout, Array.from(atEnd.sequence.targets)]).toEqual([variant, 'last', [0]]);
      expect(importTorch(stateDict(cell(gates, 2, 2, 2), { 'unroll.output': 'single' }), TOKENS).readout).toBe('last');
      expect(importTorch(stateDict(cell(gates, 2, 2, 2)), TOKENS).readout).toBeUndefined();
    }
  });

  it('text through the vocabulary and the classes, each character\'s target the next', () => {
    const meta = { 'unroll.vocabulary': '["a","b","c"]', 'unroll.classes': '["a","b"]' };
    const model = importTorch(stateDict(cell(1, 3, 2, 2), meta), { sequence: { kind: 'text', text: 'cabba' } });
    expect(model.sequence.inputs).toEqual({ kind: 'tokens', ids: Int32Array.from([2, 0, 1, 1]) });
    expect(Array.from(model.sequence.targets)).toEqual([0, 1, 1, 0]);
    expect(model.labels).toEqual({ input: ['a', 'b', 'c'], output: ['a', 'b'] });
    expect(refusal(() => importTorch(stateDict(cell(1, 3, 2, 2), meta), { sequence: { kind: 'text', text: 'abx' } })))
      .toBe('text: character 3, "x", is not in the vocabulary');
    expect(refusal(() => importTorch(stateDict(cell(1, 3, 2, 2), meta), { sequence: { kind: 'text', text: 'abc' } })))
      .toBe('text: character 3, "c", is not one of the classes');
    expect(refusal(() => importTorch(stateDict(cell(1, 3, 2, 2)), { sequence: { kind: 'text', text: 'ab' } })))
      .toBe('text needs the vocabulary: the metadata key unroll.vocabulary (a JSON array of 3 strings)');
  });

  it('token ids with their targets, and a sequence like the model file\'s (dense too)', () => {
    const tokens = importTorch(stateDict(cell(1, 3, 2, 2)), { sequence: { kind: 'tokens', ids: [2, 0, 1], targets: [1, 1, 0] } });
    expect(Array.from(tokens.sequence.targets)).toEqual([1, 1, 0]);
    const dense = importTorch(stateDict(cell(4, 2, 2, 3)), { sequence: { kind: 'file', sequence: { inputs: [[0.5, -1], [2, 0]], targets: [2, 0] } }, truncation: 1 });
    expect(dense.sequence.inputs).toEqual({ kind: 'dense', values: Float64Array.from([0.5, -1, 2, 0]) });
    expect(dense.truncation).toBe(1);
  });

  it('everything from an exported scene: sequence, labels, truncation, nonlinearity, single output and the initial states', () => {
    const model = initModel({ variant: 'single-output', nonlinearity: 'relu', input: 3, hidden: 2, output: 2, length: 6, seed: 9, truncation: 2 });
    model.params.h0!.set([0.5, -0.25]);
    const labelled: Model = { ...model, labels: { input: ['x', 'y', 'z'], output: ['no', 'yes'] } };
    const back = importTorch(exportTorch(labelled));
    expect(stringifyModel(back)).toBe(stringifyModel({ ...labelled, torch: { recurrent: 'rnn', output: 'fc' } }));
  });

  it('no sequence anywhere is refused', () => {
    expect(refusal(() => importTorch(stateDict(cell(1, 2, 2, 2)))))
      .toBe("the file holds no sequence: give one (text, token ids, or a JSON object like the model file's sequence)");
  });
});

describe('importTorch refuses, in words', () => {
  const refuse = (tensors: Record<string, Spec>, options: TorchImportOptions = TOKENS, metadata: Record<string, string> = {}) =>
    refusal(() => importTorch(stateDict(tensors, metadata), options));

  it('what is not supported: more than 4 layers, a layer or direction incomplete or of the wrong width, projections', () => {
    const layer = (l: number, gates: number, H: number, cols: number, rev = false) => {
      const sfx = `_l${l}${rev ? '_reverse' : ''}`;
      return { [`rnn.weight_ih${sfx}`]: [gates * H, cols], [`rnn.weight_hh${sfx}`]: [gates * H, H], [`rnn.bias_ih${sfx}`]: [gates * H], [`rnn.bias_hh${sfx}`]: [gates * H] } as Record<string, Spec>;
    };
    const five = Object.assign(cell(1, 2, 2, 2), ...[1, 2, 3, 4].map((l) => layer(l, 1, 2, 2)));
    expect(refuse(five)).toBe('rnn.weight_ih_l4: num_layers = 5; Unroll reads 1 to 4 layers');
    expect(refuse({ ...cell(1, 2, 2, 2), 'rnn.weight_ih_l1': [2, 2], 'rnn.weight_hh_l1': [2, 2] })).toMatch(/^rnn\.bias_ih_l1: missing/);
    // Bidirectional: layer 1 reads both directions of layer 0 (2H), and V the top layer's (2H).
    const bi = { ...cell(4, 3, 2, 2), ...layer(0, 4, 2, 3, true), ...layer(1, 4, 2, 2), ...layer(1, 4, 2, 4, true), 'fc.weight': [2, 4] };
    expect(refuse(bi)).toBe('rnn.weight_ih_l1: expected shape [8, 4] (layer 1 reads the 4 values of the layer under), got [8, 2]');
    expect(refuse({ ...cell(4, 2, 2, 2), 'rnn.weight_hr_l0': [1, 2] })).toBe('rnn.weight_hr_l0: an LSTM with projections (proj_size > 0) is not supported');
  });

  it('reads a deep bidirectional module: every layer and direction under the engine\'s suffixed names', () => {
    const layer = (l: number, gates: number, H: number, cols: number, rev = false) => {
      const sfx = `_l${l}${rev ? '_reverse' : ''}`;
      return { [`rnn.weight_ih${sfx}`]: [gates * H, cols], [`rnn.weight_hh${sfx}`]: [gates * H, H], [`rnn.bias_ih${sfx}`]: [gates * H], [`rnn.bias_hh${sfx}`]: [gates * H] } as Record<string, Spec>;
    };
    const model = importTorch(stateDict({ ...cell(3, 3, 2, 2), ...layer(0, 3, 2, 3, true), ...layer(1, 3, 2, 4), ...layer(1, 3, 2, 4, true), 'fc.weight': [2, 4] }), TOKENS);
    expect([model.variant, model.layers, model.bidirectional]).toEqual(['gru', 2, true]);
    expect(model.params.Uu_l1_reverse).toHaveLength(2 * 4);
    expect(model.params.V).toHaveLength(2 * 4);
    expect(model.params.h0_l1_reverse).toEqual(new Float64Array(2));
  });

  it('a module that is incomplete or no RNN, LSTM or GRU', () => {
    const t = cell(1, 2, 2, 2);
    delete t['rnn.weight_hh_l0'];
    expect(refuse(t)).toBe('rnn.weight_hh_l0: missing (module rnn has rnn.weight_ih_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)');
    const noHh = cell(1, 2, 2, 2);
    delete noHh['rnn.bias_hh_l0'];
    expect(refuse(noHh)).toMatch(/^rnn\.bias_hh_l0: missing/);
    expect(refuse({ ...cell(1, 2, 2, 2), 'rnn.weight_hh_l0': [4, 2] })).toBe('rnn.weight_hh_l0: shape [4, 2] is no nn.RNN (H x H), nn.GRU (3H x H) or nn.LSTM (4H x H)');
    expect(refuse({ ...cell(3, 2, 2, 2), 'rnn.weight_ih_l0': [4, 2] })).toBe('rnn.weight_ih_l0: expected shape [6, n] (n >= 1) beside rnn.weight_hh_l0 [6, 2], got [4, 2]');
    expect(refuse({ 'fc.weight': [2, 2] })).toBe('no nn.RNN, nn.LSTM or nn.GRU: no tensor is named like <module>.weight_ih_l0 (e.g. rnn.weight_ih_l0)');
    expect(refuse({ ...cell(1, 2, 2, 2), ...cell(3, 2, 2, 2, 'gru') })).toBe('several recurrent modules (rnn, gru): name one with the metadata key unroll.recurrent or --recurrent-layer');
    expect(importTorch(stateDict({ ...cell(1, 2, 2, 2), ...cell(3, 2, 2, 2, 'gru') }), { ...TOKENS, recurrentLayer: 'gru' }).variant).toBe('gru');
  });

  it('no output layer, or one that does not fit', () => {
    const t = cell(1, 2, 3, 2);
    delete t['fc.weight'];
    delete t['fc.bias'];
    expect(refuse(t)).toBe('no nn.Linear reads the H = 3 hidden values: no tensor <module>.weight of shape [K, 3] (e.g. fc.weight)');
    expect(refuse({ ...cell(1, 2, 3, 2), 'fc.bias': [5] })).toBe('fc.bias: expected shape [2] beside fc.weight [2, 3], got [5]');
    expect(refuse(cell(1, 2, 3, 2), { ...TOKENS, outputLayer: 'head' })).toBe('head.weight: missing (the output layer named head)');
    expect(refuse({ ...cell(1, 2, 3, 1) })).toBe('the network built from the tensors: sizes.output: must be at least 2 (a softmax over one class is constant), got 1');
  });

  it('what the engine has only for nn.RNN: a nonlinearity', () => {
    expect(refuse(cell(3, 2, 2, 2), { ...TOKENS, nonlinearity: 'relu' })).toBe('only nn.RNN has a nonlinearity (tanh or relu); the tensors hold an nn.GRU');
  });

  it('metadata that does not say what it must', () => {
    expect(refuse(cell(1, 2, 2, 2), TOKENS, { 'unroll.output': 'last' })).toBe('unroll.output: expected "every-step" or "single", got "last"');
    expect(refuse(cell(1, 2, 2, 2), TOKENS, { 'unroll.nonlinearity': 'gelu' })).toBe('unroll.nonlinearity: expected one of tanh, relu, got "gelu"');
    expect(refuse(cell(1, 2, 2, 2), TOKENS, { 'unroll.scene': '{' })).toBe('unroll.scene: not valid JSON');
    expect(refuse(cell(1, 2, 2, 2), TOKENS, { 'unroll.scene': '{"variant": "lstm"}' })).toBe('unroll.scene: the scene says variant "lstm", but the tensors hold an nn.RNN');
    expect(refuse(cell(1, 2, 2, 2), TOKENS, { 'unroll.initial': '{"s0": [0, 0]}' })).toBe('unroll.initial: unknown initial state "s0"; expected h0');
    expect(refuse(cell(1, 2, 2, 2), TOKENS, { 'unroll.initial': '{"h0": [0]}' })).toBe('the network built from the tensors: params.h0: expected 2 numbers, got 1');
    expect(refuse(cell(1, 2, 2, 2), { sequence: { kind: 'tokens', ids: [5, 0] } })).toBe('the network built from the tensors: sequence.inputs[0]: token id 5 is out of range 0..1');
  });
});

describe('parseRecurrentName', () => {
  it('recognises every name PyTorch gives a recurrent module\'s tensors, layers and directions included', () => {
    expect(parseRecurrentName('encoder.lstm.weight_hh_l2_reverse')).toEqual({ module: 'encoder.lstm', kind: 'weight_hh', layer: 2, reverse: true });
    expect(parseRecurrentName('bias_ih_l0')).toEqual({ module: '', kind: 'bias_ih', layer: 0, reverse: false });
    expect(parseRecurrentName('fc.weight')).toBeNull();
    expect(parseRecurrentName('rnn.my_weight_ih_l0')).toBeNull();
  });
});

describe('the model file\'s torch field', () => {
  const base = () => JSON.parse(stringifyModel(initModel({ variant: 'gru', input: 2, hidden: 2, output: 2, length: 2, seed: 1 }))) as Record<string, unknown>;

  it('round-trips through the model file', () => {
    const text = JSON.stringify({ ...base(), torch: { recurrent: 'encoder.gru', output: '' } });
    expect(parseModelText(text).torch).toEqual({ recurrent: 'encoder.gru', output: '' });
    expect(JSON.parse(stringifyModel(parseModelText(text))).torch).toEqual({ recurrent: 'encoder.gru', output: '' });
  });

  it('refuses a name that is no module name, an unknown field, and a jordan network\'s', () => {
    expect(refusal(() => parseModelText(JSON.stringify({ ...base(), torch: { recurrent: 'a..b', output: 'fc' } }))))
      .toBe('torch.recurrent: expected a module name such as "rnn" or "encoder.lstm" (parts joined by dots, no spaces), got "a..b"');
    expect(refusal(() => parseModelText(JSON.stringify({ ...base(), torch: { recurrent: 'rnn', output: 'fc', extra: 1 } })))).toBe('torch: unknown field "extra"');
    expect(refusal(() => parseModelText(JSON.stringify({ ...base(), torch: { recurrent: 'rnn' } })))).toBe('torch.output: missing');
    expect(refusal(() => parseModelText(JSON.stringify({ ...base(), torch: { recurrent: 'rnn', output: 'fc', outputBias: true } }))))
      .toBe('torch.outputBias: expected false (the module was built with bias=False) or no field, got true');
    const jordan = JSON.parse(stringifyModel(initModel({ variant: 'jordan', feedback: 'logits', input: 2, hidden: 2, output: 2, length: 2, seed: 1 }))) as Record<string, unknown>;
    expect(refusal(() => parseModelText(JSON.stringify({ ...jordan, torch: { recurrent: 'rnn', output: 'fc' } })))).toBe('torch: a jordan network has no PyTorch module');
  });
});

describe('a seeded fuzz of state dicts', () => {
  it('a valid state dict with bytes changed, cut or added is read into a model or refused with a one-line Error, never anything else', () => {
    const model = initModel({ variant: 'lstm', input: 2, hidden: 2, output: 3, length: 4, seed: 5 });
    const good = exportTorch({ ...model, labels: { input: ['a', 'b'], output: ['x', 'y', 'z'] } });
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(good.length - 1), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(good.length) }),
      fc.record({ kind: fc.constant('add' as const), bytes: fc.uint8Array({ maxLength: 16 }) }),
    );
    let refused = 0, read = 0;
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      let bytes = good.slice();
      for (const m of mutations) {
        if (m.kind === 'set') bytes[m.at] = m.byte;
        else if (m.kind === 'cut') bytes = bytes.slice(0, m.at);
        else bytes = Uint8Array.from([...bytes, ...m.bytes]);
      }
      try {
        const back = importTorch(bytes);
        expect(back.variant).toBe('lstm');
        read++;
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).not.toMatch(/[\n\r]/);
        expect((e as Error).message.length).toBeGreaterThan(10);
        refused++;
      }
    }), { seed: 13, numRuns: 400 });
    // Both outcomes happen: a changed value byte still reads, a changed header byte is refused.
    expect(refused).toBeGreaterThan(50);
    expect(read).toBeGreaterThan(20);
  });
});
