/** A model's typed arrays crossing to another thread: a deep copy, and the buffers to transfer. */
import type { Model } from '../model';
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
