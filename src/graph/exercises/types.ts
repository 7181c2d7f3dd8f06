/**
 * The tour's self-checking exercises as data (issue 14): each is generated from a seed, carries
 * the model the learner sees, the question and the explanation as message keys with parameters
 * (the page words them, in English and Chinese), the scene the page sets, and the engine's answer.
 */
import type { Model, Nonlinearity } from '../../engine/index';

/** How the learner answers: pick nodes of the unfolded graph, choose an option, or type a number. */
export type ExerciseKind = 'pick-nodes' | 'choose' | 'number';

/** A value a message interpolates: a number, a string (a node id, an option key), a yes or no, or a list of numbers or strings. */
export type MessageParam = number | string | boolean | readonly number[] | readonly string[];

/** A message as data: its key, and the numbers and names it is worded with. */
export interface Message<K extends string = string, P extends Readonly<Record<string, MessageParam>> = Readonly<Record<string, MessageParam>>> {
  readonly key: K;
  readonly params: P;
}

/** What the page shows while the learner answers, and once the answer is committed. */
export interface SceneHints {
  /** The cursor position (0..2 tau, engine/pass/position.ts) shown while the learner answers. */
  readonly position: number;
  /** The position that shows the engine's answer on the graph, once the learner has committed. */
  readonly reveal: number;
  /** The node to select (`o@3`, see layout/ids.ts nodeId), or null for none. */
  readonly selected: string | null;
}

/**
 * How close a number must be to the engine's: within `within` of it (absolute), or within
 * `within` times its size but never less than `floor` (relative).
 */
export type Tolerance =
  | { readonly kind: 'absolute'; readonly within: number }
  | { readonly kind: 'relative'; readonly within: number; readonly floor: number };

/** What every exercise carries. */
interface ExerciseBase<Id extends string, Kind extends ExerciseKind, Q extends Message, X extends Message> {
  /** Which exercise, e.g. `truncation-reach`. */
  readonly id: Id;
  readonly kind: Kind;
  /** The tour's chapter it ends (issue 14's numbering, 1..12). */
  readonly chapter: number;
  /** The seed it was generated from: the same seed, the same exercise. */
  readonly seed: number;
  /** The model the learner sees (the engine's Model; the page shows it as it is). */
  readonly model: Model;
  readonly question: Q;
  readonly scene: SceneHints;
  /** The numbers that show why the answer is what it is. */
  readonly explanation: X;
}

/** Answered by picking nodes among `candidates`; right when the picked set is exactly `answer`. */
interface PickNodes<Id extends string, Q extends Message, X extends Message> extends ExerciseBase<Id, 'pick-nodes', Q, X> {
  /** The node ids the learner may pick from (`h@1` .. `h@tau`), in step order. */
  readonly candidates: readonly string[];
  /** The engine's set, in step order. */
  readonly answer: readonly string[];
}

/** Answered by one of 2..4 option keys; right when it is `answer`. */
interface Choose<Id extends string, O extends string, Q extends Message, X extends Message> extends ExerciseBase<Id, 'choose', Q, X> {
  readonly options: readonly O[];
  readonly answer: O;
}

/** Answered by a number; right when within `tolerance` of the engine's `answer`. */
interface NumberAnswer<Id extends string, Q extends Message, X extends Message> extends ExerciseBase<Id, 'number', Q, X> {
  readonly answer: number;
  readonly tolerance: Tolerance;
}

/** Chapter 8: which h(t) receive gradient from L(s) under a truncation window k. */
export type TruncationReach = PickNodes<'truncation-reach',
  Message<'truncation-reach.question', { readonly s: number; readonly window: number; readonly tau: number }>,
  Message<'truncation-reach.explanation', {
    readonly s: number; readonly window: number;
    /** The last cut before s (a multiple of k below s; 0 when there is none): no gradient crosses it. */
    readonly cut: number;
    /** cut + 1: the first step the gradient of L(s) reaches. */
    readonly first: number;
    /** Every cut 1 <= t < tau of the sequence. */
    readonly cuts: readonly number[];
  }>>;

/** Chapter 9: whether ||dL/dh(1)|| is larger or smaller than ||dL/dh(tau)|| with W = s I, one loss at the end. */
export type VanishingDirection = Choose<'vanishing-direction', 'larger' | 'smaller',
  Message<'vanishing-direction.question', { readonly scale: number; readonly tau: number; readonly nonlinearity: Nonlinearity }>,
  Message<'vanishing-direction.explanation', {
    readonly scale: number; readonly tau: number; readonly nonlinearity: Nonlinearity;
    /** ||dL/dh(1)|| and ||dL/dh(tau)||, the engine's. */
    readonly first: number;
    readonly last: number;
    /** first / last. */
    readonly ratio: number;
    /** ratio^(1 / (tau - 1)): the factor the gradient's norm is multiplied by per step back, on average. */
    readonly perStep: number;
    /** The mean slope of the nonlinearity over every unit and step (tanh: 1 - h_i(t)^2, near 0 where h saturates; ReLU: [h_i(t) > 0]). */
    readonly slope: number;
  }>>;

