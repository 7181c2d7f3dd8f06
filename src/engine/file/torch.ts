/**
 * PyTorch models in and out (shared/MODEL.md "PyTorch's names"): a state dict of one
 * nn.RNN (tanh or relu), nn.LSTM or nn.GRU (num_layers 1 to 4, one or both directions) followed
 * by an nn.Linear, as safetensors, to a Model and back, and the gradients under PyTorch's names.
 * Layer l's direction d maps to the engine's names with its suffix (`weight_ih_l1_reverse` holds
 * `U_l1_reverse`'s gate blocks: stackParamName).
 *
 * What the tensors cannot tell comes from the options, else from the file's `__metadata__`
 * (every value a string; JSON where it is a list):
 *
 *     unroll.nonlinearity   "tanh" or "relu" (nn.RNN only)
 *     unroll.output         "every-step" or "single" (one output at the end, read from h_n)
 *     unroll.recurrent      the recurrent module's name, when the file has several
 *     unroll.output_layer   the output nn.Linear's name, when several read H values
 *     unroll.vocabulary     the n input symbols, a JSON array of strings
 *     unroll.classes        the K class names, a JSON array of strings
 *     unroll.initial        the initial states, {"h0": [H numbers], "s0": [H numbers], "h0_l1_reverse": ...} (zeros if absent)
 *     unroll.scene          what Unroll exports: the model file without its params
 *
 * A scene's fields yield to the tensors (sizes, cell, modules) and to the keys above.
 */
import type { Model, Nonlinearity, ParamName, Params } from '../model';
import type { Cell, TorchBlock, TorchLayout } from '../cells/index';
import { CELLS } from '../cells/index';
import { NONLINEARITIES, cellOfVariant, isVariant, networkOfCell, readsOutAtEnd, stackShapeOf } from '../model';
import { MAX_LAYERS, directionsOf, stackParamName } from '../stack/names';
import { exportModel } from './export';
import { ModelError, parseModel } from './parse';
import type { SafetensorsFile, Tensor, TensorToWrite, WriteDtype } from './safetensors';
import { readSafetensors, writeSafetensors } from './safetensors';
import type { FoundRecurrent } from './torchModules';
import { DEFAULT_MODULES, findLinear, findRecurrent, moduleOf, partSuffix, tensorName } from './torchModules';

export { DEFAULT_MODULES, parseRecurrentName } from './torchModules';
export type { RecurrentName } from './torchModules';

/** The metadata keys read on import and written on export. */
export const META = {
  nonlinearity: 'unroll.nonlinearity',
  output: 'unroll.output',
  recurrent: 'unroll.recurrent',
  outputLayer: 'unroll.output_layer',
  vocabulary: 'unroll.vocabulary',
  classes: 'unroll.classes',
  initial: 'unroll.initial',
  scene: 'unroll.scene',
} as const;

/** The cell of a variant and its PyTorch module; throws for Jordan, which PyTorch has no module for. */
function torchCellOf(variant: Model['variant']): { readonly cell: Cell; readonly torch: TorchLayout } {
  const cell = cellOfVariant(variant);
  if (!cell.torch) throw new Error(`a ${variant} network has no PyTorch module: nn.RNN, nn.LSTM and nn.GRU recur through h(t-1), not through the output`);
  return { cell, torch: cell.torch };
}

/** The cell whose PyTorch module stacks `gates` gate blocks (nn.RNN 1, nn.GRU 3, nn.LSTM 4). */
function cellOfGates(gates: number): { readonly cell: Cell; readonly torch: TorchLayout } {
  const cell = Object.values(CELLS).find((c) => c.torch?.blocks.length === gates);
  if (!cell?.torch) throw new Error(`no cell stacks ${gates} gate blocks`);
  return { cell, torch: cell.torch };
}

/** The sequence to run an imported network on (what the tensors never hold). */
export type TorchSequence =
  /** Characters through the vocabulary: each one's target is the next (single output: the last). */
  | { readonly kind: 'text'; readonly text: string }
  /** Token ids; without targets each one's target is the next id (single output: the last). */
  | { readonly kind: 'tokens'; readonly ids: readonly number[]; readonly targets?: readonly number[] }
  /** An object like the model file's `sequence`: {inputs, targets}. */
  | { readonly kind: 'file'; readonly sequence: unknown };

