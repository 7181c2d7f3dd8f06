/**
 * Writing a Model as a model file: the plain JSON object, and a readable text (one matrix row
 * or vector per line) that parseModelText reads back bit for bit, -0 included.
 */
import type { Model } from '../model';
import { feedsBack, isStacked, modelParamIsMatrix, modelParamNames, modelParamShape, readsOutAtEnd, stackShapeOf } from '../model';
import type { ModelFile } from './schema';
import { FORMAT, ModelError, VERSION, formatPath } from './format';

export type { ModelFile } from './schema';

/** The model file of a Model, as a plain JSON object (matrices as arrays of rows). */
export function exportModel(model: Model): ModelFile {
  const { params, sequence, labels } = model;
  const inputs = sequence.inputs.kind === 'tokens'
    ? Array.from(sequence.inputs.ids)
    : rows(sequence.inputs.values, model.sizes.input);
  const targets = readsOutAtEnd(model) ? (sequence.targets[0] ?? 0) : Array.from(sequence.targets);
  return {
    format: FORMAT,
    version: VERSION,
    variant: model.variant,
    ...(feedsBack(model.variant) && model.feedback !== null ? { feedback: model.feedback } : {}),
    ...(model.nonlinearity === undefined ? {} : { nonlinearity: model.nonlinearity }),
    sizes: { input: model.sizes.input, hidden: model.sizes.hidden, output: model.sizes.output },
    ...(isStacked(model) ? { layers: stackShapeOf(model).layers, bidirectional: stackShapeOf(model).bidirectional } : {}),
    ...(model.readout === undefined ? {} : { readout: model.readout }),
    params: Object.fromEntries(modelParamNames(model).map((name) => {
      const value = params[name]!;
      return [name, modelParamIsMatrix(model, name) ? rows(value, modelParamShape(model, name)[1]) : Array.from(value)];
    })),
    sequence: { inputs, targets },
    ...(model.truncation === null ? {} : { truncation: model.truncation }),
    ...(labels === null ? {} : {
      labels: {
        ...(labels.input === undefined ? {} : { input: [...labels.input] }),
        ...(labels.output === undefined ? {} : { output: [...labels.output] }),
      },
    }),
    ...(model.torch === undefined || feedsBack(model.variant) ? {} : { torch: torchModules(model.torch) }),
  };
}

/**
 * The model file as readable JSON text: two-space indentation, each matrix row and each vector
 * on one line, every number written exactly (-0 as -0). Throws a ModelError naming a non-finite number.
 */
export function stringifyModel(model: Model): string {
  return `${write(exportModel(model), '', [])}\n`;
}

/**
 * The model file as compact JSON text (no spaces), every number exact (-0 as -0): what links and
 * the saved state hold. Throws a ModelError naming a non-finite number.
 */
export function compactModelText(model: Model): string {
  return writeCompact(exportModel(model), []);
}

/** Compact JSON text of a JSON value; numbers exact, -0 as -0. Throws a ModelError naming what cannot be written. */
export function writeCompact(value: unknown, path: readonly (string | number)[]): string {
  if (typeof value === 'number') return number(value, path);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: unknown, i) => writeCompact(item, [...path, i])).join(',')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${writeCompact(v, [...path, k])}`).join(',')}}`;
  }
  throw new ModelError(formatPath(path), `cannot write ${typeof value}`);
}

/** A flat row-major array as an array of rows of `cols` numbers. */
function rows(flat: Float64Array, cols: number): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < flat.length; start += cols) out.push(Array.from(flat.subarray(start, start + cols)));
  return out;
}

/** JSON text of a value: arrays of scalars on one line, arrays of arrays one row per line, objects one field per line. */
function write(value: unknown, indent: string, path: readonly (string | number)[]): string {
  if (typeof value === 'number') return number(value, path);
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown, i) => write(item, inner, [...path, i]));
    if (!value.some((item: unknown) => typeof item === 'object' && item !== null)) return `[${items.join(', ')}]`;
    return items.length === 0 ? '[]' : `[\n${items.map((item) => `${inner}${item}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, [...path, k])}`);
    return fields.length === 0 ? '{}' : `{\n${fields.join(',\n')}\n${indent}}`;
  }
  throw new ModelError(formatPath(path), `cannot write ${String(value)} to a model file`);
}

/** A finite double written exactly: String(x) is the shortest text that reads back as x, but loses the sign of -0. */
function number(x: number, path: readonly (string | number)[]): string {
  if (!Number.isFinite(x)) throw new ModelError(formatPath(path), `expected a finite number, got ${String(x)} (JSON has no NaN or Infinity)`);
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A copy of the file's torch field, with only the fields it holds. */
export function torchModules(t: NonNullable<ModelFile['torch']>): NonNullable<Model['torch']> {
  return {
    recurrent: t.recurrent, output: t.output,
    ...(t.recurrentBias === false ? { recurrentBias: false as const } : {}),
    ...(t.outputBias === false ? { outputBias: false as const } : {}),
  };
}
