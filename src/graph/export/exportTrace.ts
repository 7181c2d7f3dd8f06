/**
 * The whole trace of a pass, for analysis outside the app: a self-describing JSON object and a
 * tidy CSV (one row per entry: `t,quantity,index,value`). Pure functions of (model, trace).
 *
 * Non-finite numbers: JSON has no NaN or Infinity (JSON.stringify would silently write null),
 * so every number of the JSON is a number when finite and otherwise one of the strings "NaN",
 * "Infinity", "-Infinity"; null only ever means "this step has no such quantity" (the single
 * output network's steps before tau). The CSV writes the same three words.
 *
 * Labels are user text. In the CSV every field is quoted as RFC 4180 asks (quotes doubled) and
 * a label that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading single quote. Numbers are never prefixed: -0.5 is a number, not a formula.
 */
import type { Feedback, Model, ParamName, Trace, Variant } from '../../engine/index';
import { feedsBack, outputRow, paramNames, paramShape } from '../../engine/index';

export const TRACE_FORMAT = 'unroll-trace';
export const TRACE_VERSION = 1;

/** A number as JSON can carry it: finite as itself, otherwise the string "NaN", "Infinity" or "-Infinity". */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** One time step of the trace. */
export interface TraceStepJson {
  /** t, 1..tau. */
  readonly t: number;
  /** x(t): the token id (x(t) is its one-hot) or the dense input vector, n entries. */
  readonly x: number | readonly JsonNumber[];
  /** y(t): the target class id; null where step t has no output. */
  readonly y: number | null;
  /** a(t) = b + W f(t-1) + U x(t), H entries. */
  readonly a: readonly JsonNumber[];
  /** h(t) = tanh(a(t)), H entries. */
  readonly h: readonly JsonNumber[];
  /** o(t) = c + V h(t), K entries; null where step t has no output. */
  readonly o: readonly JsonNumber[] | null;
  /** yhat(t) = softmax(o(t)), K entries; null where step t has no output. */
  readonly yhat: readonly JsonNumber[] | null;
  /** L(t) = -log yhat(t)[y(t)]; null where step t has no output. */
  readonly L: JsonNumber | null;
  /** dL/do(t), K entries (Jordan: the feedback's share included); null where step t has no output. */
  readonly dL_do: readonly JsonNumber[] | null;
  /** dL/dh(t), H entries. */
  readonly dL_dh: readonly JsonNumber[];
  /** dL/da(t) = (1 - h(t)^2) * dL/dh(t), H entries. */
  readonly dL_da: readonly JsonNumber[];
}

/** dL/d(parameter), summed over every step: matrices as arrays of rows, vectors flat. */
export interface GradsJson {
  /** dL/dU, H x n. */
  readonly U: readonly (readonly JsonNumber[])[];
  /** dL/dW, H x H (Elman, single output) or H x K (Jordan). */
  readonly W: readonly (readonly JsonNumber[])[];
  /** dL/dV, K x H. */
  readonly V: readonly (readonly JsonNumber[])[];
  /** dL/db, H. */
  readonly b: readonly JsonNumber[];
  /** dL/dc, K. */
  readonly c: readonly JsonNumber[];
  /** dL/dh0, H; null for Jordan, which has no h(0). */
  readonly h0: readonly JsonNumber[] | null;
}

/** The JSON export of a trace. */
export interface TraceJson {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly variant: Variant;
  /** Jordan's feedback f(t-1); null for the other variants. */
  readonly feedback: Feedback | null;
  /** n, H, K. */
  readonly sizes: { readonly input: number; readonly hidden: number; readonly output: number };
  /** tau: the number of time steps. */
  readonly tau: number;
  /** k: the truncated BPTT window; null for full BPTT. */
  readonly truncation: number | null;
  /** Names of the n input symbols and the K classes (user text), or null. */
  readonly labels: { readonly input: readonly string[] | null; readonly output: readonly string[] | null };
  /** What each field holds, in words: the file describes itself. */
  readonly fields: Readonly<Record<string, string>>;
  readonly steps: readonly TraceStepJson[];
  /** h(0), H entries; null for Jordan, which has none. */
  readonly h0: readonly JsonNumber[] | null;
  /** L = sum over t of L(t). */
  readonly loss: JsonNumber;
  readonly grads: GradsJson;
  /** The first value of the pass that was not finite, or null. */
  readonly firstNonFinite: { readonly pass: 'forward' | 'backward'; readonly step: number; readonly node: string; readonly index: number; readonly value: JsonNumber } | null;
}

