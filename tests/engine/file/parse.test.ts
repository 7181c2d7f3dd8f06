/**
 * Reading model files: every fixture parses, and every kind of bad file is refused with the
 * exact field path and a plain one-line message, the first problem only, huge arrays on their
 * length alone.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/engine/model';
import { ModelError, parseModel, parseModelText } from '../../../src/engine/file/parse';
import type { Change } from '../bad-files';
import { BAD_FILES, ELMAN, JORDAN, NAMES, edited, fixture, shorter } from '../bad-files';

/** The ModelError thrown by `run`. */
function refusal(run: () => unknown): ModelError {
  try {
    run();
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('expected a ModelError, but the file was accepted');
}

/** Changes a copy of a fixture and checks the path and the words of the refusal. */
function refused(name: string, changes: Record<string, Change>, path: string, ...words: string[]): ModelError {
  const error = refusal(() => parseModel(edited(name, changes)));
  expect(error.path).toBe(path);
  for (const w of words) expect(error.problem).toContain(w);
  expect(error.message).toBe(`${path}: ${error.problem}`);
  expect(error.message).not.toMatch(/[\n\r]/);
  return error;
}

/** The fields of a fixture's model file that the fixture test reads. */
interface FixtureModel {
  readonly variant: string;
  readonly feedback?: string;
  readonly truncation?: number;
  readonly sizes: { readonly input: number; readonly hidden: number; readonly output: number };
  readonly params: Readonly<Record<string, number[] | number[][]>>;
  readonly sequence: { readonly inputs: number[] | number[][]; readonly targets: number | number[] };
}

describe('parseModel on the fixtures', () => {
  it('finds the fixtures', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(8);
  });

  it.each(NAMES)('parses %s into flat row-major arrays', (name) => {
    const file = fixture(name) as FixtureModel;
    const model = parseModel(file);
    const { input: n, hidden: H, output: K } = file.sizes;
    expect(model.variant).toBe(file.variant);
    expect(model.sizes).toEqual({ input: n, hidden: H, output: K });
    expect(model.feedback).toBe(file.feedback ?? null);
    expect(model.truncation).toBe(file.truncation ?? null);
    expect(model.labels).toBeNull();
    for (const p of ['U', 'W', 'V', 'b', 'c'] as const) expect(Array.from(model.params[p]!)).toEqual(file.params[p]?.flat());
    expect(model.params.W!.length).toBe(H * (model.variant === 'jordan' ? K : H));
    if (model.variant === 'jordan') expect('h0' in model.params).toBe(false);
    else expect(Array.from(model.params.h0 ?? [])).toEqual(file.params['h0']);
    expect(model.sequence.length).toBe(file.sequence.inputs.length);
    const inputs = model.sequence.inputs;
    expect(inputs.kind === 'tokens' ? Array.from(inputs.ids) : Array.from(inputs.values)).toEqual(file.sequence.inputs.flat());
    expect(inputs.kind).toBe(Array.isArray(file.sequence.inputs[0]) ? 'dense' : 'tokens');
    expect(Array.from(model.sequence.targets)).toEqual([file.sequence.targets].flat());
  });

  it('reads labels and leaves its argument as it was', () => {
    const labels = { input: ['a', 'b', '<b>c</b>'], output: ['x', 'y', ''] };
    const file = edited(ELMAN, { labels });
    const before = structuredClone(file);
    expect(parseModel(file).labels).toEqual(labels);
    expect(file).toEqual(before);
    expect(parseModel(edited(ELMAN, { labels: { output: ['x', 'y', 'z'] } })).labels).toEqual({ output: ['x', 'y', 'z'] });
  });
});

describe('parseModel refuses a bad file with the field path', () => {
  it.each(BAD_FILES)('%s', (_, name, changes, path, ...words) => {
    refused(name, changes, path, ...words);
  });

  it('a __proto__ field', () => {
    const text = JSON.stringify(fixture(ELMAN)).replace('{', '{"__proto__": {"x": 1}, ');
    expect(refusal(() => parseModelText(text)).message).toBe('model: unknown field "__proto__"');
  });

  it('a file that is not an object', () => {
    for (const json of [[1, 2], null, 'model', 3, undefined]) expect(refusal(() => parseModel(json)).path).toBe('model');
    expect(refusal(() => parseModel([1, 2])).message).toBe('model: expected an object, got an array of 2 items');
    expect(refusal(() => parseModel(null)).message).toBe('model: expected an object, got null');
  });
});

