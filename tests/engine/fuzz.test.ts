/**
 * A seeded fuzz of the model file: valid files of every variant, feedback and input kind, each
 * mutated a few times (values of other types, huge and tiny numbers, deletions, shapes, extra and
 * prototype keys) and written as JSON text. Each is either refused with a one-line ModelError
 * naming a path that exists in the mutated file (or, for a missing field, whose parent does), or
 * accepted, and then every result of gradients(), forward() and a few trainer steps is finite or
 * the first non-finite value is named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model, TrainOptions } from '../../src/engine/index';
import {
  FEEDBACKS, ModelError, VARIANTS, createTrainer, describeNonFinite, describeTrainFault, exportModel, forward, gradients,
  initModel, paramNames, parseModelText,
} from '../../src/engine/index';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Key = string | number;

/** Numbers written as JSON text: 1e400 reads as Infinity, 1e-400 as 0. */
const NUMBER_TEXTS = ['1e400', '-1e400', '1e-400', '-0', '1e308', '-1.7976931348623157e308', '5e-324', '1e200', '-1e154', '1e-300',
  '9007199254740993', '-1', '0', '0.5', '1', '2', '3', '1024', '2049', '4294967296'];
const OTHER_VALUES: Json[] = [null, true, false, '', 'x', '0.5', '\u001b]0;PWNED\u0007', '\u009b31m\u202e', [], [0], [[0]], {}, { a: 1 }];
const EXTRA_KEYS = ['extra', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'U', 'h0', 'feedback', 'labels', '\u009b2J'];
/** Powers of ten that a whole vector or matrix is scaled by. */
const SCALES = [100, 154, 200, 300, 307, 308, -200, -320];
/** A number placeholder in the object, replaced by its text once the object is written. */
const placeholder = (i: number): string => `@@number${i}@@`;

/** A valid model file of every variant, feedback and input kind, with or without labels and truncation. */
function baseFiles(): Json[] {
  const files: Json[] = [];
  let seed = 1;
  for (const variant of VARIANTS) {
    for (const feedback of variant === 'jordan' ? FEEDBACKS : [undefined]) {
      for (const inputs of ['tokens', 'dense'] as const) {
        for (const [n, H, K, tau] of [[1, 1, 2, 1], [2, 3, 3, 4]] as const) {
          const m = initModel({
            variant, ...(feedback ? { feedback } : {}), input: n, hidden: H, output: K, length: tau, seed: seed++, inputs,
            scheme: 'uniform', ...(tau > 1 ? { truncation: 2 } : {}),
          });
          const labelled: Model = tau > 1 ? { ...m, labels: { input: Array.from({ length: n }, (_, i) => `x${i}`), output: Array.from({ length: K }, (_, i) => `y${i}`) } } : m;
          files.push(JSON.parse(JSON.stringify(exportModel(labelled))) as Json);
        }
      }
    }
  }
  return files;
}

/** Every path to a value inside a JSON value (the root excluded). */
function paths(v: Json, at: Key[] = [], out: Key[][] = []): Key[][] {
  if (Array.isArray(v)) v.forEach((item, i) => { out.push([...at, i]); paths(item, [...at, i], out); });
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) { out.push([...at, k]); paths(v[k]!, [...at, k], out); }
  return out;
}

/** The own value at one key of a container, or undefined (never a prototype's). */
function own(container: unknown, key: Key): { value: unknown } | undefined {
  if (typeof key === 'number') return Array.isArray(container) && key < container.length ? { value: container[key] as unknown } : undefined;
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return undefined;
  const d = Object.getOwnPropertyDescriptor(container, key);
  return d ? { value: d.value as unknown } : undefined;
}

