/** The Check action: central differences on a parameter's or a node's entries. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellOfVariant, checkGradients, initModel, runPass } from '../../../src/engine/index';
import { describeModel, smallModel } from '../arbitraries';

describe('checkGradients', () => {
  it('agrees with central differences on parameters, o(t) and every node of the cell (a, h; the gates, s) of every variant', () => {
    fc.assert(fc.property(smallModel(), fc.nat(), (model, pick) => {
      const tau = model.sequence.length;
      const t = 1 + (pick % tau);
      const withOutput = model.variant !== 'single-output' || t === tau;
      const targets = [
        { kind: 'param', name: 'W' } as const,
        ...cellOfVariant(model.variant).nodes.map((n) => ({ kind: 'node', node: n.name, t }) as const),
        ...(withOutput ? [{ kind: 'node', node: 'o', t } as const] : []),
      ];
      for (const target of targets) {
        const r = checkGradients(model, target);
        const bad = r.entries.filter((e) => !e.ok);
        if (bad.length > 0) throw new Error(`${describeModel(model)} ${JSON.stringify(target)}: ${JSON.stringify(bad[0])}`);
        expect(r.entries.length).toBe(r.total);
      }
    }), { seed: 8, numRuns: 120 });
  });

  it('with truncation, the numbers match full BPTT and the truncated gradient is shown beside them', () => {
    const model = initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 6, seed: 2, scheme: 'uniform', truncation: 2 });
    const r = checkGradients(model, { kind: 'node', node: 'h', t: 2 });
    expect(r.truncated).toBe(true);
    expect(r.entries.every((e) => e.ok)).toBe(true);
    expect(r.entries.some((e) => Math.abs(e.analytic - e.full) > 1e-6)).toBe(true);
    const pass = runPass(model);
    expect(r.entries.map((e) => e.analytic)).toEqual(Array.from(pass.backward.gH.slice(4, 8)));
  });

  it('checks at most `limit` entries and says how many there are', () => {
    const model = initModel({ variant: 'elman', input: 3, hidden: 6, output: 3, length: 3, seed: 2 });
    const r = checkGradients(model, { kind: 'param', name: 'W' }, 10);
    expect(r.entries).toHaveLength(10);
    expect(r.total).toBe(36);
  });

  it('refuses a step or node that does not exist', () => {
    const model = initModel({ variant: 'single-output', input: 3, hidden: 2, output: 3, length: 3, seed: 2 });
    expect(() => checkGradients(model, { kind: 'node', node: 'h', t: 4 })).toThrow('step 4 is not in 1..3');
    expect(() => checkGradients(model, { kind: 'node', node: 'o', t: 1 })).toThrow(/does not exist/);
    const jordan = initModel({ variant: 'jordan', input: 3, hidden: 2, output: 3, length: 3, seed: 2 });
    expect(() => checkGradients(jordan, { kind: 'param', name: 'h0' })).toThrow(/does not exist/);
  });
});
