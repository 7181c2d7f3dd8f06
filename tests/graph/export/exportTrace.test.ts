/**
 * The trace exports against the real engine: the JSON holds every buffer of `traceOf` bit for
 * bit (non-finite numbers by name, never null), the CSV has one row per entry with RFC 4180
 * quoting and CRLF line ends, for each variant, token and dense inputs, truncation, a pass that
 * overflows, and hostile labels (formula injection, quotes and commas).
 */
import { describe, expect, it } from 'vitest';
import type { Feedback, Model, Trace, Variant } from '../../../src/engine/index';
import { initModel, outputSteps, paramNames, paramShape, traceOf } from '../../../src/engine/index';
import type { JsonNumber, TraceJson } from '../../../src/graph/export/index';
import { CSV_COLUMNS, csvField, jsonNumber, spreadsheetText, stringifyTrace, traceCsv, traceJson } from '../../../src/graph/export/index';

/** The number a JsonNumber stands for. */
const num = (v: JsonNumber | null | undefined): number => {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`not a JsonNumber: ${String(v)}`);
};

/** Expects a JSON vector to hold v[start .. start+length) bit for bit (-0 and NaN included). */
function expectVector(actual: readonly JsonNumber[] | null | undefined, v: Float64Array, start: number, length: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(actual!.length, what).toBe(length);
  actual!.forEach((x, i) => expect(Object.is(num(x), v[start + i]), `${what}[${i}]: ${String(x)} vs ${v[start + i]}`).toBe(true));
}

/** A small model of each kind: every variant and feedback, tokens and dense inputs, truncation. */
const CASES: readonly { name: string; model: Model }[] = [
  ...(['elman', 'single-output'] as Variant[]).flatMap((variant) => [
    { name: `${variant} tokens`, model: initModel({ variant, input: 3, hidden: 4, output: 3, length: 5, seed: 7, scheme: 'uniform' }) },
    { name: `${variant} dense, truncated`, model: initModel({ variant, input: 2, hidden: 3, output: 2, length: 6, seed: 11, scheme: 'uniform', inputs: 'dense', truncation: 2 }) },
  ]),
  ...(['logits', 'softmax', 'teacher'] as Feedback[]).map((feedback) => ({
    name: `jordan ${feedback}`,
    model: initModel({ variant: 'jordan', feedback, input: 3, hidden: 4, output: 3, length: 5, seed: 3, scheme: 'uniform' }),
  })),
];

