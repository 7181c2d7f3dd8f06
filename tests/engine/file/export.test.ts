/**
 * Writing model files: export(parse(fixture)) is the fixture, the text is readable (one row
 * per line), and export -> text -> parse gives back every double bit for bit, -0 and
 * subnormals included, for every variant, input kind, labels and truncation.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportModel, stringifyModel } from '../../../src/engine/file/export';
import type { Feedback, Labels, Model, Variant } from '../../../src/engine/model';
import { FEEDBACKS, LIMITS, VARIANTS, paramNames, paramShape, readsOutAtEnd, takesReadout } from '../../../src/engine/model';
import { ModelError, parseModel, parseModelText } from '../../../src/engine/file/parse';

import { FIXTURES_DIR as FIXTURES, FIXTURE_NAMES as NAMES } from '../../fixtures';

/** A fixture's model file, as JSON. */
function fixture(name: string): unknown {
  return (JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { model: unknown }).model;
}

/** The bytes of a typed array, to compare doubles bit for bit (-0 is not 0). */
function bytes(a: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Expects two models to be equal, every number bit for bit. */
function expectSameModel(actual: Model, expected: Model): void {
  expect(actual.variant).toBe(expected.variant);
  expect(actual.readout).toBe(expected.readout);
  expect(actual.feedback).toBe(expected.feedback);
  expect(actual.sizes).toEqual(expected.sizes);
  expect(actual.truncation).toBe(expected.truncation);
  expect(actual.labels).toEqual(expected.labels);
  expect(Object.keys(actual.params).sort()).toEqual([...paramNames(expected.variant)].sort());
  for (const p of paramNames(expected.variant)) {
    const a = actual.params[p];
    const e = expected.params[p];
    if (a === undefined || e === undefined) expect(a).toBe(e);
    else expect(bytes(a), p).toEqual(bytes(e));
  }
  expect(actual.sequence.length).toBe(expected.sequence.length);
  const a = actual.sequence.inputs;
  const e = expected.sequence.inputs;
  expect(a.kind).toBe(e.kind);
  expect(bytes(a.kind === 'tokens' ? a.ids : a.values)).toEqual(bytes(e.kind === 'tokens' ? e.ids : e.values));
  expect(bytes(actual.sequence.targets)).toEqual(bytes(expected.sequence.targets));
}

describe('exportModel', () => {
  it.each(NAMES)('gives back the model file of %s', (name) => {
    const file = fixture(name);
    expect(exportModel(parseModel(file))).toEqual(file);
  });

  it('writes labels and truncation, and omits what is absent', () => {
    const file = fixture('jordan-teacher.json');
    const model = { ...parseModel(file), truncation: 4, labels: { output: ['a', 'b', 'c'] } };
    const out = exportModel(model);
    expect(out.truncation).toBe(4);
    expect(out.labels).toEqual({ output: ['a', 'b', 'c'] });
    expect(out.params.h0).toBeUndefined();
    expect('h0' in out.params).toBe(false);
    expect('truncation' in exportModel(parseModel(file))).toBe(false);
    expect('labels' in exportModel(parseModel(file))).toBe(false);
    expect('feedback' in exportModel(parseModel(fixture('elman-tokens.json')))).toBe(false);
  });
});

describe('stringifyModel', () => {
  it.each(NAMES)('writes %s as JSON that parses back to the same model', (name) => {
    const model = parseModel(fixture(name));
    const text = stringifyModel(model);
    expect(JSON.parse(text)).toEqual(exportModel(model));
    expectSameModel(parseModelText(text), model);
  });

  it('indents by two spaces and writes each row and each vector on one line', () => {
    const model = parseModel(fixture('elman-dense.json'));
    const lines = stringifyModel(model).split('\n');
    const U = exportModel(model).params.U as readonly (readonly number[])[];
    expect(lines[0]).toBe('{');
    expect(lines).toContain('  "format": "unroll-model",');
    expect(lines).toContain('  "params": {');
    expect(lines).toContain('    "U": [');
    expect(lines).toContain(`      [${U[0]?.join(', ')}],`);
    expect(lines).toContain(`    "b": [${Array.from(model.params.b!).join(', ')}],`);
    expect(lines).toContain('    "targets": [0, 1, 2, 1, 0, 0]');
    expect(lines.at(-2)).toBe('}');
    expect(lines.at(-1)).toBe('');
    const single = stringifyModel(parseModel(fixture('single-output.json')));
    expect(single).toContain('\n    "inputs": [1, 2, 1, 2, 2, 2],\n    "targets": 0\n');
  });

  it('writes -0, subnormals and extreme magnitudes exactly', () => {
    const model = parseModel(fixture('elman-tokens.json'));
    const extremes = [-0, 5e-324, -Number.MAX_VALUE, 2.2250738585072014e-308];
    model.params.b!.set(extremes);
    const text = stringifyModel(model);
    expect(text).toContain('"b": [-0, 5e-324, -1.7976931348623157e+308, 2.2250738585072014e-308]');
    expect(Object.is(parseModelText(text).params.b![0], -0)).toBe(true);
  });

  it('writes labels as JSON strings, never as markup', () => {
    const model = { ...parseModel(fixture('elman-tokens.json')), labels: { input: ['"a"', '<b>\n', '\u2028\ud800'] } };
    expect(parseModelText(stringifyModel(model)).labels).toEqual(model.labels);
  });

  it('refuses a non-finite number, naming it', () => {
    const model = parseModel(fixture('jordan-softmax.json'));
    model.params.W![1 * model.sizes.output + 2] = NaN;
    let error: unknown;
    try {
      stringifyModel(model);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toBe('params.W[1][2]: expected a finite number, got NaN (JSON has no NaN or Infinity)');
  });
});

/** Every double JSON can carry: fast-check's doubles (with -0, subnormals, +-MAX_VALUE) and some chosen ones. */
const double = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, 5e-324, -5e-324, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MIN_VALUE, 1e21, 1e-7, 0.1, 1 / 3),
);
const doubles = (length: number) => fc.array(double, { minLength: length, maxLength: length }).map((xs) => Float64Array.from(xs));
const ids = (length: number, count: number) =>
  fc.array(fc.integer({ min: 0, max: count - 1 }), { minLength: length, maxLength: length }).map((xs) => Int32Array.from(xs));
