/**
 * What a recurrent cell is to the engine (shared/MODEL.md): its parameters, the nodes it
 * computes at every step, the states that cross time, and its forward and backward step over
 * flat row-major Float64Arrays. The output layer (o(t) = c + V h(t), softmax, L(t)) is not a
 * cell's: the pass (./pass.ts) reads it from h(t) for every cell.
 *
 * Buffers, one rule for every cell: a node is tau x H, row t-1 holding step t; h and a state
 * that crosses time (s for the LSTM) are (tau+1) x H, row t holding step t and row 0 the initial
 * state (h0, s0; zeros for Jordan's h, which has none). A backward factor is tau x H, row t-1
 * holding step t.
 */
import type { Feedback, Inputs, Sizes } from '../model';

/** h(t) of the Elman cell: tanh(a(t)), or max(0, a(t)) (PyTorch's nn.RNN nonlinearity). */
export type Nonlinearity = 'tanh' | 'relu';

/** One parameter of a cell. */
export interface ParamSpec {
  /** Its name in the model file, e.g. `Wf`. */
  readonly name: string;
  /** What it is, e.g. `Wf, H x H: the forget gate's recurrent weights`. */
  readonly doc: string;
  /**
   * Its shape and how it is drawn: input weights (H x n), recurrent weights (H x H), feedback
   * weights from the output (H x K, Jordan's W), a bias or an initial state (H).
   */
  readonly kind: 'input' | 'recurrent' | 'feedback' | 'bias' | 'initial';
  /** What a bias or initial state starts at in a seeded initialisation (default 0), e.g. the LSTM's forget bias 1. */
  readonly start?: number;
  /**
   * The backward factor d(t) that step t's contribution to this parameter's gradient is made of
   * (every kind but an initial state, whose gradient is what step 1 sends back): d(t) for a bias,
   * d(t) x(t)^T for input weights, d(t) h(t-1)^T for recurrent weights, d(t) f(t-1)^T for feedback.
   */
  readonly factor?: string;
}

/** A per-step vector of H entries that a cell computes (forward) or a factor of its backward step. */
export interface NodeSpec {
  /** Its name, e.g. `f` (forward), or `d` + what it is the gradient of, e.g. `dpf` (backward). */
  readonly name: string;
  /** What it is, e.g. `f(t) = sigma(bf + Uf x(t) + Wf h(t-1)), the forget gate`. */
  readonly doc: string;
  /** A gate: a sigmoid, every entry in (0, 1), how much of what it multiplies passes. */
  readonly gate?: true;
}

/** A state that crosses time, and the parameter that holds its initial value. */
export interface CarriedState {
  /** The node, e.g. `h`; its backward factor is `d` + the name (`dh`: dL/dh(t)). */
  readonly state: string;
  /** The initial state's parameter, e.g. `h0`. */
  readonly initial: string;
}

/** The buffers of one pass over a cell, as its step functions see them. */
export interface CellPass {
  readonly sizes: Sizes;
  readonly tau: number;
  readonly inputs: Inputs;
  /** The model's nonlinearity (the Elman cell's tanh or ReLU). */
  readonly nonlinearity: Nonlinearity;
  /** What Jordan's cell feeds back as f(t-1); null for the others. */
  readonly feedback: Feedback | null;
  /** y(t), tau class ids (one for a network read out at the end). */
  readonly targets: Int32Array;
  /** The output layer's o(t), yhat(t) and dL/do(t), m x K (what Jordan's cell feeds back and sends back through). */
  readonly output: { readonly o: Float64Array; readonly yhat: Float64Array; readonly gO: Float64Array };
  readonly params: Readonly<Record<string, Float64Array>>;
  /** Forward values of every node (the carried states with their initial row). */
  readonly nodes: Readonly<Record<string, Float64Array>>;
  /** Backward factors: dL/dh(t) (`dh`), dL/d(carried state)(t) and the cell's own per-step factors. */
  readonly factors: Readonly<Record<string, Float64Array>>;
  /** dL/d(parameter), summed over the backward steps done so far (t = tau down to the cursor). */
  readonly grads: Readonly<Record<string, Float64Array>>;
  /** The gradient that backward step t sends to step t-1: H per carried state; Jordan's `f`, K. */
  readonly carry: Readonly<Record<string, Float64Array>>;
  /** A change to one node entry for finite differences of dL/d(node), or null (every other pass). */
  readonly nudge: Nudge | null;
}

/** A small change to one entry of one node at one step, for finite differences of dL/d(node). */
export interface Nudge {
  /** The node, e.g. `a`, `h`, `f`; `o` is the output layer's. */
  readonly node: string;
  readonly t: number;
  readonly index: number;
  /** Added to the entry right after it is computed, before anything reads it. */
  readonly eps: number;
}

/** Adds the pass's nudge to v[offset + index] when it is for this node and step: a cell calls it as it computes each node. */
export function applyNudge(p: Pick<CellPass, 'nudge'>, node: string, t: number, v: Float64Array, offset: number): void {
  const nudge = p.nudge;
  if (nudge !== null && nudge.node === node && nudge.t === t) v[offset + nudge.index] = v[offset + nudge.index]! + nudge.eps;
}