/** Checks the JSON object against the model and its trace. */
function expectJsonOfTrace(json: TraceJson, model: Model, trace: Trace): void {
  const { input: n, hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  expect(json.format).toBe('unroll-trace');
  expect(json.version).toBe(1);
  expect(json.variant).toBe(model.variant);
  expect(json.feedback).toBe(model.feedback);
  expect(json.sizes).toEqual({ input: n, hidden: H, output: K });
  expect(json.tau).toBe(tau);
  expect(json.truncation).toBe(model.truncation);
  expect(json.steps.map((s) => s.t)).toEqual(Array.from({ length: tau }, (_, i) => i + 1));
  for (const key of ['x', 'y', 'a', 'h', 'o', 'yhat', 'L', 'dL_do', 'dL_dh', 'dL_da', 'h0', 'loss', 'grads', 'numbers']) expect(json.fields[key], key).toBeTruthy();
  const single = model.variant === 'single-output';
  for (const s of json.steps) {
    const t = s.t;
    const inputs = model.sequence.inputs;
    if (inputs.kind === 'tokens') expect(s.x).toBe(inputs.ids[t - 1]);
    else expectVector(s.x as JsonNumber[], inputs.values, (t - 1) * n, n, `x(${t})`);
    expectVector(s.a, trace.a, (t - 1) * H, H, `a(${t})`);
    expectVector(s.h, trace.h, t * H, H, `h(${t})`);
    expectVector(s.dL_dh, trace.gH, (t - 1) * H, H, `dL/dh(${t})`);
    expectVector(s.dL_da, trace.gA, (t - 1) * H, H, `dL/da(${t})`);
    const row = single ? (t === tau ? 0 : -1) : t - 1;
    if (row < 0) {
      expect([s.y, s.o, s.yhat, s.L, s.dL_do]).toEqual([null, null, null, null, null]);
      continue;
    }
    expect(s.y).toBe(model.sequence.targets[row]);
    expectVector(s.o, trace.o, row * K, K, `o(${t})`);
    expectVector(s.yhat, trace.yhat, row * K, K, `yhat(${t})`);
    expectVector(s.dL_do, trace.gO, row * K, K, `dL/do(${t})`);
    expect(Object.is(num(s.L), trace.stepLosses[row])).toBe(true);
  }
  if (model.variant === 'jordan') expect(json.h0).toBeNull();
  else expectVector(json.h0, trace.h, 0, H, 'h(0)');
  const loss = trace.stepLosses.reduce((a, b) => a + b, 0);
  if (Number.isNaN(loss)) expect(json.loss).toBe('NaN');
  else expect(num(json.loss)).toBeCloseTo(loss, 12);
  for (const name of ['U', 'W', 'V'] as const) {
    const [rows, cols] = paramShape(model, name);
    expect(json.grads[name]).toHaveLength(rows);
    json.grads[name].forEach((r, i) => expectVector(r, trace.grads[name]!, i * cols, cols, `dL/d${name}[${i}]`));
  }
  expectVector(json.grads.b, trace.grads.b!, 0, H, 'dL/db');
  expectVector(json.grads.c, trace.grads.c!, 0, K, 'dL/dc');
  if (model.variant === 'jordan') expect(json.grads.h0).toBeNull();
  else expectVector(json.grads.h0, trace.grads.h0!, 0, H, 'dL/dh0');
}

/** Reads RFC 4180 CSV text: quoted fields with doubled quotes, CRLF records. Throws on a bare LF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error('unterminated quote');
        field += text.slice(j, q);
        if (text[q + 1] === '"') { field += '"'; j = q + 2; } else { i = q + 1; break; }
      }
      continue;
    }
    if (ch === ',') { record.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i += 2; continue; }
    if (ch === '\n' || ch === '\r') throw new Error(`bare line break at ${i}`);
    field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

/** The number of data rows the CSV of a model must have, counted from its shapes. */
function expectedRows(model: Model): number {
  const { input: n, hidden: H, output: K } = model.sizes;
  const labels = (model.labels?.input?.length ?? 0) + (model.labels?.output?.length ?? 0);
  const x = model.sequence.inputs.kind === 'tokens' ? 1 : n;
  const params = paramNames(model.variant).reduce((sum, p) => sum + paramShape(model, p)[0] * paramShape(model, p)[1], 0);
  return labels + (model.variant === 'jordan' ? 0 : H) + model.sequence.length * (x + 4 * H) + outputSteps(model) * (3 * K + 2) + 1 + params;
}

/** Checks the CSV rows against the trace: every (t, quantity, index) once, with its value. */
function expectCsvOfTrace(csv: string, model: Model, trace: Trace): Map<string, string> {
  const records = parseCsv(csv);
  expect(records[0]).toEqual([...CSV_COLUMNS]);
  const rows = records.slice(1);
  expect(rows).toHaveLength(expectedRows(model));
  for (const r of rows) expect(r).toHaveLength(4);
  const cells = new Map(rows.map(([t, q, i, v]) => [`${t}|${q}|${i}`, v!]));
  expect(cells.size).toBe(rows.length);
  const { hidden: H, output: K } = model.sizes;
  const tau = model.sequence.length;
  const at = (key: string): number => Number(cells.get(key));
  const same = (key: string, expected: number) => expect(Object.is(at(key), expected), `${key}: ${cells.get(key)} vs ${expected}`).toBe(true);
  for (let i = 0; i < H; i++) {
    if (model.variant !== 'jordan') same(`0|h|${i}`, trace.h[i]!);
    else expect(cells.has(`0|h|${i}`)).toBe(false);
  }
  for (let t = 1; t <= tau; t++) {
    for (let i = 0; i < H; i++) {
      same(`${t}|a|${i}`, trace.a[(t - 1) * H + i]!);
      same(`${t}|h|${i}`, trace.h[t * H + i]!);
      same(`${t}|dL/dh|${i}`, trace.gH[(t - 1) * H + i]!);
      same(`${t}|dL/da|${i}`, trace.gA[(t - 1) * H + i]!);
    }
    const row = model.variant === 'single-output' ? (t === tau ? 0 : -1) : t - 1;
    expect(cells.has(`${t}|L|`)).toBe(row >= 0);
    if (row < 0) continue;
    same(`${t}|L|`, trace.stepLosses[row]!);
    same(`${t}|y|`, model.sequence.targets[row]!);
    for (let k = 0; k < K; k++) {
      same(`${t}|o|${k}`, trace.o[row * K + k]!);
      same(`${t}|yhat|${k}`, trace.yhat[row * K + k]!);
      same(`${t}|dL/do|${k}`, trace.gO[row * K + k]!);
    }
  }
  for (const name of paramNames(model.variant)) {
    const [rows_, cols] = paramShape(model, name);
    for (let i = 0; i < rows_; i++) {
      for (let j = 0; j < cols; j++) same(`|dL/d${name}|${cols === 1 ? i : `${i},${j}`}`, trace.grads[name]![i * cols + j]!);
    }
  }
  return cells;
}

describe('the trace as JSON', () => {
  it.each(CASES)('holds every buffer of the pass: $name', ({ model }) => {
    const trace = traceOf(model);
    const json = traceJson(model, trace);
    expectJsonOfTrace(json, model, trace);
    // The text reads back as the same object, and says so in words.
    const text = stringifyTrace(model, trace);
    expect(JSON.parse(text)).toEqual(json);
    expect(text).toContain('"dL/dh(t), H entries"');
  });

  it('writes NaN and +-Infinity by name, never as null', () => {
    const model = initModel({ variant: 'elman', input: 3, hidden: 3, output: 3, length: 4, seed: 5, scheme: 'uniform' });
    model.params.c![0] = Infinity;
    model.params.c![1] = -Infinity;
    const trace = traceOf(model);
    expect(trace.nonFinite).not.toBeNull();
    const text = stringifyTrace(model, trace);
    const json = JSON.parse(text) as TraceJson;
    expectJsonOfTrace(json, model, trace);
    expect(json.steps[0]!.o!.slice(0, 2)).toEqual(['Infinity', '-Infinity']);
    expect(json.steps[0]!.yhat).toContain('NaN');
    expect(json.loss).toBe('NaN');
    expect(json.firstNonFinite).toMatchObject({ pass: 'forward', step: 1, node: 'o', index: 0, value: 'Infinity' });
    // null appears only where a step has no quantity; this model has every output.
    const nulls: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === null) nulls.push(path);
      else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(json, '');
    expect(nulls).toEqual(['.feedback', '.truncation', '.labels.input', '.labels.output']);
    expect([jsonNumber(NaN), jsonNumber(Infinity), jsonNumber(-Infinity), jsonNumber(-0), jsonNumber(1.5)]).toEqual(['NaN', 'Infinity', '-Infinity', -0, 1.5]);
  });

  it('keeps labels exactly, and -0', () => {
    const base = initModel({ variant: 'jordan', feedback: 'softmax', input: 2, hidden: 2, output: 2, length: 2, seed: 1 });
    const model: Model = { ...base, labels: { input: ['=HYPERLINK("x")', 'a,"b"'], output: ['<b>', ' '] } };
    const trace = traceOf(model);
    trace.a[0] = -0;
    const json = JSON.parse(stringifyTrace(model, trace)) as TraceJson;
    expect(json.labels).toEqual({ input: ['=HYPERLINK("x")', 'a,"b"'], output: ['<b>', ' '] });
    expect(Object.is(json.steps[0]!.a[0], -0)).toBe(true);
  });
});

