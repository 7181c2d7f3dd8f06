/**
 * Finding the network in a PyTorch state dict: the recurrent module (nn.RNN, nn.LSTM or nn.GRU)
 * by its tensor names `<module>.weight_ih_l0` ... under any module name, and the nn.Linear that
 * reads its hidden state (`<module>.weight`, K x H). Every name PyTorch gives a recurrent module's
 * tensors is recognised (layers `_l1` ..., `_reverse`, LSTM projections `weight_hr`), and what the
 * engine cannot run yet is refused by name.
 */
import type { TorchModules } from '../model';
import type { Tensor } from './safetensors';
import { tensorLabel } from './safetensors';

/** What a recurrent module's tensor holds: input or recurrent weights, one of the two biases, or an LSTM's projection. */
export type RecurrentKind = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh' | 'weight_hr';

/** A recurrent module's tensor name, parsed: `<module>.<kind>_l<layer>[_reverse]`. */
export interface RecurrentName {
  /** The module's name, '' when the tensor is at the top of the state dict. */
  readonly module: string;
  readonly kind: RecurrentKind;
  /** The layer, 0 for the first (PyTorch's `_l0`). */
  readonly layer: number;
  /** Whether it belongs to the backward direction of a bidirectional module (`_reverse`). */
  readonly reverse: boolean;
}