/** What a cell's graph reads of a finished pass: its nodes and backward factors (rows as above). */
export interface CellValues {
  readonly sizes: Sizes;
  readonly nodes: Readonly<Record<string, Float64Array>>;
  readonly factors: Readonly<Record<string, Float64Array>>;
}

/** A row of a step's column in the unfolded graph, between x(t) below and o(t) above. */
export interface GraphRow {
  /** Its nodes, left to right. */
  readonly nodes: readonly string[];
  /** Drawn only when the cell is opened (the gates and the candidate); a closed cell shows the other rows. */
  readonly inner?: true;
}

/** An edge into a node of step t, from x(t), another node of step t, or a carried state of step t-1. */
export interface GraphEdge {
  /** `x`, or one of the cell's nodes. */
  readonly from: string;
  readonly to: string;
  /** From step t-1 (a carried state). */
  readonly prev?: true;
  /**
   * The weights it carries, e.g. [`Wf`]; a closed cell's edge carries several (every unit's input
   * weights); none for an elementwise edge (a gate's product, the cell state's path).
   */
  readonly params: readonly string[];
  /** Drawn only in the opened cell, or only in the closed one. */
  readonly shown?: 'opened' | 'closed';
}

/** The cell's part of the graphs (pure data): rows of nodes and the edges between them. */
export interface CellGraph {
  /** Bottom to top. */
  readonly rows: readonly GraphRow[];
  readonly edges: readonly GraphEdge[];
}

/** A vector in a cell's equation: a node at step t (or t-1), as it is or through tanh or 1 - (.). */
export interface Operand {
  /** `x`, or one of the cell's nodes. */
  readonly node: string;
  readonly prev?: true;
  readonly of?: 'tanh' | 'oneMinus';
}

/** A term of a node's forward equation: a bias, weights times a vector, or an elementwise product. */
export type Term =
  | { readonly param: string; readonly times?: Operand }
  | { readonly product: readonly [Operand, Operand] };

/**
 * A node's equations, for the inspector to show with the live numbers in their slots: forward,
 * the activation of a sum of terms; backward, dL/d(node)(t) as a sum of TeX terms in which
 * `s@t`, `s@t-1`, `s@t+1` name a node at a step (`g_{s@t}` its gradient), a term from step t+1
 * marked so that it is cut where no gradient crosses (truncation) and absent at t = tau.
 */
export interface CellEquation {
  readonly forward: { readonly act: 'sigma' | 'tanh' | null; readonly terms: readonly Term[] };
  readonly backward: readonly { readonly tex: string; readonly next?: true }[];
}

/**
 * What one step back multiplies a gradient by, A(t) = dX(t)/dX(t-1), in form: D(t) W (Elman,
 * single output), D(t) W V (Jordan, logits), D(t) W (diag(p) - p p^T) V with p = yhat(t-1)
 * (Jordan, softmax), 0 (Jordan, teacher forcing: the loop is cut), or set by the gates at every
 * step (the LSTM and GRU); D(t) = diag(tanh'(a(t))) or diag(ReLU'(a(t))).
 */
export type Loop = 'W' | 'WV' | 'softmax' | 'cut' | 'gated';

/**
 * A cell's step Jacobian over the forward values of one pass, made once per pass (so that a
 * loop's constant matrix is computed once).
 */
export interface PassJacobian {
  readonly loop: Loop;
  /** M, H x H, when every A(t) = D(t) M with D(t) diagonal: W (Elman), W V (Jordan, logits); null otherwise. */
  readonly M: Float64Array | null;
  /**
   * out = A(t) = dX(t)/dX(t-1) with x(t) held fixed, S x S row-major (S = H x the number of
   * states; entry (i, j) = dX(t)_i / dX(t-1)_j), from the forward values of steps t-1 and t
   * (first + 1 <= t <= tau).
   */
  step(t: number, out: Float64Array): void;
  /** max_i D(t)_ii when M is not null or the loop is cut: the largest slope of the nonlinearity at step t (tanh' = 1 - h(t)^2, ReLU' = [h(t) > 0]). */
  slope?(t: number): number;
}

/** A gated cell's direct path: the part diag(gate(t)) of the block d state(t) / d state(t-1), with no squashing. */
export interface DirectPath {
  /** The state, e.g. `s` (the LSTM: ds(t)/ds(t-1) = diag(f(t))). */
  readonly state: string;
  /** The gate, e.g. `f` (the LSTM's forget gate) or `u` (the GRU's update gate). */
  readonly gate: string;
}

/**
 * The Jacobian of a cell's state X(t) with respect to X(t-1) (x(t) held fixed): the path a
 * gradient takes one step back in time, what makes it vanish or explode (Deep Learning 10.7).
 */
