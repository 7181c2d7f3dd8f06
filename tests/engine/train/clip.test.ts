/** Global gradient-norm clipping: direction kept, norm capped, pre-clip norm reported. */
import { describe, expect, it } from 'vitest';
import { clipGradients, globalNorm } from '../../../src/engine/index';
import type { Params } from '../../../src/engine/index';

/** Gradients of a jordan-shaped set (no h0) from plain arrays. */
const grads = (U: number[], W: number[], V: number[], b: number[], c: number[]): Params => ({
  U: Float64Array.from(U), W: Float64Array.from(W), V: Float64Array.from(V), b: Float64Array.from(b), c: Float64Array.from(c),
});

describe('global norm clipping', () => {
  it('the norm covers every entry of every gradient: a 3-4-12 triangle gives 13', () => {
    const g = grads([3], [4], [12], [0], [0]);
    expect(globalNorm(g, 'jordan')).toBe(13);
  });

  it('above the cap: scaled to the cap, direction kept, pre-clip norm reported', () => {
    const g = grads([3], [4], [12], [0], [0]);
    const r = clipGradients(g, 'jordan', 6.5);
    expect(r).toEqual({ norm: 13, clipped: true });
    expect([g.U![0], g.W![0], g.V![0]]).toEqual([1.5, 2, 6]);
    expect(globalNorm(g, 'jordan')).toBeCloseTo(6.5, 14);
  });

  it('at or below the cap: nothing changes', () => {
    const g = grads([3], [4], [12], [0], [0]);
    expect(clipGradients(g, 'jordan', 13)).toEqual({ norm: 13, clipped: false });
    expect(clipGradients(g, 'jordan', 100)).toEqual({ norm: 13, clipped: false });
    expect([g.U![0], g.W![0], g.V![0]]).toEqual([3, 4, 12]);
  });

  it('the elman h0 gradient counts; huge entries do not overflow the norm', () => {
    const g: Params = { ...grads([0], [0], [0], [0], [0]), h0: Float64Array.of(1e200, 1e200) };
    expect(globalNorm(g, 'elman')).toBeCloseTo(Math.SQRT2 * 1e200, -186);
    expect(globalNorm(g, 'jordan')).toBe(0);
    const r = clipGradients(g, 'elman', 1);
    expect(r.clipped).toBe(true);
    expect(g.h0![0]).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('a non-finite norm is reported and the gradients are left alone', () => {
    const g = grads([NaN], [1], [1], [1], [1]);
    expect(clipGradients(g, 'jordan', 1)).toEqual({ norm: NaN, clipped: false });
    expect(globalNorm(grads([Infinity], [1], [1], [1], [1]), 'jordan')).toBe(Infinity);
    expect(() => clipGradients(g, 'jordan', 0)).toThrow(RangeError);
  });
});
