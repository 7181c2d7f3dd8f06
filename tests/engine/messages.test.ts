/** The words of the model file's messages: counts in the units the limits use, and plurals that agree. */
import { describe, expect, it } from 'vitest';
import { ModelError, exportModel, initModel, parseModel, quote } from '../../src/engine/index';

/** The model file of a small elman model with n = 1, H = 1, K = 2, tau = 1, edited. */
interface Editable { params: Record<string, unknown>; sequence: Record<string, unknown>; labels?: unknown }
function file(edit: (f: Editable) => void): unknown {
  const f = structuredClone(exportModel(initModel({ variant: 'elman', input: 1, hidden: 1, output: 2, length: 1, seed: 3 }))) as unknown as Editable;
  edit(f);
  return f;
}

/** The message of the refusal of a file. */
function refusal(json: unknown): string {
  try {
    parseModel(json);
  } catch (e) {
    if (e instanceof ModelError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('model file messages', () => {
  it('count a label in code points, as the limit does', () => {
    expect(refusal(file((f) => { f.labels = { output: ['a', '😀'.repeat(65)] }; }))).toBe('labels.output[1]: must be at most 64 characters, got 65');
    expect(refusal(file((f) => { f.labels = { output: ['a', '😀'.repeat(64)] }; }))).toBe('accepted');
  });

  it('write one of a thing in the singular', () => {
    expect(refusal(file((f) => { (f.params.U as unknown[])[0] = [1, 2]; }))).toBe('params.U[0]: expected 1 number, got 2');
    expect(refusal(file((f) => { f.params.U = [[1], [2]]; }))).toBe('params.U: expected 1 row, got 2');
    expect(refusal(file((f) => { f.params.U = 'x'; }))).toBe('params.U: expected 1 row of 1 number, got "x"');
    expect(refusal(file((f) => { f.params.b = 3; }))).toBe('params.b: expected an array of 1 number, got 3');
    expect(refusal(file((f) => { f.sequence.targets = [0, 1]; }))).toBe('sequence.targets: expected 1 class id (one per input), got 2');
    expect(refusal(file((f) => { f.labels = { input: ['a', 'b'] }; }))).toBe('labels.input: expected 1 label (one per input symbol), got 2');
    expect(refusal(file((f) => { f.labels = { input: 'a' }; }))).toBe('labels.input: expected an array of 1 string, got "a"');
    expect(refusal(file((f) => { f.sequence.inputs = [[0.5, 1]]; }))).toBe('sequence.inputs[0]: expected 1 number, got 2');
    expect(refusal(file((f) => { f.sequence.inputs = ['a']; }))).toBe('sequence.inputs[0]: expected a token id or a vector of 1 number, got "a"');
  });

  it("call a single output's absent target missing", () => {
    const f = structuredClone(exportModel(initModel({ variant: 'single-output', input: 1, hidden: 1, output: 2, length: 2, seed: 3 }))) as unknown as Editable;
    delete f.sequence.targets;
    expect(refusal(f)).toBe('sequence.targets: missing');
  });

  it('quote user text with every control character escaped', () => {
    expect(quote('a\x1b[2J\x9b\u202e\x7fb')).toBe('"a\\u001b[2J\\u009b\\u202e\\u007fb"');
  });
});