describe('the trace as CSV', () => {
  it.each(CASES)('has one row per entry with its value: $name', ({ model }) => {
    const trace = traceOf(model);
    const csv = traceCsv(model, trace);
    const cells = expectCsvOfTrace(csv, model, trace);
    expect(Number(cells.get('|L|'))).toBeCloseTo(trace.stepLosses.reduce((a, b) => a + b, 0), 12);
    // Token inputs: one row of the id per step.
    if (model.sequence.inputs.kind === 'tokens') expect(cells.get('2|x|')).toBe(String(model.sequence.inputs.ids[1]));
    else expect(Number(cells.get('2|x|1'))).toBe(model.sequence.inputs.values[model.sizes.input + 1]);
  });

  it('writes a matrix index quoted, and RFC 4180 line ends', () => {
    const model = initModel({ variant: 'elman', input: 2, hidden: 2, output: 2, length: 2, seed: 9 });
    const csv = traceCsv(model, traceOf(model));
    expect(csv.startsWith('t,quantity,index,value\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(csv).toMatch(/\r\n,dL\/dW,"1,0",-?\d/);
    expect(csv).toMatch(/\r\n,dL\/db,1,-?\d/);
  });

  it('writes NaN and +-Infinity by name', () => {
    const model = initModel({ variant: 'single-output', input: 3, hidden: 3, output: 3, length: 3, seed: 5, scheme: 'uniform' });
    model.params.c![0] = Infinity;
    model.params.c![1] = -Infinity;
    const trace = traceOf(model);
    const cells = expectCsvOfTrace(traceCsv(model, trace), model, trace);
    expect([cells.get('3|o|0'), cells.get('3|o|1'), cells.get('3|L|'), cells.get('|L|')]).toEqual(['Infinity', '-Infinity', 'NaN', 'NaN']);
  });

  it('escapes hostile labels and stops spreadsheet formulas', () => {
    const base = initModel({ variant: 'elman', input: 4, hidden: 2, output: 3, length: 3, seed: 2 });
    const input = ['=HYPERLINK("x")', 'a,"b"', '+1', 'two\r\nlines'];
    const output = ['-2', '@SUM(A1)', 'plain'];
    const model: Model = { ...base, labels: { input, output } };
    const trace = traceOf(model);
    const csv = traceCsv(model, trace);
    expect(csv).toContain('\r\n,input label,0,"\'=HYPERLINK(""x"")"\r\n');
    expect(csv).toContain('\r\n,input label,1,"a,""b"""\r\n');
    const cells = expectCsvOfTrace(csv, model, trace);
    expect(input.map((_, i) => cells.get(`|input label|${i}`))).toEqual(['\'=HYPERLINK("x")', 'a,"b"', '\'+1', 'two\r\nlines']);
    expect(output.map((_, i) => cells.get(`|output label|${i}`))).toEqual(['\'-2', '\'@SUM(A1)', 'plain']);
    // Every line that is not inside a quoted field starts with a step, or with a comma (no step).
    for (const [t] of parseCsv(csv).slice(1)) expect(t).toMatch(/^\d*$/);
  });

  it('quotes and prefixes exactly what needs it', () => {
    expect(['plain', 'a,b', 'say "hi"', 'x\ny', 'x\ry', ''].map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"x\ny"', '"x\ry"', '']);
    expect(['=1+1', '+1', '-1', '@x', '\tx', '\rx', 'a=b', ' =1', '', "'x"].map(spreadsheetText))
      .toEqual(["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", 'a=b', ' =1', '', "'x"]);
  });
});
