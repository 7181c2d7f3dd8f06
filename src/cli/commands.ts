/**
 * The command line over the engine, as a pure function of the arguments and a file reader,
 * so tests can run it in-process; `main.ts` wires it to the process.
 */
import type { InitOptions, Model, NonFinite, ParamGrads } from '../engine/index';
import type { CliResult, ReadBytes, ReadFile } from './io';
import { CliError } from './io';
import { exportCommand, importCommand, parseCommand, torchGradsJson } from './torchCommands';
import { cellNodeRow, cellOfVariant, describeNonFinite, escapeControls, FEEDBACKS, NONLINEARITIES, forward, gradients, INIT_SCHEMES, initModel, isStacked, MAX_LAYERS, modelParamIsMatrix, modelParamNames, modelParamShape, outputRow, parseModelText, quote, stackGradients, stackModelOf, stackParamName, stringifyModel, VARIANTS } from '../engine/index';

export type { CliFile, CliResult, ReadBytes, ReadFile } from './io';
export { CliError } from './io';

export const USAGE = `usage: unroll <command> [options]
  grad FILE [--names torch]
                  loss, per-step losses and every parameter gradient, as JSON
                  (--names torch: under PyTorch's state-dict names, each with its shape)
  forward FILE    every node of every step (a, h; LSTM f, g, q, z, s, h; GRU u, r, m, z, h), o, yhat and the losses, as JSON
  init [options]  a valid seeded random model file, on standard output
                  --variant ${VARIANTS.join('|')}   (default elman)
                  --feedback ${FEEDBACKS.join('|')}   (jordan only; default logits)
                  --nonlinearity ${NONLINEARITIES.join('|')}   (elman, single-output; default tanh)
                  --input N --hidden H --output K --length T   (default 4 8 4 8)
                  --seed S (default 1)   --scheme ${INIT_SCHEMES.join('|')}
                  --inputs tokens|dense (default tokens)   --truncation K
                  --layers D (1..${MAX_LAYERS}, default 1)   --bidirectional true|false (default false; not jordan)
                  --readout every|last   (lstm, gru: an output every step, or one at the end; default every)
  import FILE.safetensors [options]
                  the model file of a PyTorch state dict (nn.RNN, nn.LSTM or nn.GRU,
                  any num_layers, bidirectional or not, and an nn.Linear), on standard output
                  --text STR | --tokens 1,2,3 [--targets 2,3,1] | --sequence SEQ.json
                      the sequence (default: the one in the file's metadata); with --text
                      or --tokens alone each input's target is the next
                  --nonlinearity ${NONLINEARITIES.join('|')}   --single-output   --truncation K
                  --output-layer PREFIX   --recurrent-layer PREFIX   (when there are several)
  export FILE --safetensors OUT [--dtype float64|float32]
                  the model as a PyTorch state dict (load_state_dict(strict=True) takes it)
FILE may be - for standard input (not for import).`;


/** Rows of a flat row-major matrix (a matrix of one column too: rows of one number). */
function rowsOf(values: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(values.subarray(i * cols, (i + 1) * cols)));
}

/** The gradients as JSON values, each shaped exactly like its parameter in the model file: a matrix as rows, a vector as an array. */
function gradsJson(model: Model, grads: ParamGrads): Record<string, number[] | number[][]> {
  const out: Record<string, number[] | number[][]> = {};
  for (const name of modelParamNames(model)) {
    const g = grads[name];
    if (!g) continue;
    const [rows, cols] = modelParamShape(model, name);
    out[name] = modelParamIsMatrix(model, name) ? rowsOf(g, rows, cols) : Array.from(g);
  }
  return out;
}

/** Refuses a result that holds a value that is not finite, naming where it appeared. */
function requireFinite(nonFinite: NonFinite | null): void {
  if (nonFinite) throw new CliError(`non-finite value: ${describeNonFinite(nonFinite)}`, 1);
}

