/** A model's typed arrays crossing to another thread: a deep copy, new parameters for a model held there, and the buffers to transfer. */
import { firstNonFinite } from '../kernels';
import type { Model, Params } from '../model';
import { modelParamNames } from '../model';
import { copyParams } from '../train/train';

/** A deep copy of a model: its own parameter and sequence arrays (labels are immutable strings). */
export function copyModel(model: Model): Model {
  const { inputs, targets } = model.sequence;
  return {
    ...model,
    params: copyParams(model.params),
    sequence: {
      ...model.sequence,
      inputs: inputs.kind === 'tokens' ? { kind: 'tokens', ids: inputs.ids.slice() } : { kind: 'dense', values: inputs.values.slice() },
      targets: targets.slice(),
    },
  };
}

/** The buffers of a model's arrays, to transfer with postMessage (the sender must not use them after). */
export function modelTransfer(model: Model): ArrayBuffer[] {
  const { params: p, sequence: { inputs, targets } } = model;
  return [...Object.values(p), inputs.kind === 'tokens' ? inputs.ids : inputs.values, targets]
    .map((v) => v.buffer as ArrayBuffer);
}

/** The buffers of a parameter record, to transfer with postMessage. */
export function paramsTransfer(params: Params): ArrayBuffer[] {
  return Object.values(params).map((v) => v.buffer as ArrayBuffer);
}

/**
 * The model with `params` in place of its own parameters (the arrays themselves, not copies):
 * what crosses between threads when only the parameters changed. Checked as a model file's
 * parameters are, without a schema: every parameter of the variant and no other, each a
 * Float64Array shaped like the model's, every entry finite; the first problem is named, e.g.
 * `params.W: expected 16 numbers, got 15` or `params.b[2]: expected a finite number, got NaN`.
 */
export function withParams(model: Model, params: Params): Model {
  const names = modelParamNames(model);
  for (const name of Object.keys(params)) {
    if (!names.includes(name)) throw new RangeError(`params.${name}: a ${model.variant} network has no such parameter`);
  }
  for (const name of names) {
    const a: unknown = params[name];
    const size = model.params[name]!.length;
    if (!(a instanceof Float64Array)) throw new RangeError(`params.${name}: expected a Float64Array of ${size} numbers, got ${a === undefined ? 'none' : typeof a}`);
    if (a.length !== size) throw new RangeError(`params.${name}: expected ${size} numbers, got ${a.length}`);
    const i = firstNonFinite(a, 0, size);
    if (i >= 0) throw new RangeError(`params.${name}[${i}]: expected a finite number, got ${String(a[i])}`);
  }
  return { ...model, params };
}