/** What the tensors cannot tell, given by the caller; each wins over the file's metadata. */
export interface TorchImportOptions {
  readonly nonlinearity?: Nonlinearity;
  /** One output at the end of the sequence (nn.RNN only), rather than one every step. */
  readonly singleOutput?: boolean;
  /** The recurrent module's name (`rnn` or `rnn.`), when the file has several. */
  readonly recurrentLayer?: string;
  /** The output nn.Linear's name (`fc` or `fc.`), when several read H values. */
  readonly outputLayer?: string;
  readonly sequence?: TorchSequence;
  /** k, the truncated BPTT window. */
  readonly truncation?: number;
}

/** Whether an exported scene (the model file without its params) reads its output once at the end. */
function sceneReadsAtEnd(scene: Record<string, unknown>): boolean {
  const variant = scene['variant'];
  return typeof variant === 'string' && isVariant(variant) && readsOutAtEnd({ variant, ...(scene['readout'] === 'last' ? { readout: 'last' as const } : {}) });
}

/** Reads a safetensors state dict into a Model; throws an Error naming what is wrong. */
export function importTorch(bytes: Uint8Array, options: TorchImportOptions = {}): Model {
  return modelOfStateDict(readSafetensors(bytes), options);
}

/** A read state dict and its metadata as a Model; throws an Error naming what is wrong. */
export function modelOfStateDict(file: SafetensorsFile, options: TorchImportOptions = {}): Model {
  const meta = file.metadata;
  const scene = sceneOf(meta[META.scene]);
  const sceneTorch = isRecord(scene['torch']) ? scene['torch'] : {};
  const named = (given: string | undefined, key: string, fromScene: unknown): string | undefined =>
    given !== undefined ? moduleOf(given) : meta[key] !== undefined ? moduleOf(meta[key]) : typeof fromScene === 'string' ? fromScene : undefined;
  const rnn = findRecurrent(file.tensors, named(options.recurrentLayer, META.recurrent, sceneTorch['recurrent']), MAX_LAYERS);
  const fc = findLinear(file.tensors, rnn.hidden * (rnn.bidirectional ? 2 : 1), rnn.module, named(options.outputLayer, META.outputLayer, sceneTorch['output']));
  const { cell, torch } = cellOfGates(rnn.gates);
  const module = torch.module;

  const output = options.singleOutput !== undefined ? (options.singleOutput ? 'single' : 'every-step')
    : meta[META.output] ?? (sceneReadsAtEnd(scene) ? 'single' : 'every-step');
  if (output !== 'single' && output !== 'every-step') throw new Error(`${META.output}: expected "every-step" or "single", got ${JSON.stringify(output.slice(0, 40))}`);
  const single = output === 'single';
  const network = networkOfCell(cell, single ? 'last' : 'every');
  if (network === null) throw new Error(`the engine has no ${module} network with ${single ? 'one output at the end' : 'an output every step'}`);
  const sceneVariant = scene['variant'];
  if (typeof sceneVariant === 'string' && !(isVariant(sceneVariant) && cellOfVariant(sceneVariant) === cell)) {
    throw new Error(`${META.scene}: the scene says variant ${JSON.stringify(sceneVariant.slice(0, 40))}, but the tensors hold an ${module}`);
  }

  const nonlinearity = options.nonlinearity ?? meta[META.nonlinearity] ?? (typeof scene['nonlinearity'] === 'string' ? scene['nonlinearity'] : undefined);
  if (nonlinearity !== undefined && !(NONLINEARITIES as readonly string[]).includes(nonlinearity)) {
    throw new Error(`${META.nonlinearity}: expected one of ${NONLINEARITIES.join(', ')}, got ${JSON.stringify(nonlinearity.slice(0, 40))}`);
  }
  if (nonlinearity === 'relu' && !cell.takesNonlinearity) throw new Error(`only nn.RNN has a nonlinearity (tanh or relu); the tensors hold an ${module}`);

  const sizes = { input: rnn.input, hidden: rnn.hidden, output: fc.output };
  const labels = labelsOf(meta, scene['labels']);
  const sequence = options.sequence !== undefined ? sequenceOf(options.sequence, sizes, labels, single) : scene['sequence'];
  if (sequence === undefined) throw new Error('the file holds no sequence: give one (text, token ids, or a JSON object like the model file\'s sequence)');
  const truncation = options.truncation ?? scene['truncation'];

  const json = {
    format: 'unroll-model', version: 1, ...network,
    ...(cell.takesNonlinearity && nonlinearity !== undefined ? { nonlinearity } : {}),
    sizes,
    ...(rnn.layers > 1 ? { layers: rnn.layers } : {}),
    ...(rnn.bidirectional ? { bidirectional: true } : {}),
    params: { ...paramsOf(rnn, torch, fc.weight, fc.bias), ...initialOf(meta[META.initial], rnn, cell) },
    sequence,
    ...(truncation === undefined ? {} : { truncation }),
    ...(labels === undefined ? {} : { labels }),
    torch: {
      recurrent: rnn.module, output: fc.module,
      ...(rnn.bias ? {} : { recurrentBias: false }),
      ...(fc.bias === null ? { outputBias: false } : {}),
    },
  };
  try {
    return parseModel(json);
  } catch (e) {
    if (e instanceof ModelError) throw new Error(`the network built from the tensors: ${e.message}`, { cause: e });
    throw e;
  }
}

