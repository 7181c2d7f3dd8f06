/**
 * Reading a model file into the engine's Model. The file is validated in stages (schema.ts)
 * so that nothing large is read or allocated before the header is known good: envelope,
 * header, the lengths of every array, every value, and only then the typed arrays.
 */
import type * as z from 'zod';
import type { Inputs, Labels, Model } from '../model';
import { LIMITS, modelParamNames } from '../model';
import { escapeControls } from './quote';
import type { ModelFile } from './schema';
import { torchModules } from './export';
import { MISSING } from './fields';
import { ModelError, formatPath } from './format';
import { envelopeSchema, fileShape, headerSchema, lengthsSchema, modelFileSchema } from './schema';

export { ModelError } from './format';

/** Validates a parsed JSON model file and builds the engine's Model; throws a ModelError naming the first problem. */
export function parseModel(json: unknown): Model {
  const { variant } = check(envelopeSchema, json);
  const header = check(headerSchema(variant), json);
  const shape = fileShape(variant, header, json);
  check(lengthsSchema(shape), json);
  return toModel(check(modelFileSchema(shape), json));
}

/** Parses and validates the text of a model file; throws a ModelError for oversized text or bad JSON too. */
export function parseModelText(text: string): Model {
  if (text.length > LIMITS.fileBytes) {
    throw new ModelError('model', `the text is too long: expected at most ${LIMITS.fileBytes} characters (64 MiB), got ${text.length}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/\s+/g, ' ') : String(e);
    throw new ModelError('model', `not valid JSON (${escapeControls(reason.length > 100 ? `${reason.slice(0, 99)}…` : reason)})`);
  }
  return parseModel(json);
}

/** Runs one stage; on failure throws the first problem. */
function check<T>(schema: z.ZodType<T>, json: unknown): T {
  const result = schema.safeParse(json, { jitless: true });
  if (result.success) return result.data;
  throw firstProblem(result.error.issues);
}

/**
 * The first issue, as a ModelError. A misspelt key gives both "missing" and "unknown field"
 * in the same object; the unknown field is the more useful of the two, so it wins.
 */
function firstProblem(issues: readonly z.core.$ZodIssue[]): ModelError {
  let chosen = issues[0];
  if (chosen === undefined) return new ModelError('model', 'refused for an unknown reason');
  if (chosen.message.startsWith(MISSING)) {
    const parent = chosen.path.slice(0, -1);
    const unknown = issues.find((iss) => iss.code === 'unrecognized_keys' && samePath(iss.path, parent));
    if (unknown !== undefined) chosen = unknown;
  }
  return new ModelError(formatPath(chosen.path), chosen.message);
}

function samePath(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Copies a validated file into flat row-major typed arrays. */
function toModel(file: ModelFile): Model {
  const { params, sequence } = file;
  const inputs: Inputs = isMatrix(sequence.inputs)
    ? { kind: 'dense', values: flatten(sequence.inputs) }
    : { kind: 'tokens', ids: Int32Array.from(sequence.inputs) };
  return {
    variant: file.variant,
    feedback: file.feedback ?? null,
    ...(file.nonlinearity === undefined ? {} : { nonlinearity: file.nonlinearity }),
    sizes: { input: file.sizes.input, hidden: file.sizes.hidden, output: file.sizes.output },
    params: Object.fromEntries(modelParamNames(file).map((name) => [name, flattenParam(params[name]!)])),
    sequence: {
      length: sequence.inputs.length,
      inputs,
      targets: typeof sequence.targets === 'number' ? Int32Array.of(sequence.targets) : Int32Array.from(sequence.targets),
    },
    truncation: file.truncation ?? null,
    labels: file.labels === undefined ? null : toLabels(file.labels),
    ...(file.layers === undefined ? {} : { layers: file.layers }),
    ...(file.bidirectional === undefined ? {} : { bidirectional: file.bidirectional }),
    ...(file.readout === undefined ? {} : { readout: file.readout }),
    ...(file.torch === undefined ? {} : { torch: torchModules(file.torch) }),
  };
}

function toLabels(labels: NonNullable<ModelFile['labels']>): Labels {
  return {
    ...(labels.input === undefined ? {} : { input: [...labels.input] }),
    ...(labels.output === undefined ? {} : { output: [...labels.output] }),
  };
}

function isMatrix(inputs: ModelFile['sequence']['inputs']): inputs is readonly (readonly number[])[] {
  return Array.isArray(inputs[0]);
}

/** A validated parameter, a matrix (rows) or a vector, as one row-major Float64Array. */
function flattenParam(value: readonly number[] | readonly (readonly number[])[]): Float64Array {
  return Array.isArray(value[0]) ? flatten(value as readonly (readonly number[])[]) : Float64Array.from(value as readonly number[]);
}

/** Rows of equal length into one row-major Float64Array. */
function flatten(rows: readonly (readonly number[])[]): Float64Array {
  const cols = rows[0]?.length ?? 0;
  const out = new Float64Array(rows.length * cols);
  rows.forEach((row, r) => out.set(row, r * cols));
  return out;
}