export interface CellJacobian {
  /**
   * The states stacked in X(t), H entries each, h first: the carried states (the LSTM's [h; s],
   * 2H), or h alone for Jordan's cell, whose h(t-1) reaches step t through the output it feeds back.
   */
  readonly states: readonly string[];
  /** The earliest step k whose X(k) a product dX(t)/dX(k) starts from: 0 (the initial states), 1 for Jordan (h(0) does not exist). */
  readonly first: 0 | 1;
  /** The gated cells' direct path, whose product over the steps the dynamics panel shows. */
  readonly direct?: DirectPath;
  /** The step Jacobian over a pass whose forward steps are done. */
  of(p: CellPass): PassJacobian;
}

/** A gate block of PyTorch's module for a cell: its rows of weight_ih, weight_hh, bias_ih and bias_hh, as the cell's parameters. */
export interface TorchBlock {
  /** Input weights (the block of weight_ih) and recurrent weights (of weight_hh). */
  readonly U: string;
  readonly W: string;
  /** The bias that bias_ih's block, plus bias_hh's unless `bh` is given, sums to. */
  readonly b: string;
  /** The parameter that bias_hh's block is on its own (the GRU's n block: bh). */
  readonly bh?: string;
}

/** PyTorch's module for a cell (shared/MODEL.md "PyTorch's names"): its name and its gate blocks, top to bottom. */
export interface TorchLayout {
  readonly module: 'nn.RNN' | 'nn.LSTM' | 'nn.GRU';
  readonly blocks: readonly TorchBlock[];
}

/** One recurrent cell: a description and its two step functions. */
export interface Cell {
  /** The model file's `variant`, e.g. `lstm`. */
  readonly name: string;
  /** Its parameters, in the model file's order; each is H x n, H x H or H long. */
  readonly params: readonly ParamSpec[];
  /** The nodes it computes at each step; `h` last among them is what the output layer reads. */
  readonly nodes: readonly NodeSpec[];
  /** PyTorch's module for the cell, if it has one (Jordan's recurs through the output: none). */
  readonly torch?: TorchLayout;
  /** Whether the model chooses its nonlinearity (the Elman cell: tanh or ReLU, PyTorch's nn.RNN option). */
  readonly takesNonlinearity?: true;
  /** Its backward factors besides dL/dh(t) and the carried states'. */
  readonly factors: readonly NodeSpec[];
  /** The states that cross time. */
  readonly carried: readonly CarriedState[];
  /**
   * The nodes of step t that BPTT reads (each H entries), held from forward step t until backward
   * step t: Elman's h(t) alone (tanh' and ReLU' come from it), the LSTM's every gate, s(t) and h(t).
   */
  readonly held: readonly string[];
  /**
   * A recurrence through the output (Jordan's cell): step t-1's o, yhat or y feeds step t as
   * f(t-1), and what step t sends back, carry.f = dL/df(t-1), reaches dL/do(t-1).
   */
  readonly throughOutput?: {
    /** Whether anything crosses time with this feedback (under teacher forcing nothing does). */
    crosses(feedback: Feedback | null): boolean;
    /** Adds what step t+1 sent back to f(t) into dL/do(t) (row offset oo), before the output layer's backward. */
    backward(p: CellPass, oo: number): void;
  };
  /** Its part of the folded and unfolded graphs. */
  readonly graph: CellGraph;
  /**
   * Its nodes' equations for the inspector (the gated cells'; the Elman and Jordan cells' are
   * equations 10.8-10.11 and 10.15-10.21, written with their cuts in graph/tex/equations.ts).
   */
  readonly equations?: Readonly<Record<string, CellEquation>>;
  /**
   * dL/d(node)(t), entry i, from a finished pass: the factors where the cell keeps them (dL/dh(t),
   * dL/ds(t), dL/da(t)), else the product the backward step forms (the LSTM's dL/df(t) = dL/ds(t) * s(t-1)).
   */
  nodeGradient(v: CellValues, node: string, t: number, i: number): number;
  /**
   * Adds into `out` (as long as the node the edge leaves) what an edge into step t carries back
   * besides its weights' part (sum of P^T d(t) over its params, which the trace forms): the
   * elementwise part, e.g. the LSTM's s(t-1) -> s(t), dL/ds(t) * f(t), or f(t) -> s(t), dL/df(t).
   * Nothing for an edge that carries weights alone.
   */
  edgeGradient(v: CellValues, edge: GraphEdge, t: number, out: Float64Array): void;
  /** Its step Jacobian dX(t)/dX(t-1), for the dynamics panel. */
  readonly jacobian: CellJacobian;
  /** Forward step t (1..tau): every node of step t from x(t) and the carried states of step t-1, each nudged (applyNudge) as it is computed. */
  forward(p: CellPass, t: number): void;
  /**
   * Backward step t (tau..1): given dL/d(carried state)(t) (the output layer's part and what step
   * t+1 sent back, added by the pass), its factors, step t's contribution to every parameter's
   * gradient, and `carry`: the gradient it sends to step t-1's carried states.
   */
  backward(p: CellPass, t: number): void;
}
