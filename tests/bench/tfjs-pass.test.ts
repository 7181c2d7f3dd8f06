/**
 * The TF.js peer of the benchmark computes the same pass as the engine: on every frozen
 * fixture (float64 values from an independent implementation) its float32 loss, step
 * losses and gradients agree within 1e-4 absolute + 1e-3 relative.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfjsGradients, tfjsSetup, type TfjsParamName } from '../../bench/tfjs-pass';
import type { Feedback, Model, Variant } from '../../src/engine/model';

import { FIXTURES_DIR as FIXTURES, FIXTURE_NAMES } from '../fixtures';
const PARAMS: readonly TfjsParamName[] = ['U', 'W', 'V', 'b', 'c', 'h0'];

/** A vector or a matrix (array of rows) as in the model file. */
type Numbers = readonly number[] | readonly (readonly number[])[];

/** The fields of a fixture this test reads (the model file format of shared/DESIGN.md). */
interface Fixture {
  readonly model: {
    readonly variant: Variant;
    readonly feedback?: Feedback;
    readonly sizes: { readonly input: number; readonly hidden: number; readonly output: number };
    readonly params: Partial<Record<TfjsParamName, Numbers>>;
    readonly sequence: { readonly inputs: Numbers; readonly targets: number | readonly number[] };
    readonly truncation?: number;
  };
  readonly expected: {
    readonly loss: number;
    readonly stepLosses: readonly number[];
    readonly grads: Partial<Record<TfjsParamName, Numbers>>;
  };
}

/** Row-major flattening of a vector or matrix. */
function flat(x: Numbers): Float64Array {
  return Float64Array.from(x.flat());
}

/** The in-memory Model of a fixture's model file (a local stand-in for the engine's parser). */
function toModel(m: Fixture['model']): Model {
  const { inputs, targets } = m.sequence;
  const param = (name: TfjsParamName): Float64Array => {
    const v = m.params[name];
    if (v === undefined) throw new Error(`fixture lacks ${name}`);
    return flat(v);
  };
  return {
    variant: m.variant,
    feedback: m.feedback ?? null,
    sizes: m.sizes,
    params: {
      U: param('U'), W: param('W'), V: param('V'), b: param('b'), c: param('c'),
      ...(m.variant === 'jordan' ? {} : { h0: param('h0') }),
    },
    sequence: {
      length: inputs.length,
      inputs: typeof inputs[0] === 'number'
        ? { kind: 'tokens', ids: Int32Array.from(inputs.flat()) }
        : { kind: 'dense', values: flat(inputs) },
      targets: Int32Array.from(typeof targets === 'number' ? [targets] : targets),
    },
    truncation: m.truncation ?? null,
    labels: null,
  };
}

/** Largest |actual - expected| - (1e-4 + 1e-3 |expected|): at most 0 when every entry agrees. */
function excess(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? NaN;
    worst = Math.max(worst, Math.abs((actual[i] ?? NaN) - e) - (1e-4 + 1e-3 * Math.abs(e)));
  }
  return worst;
}

// The section 10.2 networks with tanh (the peer's): the gated cells' peer is bench/tfjs-cells.ts.
const files = FIXTURE_NAMES.filter((f) => !f.startsWith('lstm-') && !f.startsWith('gru-') && f !== 'elman-relu.json');

describe('TF.js peer against the frozen fixtures', () => {
  beforeAll(tfjsSetup);

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s', (file) => {
    const fixture = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as Fixture;
    const got = tfjsGradients(toModel(fixture.model));
    const want = fixture.expected;
    expect(excess([got.loss], [want.loss])).toBeLessThanOrEqual(0);
    expect(excess(got.stepLosses, want.stepLosses)).toBeLessThanOrEqual(0);
    for (const name of PARAMS) {
      const w = want.grads[name];
      const g = got.grads[name];
      if (w === undefined) {
        expect(g, `${name} should be null`).toBeNull();
      } else {
        if (g === null) throw new Error(`${name} missing`);
        expect(excess(g, flat(w)), name).toBeLessThanOrEqual(0);
      }
    }
  });
});