/** Rows [k*H, (k+1)*H) of a G*H x cols row-major tensor (k*H.. of a vector), as a nested array for the model file. */
function blockOf(t: Tensor, k: number, H: number): number[] | number[][] {
  const cols = t.shape.length === 2 ? t.shape[1]! : 1;
  const flat = t.values.subarray(k * H * cols, (k + 1) * H * cols);
  if (t.shape.length === 1) return Array.from(flat);
  return Array.from({ length: H }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));
}

/** The engine's parameters from the tensors: each layer and direction's gate blocks and bias sums (zeros without biases), V and c. */
function paramsOf(rnn: FoundRecurrent, torch: TorchLayout, weight: Tensor, bias: Tensor | null): Record<string, number[] | number[][]> {
  const H = rnn.hidden;
  const out: Record<string, number[] | number[][]> = {};
  for (const part of rnn.parts) {
    const name = (p: ParamName) => stackParamName(p, part.layer, part.reverse);
    torch.blocks.forEach((block, k) => {
      out[name(block.U)] = blockOf(part.weightIh, k, H);
      out[name(block.W)] = blockOf(part.weightHh, k, H);
      const ih = part.biases === null ? new Array<number>(H).fill(0) : (blockOf(part.biases.ih, k, H) as number[]);
      const hh = part.biases === null ? new Array<number>(H).fill(0) : (blockOf(part.biases.hh, k, H) as number[]);
      if (block.bh !== undefined) {
        out[name(block.b)] = ih;
        out[name(block.bh)] = hh;
      } else {
        out[name(block.b)] = ih.map((v, i) => v + hh[i]!);
      }
    });
  }
  const K = weight.shape[0]!;
  const Z = weight.shape[1]!;
  out['V'] = Array.from({ length: K }, (_, r) => Array.from(weight.values.subarray(r * Z, (r + 1) * Z)));
  out['c'] = bias === null ? new Array<number>(K).fill(0) : Array.from(bias.values);
  return out;
}

/** Every layer and direction's h0 (and the LSTM's s0) from `unroll.initial`, else zeros. */
function initialOf(text: string | undefined, rnn: FoundRecurrent, cell: Cell): Record<string, number[]> {
  const H = rnn.hidden;
  const names = rnn.parts.flatMap((part) => cell.carried.map((c) => stackParamName(c.initial, part.layer, part.reverse)));
  const given = text === undefined ? {} : jsonOf(META.initial, text);
  if (!isRecord(given)) throw new Error(`${META.initial}: expected a JSON object such as {"h0": [${H} numbers]}`);
  for (const key of Object.keys(given)) if (!names.includes(key)) throw new Error(`${META.initial}: unknown initial state ${JSON.stringify(key.slice(0, 40))}; expected ${names.join(', ')}`);
  return Object.fromEntries(names.map((name) => [name, (given[name] as number[] | undefined) ?? new Array<number>(H).fill(0)]));
}

/** The labels from `unroll.vocabulary` and `unroll.classes`, else the scene's. */
function labelsOf(meta: Readonly<Record<string, string>>, fromScene: unknown): { input?: string[]; output?: string[] } | undefined {
  const vocabulary = meta[META.vocabulary], classes = meta[META.classes];
  const base = isRecord(fromScene) ? fromScene : undefined;
  if (vocabulary === undefined && classes === undefined) return base as { input?: string[]; output?: string[] } | undefined;
  const list = (key: string, text: string): string[] => {
    const v = jsonOf(key, text);
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new Error(`${key}: expected a JSON array of strings`);
    return v as string[];
  };
  return {
    ...(base as object | undefined),
    ...(vocabulary === undefined ? {} : { input: list(META.vocabulary, vocabulary) }),
    ...(classes === undefined ? {} : { output: list(META.classes, classes) }),
  };
}

