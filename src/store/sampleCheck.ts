/** Checking the sampling settings a link or a saved state carries (stateRead.ts): types here, ranges by the engine when it samples. */
import * as z from 'zod';
import type { SampleSettings } from './sampling';
import type { StateSource } from './stateError';
import { OBJECT, check, expected } from './stateCheck';

const INTEGER = z.int({ error: expected('an integer') });

/** The settings' JSON: p and L at least 1, T a positive number, greedy a boolean, the seed a 32-bit unsigned integer. */
const SAMPLE_SCHEMA = z.strictObject({
  prompt: INTEGER.min(1, { error: (iss) => `expected an integer of at least 1, got ${String(iss.input)}` }),
  length: INTEGER.min(1, { error: (iss) => `expected an integer of at least 1, got ${String(iss.input)}` }),
  temperature: z.number({ error: expected('a finite number') }).positive({ error: (iss) => `expected a number above 0, got ${String(iss.input)}` }),
  greedy: z.boolean({ error: expected('true or false') }),
  seed: INTEGER.min(0, { error: (iss) => `expected an integer in 0..${2 ** 32 - 1}, got ${String(iss.input)}` })
    .max(2 ** 32 - 1, { error: (iss) => `expected an integer in 0..${2 ** 32 - 1}, got ${String(iss.input)}` }),
}, OBJECT);

/** A state's `sample` field; a StateError names the field that is wrong. */
export function readSample(json: unknown, where: StateSource): SampleSettings {
  return check(SAMPLE_SCHEMA, json, where, 'sample');
}
