/** The task generators: targets are what each task says; seeds reproduce. */
import { describe, expect, it } from 'vitest';
import { countClassification, cuedEcho, delayedEcho, identityRecurrence, initModel, paramNames, parity } from '../../../src/engine/index';
import type { Model } from '../../../src/engine/index';

const ids = (m: Model): number[] => {
  const x = m.sequence.inputs;
  if (x.kind !== 'tokens') throw new Error('expected tokens');
  return Array.from(x.ids);
};

describe('delayed echo', () => {
  it('y(t) = x(t - lag), and class 0 for t <= lag', () => {
    for (const lag of [0, 1, 3]) {
      const m = delayedEcho({ lag, length: 12, symbols: 5, hidden: 4, seed: 11 });
      const x = ids(m), y = Array.from(m.sequence.targets);
      expect(x.every((v) => v >= 0 && v < 5)).toBe(true);
      for (let t = 1; t <= 12; t++) expect(y[t - 1]).toBe(t <= lag ? 0 : x[t - 1 - lag]);
      expect(m.variant).toBe('elman');
      expect(m.sizes).toEqual({ input: 5, hidden: 4, output: 5 });
      expect(m.labels).toEqual({ input: ['a', 'b', 'c', 'd', 'e'], output: ['a', 'b', 'c', 'd', 'e'] });
    }
  });

  it('the parameters are initModel with the seed; the sequence comes from the task', () => {
    const m = delayedEcho({ lag: 1, length: 30, symbols: 3, hidden: 6, seed: 9 });
    const base = initModel({ variant: 'elman', input: 3, hidden: 6, output: 3, length: 30, seed: 9 });
    expect(m.params).toEqual(base.params);
    expect(new Set(ids(m)).size).toBe(3);
  });
});

describe('delayed echo on each cell', () => {
  it('the same sequence from the seed for every cell; initModel\'s parameters for the cell', () => {
    const elman = delayedEcho({ lag: 3, length: 25, symbols: 4, hidden: 5, seed: 6 });
    for (const variant of ['elman', 'jordan', 'lstm', 'gru'] as const) {
      const m = delayedEcho({ variant, lag: 3, length: 25, symbols: 4, hidden: 5, seed: 6 });
      expect(m.variant).toBe(variant);
      expect(m.sequence).toEqual(elman.sequence);
      expect(m.labels).toEqual(elman.labels);
      expect(m.params).toEqual(initModel({ variant, input: 4, hidden: 5, output: 4, length: 25, seed: 6 }).params);
      expect(Object.keys(m.params)).toEqual([...paramNames(variant)]);
    }
    expect(delayedEcho({ variant: 'jordan', lag: 1, length: 4, symbols: 2, hidden: 2, seed: 1 }).feedback).toBe('logits');
  });

  it('refuses the single-output network by name', () => {
    expect(() => delayedEcho({ variant: 'single-output' as never, lag: 1, length: 4, symbols: 2, hidden: 2, seed: 1 }))
      .toThrow(/^variant: expected one of elman, jordan, lstm, gru, got single-output$/);
  });
});

