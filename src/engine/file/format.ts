/**
 * What reading and writing a model file share: its format and version, the ModelError every
 * refusal is, and a field's path as messages write it. Free of the schemas (./schema.ts), so
 * that writing a file (export.ts) does not load them: the page writes on its main thread and
 * reads in the worker.
 */

/** The value of the file's "format" field. */
export const FORMAT = 'unroll-model';
/** The one version of the file this program reads and writes. */
export const VERSION = 1;

/** A model file refused: the field path (`params.W[2]`, or `model` for the whole file) and the problem. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  /** Where the problem is, e.g. `sequence.inputs[3][1]`; `model` for the file as a whole. */
  readonly path: string;
  /** What is wrong, one line, e.g. `expected 4 numbers, got 3`. */
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
    this.problem = problem;
  }
}

/** A field path as messages write it: `params.W[2]` from ['params', 'W', 2]; `model` for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? 'model' : out;
}