const RECURRENT = /^(?:(.*)\.)?(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?$/s;

/** Parses a recurrent module's tensor name, or null for any other tensor. */
export function parseRecurrentName(name: string): RecurrentName | null {
  const m = RECURRENT.exec(name);
  if (m === null) return null;
  return { module: m[1] ?? '', kind: m[2] as RecurrentKind, layer: Number(m[3]), reverse: m[4] !== undefined };
}

/** A tensor's full name: `<module>.<suffix>`, or the suffix alone for the top module. */
export const tensorName = (module: string, suffix: string): string => (module === '' ? suffix : `${module}.${suffix}`);

/** A module name as given by a user: `fc` or `fc.` (the prefix) both name the module `fc`. */
export const moduleOf = (given: string): string => (given.endsWith('.') ? given.slice(0, -1) : given);

/** A module's name in a message. */
const moduleLabel = (module: string): string => (module === '' ? '(the top module)' : tensorLabel(module));

/** The recurrent module of one layer, one direction, found in a state dict. */
export interface FoundRecurrent {
  readonly module: string;
  /** G, the gates stacked in its weights: 1 (nn.RNN), 3 (nn.GRU) or 4 (nn.LSTM). */
  readonly gates: 1 | 3 | 4;
  /** n, H. */
  readonly input: number;
  readonly hidden: number;
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  /** Both biases, or null for a module built with bias=False. */
  readonly biases: { readonly ih: Tensor; readonly hh: Tensor } | null;
}

/** The PyTorch module of each number of gates. */
export const MODULE_OF_GATES: Readonly<Record<1 | 3 | 4, string>> = { 1: 'nn.RNN', 3: 'nn.GRU', 4: 'nn.LSTM' };

/** The recurrent module named `wanted` (or the only one); throws an Error naming what is missing or not supported yet. */
export function findRecurrent(tensors: ReadonlyMap<string, Tensor>, wanted: string | undefined): FoundRecurrent {
  const byModule = new Map<string, { name: string; parsed: RecurrentName }[]>();
  for (const name of tensors.keys()) {
    const parsed = parseRecurrentName(name);
    if (parsed === null) continue;
    const list = byModule.get(parsed.module) ?? [];
    list.push({ name, parsed });
    byModule.set(parsed.module, list);
  }
  const modules = [...byModule.keys()];
  const found = modules.map(moduleLabel).join(', ');
  let module: string;
  if (wanted !== undefined) {
    if (!byModule.has(wanted)) {
      throw new Error(modules.length === 0
        ? `no recurrent module ${moduleLabel(wanted)}: the file has no nn.RNN, nn.LSTM or nn.GRU (no tensor named like rnn.weight_ih_l0)`
        : `no recurrent module ${moduleLabel(wanted)}; the file has ${found}`);
    }
    module = wanted;
  } else if (modules.length === 1) {
    module = modules[0]!;
  } else if (modules.length === 0) {
    throw new Error('no nn.RNN, nn.LSTM or nn.GRU: no tensor is named like <module>.weight_ih_l0 (e.g. rnn.weight_ih_l0)');
  } else {
    throw new Error(`several recurrent modules (${found}): name one with the metadata key unroll.recurrent or --recurrent-layer`);
  }
  const names = byModule.get(module)!;
  for (const { name, parsed } of names) {
    if (parsed.layer > 0) {
      const depth = Math.max(...names.map((n) => n.parsed.layer)) + 1;
      throw new Error(`${tensorLabel(name)}: depth ${depth} is not supported yet (num_layers = ${depth}); Unroll reads num_layers = 1`);
    }
    if (parsed.reverse) throw new Error(`${tensorLabel(name)}: bidirectional networks are not supported yet; Unroll reads bidirectional = False`);
    if (parsed.kind === 'weight_hr') throw new Error(`${tensorLabel(name)}: an LSTM with projections (proj_size > 0) is not supported`);
  }
  const get = (kind: RecurrentKind): Tensor | undefined => tensors.get(tensorName(module, `${kind}_l0`));
  const need = (kind: RecurrentKind): Tensor => {
    const t = get(kind);
    if (t === undefined) throw new Error(`${tensorLabel(tensorName(module, `${kind}_l0`))}: missing (module ${moduleLabel(module)} has ${names.map((n) => tensorLabel(n.name)).join(', ')})`);
    return t;
  };
  const weightHh = need('weight_hh');
  const hhName = tensorLabel(tensorName(module, 'weight_hh_l0'));
  if (weightHh.shape.length !== 2) throw new Error(`${hhName}: expected a matrix (G*H x H), got shape [${weightHh.shape.join(', ')}]`);
  const [rows, H] = weightHh.shape as [number, number];
  const gates = H > 0 && rows % H === 0 ? rows / H : 0;
  if (gates !== 1 && gates !== 3 && gates !== 4) {
    throw new Error(`${hhName}: shape [${rows}, ${H}] is no nn.RNN (H x H), nn.GRU (3H x H) or nn.LSTM (4H x H)`);
  }
  const weightIh = need('weight_ih');
  const ihName = tensorLabel(tensorName(module, 'weight_ih_l0'));
  if (weightIh.shape.length !== 2 || weightIh.shape[0] !== rows || weightIh.shape[1]! < 1) {
    throw new Error(`${ihName}: expected shape [${rows}, n] (n >= 1) beside ${hhName} [${rows}, ${H}], got [${weightIh.shape.join(', ')}]`);
  }
  const ih = get('bias_ih'), hh = get('bias_hh');
  if ((ih === undefined) !== (hh === undefined)) need(ih === undefined ? 'bias_ih' : 'bias_hh');
  for (const [kind, t] of [['bias_ih', ih], ['bias_hh', hh]] as const) {
    if (t !== undefined && (t.shape.length !== 1 || t.shape[0] !== rows)) {
      throw new Error(`${tensorLabel(tensorName(module, `${kind}_l0`))}: expected shape [${rows}], got [${t.shape.join(', ')}]`);
    }
  }
  return {
    module, gates, input: weightIh.shape[1]!, hidden: H, weightIh, weightHh,
    biases: ih !== undefined && hh !== undefined ? { ih, hh } : null,
  };
}

/** The nn.Linear output layer, found. */
export interface FoundLinear {
  readonly module: string;
  /** K. */
  readonly output: number;
  readonly weight: Tensor;
  /** Its bias, or null for bias=False. */
  readonly bias: Tensor | null;
}

/**
 * The nn.Linear that reads H values: `wanted`, or the only tensor `<module>.weight` of shape
 * [K, H]; throws an Error when there is none, or several and none is named.
 */
export function findLinear(tensors: ReadonlyMap<string, Tensor>, H: number, recurrent: string, wanted: string | undefined): FoundLinear {
  let module: string;
  if (wanted !== undefined) {
    const weight = tensors.get(tensorName(wanted, 'weight'));
    if (weight === undefined) throw new Error(`${tensorLabel(tensorName(wanted, 'weight'))}: missing (the output layer named ${moduleLabel(wanted)})`);
    if (weight.shape.length !== 2 || weight.shape[1] !== H) {
      throw new Error(`${tensorLabel(tensorName(wanted, 'weight'))}: the output layer must read the H = ${H} hidden values (shape [K, ${H}]), got [${weight.shape.join(', ')}]`);
    }
    module = wanted;
  } else {
    const candidates: string[] = [];
    for (const [name, t] of tensors) {
      if (!(name === 'weight' || name.endsWith('.weight')) || t.shape.length !== 2 || t.shape[1] !== H) continue;
      const m = name === 'weight' ? '' : name.slice(0, -'.weight'.length);
      if (m !== recurrent) candidates.push(m);
    }
    if (candidates.length === 0) throw new Error(`no nn.Linear reads the H = ${H} hidden values: no tensor <module>.weight of shape [K, ${H}] (e.g. fc.weight)`);
    if (candidates.length > 1) {
      throw new Error(`several nn.Linear layers read H = ${H} values (${candidates.map(moduleLabel).join(', ')}): name the output layer with the metadata key unroll.output_layer or --output-layer`);
    }
    module = candidates[0]!;
  }
  const weight = tensors.get(tensorName(module, 'weight'))!;
  const K = weight.shape[0]!;
  const bias = tensors.get(tensorName(module, 'bias')) ?? null;
  if (bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== K)) {
    throw new Error(`${tensorLabel(tensorName(module, 'bias'))}: expected shape [${K}] beside ${tensorLabel(tensorName(module, 'weight'))} [${K}, ${H}], got [${bias.shape.join(', ')}]`);
  }
  return { module, output: K, weight, bias };
}

/** The modules Unroll names its tensors under unless a model came with others. */
export const DEFAULT_MODULES: TorchModules = { recurrent: 'rnn', output: 'fc' };