function gradCommand(model: Model, names: 'engine' | 'torch'): string {
  const g = gradients(model);
  requireFinite(g.nonFinite);
  const grads = names === 'torch' ? torchGradsJson(model, g.grads) : { grads: gradsJson(model, g.grads) };
  return JSON.stringify({ loss: g.loss, stepLosses: Array.from(g.stepLosses), ...grads });
}

/** A deep or bidirectional network's steps: every node of every layer and direction, named as its parameters are (`h_l1_reverse`), at the sequence's step t. */
function stackForwardCommand(model: Model): string {
  const pass = stackGradients(stackModelOf(model));
  requireFinite(pass.nonFinite);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const cell = cellOfVariant(model.variant);
  const steps = Array.from({ length: tau }, (_, i) => {
    const t = i + 1;
    const step: Record<string, number | number[]> = { t };
    pass.cells.forEach((layer, l) => layer.forEach((cp, d) => {
      // The reverse direction's own step tau + 1 - t is the sequence's step t.
      const own = d === 1 ? tau + 1 - t : t;
      for (const [name, values] of Object.entries(cp.cell.nodes)) {
        const r = cellNodeRow(cell, name, own);
        step[stackParamName(name, l, d === 1)] = Array.from(values.subarray(r * H, (r + 1) * H));
      }
    }));
    const out = outputRow(model, t);
    if (out >= 0) {
      step.o = Array.from(pass.o.subarray(out * K, (out + 1) * K));
      step.yhat = Array.from(pass.yhat.subarray(out * K, (out + 1) * K));
      step.L = pass.stepLosses[out]!;
    }
    return step;
  });
  return JSON.stringify({ loss: pass.loss, stepLosses: Array.from(pass.stepLosses), steps });
}

function forwardCommand(model: Model): string {
  if (isStacked(model)) return stackForwardCommand(model);
  const { states, loss, nonFinite } = forward(model);
  requireFinite(nonFinite);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const cell = cellOfVariant(model.variant);
  const row = (a: Float64Array, r: number, len: number): number[] => Array.from(a.subarray(r * len, (r + 1) * len));
  const steps = Array.from({ length: tau }, (_, i) => {
    const t = i + 1;
    const step: Record<string, number | number[]> = { t };
    for (const [name, values] of Object.entries(states.nodes)) step[name] = row(values, cellNodeRow(cell, name, t), H);
    const out = outputRow(model, t);
    if (out >= 0) {
      step.o = row(states.o, out, K);
      step.yhat = row(states.yhat, out, K);
      step.L = states.stepLosses[out]!;
    }
    return step;
  });
  const h0 = model.params.h0 === undefined ? {} : { h0: Array.from(model.params.h0) };
  return JSON.stringify({ loss, stepLosses: Array.from(states.stepLosses), ...h0, steps });
}