describe('cued echo', () => {
  it('episodes of lag + 1 steps: a cue, blanks, the query; the target is the cue at the query, _ elsewhere', () => {
    const m = cuedEcho({ lag: 4, episodes: 6, cues: 3, hidden: 4, seed: 2 });
    const x = ids(m), y = Array.from(m.sequence.targets);
    expect(m.sequence.length).toBe(30);
    expect(m.sizes).toEqual({ input: 5, hidden: 4, output: 4 });
    expect(m.labels).toEqual({ input: ['_', 'a', 'b', 'c', '?'], output: ['_', 'a', 'b', 'c'] });
    for (let t = 1; t <= 30; t++) {
      const k = (t - 1) % 5;
      if (k === 0) expect(x[t - 1]).toBeGreaterThanOrEqual(1);
      if (k === 0) expect(x[t - 1]).toBeLessThanOrEqual(3);
      if (k > 0 && k < 4) expect(x[t - 1]).toBe(0);
      if (k === 4) expect(x[t - 1]).toBe(4);
      // At the query y(t) = x(t - lag), the cue; elsewhere nothing to echo.
      expect(y[t - 1]).toBe(k === 4 ? x[t - 1 - 4] : 0);
    }
    expect(new Set(x.filter((_, i) => i % 5 === 0)).size).toBeGreaterThan(1);
  });

  it('the same cues from the seed for every cell, other cues from another seed; bad options are named', () => {
    const a = cuedEcho({ lag: 3, episodes: 20, cues: 2, hidden: 3, seed: 5 });
    expect(cuedEcho({ variant: 'gru', lag: 3, episodes: 20, cues: 2, hidden: 3, seed: 5 }).sequence).toEqual(a.sequence);
    expect(cuedEcho({ variant: 'lstm', lag: 3, episodes: 20, cues: 2, hidden: 3, seed: 5 }).params).toEqual(initModel({ variant: 'lstm', input: 4, hidden: 3, output: 3, length: 80, seed: 5 }).params);
    expect(ids(cuedEcho({ lag: 3, episodes: 20, cues: 2, hidden: 3, seed: 6 }))).not.toEqual(ids(a));
    expect(() => cuedEcho({ lag: 0, episodes: 2, cues: 2, hidden: 2, seed: 1 })).toThrow(/^lag: expected an integer >= 1, got 0$/);
    expect(() => cuedEcho({ lag: 2, episodes: 0, cues: 2, hidden: 2, seed: 1 })).toThrow(/^episodes: /);
    expect(() => cuedEcho({ lag: 2, episodes: 2, cues: 1, hidden: 2, seed: 1 })).toThrow(/^cues: /);
  });
});

describe('parity', () => {
  it('y(t) is the parity of the bits x(1..t)', () => {
    const m = parity({ length: 16, hidden: 4, seed: 2 });
    const x = ids(m);
    let acc = 0;
    x.forEach((bit, i) => { acc = (acc + bit) % 2; expect(m.sequence.targets[i]).toBe(acc); });
    expect(m.labels).toEqual({ input: ['0', '1'], output: ['even', 'odd'] });
  });

  it('hand-checked: bits 1 0 1 1 give parities 1 1 0 1', () => {
    // Find a seed whose first four bits are 1 0 1 1, and check its targets by hand.
    let seed = 0;
    while (ids(parity({ length: 4, hidden: 2, seed })).join('') !== '1011') seed++;
    expect(Array.from(parity({ length: 4, hidden: 2, seed }).sequence.targets)).toEqual([1, 1, 0, 1]);
  });
});

describe('count classification', () => {
  it('one target: 1 if more a (0) than b (1), else 0; c (2) does not count', () => {
    let seen = 0;
    for (let seed = 0; seed < 40; seed++) {
      const m = countClassification({ length: 7, hidden: 3, seed });
      const x = ids(m);
      const a = x.filter((v) => v === 0).length, b = x.filter((v) => v === 1).length;
      expect(Array.from(m.sequence.targets)).toEqual([a > b ? 1 : 0]);
      seen |= a > b ? 1 : a === b ? 2 : 4;
      expect(m.variant).toBe('single-output');
      expect(m.labels?.input).toEqual(['a', 'b', 'c']);
    }
    expect(seen).toBe(7); // more a, a tie (target 0) and more b all occurred
  });
});

describe('seeds', () => {
  it('the same seed reproduces every task bit for bit; another seed gives another sequence', () => {
    const make = [
      (seed: number) => delayedEcho({ lag: 2, length: 20, symbols: 4, hidden: 5, seed }),
      (seed: number) => parity({ length: 20, hidden: 5, seed }),
      (seed: number) => countClassification({ length: 20, hidden: 5, seed }),
    ];
    for (const f of make) {
      expect(f(3)).toEqual(f(3));
      expect(ids(f(3))).not.toEqual(ids(f(4)));
    }
  });
});

describe('identity recurrence', () => {
  it('a copy with W = scale I, everything else equal and not shared', () => {
    const m = delayedEcho({ lag: 1, length: 60, symbols: 3, hidden: 3, seed: 1 });
    const w = identityRecurrence(m, 1.5);
    expect(Array.from(w.params.W!)).toEqual([1.5, 0, 0, 0, 1.5, 0, 0, 0, 1.5]);
    expect(w.params.U).toEqual(m.params.U);
    expect(w.params.U).not.toBe(m.params.U);
    expect(w.sequence).toBe(m.sequence);
    expect(m.params.W![1]).not.toBe(0);
    expect(() => identityRecurrence(initModel({ variant: 'jordan', input: 2, hidden: 2, output: 2, length: 2, seed: 1 }), 1)).toThrow(RangeError);
  });
});