/** The model file's `sequence` of a given sequence, checked against n and K by parseModel later. */
function sequenceOf(given: TorchSequence, sizes: Model['sizes'], labels: { input?: string[]; output?: string[] } | undefined, single: boolean): unknown {
  if (given.kind === 'file') return given.sequence;
  const stream = (items: readonly number[], what: string): { inputs: number[]; targets: number | number[] } => {
    if (items.length < 2) throw new Error(`${what}: expected at least 2 items (each input's target is the next), got ${items.length}`);
    const next = items.slice(1);
    return { inputs: items.slice(0, -1), targets: single ? next[next.length - 1]! : next };
  };
  if (given.kind === 'tokens') {
    if (given.targets === undefined) return stream(given.ids, 'tokens');
    return { inputs: [...given.ids], targets: single && given.targets.length === 1 ? given.targets[0]! : [...given.targets] };
  }
  const vocabulary = labels?.input;
  if (vocabulary === undefined) throw new Error(`text needs the vocabulary: the metadata key ${META.vocabulary} (a JSON array of ${sizes.input} strings)`);
  const classes = labels?.output ?? (sizes.output === sizes.input ? vocabulary : undefined);
  if (classes === undefined) throw new Error(`text needs the class names (K = ${sizes.output} differs from n = ${sizes.input}): the metadata key ${META.classes}`);
  const chars = Array.from(given.text);
  const ids = chars.map((ch, i) => {
    const id = vocabulary.indexOf(ch);
    if (id < 0) throw new Error(`text: character ${i + 1}, ${JSON.stringify(ch)}, is not in the vocabulary`);
    return id;
  });
  const targets = chars.slice(1).map((ch, i) => {
    const id = classes.indexOf(ch);
    if (id < 0) throw new Error(`text: character ${i + 2}, ${JSON.stringify(ch)}, is not one of the classes`);
    return id;
  });
  if (ids.length < 2) throw new Error(`text: expected at least 2 characters (each input's target is the next), got ${ids.length}`);
  return { inputs: ids.slice(0, -1), targets: single ? targets[targets.length - 1]! : targets };
}

function sceneOf(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const v = jsonOf(META.scene, text);
  if (!isRecord(v)) throw new Error(`${META.scene}: expected a JSON object (a model file without its params)`);
  return v;
}

