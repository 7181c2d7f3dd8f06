/** How a keyed request carries its model to the worker: not at all, its parameters alone, or its file. */
import type { ModelFile } from '../engine/index';
import { paramsTransfer } from '../engine/index';
import type { Params } from '../engine/model';
import type { PassSize } from './allowance';
import { passSizeOf } from './allowance';
import type { ModelCarry } from './protocol';

/**
 * The model of a keyed request: its file, or its size with ways to make its file and copies of
 * its parameters, called only when the worker may not hold the model (exporting a large model is
 * main-thread work; the copies are transferred).
 */
export type ModelArg = ModelFile | { readonly size: PassSize; readonly file: () => ModelFile; readonly params: () => Params };
export const sizeOfArg = (m: ModelArg): PassSize => ('file' in m ? m.size : passSizeOf(m));

/** How a keyed call carries its model: not at all (the worker holds it), its parameters alone (the worker holds its scene), or its file. */
export type Carry = 'none' | 'params' | 'file';

/** What a keyed request carries, and the buffers to transfer with it. */
export function carried(model: ModelArg, carry: Carry): { readonly fields: ModelCarry; readonly transfer: ArrayBuffer[] } {
  if (carry === 'none') return { fields: {}, transfer: [] };
  // A bare model file has no parameters to send alone: it goes whole.
  if (!('file' in model)) return { fields: { model }, transfer: [] };
  if (carry === 'file') return { fields: { model: model.file() }, transfer: [] };
  const params = model.params();
  return { fields: { params }, transfer: paramsTransfer(params) };
}
