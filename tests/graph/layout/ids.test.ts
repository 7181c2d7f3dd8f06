/** Node and edge names, and what a selection may name, per topology. */
import { describe, expect, it } from 'vitest';
import { edgeId, nodeExists, nodeId, parseSelection } from '../../../src/graph/layout/index';

describe('graph ids', () => {
  it('names nodes and edges as the tests and tools find them', () => {
    expect(nodeId('h', 3)).toBe('h@3');
    expect(edgeId(nodeId('o', 2), nodeId('h', 3))).toBe('o@2->h@3');
  });

  it('knows which nodes each topology has', () => {
    const elman = { variant: 'elman', tau: 4 } as const;
    const jordan = { variant: 'jordan', tau: 4 } as const;
    const single = { variant: 'single-output', tau: 4 } as const;
    expect(nodeExists(elman, 'h', 0)).toBe(true);
    expect(nodeExists(jordan, 'h', 0)).toBe(false);
    expect(nodeExists(single, 'o', 3)).toBe(false);
    expect(nodeExists(single, 'L', 4)).toBe(true);
    expect(nodeExists(elman, 'yhat', 5)).toBe(false);
    expect(nodeExists(elman, 'x', 0)).toBe(false);
  });

  it('reads a selection or says what is wrong with it', () => {
    const elman = { variant: 'elman', tau: 4 } as const;
    expect(parseSelection('h@2', elman)).toEqual({ type: 'node', kind: 'h', t: 2 });
    expect(parseSelection('W', elman)).toEqual({ type: 'param', name: 'W' });
    expect(parseSelection('h0', { variant: 'jordan', tau: 4 })).toBe('a jordan network has no h0');
    expect(parseSelection('h@0', { variant: 'jordan', tau: 4 })).toBe('a jordan network has no h@0 (no initial state h0)');
    expect(parseSelection('o@2', { variant: 'single-output', tau: 4 })).toBe('no node o@2: a network read out at the end has o only at the last step, o@4');
    expect(parseSelection('x@9', elman)).toBe('no node x@9: the steps of x run 1..4');
    expect(parseSelection('<img src=x onerror=alert(1)>', elman)).toMatch(/^expected a node like "h@3"/);
  });
});