function jsonOf(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${key}: not valid JSON`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One tensor under PyTorch's name: a state-dict entry, its gradient, or an initial state. */
export interface TorchTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float64Array;
}

/**
 * The tensors of a PyTorch state dict from the engine's parameters, or from their gradients
 * (`gradients`): then bias_hh's blocks that are the second half of a sum carry the sum's gradient,
 * else zeros (the whole sum is in bias_ih). A module built with bias=False has no bias tensors:
 * its biases must still be zero to be left out of the parameters (training moves them).
 */
function stateTensors(model: Model, params: Params, gradients: boolean): TorchTensor[] {
  const { torch } = torchCellOf(model.variant);
  const gates = torch.blocks.length;
  const { input: n, hidden: H, output: K } = model.sizes;
  const shape = stackShapeOf(model);
  const dirs = directionsOf(shape);
  const modules = model.torch ?? DEFAULT_MODULES;
  const blocks = torch.blocks;
  const out: TorchTensor[] = [];
  for (let layer = 0; layer < shape.layers; layer++) {
    for (let d = 0; d < dirs; d++) {
      const reverse = d === 1;
      const name = (p: ParamName) => stackParamName(p, layer, reverse);
      // The blocks of one tensor, top to bottom: each block's parameter, or H zeros where it has none.
      const stack = (pick: (b: TorchBlock) => ParamName | null): Float64Array => {
        const at = blocks.map((b) => pick(b));
        const parts = at.map((p) => (p === null ? new Float64Array(H) : params[name(p)]!));
        const all = new Float64Array(parts.reduce((sum, v) => sum + v.length, 0));
        let o = 0;
        for (const v of parts) { all.set(v, o); o += v.length; }
        return all;
      };
      const r = (kind: string) => tensorName(modules.recurrent, `${kind}${partSuffix(layer, reverse)}`);
      out.push(
        { name: r('weight_ih'), shape: [gates * H, layer === 0 ? n : H * dirs], values: stack((b) => b.U) },
        { name: r('weight_hh'), shape: [gates * H, H], values: stack((b) => b.W) },
      );
      const biases = blocks.flatMap((b) => (b.bh === undefined ? [b.b] : [b.b, b.bh])).map(name);
      if (modules.recurrentBias === false) {
        if (!gradients) requireZero(params, biases, modules.recurrent, 'recurrentBias', `${r('bias_ih')} and ${r('bias_hh')}`);
      } else {
        out.push(
          { name: r('bias_ih'), shape: [gates * H], values: stack((b) => b.b) },
          { name: r('bias_hh'), shape: [gates * H], values: stack((b) => b.bh ?? (gradients ? b.b : null)) },
        );
      }
    }
  }
  out.push({ name: tensorName(modules.output, 'weight'), shape: [K, H * dirs], values: params['V']!.slice() });
  if (modules.outputBias === false) {
    if (!gradients) requireZero(params, ['c'], modules.output, 'outputBias', tensorName(modules.output, 'bias'));
  } else {
    out.push({ name: tensorName(modules.output, 'bias'), shape: [K], values: params['c']!.slice() });
  }
  return out;
}

/** The initial states' parameters in PyTorch's order of h_0's rows (l0, l0_reverse, l1, ...): `h0`, `h0_reverse`, `h0_l1`, ... */
function initialNames(model: Model, state: 'h0' | 's0'): ParamName[] {
  const shape = stackShapeOf(model);
  return Array.from({ length: shape.layers * directionsOf(shape) }, (_, k) => stackParamName(state, Math.floor(k / directionsOf(shape)), k % directionsOf(shape) === 1));
}

/** Refuses to leave out biases that are no longer zero, saying how to write them. */
function requireZero(params: Params, names: readonly ParamName[], module: string, field: string, tensors: string): void {
  for (const name of names) {
    const i = params[name]!.findIndex((v) => v !== 0);
    if (i >= 0) {
      throw new Error(`${module === '' ? 'the top module' : module} was built with bias=False, but ${name}[${i}] is ${params[name]![i]} now: `
        + `remove "${field}": false from the model file's torch field to write ${tensors} (and build the module with bias=True)`);
    }
  }
}

/**
 * The state dict of a model under PyTorch's names (the model's modules, else `rnn` and `fc`):
 * every bias sum in bias_ih and zeros in bias_hh (the GRU's bh in bias_hh's n block), the same
 * function; and the scene and initial states in the metadata.
 */
export function torchStateDict(model: Model, dtype: WriteDtype = 'F64'): { tensors: TensorToWrite[]; metadata: Record<string, string> } {
  const tensors = stateTensors(model, model.params, false).map((t) => ({ ...t, dtype }));
  const { params: _params, ...scene } = exportModel(model);
  const initial = Object.fromEntries((['h0', 's0'] as const).flatMap((k) => initialNames(model, k)).filter((k) => model.params[k] !== undefined).map((k) => [k, Array.from(model.params[k]!)]));
  return { tensors, metadata: { [META.scene]: JSON.stringify(scene), [META.initial]: JSON.stringify(initial) } };
}

/** The safetensors bytes of a model's state dict (torchStateDict). */
export function exportTorch(model: Model, dtype: WriteDtype = 'F64'): Uint8Array {
  const { tensors, metadata } = torchStateDict(model, dtype);
  return writeSafetensors(tensors, metadata);
}

/**
 * Every gradient under PyTorch's names: each state-dict tensor's (a bias that is one half of a
 * sum gets the gradient of the sum; the GRU's b_hn gets dL/dbh) and the initial states' as the
 * forward arguments h_0 and c_0 (shape [layers x directions, H], unbatched).
 */
export function torchGradients(model: Model, grads: Params): { tensors: TorchTensor[]; initial: TorchTensor[] } {
  const H = model.sizes.hidden;
  const initial: TorchTensor[] = [];
  // h_0 and c_0 stack every layer and direction's initial state, as PyTorch's forward takes them.
  for (const [state, arg] of [['h0', 'h_0'], ['s0', 'c_0']] as const) {
    const names = initialNames(model, state);
    if (grads[names[0]!] === undefined) continue;
    const values = new Float64Array(names.length * H);
    names.forEach((name, k) => values.set(grads[name]!, k * H));
    initial.push({ name: arg, shape: [names.length, H], values });
  }
  return { tensors: stateTensors(model, grads, true), initial };
}