/** The field descriptions written into every JSON export. */
export const TRACE_FIELDS: Readonly<Record<string, string>> = {
  numbers: 'Finite numbers are JSON numbers; NaN, Infinity and -Infinity are written as the strings "NaN", "Infinity" and "-Infinity". null means the step has no such quantity.',
  't': 'time step t, 1..tau',
  'x': 'x(t): the input token id (x(t) is its one-hot vector) or the dense input vector, n entries',
  'y': 'y(t): the target class id (null where step t has no output)',
  'a': 'a(t) = b + W f(t-1) + U x(t), H entries; f(t-1) is h(t-1) (Elman, single output) or o(t-1), yhat(t-1), onehot(y(t-1)) (Jordan)',
  'h': 'h(t) = tanh(a(t)), H entries',
  'o': 'o(t) = c + V h(t), K entries: unnormalised log-probabilities',
  'yhat': 'yhat(t) = softmax(o(t)), K entries',
  'L': 'L(t) = -log yhat(t)[y(t)]',
  'dL_do': 'dL/do(t), K entries',
  'dL_dh': 'dL/dh(t), H entries',
  'dL_da': 'dL/da(t) = (1 - h(t)^2) * dL/dh(t), H entries',
  'h0': 'h(0), H entries (null for Jordan, which has none)',
  'loss': 'L = sum over t of L(t)',
  'grads': 'dL/dU (H x n), dL/dW (H x H, or H x K for Jordan), dL/dV (K x H), dL/db (H), dL/dc (K), dL/dh0 (H): summed over every step; matrices as arrays of rows',
};

/** A number for JSON: non-finite values as their names. */
export function jsonNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

const vector = (v: Float64Array, start: number, length: number): JsonNumber[] =>
  Array.from(v.subarray(start, start + length), jsonNumber);

const matrix = (v: Float64Array, rows: number, cols: number): JsonNumber[][] =>
  Array.from({ length: rows }, (_, i) => vector(v, i * cols, cols));


/** Total loss: the sum of the L(t). */
function totalLoss(trace: Trace): number {
  let sum = 0;
  for (const l of trace.stepLosses) sum += l;
  return sum;
}

/** The trace as a self-describing JSON object (see TraceJson and TRACE_FIELDS). */
export function traceJson(model: Model, trace: Trace): TraceJson {
  const { input: n, hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const inputs = model.sequence.inputs;
  const steps: TraceStepJson[] = [];
  for (let t = 1; t <= tau; t++) {
    const row = outputRow(model, t);
    const out = (v: Float64Array) => (row < 0 ? null : vector(v, row * K, K));
    steps.push({
      t,
      x: inputs.kind === 'tokens' ? inputs.ids[t - 1]! : vector(inputs.values, (t - 1) * n, n),
      y: row < 0 ? null : model.sequence.targets[row]!,
      a: vector(trace.a, (t - 1) * H, H),
      h: vector(trace.h, t * H, H),
      o: out(trace.o),
      yhat: out(trace.yhat),
      L: row < 0 ? null : jsonNumber(trace.stepLosses[row]!),
      dL_do: out(trace.gO),
      dL_dh: vector(trace.gH, (t - 1) * H, H),
      dL_da: vector(trace.gA, (t - 1) * H, H),
    });
  }
  const shape = (name: ParamName) => paramShape(model, name);
  const g = trace.grads;
  const nf = trace.nonFinite;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    variant: model.variant,
    feedback: model.feedback,
    sizes: { input: n, hidden: H, output: K },
    tau,
    truncation: model.truncation,
    labels: { input: model.labels?.input ? [...model.labels.input] : null, output: model.labels?.output ? [...model.labels.output] : null },
    fields: TRACE_FIELDS,
    steps,
    h0: feedsBack(model.variant) ? null : vector(trace.h, 0, H),
    loss: jsonNumber(totalLoss(trace)),
    grads: {
      U: matrix(g.U!, ...shape('U')),
      W: matrix(g.W!, ...shape('W')),
      V: matrix(g.V!, ...shape('V')),
      b: vector(g.b!, 0, H),
      c: vector(g.c!, 0, K),
      h0: g.h0 === undefined ? null : vector(g.h0, 0, H),
    },
    firstNonFinite: nf === null ? null : { pass: nf.pass, step: nf.step, node: nf.node, index: nf.index, value: jsonNumber(nf.value) },
  };
}

