/**
 * The names and shapes of a deep or bidirectional network's parameters (./stack.ts computes its
 * pass): PyTorch's suffixes on the cell's names (`W`, `W_l1`, `W_reverse`, `W_l2_reverse`), layer
 * l > 0's input weights over both directions of the layer under, V over the top layer's.
 */
import type { Cell } from '../cells/index';
import { cellParamShape } from '../cells/index';
import type { Sizes } from '../model';

/** How many layers, and whether each runs in both directions. */
export interface StackShape {
  /** D, 1 to MAX_LAYERS. */
  readonly layers: number;
  readonly bidirectional: boolean;
}

/** The most layers a network may have. */
export const MAX_LAYERS = 4;

/** Directions per layer: 1, or 2 when bidirectional. */
export const directionsOf = (shape: StackShape): 1 | 2 => (shape.bidirectional ? 2 : 1);

/** A parameter's name in a stack, as PyTorch suffixes it: `W` (layer 0, forward), `W_l1`, `W_reverse`, `W_l2_reverse`. */
export function stackParamName(name: string, layer: number, reverse: boolean): string {
  return `${name}${layer > 0 ? `_l${layer}` : ''}${reverse ? '_reverse' : ''}`;
}

/** A cell's parameters besides the output layer's, in its order. */
export const ownParams = (cell: Cell): readonly string[] => cell.params.map((p) => p.name);

/** Every parameter of a stack: layer by layer, each direction's cell parameters (forward first), then V and c. */
export function stackParamNames(cell: Cell, shape: StackShape): readonly string[] {
  const names: string[] = [];
  for (let l = 0; l < shape.layers; l++) {
    for (let d = 0; d < directionsOf(shape); d++) for (const p of ownParams(cell)) names.push(stackParamName(p, l, d === 1));
  }
  return [...names, 'V', 'c'];
}

/** The sizes a layer's cell sees: layer 0 reads x(t) (n), the others z(t) of the layer under (H dirs). */
export const layerSizes = (sizes: Sizes, shape: StackShape, layer: number): Sizes =>
  ({ ...sizes, input: layer === 0 ? sizes.input : sizes.hidden * directionsOf(shape) });

/** What a network of this cell and shape is called in an error: `a 2-layer bidirectional gru network`. */
export const describeStack = (cell: Cell, shape: StackShape): string =>
  `a ${shape.layers}-layer ${shape.bidirectional ? 'bidirectional ' : ''}${cell.name} network`;

/** Reads a name with PyTorch's suffixes as (one of `bases`, layer, reverse), or null when it names none of this shape. */
function parseSuffixed(bases: readonly string[], shape: StackShape, name: string): { readonly base: string; readonly layer: number; readonly reverse: boolean } | null {
  const m = /^(.+?)(?:_l(\d))?(_reverse)?$/.exec(name);
  if (!m) return null;
  const layer = m[2] === undefined ? 0 : Number(m[2]);
  const reverse = m[3] !== undefined;
  if (!bases.includes(m[1]!) || layer < 1 && m[2] !== undefined || layer >= shape.layers || (reverse && !shape.bidirectional)) return null;
  return { base: m[1]!, layer, reverse };
}

/** Reads a stack parameter's name as (cell parameter, layer, reverse), or null when it names none. */
export function parseStackParam(cell: Cell, shape: StackShape, name: string): { readonly param: string; readonly layer: number; readonly reverse: boolean } | null {
  const p = parseSuffixed(ownParams(cell), shape, name);
  return p && { param: p.base, layer: p.layer, reverse: p.reverse };
}

/** Reads a stack node's name (`h_l1_reverse`, `f_l2`) as (the cell's node, layer, reverse), or null when it names none. */
export function parseStackNode(cell: Cell, shape: StackShape, name: string): { readonly node: string; readonly layer: number; readonly reverse: boolean } | null {
  const p = parseSuffixed(cell.nodes.map((n) => n.name), shape, name);
  return p && { node: p.base, layer: p.layer, reverse: p.reverse };
}

/** The shape [rows, cols] of a stack parameter: V is K x (H dirs); layer l > 0's input weights H x (H dirs). */
export function stackParamShape(cell: Cell, sizes: Sizes, shape: StackShape, name: string): readonly [number, number] {
  if (name === 'V') return [sizes.output, sizes.hidden * directionsOf(shape)];
  if (name === 'c') return [sizes.output, 1];
  const p = parseStackParam(cell, shape, name);
  if (!p) throw new RangeError(`${name}: ${describeStack(cell, shape)} has no such parameter`);
  return cellParamShape(cell, layerSizes(sizes, shape, p.layer), p.param);
}