/** Parses `--name value` pairs, refusing unknown or valueless options. */
function parseOptions(args: readonly string[], known: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    if (!known.includes(name)) throw new CliError(`unknown option ${quote(flag)}; see unroll --help`, 2);
    const value = args[i + 1];
    if (value === undefined) throw new CliError(`option --${name} needs a value`, 2);
    options.set(name, value);
  }
  return options;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${name}: expected one of ${allowed.join(', ')}, got ${quote(value)}`, 2);
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new CliError(`--${name}: expected a non-negative integer, got ${quote(value)}`, 2);
  return Number(value);
}

function initCommand(args: readonly string[]): string {
  const o = parseOptions(args, ['variant', 'feedback', 'nonlinearity', 'input', 'hidden', 'output', 'length', 'seed', 'scheme', 'inputs', 'truncation', 'layers', 'bidirectional', 'readout']);
  const variant = oneOf('variant', o.get('variant'), VARIANTS, 'elman');
  const feedback = o.get('feedback');
  const nonlinearity = o.get('nonlinearity');
  const truncation = o.get('truncation');
  const options: InitOptions = {
    variant,
    ...(feedback !== undefined ? { feedback: oneOf('feedback', feedback, FEEDBACKS, 'logits') } : {}),
    ...(nonlinearity !== undefined ? { nonlinearity: oneOf('nonlinearity', nonlinearity, NONLINEARITIES, 'tanh') } : {}),
    input: integer('input', o.get('input'), 4),
    hidden: integer('hidden', o.get('hidden'), 8),
    output: integer('output', o.get('output'), 4),
    length: integer('length', o.get('length'), 8),
    seed: integer('seed', o.get('seed'), 1),
    scheme: oneOf('scheme', o.get('scheme'), INIT_SCHEMES, 'glorot-uniform'),
    inputs: oneOf('inputs', o.get('inputs'), ['tokens', 'dense'] as const, 'tokens'),
    ...(truncation !== undefined ? { truncation: integer('truncation', truncation, 0) } : {}),
    ...(o.has('layers') ? { layers: integer('layers', o.get('layers'), 1) } : {}),
    ...(oneOf('bidirectional', o.get('bidirectional'), ['true', 'false'] as const, 'false') === 'true' ? { bidirectional: true } : {}),
    ...(oneOf('readout', o.get('readout'), ['every', 'last'] as const, 'every') === 'last' ? { readout: 'last' as const } : {}),
  };
  try {
    return stringifyModel(initModel(options));
  } catch (e) {
    throw new CliError(`--${e instanceof Error ? e.message : String(e)}`, 2);
  }
}

/** Reads no binary file: what runCli is given when its caller has no bytes reader. */
const NO_BYTES: ReadBytes = () => {
  throw new Error('cannot read binary files here');
};

/** The commands that read one FILE, with the file named in their errors. */
const FILE_COMMANDS = ['grad', 'forward', 'import', 'export'];

/** Runs one command line (the arguments after `unroll`). */
export function runCli(args: readonly string[], readFile: ReadFile, readBytes: ReadBytes = NO_BYTES): CliResult {
  const [command, ...rest] = args;
  let file: string | undefined;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      return { stdout: `${USAGE}\n`, stderr: '', code: command === undefined ? 2 : 0 };
    }
    if (command === 'init') return { stdout: `${initCommand(rest)}\n`, stderr: '', code: 0 };
    if (command === 'import') {
      const c = importCommand(rest, readFile, readBytes);
      file = c.file;
      return { stdout: c.run(), stderr: '', code: 0 };
    }
    if (command === 'export') {
      const c = exportCommand(rest, readFile);
      file = c.file;
      const out = c.run();
      return { stdout: '', stderr: `unroll: wrote ${escapeControls(out.path.slice(0, 200))} (${out.bytes.length} bytes)\n`, code: 0, files: [out] };
    }
    if (command !== 'grad' && command !== 'forward') {
      throw new CliError(`unknown command ${quote(command)}; expected grad, forward, init, import or export (see unroll --help)`, 2);
    }
    const parsed = parseCommand(command, rest, command === 'grad' ? { names: { type: 'string' } } : {});
    file = parsed.file;
    const names = parsed.values['names'] ?? 'engine';
    if (names !== 'engine' && names !== 'torch') throw new CliError(`--names: expected engine or torch, got ${quote(String(names))}`, 2);
    const model = parseModelText(readFile(file));
    return { stdout: `${command === 'grad' ? gradCommand(model, names) : forwardCommand(model)}\n`, stderr: '', code: 0 };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = e instanceof CliError ? e.code : 1;
    const shown = file === '-' ? '<stdin>' : file;
    const where = FILE_COMMANDS.includes(command ?? '') && shown !== undefined ? `${shown.slice(0, 200)}: ` : '';
    // Every message quotes user text already; a file name or a system message may still hold controls.
    return { stdout: '', stderr: `unroll: ${escapeControls(`${code === 1 ? where : ''}${message.split('\n')[0]}`)}\n`, code };
  }
}
