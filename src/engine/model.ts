/**
 * The engine's in-memory model: the three networks of Deep Learning section 10.2 with their
 * parameters and one training sequence. Every vector and matrix is a flat Float64Array in
 * row-major order; its shape follows from `sizes` and the variant (see shared/MODEL.md).
 */

/** The three design patterns: hidden-to-hidden, output-to-hidden, and one output at the end. */
export type Variant = 'elman' | 'jordan' | 'single-output';

/** What a Jordan network feeds back into step t as f(t-1). */
export type Feedback = 'logits' | 'softmax' | 'teacher';

export const VARIANTS: readonly Variant[] = ['elman', 'jordan', 'single-output'];
export const FEEDBACKS: readonly Feedback[] = ['logits', 'softmax', 'teacher'];

export interface Sizes {
  /** n: size of an input x(t) (the vocabulary size for token inputs). */
  readonly input: number;
  /** H: size of the hidden state h(t). */
  readonly hidden: number;
  /** K: number of classes, the size of o(t) and yhat(t). */
  readonly output: number;
}

/** Every parameter by name: the cell's (./cells: e.g. U, W, b, h0; Uf ... s0 for the LSTM) and the output layer's V and c. */
export type Params = Readonly<Record<string, Float64Array>>;
export type ParamName = string;
export const PARAM_NAMES: readonly ParamName[] = ['U', 'W', 'V', 'b', 'c', 'h0'];

/** Inputs x(1..tau): token ids (x(t) is the one-hot of ids[t-1]) or dense vectors. */
export type Inputs =
  | { readonly kind: 'tokens'; /** x(t) = onehot(ids[t-1]), ids in 0..n-1 */ readonly ids: Int32Array }
  | { readonly kind: 'dense'; /** x(t) = values[(t-1)*n .. t*n), tau x n */ readonly values: Float64Array };

export interface Sequence {
  /** tau: the number of time steps. */
  readonly length: number;
  readonly inputs: Inputs;
  /** y: class ids in 0..K-1; tau of them, or exactly one for the single-output network. */
  readonly targets: Int32Array;
}

export interface Labels {
  /** Display names of the n input symbols: text only, never parsed as HTML or TeX. */
  readonly input?: readonly string[];
  /** Display names of the K classes: text only. */
  readonly output?: readonly string[];
}

export interface Model {
  readonly variant: Variant;
  /** Jordan's feedback signal f; null for the other variants. */
  readonly feedback: Feedback | null;
  readonly sizes: Sizes;
  readonly params: Params;
  readonly sequence: Sequence;
  /** k: truncated BPTT window (no gradient crosses a multiple of k); null for full BPTT. */
  readonly truncation: number | null;
  readonly labels: Labels | null;
}

/** Documented limits of a model file, checked before anything large is allocated. */
export const LIMITS = {
  input: 1024,
  hidden: 512,
  output: 1024,
  length: 2048,
  /**
   * Most numbers of dense inputs, tau x n (768 x 1024): with every other size at its limit, every
   * number at its longest (24 characters) and every label too, the file stays within fileBytes
   * (62.2 MB of 64 MiB), which tau 2048 x n 1024 (96.3 MB) would not.
   */
  denseInputs: 768 * 1024,
  labelChars: 64,
  /** Largest model file accepted: bytes on disk (CLI, file import), characters of text (parseModelText). */
  fileBytes: 64 * 1024 * 1024,
} as const;

/** Shape [rows, cols] of each parameter (vectors are [len, 1]). */
export function paramShape(model: Pick<Model, 'variant' | 'sizes'>, name: ParamName): readonly [number, number] {
  const { input: n, hidden: H, output: K } = model.sizes;
  switch (name) {
    case 'U': return [H, n];
    case 'W': return [H, model.variant === 'jordan' ? K : H];
    case 'V': return [K, H];
    case 'b': return [H, 1];
    case 'c': return [K, 1];
    case 'h0': return [model.variant === 'jordan' ? 0 : H, 1];
    default: throw new RangeError(`${name}: a ${model.variant} network has no such parameter`);
  }
}

/** The parameters this variant has (Jordan has no h0). */
export function paramNames(variant: Variant): readonly ParamName[] {
  return variant === 'jordan' ? PARAM_NAMES.filter((p) => p !== 'h0') : PARAM_NAMES;
}

/** Number of steps that produce an output o(t): tau, or 1 for the single-output network. */
export function outputSteps(model: Pick<Model, 'variant' | 'sequence'>): number {
  return model.variant === 'single-output' ? 1 : model.sequence.length;
}