/** JSON text: objects one field per line, arrays of scalars on one line, arrays of arrays one row per line. */
function writeJson(value: unknown, indent: string): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => writeJson(item, inner));
    if (!value.some((item: unknown) => typeof item === 'object' && item !== null)) return `[${items.join(', ')}]`;
    return items.length === 0 ? '[]' : `[\n${items.map((item) => `${inner}${item}`).join(',\n')}\n${indent}]`;
  }
  const fields = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${writeJson(v, inner)}`);
  return fields.length === 0 ? '{}' : `{\n${fields.join(',\n')}\n${indent}}`;
}

/** The JSON export as text (readable: one vector per line). */
export function stringifyTrace(model: Model, trace: Trace): string {
  return `${writeJson(traceJson(model, trace), '')}\n`;
}

// ---- CSV ----------------------------------------------------------------------------------

/** The CSV's header row. */
export const CSV_COLUMNS = ['t', 'quantity', 'index', 'value'] as const;

/** A CSV field as RFC 4180 writes it: quoted (quotes doubled) when it holds a quote, comma or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** User text for a spreadsheet cell: a leading = + - @ tab or CR would start a formula, so it is prefixed with '. */
export function spreadsheetText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A number as CSV text: shortest round-trip form, -0 kept, NaN, Infinity and -Infinity by name. */
const csvNumber = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/**
 * The trace as a tidy CSV with columns t, quantity, index, value, RFC 4180 (CRLF line ends):
 * - `,input label,i,<text>` and `,output label,k,<text>`: the labels (t empty: not of one step);
 * - `0,h,i,v`: h(0) (not for Jordan, which has none);
 * - per step t: `x` (a token id: index empty; dense: one row per entry), `a`, `h`, `dL/dh`, `dL/da`
 *   (index i), and where step t has an output (every step, or t = tau for the single output):
 *   `y` (the class id, index empty), `o`, `yhat`, `dL/do` (index k), `L` (index empty);
 * - `,L,,v`: the total loss;
 * - `,dL/dU,"i,j",v` for U, W and V, `,dL/db,i,v` for b, c and h0: the parameter gradients.
 */
export function traceCsv(model: Model, trace: Trace): string {
  const { input: n, hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const row = (t: number | null, quantity: string, index: string, value: string): void => {
    lines.push([t === null ? '' : String(t), quantity, index, value].map(csvField).join(','));
  };
  const entries = (t: number | null, quantity: string, v: Float64Array, start: number, length: number): void => {
    for (let i = 0; i < length; i++) row(t, quantity, String(i), csvNumber(v[start + i]!));
  };
  for (const [kind, labels] of [['input', model.labels?.input], ['output', model.labels?.output]] as const) {
    labels?.forEach((label, i) => row(null, `${kind} label`, String(i), spreadsheetText(label)));
  }
  if (!feedsBack(model.variant)) entries(0, 'h', trace.h, 0, H);
  const inputs = model.sequence.inputs;
  for (let t = 1; t <= tau; t++) {
    if (inputs.kind === 'tokens') row(t, 'x', '', String(inputs.ids[t - 1]!));
    else entries(t, 'x', inputs.values, (t - 1) * n, n);
    entries(t, 'a', trace.a, (t - 1) * H, H);
    entries(t, 'h', trace.h, t * H, H);
    const out = outputRow(model, t);
    if (out >= 0) {
      row(t, 'y', '', String(model.sequence.targets[out]!));
      entries(t, 'o', trace.o, out * K, K);
      entries(t, 'yhat', trace.yhat, out * K, K);
      row(t, 'L', '', csvNumber(trace.stepLosses[out]!));
      entries(t, 'dL/do', trace.gO, out * K, K);
    }
    entries(t, 'dL/dh', trace.gH, (t - 1) * H, H);
    entries(t, 'dL/da', trace.gA, (t - 1) * H, H);
  }
  row(null, 'L', '', csvNumber(totalLoss(trace)));
  for (const name of paramNames(model.variant)) {
    const grad = trace.grads[name];
    if (grad === undefined) continue;
    const [rows, cols] = paramShape(model, name);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) row(null, `dL/d${name}`, cols === 1 ? String(i) : `${i},${j}`, csvNumber(grad[i * cols + j]!));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

