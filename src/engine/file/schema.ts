/**
 * The model file (shared/DESIGN.md, "The model file") as zod schemas, in the stages
 * parse.ts runs them: the envelope (format, version, variant, no unknown top-level key),
 * the header (feedback, sizes), then, built from the sizes, the lengths of every array
 * and finally every value. Every message names the problem, what was expected and what was
 * found, and echoes at most ~40 characters of the user's value.
 */
import * as z from 'zod';
import type { Feedback, Nonlinearity, Sizes, Variant } from '../model';
import { CELLS, cellParamNames } from '../cells/index';
import { FEEDBACKS, LIMITS, NONLINEARITIES, VARIANTS, cellOfVariant, feedsBack, modelParamIsMatrix, modelParamNames, modelParamShape, READOUT_ONLY, readsOutAtEnd, takesReadout } from '../model';
import { MAX_LAYERS } from '../stack/names';
import type { ListSpec } from './fields';
import { MISSING, OBJECT, UNREAD, absent, boundedInt, codePoints, counted, describeValue, exactly, expected, id, integerMessage, list } from './fields';
import { quote } from './quote';
import { FORMAT, VERSION } from './format';

/** The model file as JSON: matrices are arrays of rows. */
export interface ModelFile {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly variant: Variant;
  /** Jordan only. */
  readonly feedback?: Feedback;
  /** Elman and single output only; absent: tanh. */
  readonly nonlinearity?: Nonlinearity;
  readonly sizes: Sizes;
  /** Every parameter of the variant by name (MODEL.md): a matrix as rows, a vector as an array. */
  readonly params: Readonly<Record<string, readonly number[] | readonly (readonly number[])[]>>;
  readonly sequence: {
    /** tau token ids, or tau vectors of n numbers. */
    readonly inputs: readonly number[] | readonly (readonly number[])[];
    /** tau class ids, or one class id for the single-output network. */
    readonly targets: number | readonly number[];
  };
  readonly truncation?: number;
  readonly labels?: { readonly input?: readonly string[]; readonly output?: readonly string[] };
  /** 1 to 4 (absent: 1); not Jordan. */
  readonly layers?: number;
  /** Absent: one direction; not Jordan. */
  readonly bidirectional?: boolean;
  /** "last": an LSTM or GRU read out once at the end; absent: every step. */
  readonly readout?: 'last';
  /** The PyTorch module names of its tensors (not jordan); absent: rnn and fc. */
  readonly torch?: { readonly recurrent: string; readonly output: string; readonly recurrentBias?: false; readonly outputBias?: false };
}

const FORMAT_SCHEMA = z.literal(FORMAT, { error: expected(JSON.stringify(FORMAT)) });
const VERSION_SCHEMA = z.literal(VERSION, {
  error: (iss) => typeof iss.input === 'number' ? `unsupported version ${describeValue(iss.input)}; expected ${VERSION}` : expected(`version ${VERSION}`)(iss),
});
const VARIANT_SCHEMA = z.enum(VARIANTS, {
  error: (iss) => {
    const options = `expected one of ${VARIANTS.join(', ')}`;
    if (iss.input === undefined) return `${MISSING}; ${options}`;
    return typeof iss.input === 'string' ? `unknown variant ${quote(iss.input)}; ${options}` : `${options}, got ${describeValue(iss.input)}`;
  },
});
const FEEDBACK_SCHEMA = z.enum(FEEDBACKS, {
  error: (iss) => {
    const options = `expected one of ${FEEDBACKS.join(', ')}`;
    if (iss.input === undefined) return `${MISSING}; a jordan network feeds back one of ${FEEDBACKS.join(', ')}`;
    return typeof iss.input === 'string' ? `unknown feedback ${quote(iss.input)}; ${options}` : `${options}, got ${describeValue(iss.input)}`;
  },
});
const NONLINEARITY_SCHEMA = z.enum(NONLINEARITIES, {
  error: (iss) => {
    const options = `expected one of ${NONLINEARITIES.join(', ')}`;
    return typeof iss.input === 'string' ? `unknown nonlinearity ${quote(iss.input)}; ${options}` : `${options}, got ${describeValue(iss.input)}`;
  },
});
/** Whether a variant's cell takes a nonlinearity: the Elman cell's tanh or ReLU. */
const takesNonlinearity = (variant: Variant): boolean => cellOfVariant(variant).takesNonlinearity === true;
const SIZES_SCHEMA = z.strictObject({
  input: boundedInt(1, LIMITS.input),
  hidden: boundedInt(1, LIMITS.hidden),
  output: boundedInt(2, LIMITS.output, ' (a softmax over one class is constant)'),
}, OBJECT);
const TRUNCATION_SCHEMA = z.int({ error: integerMessage('a positive integer (a window of k steps)', 1, Number.MAX_SAFE_INTEGER, '') }).min(1);
const ANYTHING = z.unknown().exactOptional();