/** Labels of at most 64 UTF-16 units (32 code points), any code point, lone surrogates included. */
const labels = (count: number) => fc.array(fc.string({ unit: 'binary', maxLength: LIMITS.labelChars / 2 }), { minLength: count, maxLength: count });

/** Small random models of every variant, with token or dense inputs, with or without labels and truncation. */
const anyModel: fc.Arbitrary<Model> = fc.record({
  variant: fc.constantFrom<Variant>(...VARIANTS),
  feedback: fc.constantFrom<Feedback>(...FEEDBACKS),
  n: fc.integer({ min: 1, max: 4 }),
  H: fc.integer({ min: 1, max: 5 }),
  K: fc.integer({ min: 2, max: 4 }),
  tau: fc.integer({ min: 1, max: 6 }),
  dense: fc.boolean(),
  truncation: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
  labelled: fc.constantFrom('none', 'input', 'output', 'both'),
  atEnd: fc.boolean(),
}).chain(({ variant, feedback, n, H, K, tau, dense, truncation, labelled, atEnd }) => {
  const jordan = variant === 'jordan';
  // A gated cell read out once at the end, half the time.
  const readout = atEnd && takesReadout(variant) ? { readout: 'last' as const } : {};
  const sizes = { input: n, hidden: H, output: K };
  const params = fc.record(Object.fromEntries(paramNames(variant).map((name) => {
    const [rows, cols] = paramShape({ variant, sizes }, name);
    return [name, doubles(rows * cols)];
  })));
  return fc.record({
    params,
    inputs: dense ? doubles(tau * n) : ids(tau, n),
    targets: ids(readsOutAtEnd({ variant, ...readout }) ? 1 : tau, K),
    input: labels(n),
    output: labels(K),
  }).map(({ params, inputs, targets, input, output }): Model => {
    const named: Labels | null = labelled === 'none' ? null : {
      ...(labelled === 'output' ? {} : { input }),
      ...(labelled === 'input' ? {} : { output }),
    };
    return {
      variant,
      feedback: jordan ? feedback : null,
      sizes,
      params,
      sequence: {
        length: tau,
        inputs: inputs instanceof Float64Array ? { kind: 'dense', values: inputs } : { kind: 'tokens', ids: inputs },
        targets,
      },
      truncation,
      labels: named,
      ...readout,
    };
  });
});

describe('export -> text -> parse', () => {
  it('gives back every model bit for bit', () => {
    fc.assert(fc.property(anyModel, (model) => {
      expectSameModel(parseModelText(stringifyModel(model)), model);
      expectSameModel(parseModel(exportModel(model)), model);
    }), { seed: 42, numRuns: 200 });
  });
});
