/**
 * Checking a state read back (a link, short or full, or a saved state): the schema of a scene's
 * JSON, and the checks of the scene, the position and the selected node that both forms of link
 * and the saved state share (refusals are StateErrors, ./stateError.ts). User text stays data,
 * never HTML. Loaded with stateRead.ts, only when there is a state to read.
 */
import * as z from 'zod';
import { graphShapeOf, parseSelection, stackLayoutInput, unfoldedLayout } from '../graph/layout/index';
import type { Model } from '../engine/index';
import { FEEDBACKS, LIMITS, NONLINEARITIES, VARIANTS, isStacked, modelParamNames, quote } from '../engine/index';
import type { SceneConfig } from './scene';
import { READOUTS, SceneError, buildModel } from './scene';
import { endOf } from './slices/playback';
import type { StateSource } from './stateError';
import { StateError, isRecord } from './stateError';

/** A short description of a user's value. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** "missing" for an absent value, else `expected ..., got <value>`. */
export const expected = (what: string) => (iss: { readonly input?: unknown }): string =>
  iss.input === undefined ? 'missing' : `expected ${what}, got ${describe(iss.input)}`;

/** The messages of an object: "unknown field", "missing" or "expected an object". */
export const OBJECT = {
  error: (iss: z.core.$ZodRawIssue): string =>
    iss.code === 'unrecognized_keys' ? `unknown field ${quote(iss.keys[0] ?? '')}` : expected('an object')(iss),
};

/** An array of at most `max` integers, refused on its length before any item is read, then at its first bad item. */
function intList(noun: string, max: number): z.ZodType<number[]> {
  return z.custom<number[]>((v) => Array.isArray(v), { abort: true, error: expected(`an array of ${noun}s`) }).check((payload) => {
    const items = payload.value;
    if (items.length > max) {
      payload.issues.push({ code: 'custom', input: items, message: `expected at most ${max} ${noun}s, got ${items.length}` });
      return;
    }
    const bad = items.findIndex((x) => !Number.isInteger(x));
    if (bad >= 0) payload.issues.push({ code: 'custom', input: items[bad], path: [bad], message: `expected a ${noun} (an integer), got ${describe(items[bad])}` });
  });
}

const INTEGER = z.int({ error: expected('an integer') });
const oneOf = (options: readonly string[]) => (iss: { readonly input?: unknown }): string =>
  iss.input === undefined ? 'missing' : `expected one of ${options.join(', ')}, got ${describe(iss.input)}`;

/** A scene's JSON: the types here; the ranges, and that it builds, by buildModel. */
const CONFIG_SCHEMA = z.strictObject({
  variant: z.enum(VARIANTS, { error: oneOf(VARIANTS) }),
  feedback: z.enum(FEEDBACKS, { error: oneOf(FEEDBACKS) }),
  nonlinearity: z.enum(NONLINEARITIES, { error: oneOf(NONLINEARITIES) }).exactOptional(),
  hidden: INTEGER,
  seed: INTEGER,
  truncation: z.int({ error: expected('an integer or null') }).nullable(),
  recurrence: z.number({ error: expected('a finite number') }).exactOptional(),
  layers: INTEGER.exactOptional(),
  bidirectional: z.boolean({ error: expected('true or false') }).exactOptional(),
  readout: z.enum(READOUTS, { error: oneOf(READOUTS) }).exactOptional(),
  sequence: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('text'), text: z.string({ error: expected('a string') }).max(2 * (LIMITS.length + 1), {
      error: (iss) => `expected at most ${LIMITS.length + 1} characters, got ${typeof iss.input === 'string' ? iss.input.length : '?'}`,
    }) }, OBJECT),
    z.strictObject({ mode: z.literal('tokens'), inputs: intList('token id', LIMITS.length), targets: intList('class id', LIMITS.length) }, OBJECT),
  ], {
    error: (iss) => iss.code === 'invalid_union' && isRecord(iss.input)
      ? `expected "text" or "tokens", got ${describe(iss.input['mode'])}`
      : expected('an object with a mode, "text" or "tokens"')(iss),
  }),
}, OBJECT);

/** A field path as messages write it: `sequence.inputs[3]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out;
}

/** Runs a schema; on failure throws its first problem under `prefix` (an unknown field wins over the "missing" it causes). */
export function check<T>(schema: z.ZodType<T>, json: unknown, where: StateSource, prefix: string): T {
  const result = schema.safeParse(json, { jitless: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const unknown = issues.find((iss) => iss.code === 'unrecognized_keys');
  const first = issues[0]?.message === 'missing' && unknown !== undefined ? unknown : issues[0];
  const rest = formatPath(first?.path ?? []);
  const path = prefix === '' || rest === '' || rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
  throw new StateError(where, `${path === '' ? 'state' : path}: ${first?.message ?? 'refused'}`);
}

/** The scene of a state's `config` field and the model it builds; a StateError names the field that is wrong. */
export function readConfig(json: unknown, where: StateSource): { readonly config: SceneConfig; readonly model: Model } {
  if (json === undefined) throw new StateError(where, 'config: missing');
  const config = check(CONFIG_SCHEMA, json, where, 'config');
  try {
    return { config, model: buildModel(config) };
  } catch (e) {
    if (!(e instanceof SceneError)) throw e;
    throw new StateError(where, `config.${e.field}: ${e.problem}`);
  }
}

/** A state's `position` (0..2 tau; a stack's 0..2F) and `selected` node of the model, checked in that order. */
export function readCursor(position: unknown, selected: unknown, model: Model, where: StateSource): { readonly position: number; readonly selected: string | null } {
  const end = endOf({ model });
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position > end) {
    throw new StateError(where, `position: ${position === undefined ? 'missing' : `expected an integer in 0..${end}, got ${describe(position)}`}`);
  }
  if (selected !== null && typeof selected !== 'string') {
    throw new StateError(where, `selected: ${selected === undefined ? 'missing' : `expected null, a node like "h@3" or a parameter, got ${describe(selected)}`}`);
  }
  const problem = selected === null ? null : nodeProblem(selected, model);
  if (problem !== null) throw new StateError(where, `selected: ${problem}`);
  return { position, selected };
}

/** Why `node` names no node of the model's unfolded graph, or null when it does. */
function nodeProblem(node: string, model: Model): string | null {
  // A deep or bidirectional network's nodes are its graph's (h_l1_reverse@3), its gates' too.
  if (isStacked(model)) {
    if (modelParamNames(model).includes(node)) return null;
    return unfoldedLayout(stackLayoutInput(model, true)).nodes.some((n) => n.id === node) ? null : `no node or parameter ${quote(node)} in this network`;
  }
  const parsed = parseSelection(node, graphShapeOf(model));
  return typeof parsed === 'string' ? parsed : null;
}
