/** The label rule without a browser: in every graph no node's box, name, token label or edge label meets another. */
import { describe, expect, it } from 'vitest';
import type { Variant } from '../../../src/engine/index';
import { layoutCollisions, unfoldedLayout } from '../../../src/graph/layout/index';

const CASES: [Variant, boolean][] = [['elman', false], ['jordan', false], ['single-output', false], ['lstm', false], ['lstm', true], ['gru', false], ['gru', true]];

describe.each(CASES)('%s (opened: %s)', (variant, opened) => {
  it.each([10, 60])('at tau %i, no two boxes of the layout meet', (tau) => {
    for (const feedback of variant === 'jordan' ? (['logits', 'teacher'] as const) : [null]) {
      for (const truncation of [null, 3]) {
        const layout = unfoldedLayout({ variant, feedback, tau, truncation, opened, sizes: { hidden: 8, output: 5 } });
        const problems = layoutCollisions(layout);
        expect(problems.slice(0, 6), `${feedback ?? ''} ${truncation ?? ''}: ${problems.length} overlaps`).toEqual([]);
      }
    }
  });
});