describe('parseModel reports one problem, briefly', () => {
  it('reports the first problem in file order', () => {
    refused(ELMAN, { 'params.W[1][0]': NaN, 'params.W[3][2]': 'x', 'sequence.targets[0]': 9 }, 'params.W[1][0]', 'got NaN');
  });

  it('checks every length before any value', () => {
    refused(ELMAN, { 'params.U[0][0]': NaN, 'sequence.targets': shorter }, 'sequence.targets', 'expected 6 class ids');
  });

  it('checks the header before any length', () => {
    refused(ELMAN, { 'params.U': shorter, 'sizes.hidden': 0 }, 'sizes.hidden', 'must be at least 1');
  });

  it('never echoes more than ~40 characters of a value, and keeps to one line', () => {
    const long = 'x'.repeat(100_000);
    const errors = [
      refused(ELMAN, { variant: long }, 'variant', 'unknown variant "xxx'),
      refused(ELMAN, { [long]: 1 }, 'model', 'unknown field "xxx'),
      refused(ELMAN, { 'params.b[0]': `${long}\n` }, 'params.b[0]', 'expected a finite number, got "xxx'),
    ];
    // ~40 characters of the value, and the message's own words (the variant's: the five names).
    for (const e of errors) expect(e.message.length).toBeLessThan(130);
    const format = refused(ELMAN, { format: 'a\nb\u2028c\u202e' }, 'format');
    expect(format.problem).toBe('expected "unroll-model", got "a\\nb\\u2028c\\u202e"');
  });
});

describe('parseModel refuses huge arrays on their length', () => {
  const HUGE = 10_000_000;
  const cases: [string, string, string][] = [
    ['sequence.inputs', 'sequence.inputs', `expected at most ${LIMITS.length} inputs (the documented limit), got ${HUGE}`],
    ['sequence.targets', 'sequence.targets', `expected 6 class ids (one per input), got ${HUGE}`],
    ['params.U', 'params.U', `expected 4 rows, got ${HUGE}`],
    ['params.U[2]', 'params.U[2]', `expected 3 numbers, got ${HUGE}`],
    ['params.h0', 'params.h0', `expected 4 numbers, got ${HUGE}`],
    ['labels', 'labels.output', `expected 3 labels (one per class), got ${HUGE}`],
  ];
  const huge = new Array<number>(HUGE).fill(Infinity);
  it.each(cases)('%s', (field, path, problem) => {
    const changes = { [field]: field === 'labels' ? { output: huge } : huge };
    const start = performance.now();
    const error = refused(ELMAN, changes, path);
    expect(performance.now() - start).toBeLessThan(1000); // element by element would take seconds
    expect(error.problem).toBe(problem);
  });
});

describe('parseModelText', () => {
  it('parses a fixture from its text, with or without a byte-order mark', () => {
    const text = JSON.stringify(fixture(JORDAN));
    expect(parseModelText(text).feedback).toBe('logits');
    expect(parseModelText(`\uFEFF${text}`).variant).toBe('jordan');
  });

  it('refuses 1e400, which JSON.parse reads as Infinity', () => {
    const text = JSON.stringify(fixture(ELMAN)).replace(/"b":\[[^,\]]+/, '"b":[1e400');
    expect(refusal(() => parseModelText(text)).message).toBe('params.b[0]: expected a finite number, got Infinity');
    const negative = JSON.stringify(fixture(ELMAN)).replace(/"c":\[[^,\]]+/, '"c":[-1e400');
    expect(refusal(() => parseModelText(negative)).message).toBe('params.c[0]: expected a finite number, got -Infinity');
  });

  it.each(['{', '', '{"format": "unroll-model",}', 'NaN', "{'a': 1}", '{"a": 1} x'])('refuses bad JSON %j', (text) => {
    const error = refusal(() => parseModelText(text));
    expect(error.path).toBe('model');
    expect(error.problem).toMatch(/^not valid JSON \(.+\)$/);
    expect(error.message).not.toMatch(/\n/);
  });

  it('refuses text longer than the limit before parsing it', () => {
    const text = ' '.repeat(LIMITS.fileBytes + 1);
    const start = performance.now();
    const error = refusal(() => parseModelText(text));
    expect(performance.now() - start).toBeLessThan(500); // JSON.parse of 64 MiB would take longer
    expect(error.path).toBe('model');
    expect(error.problem).toBe(`the text is too long: expected at most ${LIMITS.fileBytes} characters (64 MiB), got ${LIMITS.fileBytes + 1}`);
  });
});
