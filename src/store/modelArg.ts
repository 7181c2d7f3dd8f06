/** The store's models as keyed engine requests name and carry them. */
import type { Model, ModelFile } from '../engine/index';
import { copyParams, exportModel } from '../engine/index';
import type { ModelArg } from '../worker/client';
import { passSizeOfModel } from '../worker/allowance';

/** Each model's file, written once (models are never mutated); kept no longer than the model. */
const files = new WeakMap<Model, ModelFile>();

/**
 * A model as the argument of a keyed request: its size, and, only when the worker may not hold
 * it, its model file (written once per model: exporting a large model is main-thread work) or
 * copies of its parameters (transferred: the store keeps its own).
 */
export function modelArgOf(model: Model): ModelArg {
  return {
    size: passSizeOfModel(model),
    file: () => {
      let file = files.get(model);
      if (file === undefined) {
        file = exportModel(model);
        files.set(model, file);
      }
      return file;
    },
    params: () => copyParams(model.params),
  };
}