/** Sets an own, enumerable property (so that "__proto__" becomes a key, not the prototype). */
function setOwn(container: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value at a path, or undefined when it does not exist. */
function resolve(root: unknown, path: readonly Key[]): { value: unknown } | undefined {
  let at: { value: unknown } | undefined = { value: root };
  for (const key of path) {
    at = at && own(at.value, key);
    if (!at) return undefined;
  }
  return at;
}

/** ['params', 'W', 2] from 'params.W[2]'; [] from 'model'. */
function keysOf(path: string): Key[] {
  if (path === 'model') return [];
  const out: Key[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|\.?([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return out;
}

/** One edit of a file. */
interface Mutation {
  readonly pick: number;
  readonly kind: 'number' | 'scale' | 'other' | 'delete' | 'extra' | 'longer' | 'shorter' | 'wrap' | 'unwrap';
  readonly choice: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  // Numbers and scales mostly keep a file valid, so that its results are checked too.
  kind: fc.constantFrom('number', 'number', 'number', 'scale', 'scale', 'scale', 'scale', 'scale', 'other', 'delete', 'extra', 'longer', 'shorter', 'wrap', 'unwrap'),
  choice: fc.nat(),
});

/** Applies one mutation in place; numbers go in as placeholders (their texts collected in `numbers`). */
function mutate(root: Json, m: Mutation, numbers: string[]): void {
  // A scale applies to a vector or a matrix (or a row), so that sums of huge terms are formed.
  const all = paths(root).filter((p) => m.kind !== 'scale' || Array.isArray(resolve(root, p)!.value));
  if (all.length === 0) return;
  const path = all[m.pick % all.length]!;
  const key = path[path.length - 1]!;
  const parent = resolve(root, path.slice(0, -1))!.value as Json[] | Record<string, Json>;
  const old = own(parent, key)!.value as Json;
  const put = (value: Json): void => {
    if (Array.isArray(parent)) parent[key as number] = value;
    else setOwn(parent, key as string, value);
  };
  switch (m.kind) {
    case 'number':
      numbers.push(NUMBER_TEXTS[m.choice % NUMBER_TEXTS.length]!);
      put(placeholder(numbers.length - 1));
      return;
    case 'scale': {
      // Every number of the subtree times 10^e: huge (overflowing sums) or tiny.
      const e = SCALES[m.choice % SCALES.length]!;
      const scaled = (v: Json): Json => {
        if (typeof v === 'number') {
          const [mantissa, exponent] = v.toExponential().split('e');
          numbers.push(`${mantissa}e${Number(exponent) + e}`);
          return placeholder(numbers.length - 1);
        }
        if (Array.isArray(v)) return v.map(scaled);
        return v;
      };
      put(scaled(old));
      return;
    }
    case 'other': put(structuredClone(OTHER_VALUES[m.choice % OTHER_VALUES.length]!)); return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else Reflect.deleteProperty(parent, key);
      return;
    case 'extra': {
      const target = old !== null && typeof old === 'object' && !Array.isArray(old) ? old : Array.isArray(parent) ? null : parent;
      if (target) setOwn(target, EXTRA_KEYS[m.choice % EXTRA_KEYS.length]!, m.choice % 2 === 0 ? 0 : {});
      return;
    }
    case 'longer': if (Array.isArray(old)) old.push(structuredClone(old[old.length - 1] ?? 0)); return;
    case 'shorter': if (Array.isArray(old)) old.pop(); return;
    case 'wrap': put([old]); return;
    case 'unwrap': if (Array.isArray(old)) put(old[0] ?? null); return;
  }
}

/** Raw control characters, put into the text itself (which then is no longer JSON). */
const RAW = '\u001b]0;PWNED\u0007\u009b';

/** Any C0 control, DEL, or any C1 control. */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Checks a refusal: a one-line ModelError whose path exists in the file, or is a missing key of an existing parent. */
function checkRefusal(e: unknown, text: string): void {
  expect(e).toBeInstanceOf(ModelError);
  const err = e as ModelError;
  expect(err.message).not.toMatch(CONTROL);
  const keys = keysOf(err.path);
  if (keys.length === 0) return;
  const file = JSON.parse(text) as unknown;
  if (err.problem.startsWith('missing')) {
    expect(resolve(file, keys.slice(0, -1)), `${err.message}: the parent of a missing field exists`).toBeDefined();
    expect(resolve(file, keys)?.value, `${err.message}: a missing field is missing`).toBeUndefined();
  } else {
    expect(resolve(file, keys), `${err.message}: the path exists in ${text.slice(0, 300)}`).toBeDefined();
  }
}

const allFinite = (...arrays: (Float64Array | null)[]): boolean => arrays.every((a) => a === null || a.every(Number.isFinite));

/** Checks an accepted model: every result finite, or the first non-finite value named; returns how many were named. */
function checkAccepted(model: Model): number {
  let named = 0;
  const g = gradients(model);
  if (g.nonFinite) named++;
  if (g.nonFinite) expect(describeNonFinite(g.nonFinite)).not.toMatch(/\n/);
  else {
    expect(Number.isFinite(g.loss), 'gradients(): loss').toBe(true);
    expect(allFinite(g.stepLosses, ...paramNames(model.variant).map((p) => g.grads[p]!)), 'gradients(): step losses and gradients').toBe(true);
  }
  const f = forward(model);
  if (!f.nonFinite) {
    expect(Number.isFinite(f.loss), 'forward(): loss').toBe(true);
    expect(allFinite(f.states.a, f.states.h, f.states.o, f.states.yhat, f.states.stepLosses), 'forward(): states').toBe(true);
  }
  for (const options of [
    { optimizer: 'sgd', learningRate: 0.5, clipNorm: null, snapshotEvery: 1, snapshotCapacity: 4 },
    { optimizer: 'adam', learningRate: 0.1, clipNorm: 1, snapshotEvery: 1, snapshotCapacity: 4 },
  ] satisfies TrainOptions[]) {
    const trainer = createTrainer(model, options);
    for (let i = 0; i < 3; i++) {
      const r = trainer.step();
      if (r.nonFinite) {
        named++;
        expect(describeTrainFault(r.nonFinite)).not.toMatch(/\n/);
        expect(trainer.paused).toBe(true);
        break;
      }
      expect([r.loss, r.gradNorm].every(Number.isFinite), `${options.optimizer} step ${i + 1}: loss and gradient norm`).toBe(true);
      expect(allFinite(...paramNames(model.variant).map((p) => trainer.model.params[p]!)), `${options.optimizer} step ${i + 1}: parameters`).toBe(true);
    }
  }
  return named;
}

describe('fuzzed model files', () => {
  const bases = baseFiles();

  it(`are refused with a one-line message naming an existing path, or give finite or named results (${bases.length} valid files, 2000 mutants)`, { timeout: 60_000 }, () => {
    let refused = 0;
    let named = 0;
    fc.assert(fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.tuple(fc.nat(9), fc.nat()).map(([p, at]) => (p === 0 ? at : null)), (b, mutations, raw) => {
      const file = structuredClone(bases[b % bases.length]!);
      const numbers: string[] = [];
      for (const m of mutations) mutate(file, m, numbers);
      const json = JSON.stringify(file).replace(/"@@number(\d+)@@"/g, (_, i: string) => numbers[Number(i)]!);
      const text = raw === null ? json : `${json.slice(0, raw % json.length)}${RAW}${json.slice(raw % json.length)}`;
      let model: Model;
      try {
        model = parseModelText(text);
      } catch (e) {
        refused++;
        checkRefusal(e, text);
        return;
      }
      named += checkAccepted(model);
    }), { seed: 20261201, numRuns: 2000 });
    // Most mutants are refused, but not all, and some accepted ones overflow: every branch is exercised.
    expect(refused).toBeGreaterThan(500);
    expect(refused).toBeLessThan(1900);
    expect(named).toBeGreaterThan(20);
  });
});
