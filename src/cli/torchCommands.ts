/**
 * The PyTorch commands of the command line: `import` (a safetensors state dict to a model file),
 * `export --safetensors` (a model file to a state dict) and the gradients under PyTorch's names
 * for `grad --names torch`. Pure functions of the arguments and the readers, as commands.ts.
 */
import { parseArgs } from 'node:util';
import type { Model, Params, TorchImportOptions, TorchSequence } from '../engine/index';
import { NONLINEARITIES, parseModelText, quote, stringifyModel } from '../engine/index';
import type { WriteDtype } from '../engine/file/safetensors';
import type { TorchTensor } from '../engine/file/torch';
import { exportTorch, importTorch, torchGradients } from '../engine/file/torch';
import { CliError } from './io';
import type { CliFile, ReadBytes, ReadFile } from './io';

/** The options of one command, for node:util parseArgs. */
type Spec = Record<string, { readonly type: 'string' | 'boolean' }>;

/** Parses a command's arguments: exactly one positional FILE and the given options, refusing anything else in words. */
export function parseCommand(command: string, args: readonly string[], spec: Spec): { file: string; values: Record<string, string | boolean | undefined> } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const flag = /'(-[^']*)'/.exec(e instanceof Error ? e.message : '')?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliError(`unknown option ${quote(flag)}; see unroll --help`, 2);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /--([\w-]+)/.exec(e instanceof Error ? e.message : '')?.[1] ?? flag;
      throw new CliError(spec[name]?.type === 'boolean' ? `option --${name} takes no value` : `option --${name} needs a value`, 2);
    }
    throw new CliError(`${command}: ${e instanceof Error ? e.message.split('\n')[0]! : String(e)}`, 2);
  }
  if (parsed.positionals.length !== 1) throw new CliError(`${command} takes one FILE${command === 'import' ? ' (a .safetensors state dict)' : ' (or - for standard input)'}, got ${parsed.positionals.length}`, 2);
  return { file: parsed.positionals[0]!, values: parsed.values };
}

/** A comma-separated list of non-negative integers, e.g. `1,2,3`. */
function integers(name: string, value: string): number[] {
  if (!/^\d+(,\d+)*$/.test(value)) throw new CliError(`--${name}: expected non-negative integers separated by commas, e.g. 0,2,1, got ${quote(value)}`, 2);
  return value.split(',').map(Number);
}

const IMPORT_SPEC: Spec = {
  text: { type: 'string' }, sequence: { type: 'string' }, tokens: { type: 'string' }, targets: { type: 'string' },
  nonlinearity: { type: 'string' }, 'single-output': { type: 'boolean' }, 'output-layer': { type: 'string' },
  'recurrent-layer': { type: 'string' }, truncation: { type: 'string' },
};

/** `unroll import FILE.safetensors [...]`: the model file of a state dict, on standard output. */
export function importCommand(args: readonly string[], readFile: ReadFile, readBytes: ReadBytes): { file: string; run: () => string } {
  const { file, values: o } = parseCommand('import', args, IMPORT_SPEC);
  const text = o['text'] as string | undefined, sequenceFile = o['sequence'] as string | undefined, tokens = o['tokens'] as string | undefined;
  const given = [text, sequenceFile, tokens].filter((v) => v !== undefined).length;
  if (given > 1) throw new CliError('give at most one of --text, --sequence and --tokens', 2);
  const targets = o['targets'] as string | undefined;
  if (targets !== undefined && tokens === undefined) throw new CliError('--targets goes with --tokens', 2);
  const nonlinearity = o['nonlinearity'] as string | undefined;
  if (nonlinearity !== undefined && !(NONLINEARITIES as readonly string[]).includes(nonlinearity)) {
    throw new CliError(`--nonlinearity: expected one of ${NONLINEARITIES.join(', ')}, got ${quote(nonlinearity)}`, 2);
  }
  const truncation = o['truncation'] as string | undefined;
  if (truncation !== undefined && !/^[1-9]\d*$/.test(truncation)) throw new CliError(`--truncation: expected a positive integer, got ${quote(truncation)}`, 2);
  let sequence: TorchSequence | undefined;
  if (text !== undefined) sequence = { kind: 'text', text };
  if (tokens !== undefined) {
    sequence = { kind: 'tokens', ids: integers('tokens', tokens), ...(targets === undefined ? {} : { targets: integers('targets', targets) }) };
  }
  const options = (): TorchImportOptions => ({
    ...(nonlinearity === undefined ? {} : { nonlinearity: nonlinearity as TorchImportOptions['nonlinearity'] & string }),
    ...(o['single-output'] === true ? { singleOutput: true } : {}),
    ...(o['output-layer'] === undefined ? {} : { outputLayer: o['output-layer'] as string }),
    ...(o['recurrent-layer'] === undefined ? {} : { recurrentLayer: o['recurrent-layer'] as string }),
    ...(truncation === undefined ? {} : { truncation: Number(truncation) }),
    ...(sequenceFile === undefined ? (sequence === undefined ? {} : { sequence }) : { sequence: { kind: 'file', sequence: readSequence(sequenceFile, readFile) } }),
  });
  return { file, run: () => stringifyModel(importTorch(readBytes(file), options())) };
}

/** The JSON object of a `--sequence` file. */
function readSequence(path: string, readFile: ReadFile): unknown {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    throw new CliError(`--sequence ${quote(path)}: ${e instanceof Error ? e.message : String(e)}`, 1);
  }
  try {
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    throw new CliError(`--sequence ${quote(path)}: not valid JSON (expected an object like the model file's sequence, {"inputs": [...], "targets": [...]})`, 2);
  }
}

const EXPORT_SPEC: Spec = { safetensors: { type: 'string' }, dtype: { type: 'string' } };
const DTYPES: Readonly<Record<string, WriteDtype>> = { float64: 'F64', float32: 'F32' };

/** `unroll export FILE --safetensors OUT [--dtype float64|float32]`: the state dict, as a file to write. */
export function exportCommand(args: readonly string[], readFile: ReadFile): { file: string; run: () => CliFile } {
  const { file, values: o } = parseCommand('export', args, EXPORT_SPEC);
  const out = o['safetensors'] as string | undefined;
  if (out === undefined) throw new CliError('export needs --safetensors OUT, the file to write', 2);
  const dtypeName = (o['dtype'] as string | undefined) ?? 'float64';
  const dtype = DTYPES[dtypeName];
  if (dtype === undefined) throw new CliError(`--dtype: expected float64 or float32, got ${quote(dtypeName)}`, 2);
  return { file, run: () => ({ path: out, bytes: exportTorch(parseModelText(readFile(file)), dtype) }) };
}

/** A tensor's values nested as its shape: rows of a matrix, an array for a vector. */
function nested(t: TorchTensor): number[] | number[][] {
  if (t.shape.length !== 2) return Array.from(t.values);
  const cols = t.shape[1]!;
  return Array.from({ length: t.shape[0]! }, (_, r) => Array.from(t.values.subarray(r * cols, (r + 1) * cols)));
}

/** The gradients under PyTorch's names, each with its shape: state-dict tensors in `grads`, h_0 (and c_0) in `initial`. */
export function torchGradsJson(model: Model, grads: Params): { grads: Record<string, unknown>; initial: Record<string, unknown> } {
  const { tensors, initial } = torchGradients(model, grads);
  const entry = (t: TorchTensor) => [t.name, { shape: [...t.shape], values: nested(t) }] as const;
  return { grads: Object.fromEntries(tensors.map(entry)), initial: Object.fromEntries(initial.map(entry)) };
}