/** Chapter 3: yhat_j(t) after adding a constant to every entry of o(t). */
export type SoftmaxShift = NumberAnswer<'softmax-shift',
  Message<'softmax-shift.question', { readonly t: number; readonly j: number; readonly shift: number; readonly o: readonly number[] }>,
  Message<'softmax-shift.explanation', {
    readonly t: number; readonly j: number; readonly shift: number;
    /** yhat_j(t) before the shift and after it (the engine's, on the model with c + shift). */
    readonly before: number;
    readonly after: number;
  }>>;

/** Chapter 4: entry i of g_a(t) = (1 - h_i(t)^2) dL/dh_i(t), by hand. */
export type GaEntry = NumberAnswer<'ga-entry',
  Message<'ga-entry.question', { readonly t: number; readonly i: number }>,
  Message<'ga-entry.explanation', {
    readonly t: number; readonly i: number;
    /** h_i(t), dL/dh_i(t), 1 - h_i(t)^2 and dL/da_i(t), the engine's. */
    readonly h: number;
    readonly gh: number;
    readonly slope: number;
    readonly ga: number;
  }>>;

/** Chapter 6: which h(t) of a Jordan network receive gradient from L(s), with its feedback (teacher forcing or not). */
export type TeacherForcingReach = PickNodes<'teacher-forcing-reach',
  Message<'teacher-forcing-reach.question', { readonly s: number; readonly tau: number; readonly feedback: string }>,
  Message<'teacher-forcing-reach.explanation', {
    readonly s: number; readonly feedback: string;
    /** Whether anything crosses time (not under teacher forcing). */
    readonly crosses: boolean;
    /** The first step the gradient of L(s) reaches (s under teacher forcing, 1 otherwise). */
    readonly first: number;
  }>>;

/** Chapter 1: how many numbers a shared parameter (U, W or V) holds, counted once though every step uses it. */
export type SharedCount = NumberAnswer<'shared-count',
  Message<'shared-count.question', {
    /** The parameter asked about: U, W or V. */
    readonly name: string;
    readonly tau: number;
    /** n, H, K: the network's sizes. */
    readonly n: number;
    readonly H: number;
    readonly K: number;
  }>,
  Message<'shared-count.explanation', {
    readonly name: string; readonly tau: number;
    /** Its shape, the engine's (paramShape), and the number of its entries. */
    readonly rows: number;
    readonly cols: number;
    readonly count: number;
    /** tau x count: what one copy per step would hold, and what the unfolded graph does not. */
    readonly unshared: number;
  }>>;

/** Chapter 2: h_i(t) = tanh(b_i + (W h(t-1))_i + (U x(t))_i), predicted at step t-1 from h(t-1) and the numbers given. */
export type ForwardEntry = NumberAnswer<'forward-entry',
  Message<'forward-entry.question', {
    readonly t: number; readonly i: number;
    /** b_i, row i of W, and U_{i,x(t)} (x(t) the one-hot of token `token`): the numbers the learner combines with h(t-1). */
    readonly b: number;
    readonly w: readonly number[];
    readonly u: number;
    readonly token: number;
  }>,
  Message<'forward-entry.explanation', {
    readonly t: number; readonly i: number;
    /** The three terms of a_i(t), a_i(t) and h_i(t), the engine's. */
    readonly b: number;
    readonly wh: number;
    readonly u: number;
    readonly a: number;
    readonly h: number;
  }>>;

/** Chapter 5: dL/dc_k, the sum over every step of dL/do_k(t) = yhat_k(t) - [y(t) = k], before BPTT runs. */
export type SharedGradient = NumberAnswer<'shared-gradient',
  Message<'shared-gradient.question', { readonly k: number; readonly tau: number }>,
  Message<'shared-gradient.explanation', {
    readonly k: number; readonly tau: number;
    /** yhat_k(t) at t = 1..tau, the engine's. */
    readonly yhat: readonly number[];
    /** The steps t whose target y(t) is k. */
    readonly hits: readonly number[];
    /** Each step's contribution dL/do_k(t), t = 1..tau, the engine's. */
    readonly terms: readonly number[];
    /** Their sum: dL/dc_k, the engine's. */
    readonly sum: number;
  }>>;

/** Chapter 7: which h(t) of a single-output network (with or without a truncation window) receive gradient from its one loss. */
export type SingleOutputReach = PickNodes<'single-output-reach',
  Message<'single-output-reach.question', {
    readonly tau: number;
    /** The truncation window k; 0 for full BPTT. */
    readonly window: number;
  }>,
  Message<'single-output-reach.explanation', {
    readonly tau: number; readonly window: number;
    /** The first step the gradient of L reaches (1 without truncation). */
    readonly first: number;
  }>>;

