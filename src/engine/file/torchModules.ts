/**
 * Finding the network in a PyTorch state dict: the recurrent module (nn.RNN, nn.LSTM or nn.GRU)
 * by its tensor names `<module>.weight_ih_l0` ... under any module name, and the nn.Linear that
 * reads its hidden state (`<module>.weight`, K x H, or K x 2H bidirectional). Every layer
 * (`_l0`, `_l1` ...) and direction (`_reverse`) is read; what the engine cannot run (LSTM
 * projections `weight_hr`, more than its layers) is refused by name.
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

/** One layer and direction of a recurrent module: its weights and biases. */
export interface RecurrentPart {
  /** The layer, 0 first (PyTorch's `_l0`), and whether it is the backward direction (`_reverse`). */
  readonly layer: number;
  readonly reverse: boolean;
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  /** Both biases, or null for a module built with bias=False. */
  readonly biases: { readonly ih: Tensor; readonly hh: Tensor } | null;
}

/** The recurrent module found in a state dict: every layer and direction. */
export interface FoundRecurrent {
  readonly module: string;
  /** G, the gates stacked in its weights: 1 (nn.RNN), 3 (nn.GRU) or 4 (nn.LSTM). */
  readonly gates: 1 | 3 | 4;
  /** n (layer 0's input), H. */
  readonly input: number;
  readonly hidden: number;
  /** PyTorch's num_layers and bidirectional. */
  readonly layers: number;
  readonly bidirectional: boolean;
  /** Every layer and direction in PyTorch's order: l0, l0_reverse, l1, ... */
  readonly parts: readonly RecurrentPart[];
  /** Whether its tensors have biases (PyTorch's bias, the same for every layer). */
  readonly bias: boolean;
}

/** The suffix of a layer and direction's tensors: `_l0`, `_l1_reverse`. */
export const partSuffix = (layer: number, reverse: boolean): string => `_l${layer}${reverse ? '_reverse' : ''}`;

/** The recurrent module named `wanted` (or the only one), every layer and direction; throws an Error naming what is missing or not supported. */
export function findRecurrent(tensors: ReadonlyMap<string, Tensor>, wanted: string | undefined, maxLayers: number): FoundRecurrent {
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
    if (parsed.kind === 'weight_hr') throw new Error(`${tensorLabel(name)}: an LSTM with projections (proj_size > 0) is not supported`);
  }
  const layers = Math.max(...names.map((n) => n.parsed.layer)) + 1;
  if (layers > maxLayers) {
    const deepest = names.find((n) => n.parsed.layer === layers - 1)!;
    throw new Error(`${tensorLabel(deepest.name)}: num_layers = ${layers}; Unroll reads 1 to ${maxLayers} layers`);
  }
  const bidirectional = names.some((n) => n.parsed.reverse);
  const get = (kind: RecurrentKind, sfx: string): Tensor | undefined => tensors.get(tensorName(module, `${kind}${sfx}`));
  const need = (kind: RecurrentKind, sfx: string): Tensor => {
    const t = get(kind, sfx);
    if (t === undefined) throw new Error(`${tensorLabel(tensorName(module, `${kind}${sfx}`))}: missing (module ${moduleLabel(module)} has ${names.map((n) => tensorLabel(n.name)).join(', ')})`);
    return t;
  };
  const hhName = tensorLabel(tensorName(module, 'weight_hh_l0'));
  const first = need('weight_hh', '_l0');
  if (first.shape.length !== 2) throw new Error(`${hhName}: expected a matrix (G*H x H), got shape [${first.shape.join(', ')}]`);
  const [rows, H] = first.shape as [number, number];
  const gates = H > 0 && rows % H === 0 ? rows / H : 0;
  if (gates !== 1 && gates !== 3 && gates !== 4) {
    throw new Error(`${hhName}: shape [${rows}, ${H}] is no nn.RNN (H x H), nn.GRU (3H x H) or nn.LSTM (4H x H)`);
  }
  const bias = get('bias_ih', '_l0') !== undefined || get('bias_hh', '_l0') !== undefined;
  const parts: RecurrentPart[] = [];
  let n = 0;
  for (let layer = 0; layer < layers; layer++) {
    for (const reverse of bidirectional ? [false, true] : [false]) {
      const sfx = partSuffix(layer, reverse);
      const label = (kind: RecurrentKind) => tensorLabel(tensorName(module, `${kind}${sfx}`));
      const weightHh = need('weight_hh', sfx);
      if (weightHh.shape.length !== 2 || weightHh.shape[0] !== rows || weightHh.shape[1] !== H) {
        throw new Error(`${label('weight_hh')}: expected shape [${rows}, ${H}] like ${hhName}, got [${weightHh.shape.join(', ')}]`);
      }
      const weightIh = need('weight_ih', sfx);
      // Layer 0 reads x(t) (n); the layers above read both directions of the layer under.
      const cols = layer === 0 ? weightIh.shape[1] ?? 0 : H * (bidirectional ? 2 : 1);
      if (weightIh.shape.length !== 2 || weightIh.shape[0] !== rows || weightIh.shape[1] !== cols || cols < 1 || (layer === 0 && n > 0 && cols !== n)) {
        const what = layer === 0 ? (n > 0 ? `[${rows}, ${n}] like layer 0's forward direction` : `[${rows}, n] (n >= 1) beside ${hhName} [${rows}, ${H}]`) : `[${rows}, ${cols}] (layer ${layer} reads the ${cols} values of the layer under)`;
        throw new Error(`${label('weight_ih')}: expected shape ${what}, got [${weightIh.shape.join(', ')}]`);
      }
      if (layer === 0) n = cols;
      const ih = get('bias_ih', sfx), hh = get('bias_hh', sfx);
      if (bias && (ih === undefined || hh === undefined)) need(ih === undefined ? 'bias_ih' : 'bias_hh', sfx);
      if (!bias && (ih !== undefined || hh !== undefined)) throw new Error(`${label(ih !== undefined ? 'bias_ih' : 'bias_hh')}: layer 0 has no biases (bias=False), so no layer may have them`);
      for (const [kind, t] of [['bias_ih', ih], ['bias_hh', hh]] as const) {
        if (t !== undefined && (t.shape.length !== 1 || t.shape[0] !== rows)) throw new Error(`${label(kind)}: expected shape [${rows}], got [${t.shape.join(', ')}]`);
      }
      parts.push({ layer, reverse, weightIh, weightHh, biases: ih !== undefined && hh !== undefined ? { ih, hh } : null });
    }
  }
  return { module, gates, input: n, hidden: H, layers, bidirectional, parts, bias };
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
 * The nn.Linear that reads H values (the top layer's, 2H bidirectional): `wanted`, or the only
 * tensor `<module>.weight` of shape [K, H]; throws an Error when there is none, or several and none is named.
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