/** Most characters of a PyTorch module name in the model file. */
export const MODULE_NAME_CHARS = 200;
/** A PyTorch module name: '' or dot-separated parts, none empty, without spaces or controls (`rnn`, `encoder.lstm`, `layers.0`). */
// eslint-disable-next-line no-control-regex -- a module name holds no control character
const MODULE_NAME = /^$|^[^.\s\u0000-\u001f\u007f-\u009f]+(\.[^.\s\u0000-\u001f\u007f-\u009f]+)*$/u;
const MODULE_SCHEMA = z.string({ error: expected('a PyTorch module name (a string)') }).check((payload) => {
  const name = payload.value;
  if (name.length > MODULE_NAME_CHARS) payload.issues.push({ code: 'custom', input: name, message: `must be at most ${MODULE_NAME_CHARS} characters, got ${name.length}` });
  else if (!MODULE_NAME.test(name)) payload.issues.push({ code: 'custom', input: name, message: `expected a module name such as "rnn" or "encoder.lstm" (parts joined by dots, no spaces), got ${describeValue(name)}` });
});
/** Where a network's tensors live in a PyTorch state dict. */
const NO_BIAS = z.literal(false, { error: (iss) => `expected false (the module was built with bias=False) or no field, got ${describeValue(iss.input)}` }).exactOptional();
export const TORCH_SCHEMA = z.strictObject({ recurrent: MODULE_SCHEMA, output: MODULE_SCHEMA, recurrentBias: NO_BIAS, outputBias: NO_BIAS }, OBJECT);

/** Stage 1: format, version and variant, and no unknown top-level field. */
export const envelopeSchema = z.strictObject({
  format: FORMAT_SCHEMA,
  version: VERSION_SCHEMA,
  variant: VARIANT_SCHEMA,
  // Checked by the later stages; here only their names are known.
  feedback: ANYTHING, nonlinearity: ANYTHING, sizes: ANYTHING, params: ANYTHING, sequence: ANYTHING, truncation: ANYTHING, labels: ANYTHING, torch: ANYTHING,
  layers: ANYTHING, bidirectional: ANYTHING, readout: ANYTHING,
}, OBJECT);

/** What stage 2 reads: the sizes, the depth and direction, and a gated cell's readout. */
export interface FileHeader {
  readonly sizes: Sizes;
  readonly layers?: number;
  readonly bidirectional?: boolean;
  readonly readout?: 'last';
}

/** Stage 2, once the variant is known: the feedback (Jordan only), the sizes, the depth and direction (not Jordan), the readout (LSTM and GRU). */
export function headerSchema(variant: Variant): z.ZodType<FileHeader> {
  return feedsBack(variant) ? JORDAN_HEADER : takesNonlinearity(variant) ? ELMAN_HEADER : GATED_HEADER;
}

const NO_NONLINEARITY = absent('only an elman or single-output network has a nonlinearity (tanh or relu)');
const LAYERS_SCHEMA = boundedInt(1, MAX_LAYERS).exactOptional();
const BIDIRECTIONAL_SCHEMA = z.boolean({ error: expected('true or false') }).exactOptional();
const ONE_LAYER = 'a jordan network has one layer in one direction (its recurrence runs through the output)';
const JORDAN_STACK = { layers: absent(ONE_LAYER), bidirectional: absent(ONE_LAYER) };
const STACK = { layers: LAYERS_SCHEMA, bidirectional: BIDIRECTIONAL_SCHEMA };
const READOUT_SCHEMA = z.literal('last', { error: (iss) => `expected "last" (one output at the end) or no field (an output every step), got ${describeValue(iss.input)}` }).exactOptional();
const NO_READOUT = absent(READOUT_ONLY);
/** The readout field of a variant: a gated cell's, or refused. */
const readoutField = (variant: Variant) => (takesReadout(variant) ? READOUT_SCHEMA : NO_READOUT);
const JORDAN_HEADER = z.looseObject({ feedback: FEEDBACK_SCHEMA, nonlinearity: NO_NONLINEARITY, sizes: SIZES_SCHEMA, ...JORDAN_STACK, readout: NO_READOUT }, OBJECT);
const GATED_HEADER = z.looseObject({ feedback: absent('only a jordan network has feedback'), nonlinearity: NO_NONLINEARITY, sizes: SIZES_SCHEMA, ...STACK, readout: READOUT_SCHEMA }, OBJECT);
const ELMAN_HEADER = z.looseObject({ feedback: absent('only a jordan network has feedback'), nonlinearity: NONLINEARITY_SCHEMA.exactOptional(), sizes: SIZES_SCHEMA, ...STACK, readout: NO_READOUT }, OBJECT);