/** The options of memory-reach: whether o(s) depends on x(1), whether L(s)'s gradient reaches h(1), both or neither. */
export type MemoryReachOption = 'both' | 'value only' | 'gradient only' | 'neither';

/** Chapter 10: does o(s) depend on x(1), and does the gradient of L(s) reach h(1)? The forward memory against what training sees. */
export type MemoryReach = Choose<'memory-reach', MemoryReachOption,
  Message<'memory-reach.question', {
    readonly s: number; readonly tau: number;
    /** `elman` or `jordan`. */
    readonly network: string;
    /** Jordan's feedback (logits, softmax, teacher); '' for Elman. */
    readonly feedback: string;
    /** The truncation window k; 0 for full BPTT. */
    readonly window: number;
  }>,
  Message<'memory-reach.explanation', {
    readonly s: number; readonly network: string; readonly feedback: string; readonly window: number;
    /** Whether o(s) changes when x(1) does, and the largest change of an entry of o(s) when x(1) is another token. */
    readonly depends: boolean;
    readonly change: number;
    /** Whether L(s)'s gradient reaches h(1), and the first step it reaches. */
    readonly reaches: boolean;
    readonly first: number;
  }>>;

/** Chapter 11: an LSTM's s_i(t) = f_i(t) s_i(t-1) + g_i(t) z_i(t), predicted at step t-1 from s(t-1) and the gates given. */
export type LstmCellState = NumberAnswer<'lstm-cell-state',
  Message<'lstm-cell-state.question', {
    readonly t: number; readonly i: number;
    /** f_i(t), g_i(t), z_i(t), the engine's. */
    readonly f: number;
    readonly g: number;
    readonly z: number;
  }>,
  Message<'lstm-cell-state.explanation', {
    readonly t: number; readonly i: number;
    readonly f: number;
    readonly g: number;
    readonly z: number;
    /** s_i(t-1); the kept part f_i s_i(t-1) and the written part g_i z_i (the equation's terms); s_i(t), the engine's. */
    readonly prev: number;
    readonly kept: number;
    readonly written: number;
    readonly s: number;
  }>>;

/** Chapter 12: a GRU's h_i(t) = u_i(t) h_i(t-1) + (1 - u_i(t)) z_i(t), predicted at step t-1 from h(t-1) and the gate given. */
export type GruUpdate = NumberAnswer<'gru-update',
  Message<'gru-update.question', {
    readonly t: number; readonly i: number;
    /** u_i(t), z_i(t), the engine's. */
    readonly u: number;
    readonly z: number;
  }>,
  Message<'gru-update.explanation', {
    readonly t: number; readonly i: number;
    readonly u: number;
    readonly z: number;
    /** h_i(t-1); the kept part u_i h_i(t-1) and the taken part (1 - u_i) z_i (the equation's terms); h_i(t), the engine's. */
    readonly prev: number;
    readonly kept: number;
    readonly taken: number;
    readonly h: number;
  }>>;

/** Every exercise. */
export type Exercise =
  | SharedCount | ForwardEntry | SoftmaxShift | GaEntry | SharedGradient | TeacherForcingReach | SingleOutputReach
  | TruncationReach | VanishingDirection | MemoryReach | LstmCellState | GruUpdate;
export type ExerciseId = Exercise['id'];
/** The exercises of one kind. */
export type ExerciseOfKind<K extends ExerciseKind> = Extract<Exercise, { readonly kind: K }>;

/** A learner's answer, of the exercise's kind. */
export type Response =
  | { readonly kind: 'pick-nodes'; readonly nodes: readonly string[] }
  | { readonly kind: 'choose'; readonly option: string }
  /** The number as a number: the page parses the field, grade parses nothing. */
  | { readonly kind: 'number'; readonly value: number };
export type ResponseOf<K extends ExerciseKind> = Extract<Response, { readonly kind: K }>;

/** Why an answer is right or wrong, as data. */
export type GradeReason =
  | { readonly kind: 'right' }
  /** Picked nodes: the answer's nodes not picked, and the picked nodes not in it, in step order. */
  | { readonly kind: 'nodes'; readonly missed: readonly string[]; readonly extra: readonly string[] }
  /** Another option than the answer (or a key that is none of the options). */
  | { readonly kind: 'option'; readonly chosen: string; readonly answer: string }
  /** A number off the answer by `by` (value - answer), more than the `tolerance` allowed (absolute, as worked out for this answer). */
  | { readonly kind: 'off'; readonly by: number; readonly tolerance: number }
  /** No answer given: no node picked, no option chosen, or no number (NaN or an infinity): not graded as a try. */
  | { readonly kind: 'no-answer' };

/** A graded answer, with the exercise's explanation. */
export interface Grade {
  readonly correct: boolean;
  readonly why: GradeReason;
  readonly explanation: Exercise['explanation'];
}
