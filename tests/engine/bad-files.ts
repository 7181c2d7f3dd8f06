/**
 * Bad model files, each made by one edit of a shared fixture, with the field path and the words
 * of the refusal: one table for the parser's tests and the command line's.
 */
import { readFileSync } from 'node:fs';
import { FIXTURES_DIR, FIXTURE_NAMES } from '../fixtures';

export const FIXTURES = FIXTURES_DIR;
export const NAMES = FIXTURE_NAMES;

/** A change at a path: a new value, DELETE, or a function of the old value. */
export type Change = unknown;
/** Removes the field (or array item) at the path. */
export const DELETE = Symbol('delete');
/** One item fewer. */
export const shorter = (old: unknown): unknown => (Array.isArray(old) ? old.slice(0, -1) : old);
/** One item (a zero) more. */
export const longer = (old: unknown): unknown => (Array.isArray(old) ? [...old, 0] : old);

/** A fresh copy of a fixture's model file. */
export function fixture(name: string): unknown {
  const file = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { model: unknown };
  return structuredClone(file.model);
}

/** ['params', 'W', 2] from 'params.W[2]'. */
function keys(path: string): (string | number)[] {
  return path.split(/[.[\]]/).filter((k) => k !== '').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** The value at a path, undefined if there is none. */
function get(json: unknown, path: readonly (string | number)[]): unknown {
  let at: unknown = json;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}

/** A copy of a fixture with the changes made, in order. */
export function edited(name: string, changes: Record<string, Change>): unknown {
  const json = fixture(name);
  for (const [path, change] of Object.entries(changes)) {
    const k = keys(path);
    const last = k.pop();
    const parent = get(json, k);
    if (typeof parent !== 'object' || parent === null || last === undefined) throw new Error(`no ${path} in ${name}`);
    const record = parent as Record<string | number, unknown>;
    if (change === DELETE) Reflect.deleteProperty(record, last);
    else record[last] = typeof change === 'function' ? (change as (old: unknown) => unknown)(record[last]) : change;
  }
  return json;
}

export const ELMAN = 'elman-tokens.json';
export const DENSE = 'elman-dense.json';
export const JORDAN = 'jordan-logits.json';
export const SINGLE = 'single-output.json';
export const LSTM = 'lstm-tokens.json';

/** [what, fixture, changes, path, words of the problem...] */
export type BadFile = [string, string, Record<string, Change>, string, ...string[]];

export const BAD_FILES: BadFile[] = [
  ['a row of the wrong length', ELMAN, { 'params.W[2]': shorter }, 'params.W[2]', 'expected 4 numbers, got 3'],
  ['a matrix with a row too few', ELMAN, { 'params.V': shorter }, 'params.V', 'expected 3 rows, got 2'],
  ['a matrix that is not an array', ELMAN, { 'params.U': 'x' }, 'params.U', 'expected 4 rows of 3 numbers, got "x"'],
  ['a row that is not an array', ELMAN, { 'params.U[1]': 3 }, 'params.U[1]', 'expected an array of 3 numbers, got 3'],
  ['a vector of the wrong length', ELMAN, { 'params.b': longer }, 'params.b', 'expected 4 numbers, got 5'],
  ['a jordan W with rows of H', JORDAN, { 'params.W[0]': longer }, 'params.W[0]', 'expected 3 numbers, got 4'],
  ['Infinity', ELMAN, { 'params.W[2][1]': Infinity }, 'params.W[2][1]', 'expected a finite number, got Infinity'],
  ['-Infinity', JORDAN, { 'params.V[0][3]': -Infinity }, 'params.V[0][3]', 'expected a finite number, got -Infinity'],
  ['NaN', ELMAN, { 'params.c[1]': NaN }, 'params.c[1]', 'expected a finite number, got NaN'],
  ['a string for a number', ELMAN, { 'params.h0[0]': '0.5' }, 'params.h0[0]', 'expected a finite number, got "0.5"'],
  ['null for a number', DENSE, { 'sequence.inputs[3][1]': null }, 'sequence.inputs[3][1]', 'expected a finite number, got null'],
  ['a token id out of range', ELMAN, { 'sequence.inputs[3]': 7 }, 'sequence.inputs[3]', 'token id 7 is out of range 0..2'],
  ['a negative token id', ELMAN, { 'sequence.inputs[1]': -1 }, 'sequence.inputs[1]', 'token id -1 is out of range 0..2'],
  ['a token id that is not an integer', ELMAN, { 'sequence.inputs[2]': 1.5 }, 'sequence.inputs[2]', 'expected a token id (an integer in 0..2), got 1.5'],
  ['a vector among token ids', ELMAN, { 'sequence.inputs[3]': [1, 0, 0] }, 'sequence.inputs[3]', 'expected a token id like sequence.inputs[0]', 'got an array of 3 items'],
  ['a token id among vectors', DENSE, { 'sequence.inputs[3]': 2 }, 'sequence.inputs[3]', 'expected a vector of 3 numbers like sequence.inputs[0], got 2'],
  ['a first input that is neither', ELMAN, { 'sequence.inputs[0]': 'a' }, 'sequence.inputs[0]', 'expected a token id or a vector of 3 numbers, got "a"'],
  ['an input vector of the wrong length', DENSE, { 'sequence.inputs[4]': shorter }, 'sequence.inputs[4]', 'expected 3 numbers, got 2'],
  ['no inputs', ELMAN, { 'sequence.inputs': [] }, 'sequence.inputs', 'expected at least 1 input, got 0'],
  ['inputs that are not an array', ELMAN, { 'sequence.inputs': { 0: 1 } }, 'sequence.inputs', 'expected an array of token ids or of vectors, got an object'],
  ['a class id out of range', ELMAN, { 'sequence.targets[2]': 3 }, 'sequence.targets[2]', 'class id 3 is out of range 0..2'],
  ['a class id that is not an integer', JORDAN, { 'sequence.targets[0]': true }, 'sequence.targets[0]', 'expected a class id (an integer in 0..2), got true'],
  ['a target too few', ELMAN, { 'sequence.targets': shorter }, 'sequence.targets', 'expected 6 class ids (one per input), got 5'],
  ['targets that are not an array', ELMAN, { 'sequence.targets': 1 }, 'sequence.targets', 'expected an array of 6 class ids (one per input), got 1'],
  ['a single output with many targets', SINGLE, { 'sequence.targets': [0, 1] }, 'sequence.targets', 'expected one class id for the whole sequence', 'got an array of 2 items'],
  ['a single output with a class id out of range', SINGLE, { 'sequence.targets': 3 }, 'sequence.targets', 'class id 3 is out of range 0..2'],
  ['an unknown top-level field', ELMAN, { foo: 1 }, 'model', 'unknown field "foo"'],
  ['an unknown nested field', ELMAN, { 'sequence.weights': [] }, 'sequence', 'unknown field "weights"'],
  ['a misspelt field', ELMAN, { 'params.H0': [0, 0, 0, 0], 'params.h0': DELETE }, 'params', 'unknown field "H0"'],
  ['a misspelt feedback', JORDAN, { feedbak: 'logits', feedback: DELETE }, 'model', 'unknown field "feedbak"'],
  ['a missing field', ELMAN, { 'params.h0': DELETE }, 'params.h0', 'missing'],
  ['a missing section', ELMAN, { sequence: DELETE }, 'sequence', 'missing'],
  ['a section that is not an object', ELMAN, { params: [] }, 'params', 'expected an object, got an array of 0 items'],
  ['a size above its limit', ELMAN, { 'sizes.hidden': 600 }, 'sizes.hidden', 'must be at most 512 (the documented limit), got 600'],
  ['an input size above its limit', ELMAN, { 'sizes.input': 1025 }, 'sizes.input', 'must be at most 1024 (the documented limit), got 1025'],
  ['a size of zero', ELMAN, { 'sizes.input': 0 }, 'sizes.input', 'must be at least 1, got 0'],
  ['a single class', ELMAN, { 'sizes.output': 1 }, 'sizes.output', 'must be at least 2 (a softmax over one class is constant), got 1'],
  ['a size that is not an integer', ELMAN, { 'sizes.input': 2.5 }, 'sizes.input', 'expected a positive integer, got 2.5'],
  ['a missing size', ELMAN, { 'sizes.output': DELETE }, 'sizes.output', 'missing'],
  ['sizes that do not match the params', ELMAN, { 'sizes.hidden': 5 }, 'params.U', 'expected 5 rows, got 4'],
  ['an unknown variant', ELMAN, { variant: 'transformer' }, 'variant', 'unknown variant "transformer"; expected one of elman, jordan, single-output, lstm, gru'],
  ['a missing variant', ELMAN, { variant: DELETE }, 'variant', 'missing', 'elman, jordan, single-output'],
  ['a wrong format', ELMAN, { format: 'onnx' }, 'format', 'expected "unroll-model", got "onnx"'],
  ['a missing format', ELMAN, { format: DELETE }, 'format', 'missing'],
  ['a newer version', ELMAN, { version: 2 }, 'version', 'unsupported version 2; expected 1'],
  ['a version as a string', ELMAN, { version: '1' }, 'version', 'expected version 1, got "1"'],
  ['feedback on an elman network', ELMAN, { feedback: 'softmax' }, 'feedback', 'only a jordan network has feedback'],
  ['feedback on a single-output network', SINGLE, { feedback: 'logits' }, 'feedback', 'only a jordan network has feedback'],
  ['a jordan network without feedback', JORDAN, { feedback: DELETE }, 'feedback', 'missing', 'logits, softmax, teacher'],
  ['an unknown feedback', JORDAN, { feedback: 'tanh' }, 'feedback', 'unknown feedback "tanh"; expected one of logits, softmax, teacher'],
  ['a nonlinearity on a jordan network', JORDAN, { nonlinearity: 'relu' }, 'nonlinearity', 'only an elman or single-output network has a nonlinearity (tanh or relu)'],
  ['an unknown nonlinearity', ELMAN, { nonlinearity: 'sigmoid' }, 'nonlinearity', 'unknown nonlinearity "sigmoid"; expected one of tanh, relu'],
  ['a jordan network with h0', JORDAN, { 'params.h0': [0, 0, 0, 0] }, 'params.h0', 'a jordan network has no h0'],
  ['a truncation of zero', ELMAN, { truncation: 0 }, 'truncation', 'must be at least 1, got 0'],
  ['a truncation that is not an integer', ELMAN, { truncation: '2' }, 'truncation', 'expected a positive integer', 'got "2"'],
  ['a label too long', ELMAN, { labels: { output: ['a', 'b', 'c'.repeat(65)] } }, 'labels.output[2]', 'must be at most 64 characters, got 65'],
  ['a label that is not a string', ELMAN, { labels: { output: [0, 'b', 'c'] } }, 'labels.output[0]', 'expected a string, got 0'],
  ['labels of the wrong count', ELMAN, { labels: { input: ['a', 'b'] } }, 'labels.input', 'expected 3 labels (one per input symbol), got 2'],
  ['an unknown labels field', ELMAN, { labels: { inputs: ['a', 'b', 'c'] } }, 'labels', 'unknown field "inputs"'],
  ['a readout on an elman network', ELMAN, { readout: 'last' }, 'readout', 'only an lstm or gru network takes a readout', 'the variant "single-output"'],
  ['a readout on a jordan network', JORDAN, { readout: 'last' }, 'readout', 'only an lstm or gru network takes a readout'],
  ['an unknown readout', LSTM, { readout: 'first' }, 'readout', 'expected "last" (one output at the end) or no field (an output every step), got "first"'],
  ['a gated network read at the end with a target per step', LSTM, { readout: 'last' }, 'sequence.targets', 'expected one class id for the whole sequence (a network read out at the end)'],
];