/** What the schema of the arrays is built from: the header and the kind and number of inputs. */
export interface FileShape {
  readonly variant: Variant;
  readonly sizes: Sizes;
  /** The header's depth and direction (absent: one layer, one direction). */
  readonly layers?: number;
  readonly bidirectional?: boolean;
  /** The header's readout (absent: an output every step). */
  readonly readout?: 'last';
  /** Token ids, unless sequence.inputs[0] is an array (inputs are never mixed). */
  readonly inputs: 'tokens' | 'dense';
  /** tau: the length of sequence.inputs (0 when it is not an array; stage 3 refuses that). */
  readonly length: number;
}

/** Reads the kind and number of inputs from a file whose header passed stage 2. */
export function fileShape(variant: Variant, header: FileHeader, json: unknown): FileShape {
  const sequence = isRecord(json) ? json['sequence'] : undefined;
  const inputs = isRecord(sequence) ? sequence['inputs'] : undefined;
  const items = Array.isArray(inputs) ? inputs : [];
  return {
    variant, sizes: header.sizes, inputs: Array.isArray(items[0]) ? 'dense' : 'tokens', length: items.length,
    ...(header.layers === undefined ? {} : { layers: header.layers }),
    ...(header.bidirectional === undefined ? {} : { bidirectional: header.bidirectional }),
    ...(header.readout === undefined ? {} : { readout: header.readout }),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schemas of the values inside the arrays: checked, or (stage 3) accepted unread. */
interface Leaves {
  readonly number: z.ZodType<number>;
  readonly tokenId: (n: number, first: boolean) => z.ZodType<number>;
  readonly classId: (K: number, one: boolean) => z.ZodType<number>;
  readonly label: z.ZodType<string>;
}

const CHECKED: Leaves = {
  number: z.number({ error: expected('a finite number') }),
  tokenId: (n, first) => id('token id', n, (input) => {
    if (first && !(typeof input === 'number' && Number.isInteger(input))) return `expected a token id or a vector of ${counted(n, 'number')}, got ${describeValue(input)}`;
    return Array.isArray(input) ? `expected a token id like sequence.inputs[0] (inputs are never mixed), got ${describeValue(input)}` : undefined;
  }),
  classId: (K, one) => id('class id', K, (input) =>
    one && Array.isArray(input) ? `expected one class id for the whole sequence (a network read out at the end), got ${describeValue(input)}` : undefined),
  label: z.string({ error: expected('a string') }).refine((s) => codePoints(s) <= LIMITS.labelChars, {
    error: (iss) => `must be at most ${LIMITS.labelChars} characters, got ${typeof iss.input === 'string' ? codePoints(iss.input) : '?'}`,
  }),
};

/** A field that must be there, read no further: the single output's one class id, outside any array. */
const PRESENT = z.custom<never>((v) => v !== undefined, { error: expected('a class id') });

const UNCHECKED: Leaves = { number: UNREAD, tokenId: () => UNREAD, classId: (_K, one) => (one ? PRESENT : UNREAD), label: UNREAD };

/**
 * The params object's fields: each of the variant's parameters with its shape (from its cell), and
 * every other cell's parameter names refused by name, e.g. `a jordan network has no h0`.
 */
function paramsShape(
  shape: FileShape, matrix: (rows: number, cols: number) => z.ZodType<number[][]>, row: (cols: number) => z.ZodType<number[]>,
): Record<string, z.ZodType<number[] | number[][]>> {
  const own = modelParamNames(shape);
  const fields: Record<string, z.ZodType<number[] | number[][]>> = {};
  for (const name of own) {
    const [rows, cols] = modelParamShape(shape, name);
    fields[name] = modelParamIsMatrix(shape, name) ? matrix(rows, cols) : row(rows);
  }
  for (const cell of Object.values(CELLS)) {
    for (const name of cellParamNames(cell)) if (!own.includes(name)) fields[name] = absent(`a ${shape.variant} network has no ${name}`);
  }
  return fields;
}

/** The whole file for one shape, with the given leaves. */
function fileSchema(shape: FileShape, leaf: Leaves) {
  const { input: n, output: K } = shape.sizes;
  const jordan = feedsBack(shape.variant);
  const row = (cols: number) => list(leaf.number, exactly(cols, 'number'));
  const matrix = (rows: number, cols: number) => list(row(cols), {
    min: rows, max: rows, expected: `${counted(rows, 'row')} of ${counted(cols, 'number')}`, count: (got) => `expected ${counted(rows, 'row')}, got ${got}`,
  });
  const tau = shape.length;
  const inputSpec: ListSpec = {
    min: 1, max: LIMITS.length, expected: 'an array of token ids or of vectors',
    count: (got) => got < 1 ? 'expected at least 1 input, got 0' : `expected at most ${LIMITS.length} inputs (the documented limit), got ${got}`,
  };
  // Dense inputs are also bounded in numbers, tau x n, so that the largest file fits LIMITS.fileBytes.
  const denseMax = Math.min(LIMITS.length, Math.floor(LIMITS.denseInputs / n));
  const denseSpec: ListSpec = {
    ...inputSpec, max: denseMax,
    count: (got) => got <= LIMITS.length && got > denseMax
      ? `expected at most ${counted(denseMax, 'input')} of ${counted(n, 'number')} (tau x n <= ${LIMITS.denseInputs}, the documented limit), got ${got}`
      : inputSpec.count(got),
  };
  const inputs = shape.inputs === 'tokens'
    ? list(leaf.tokenId(n, false), inputSpec, leaf.tokenId(n, true))
    : list(list(leaf.number, { ...exactly(n, 'number'), expected: `a vector of ${counted(n, 'number')} like sequence.inputs[0]` }), denseSpec, row(n));
  const targets = readsOutAtEnd(shape)
    ? leaf.classId(K, true)
    : list(leaf.classId(K, false), exactly(tau, 'class id', ' (one per input)'));
  const labels = (count: number, per: string) => list(leaf.label, {
    min: count, max: count, expected: `an array of ${counted(count, 'string')}`, count: (got) => `expected ${counted(count, 'label')} (one per ${per}), got ${got}`,
  });
  return z.strictObject({
    format: FORMAT_SCHEMA,
    version: VERSION_SCHEMA,
    variant: z.literal(shape.variant),
    feedback: jordan ? FEEDBACK_SCHEMA : absent('only a jordan network has feedback'),
    nonlinearity: takesNonlinearity(shape.variant) ? NONLINEARITY_SCHEMA.exactOptional() : NO_NONLINEARITY,
    sizes: SIZES_SCHEMA,
    params: z.strictObject(paramsShape(shape, matrix, row), OBJECT),
    sequence: z.strictObject({ inputs, targets }, OBJECT),
    truncation: TRUNCATION_SCHEMA.exactOptional(),
    ...(jordan ? JORDAN_STACK : STACK),
    readout: readoutField(shape.variant),
    labels: z.strictObject({
      input: labels(n, 'input symbol').exactOptional(),
      output: labels(K, 'class').exactOptional(),
    }, OBJECT).exactOptional(),
    torch: jordan ? absent('a jordan network has no PyTorch module') : TORCH_SCHEMA.exactOptional(),
  }, OBJECT);
}

/** Stage 3: every object strict and every array of the right length, no value read. */
export function lengthsSchema(shape: FileShape): z.ZodType<unknown> {
  return cached(shape).lengths;
}

/** Stage 4, the complete file: finite numbers, ids in range, labels of at most 64 characters. */
export function modelFileSchema(shape: FileShape): z.ZodType<ModelFile> {
  return cached(shape).full;
}

/** Building the schemas of a shape takes about a millisecond: the last few are kept. */
const CACHE = new Map<string, { readonly lengths: z.ZodType<unknown>; readonly full: z.ZodType<ModelFile> }>();
const CACHE_SIZE = 8;
function cached(shape: FileShape) {
  const { variant, sizes, inputs, length } = shape;
  const key = `${variant} ${sizes.input} ${sizes.hidden} ${sizes.output} ${inputs} ${length} ${shape.layers ?? 1} ${shape.bidirectional ?? false} ${shape.readout ?? 'every'}`;
  let schemas = CACHE.get(key);
  if (schemas === undefined) {
    schemas = { lengths: fileSchema(shape, UNCHECKED), full: fileSchema(shape, CHECKED) };
    if (CACHE.size >= CACHE_SIZE) CACHE.delete(CACHE.keys().next().value ?? '');
    CACHE.set(key, schemas);
  }
  return schemas;
}
