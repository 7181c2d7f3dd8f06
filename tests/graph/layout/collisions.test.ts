/** The label rule without a browser: in every graph no node's box, name, token label or edge label meets another. */
import { describe, expect, it } from 'vitest';
import type { Variant } from '../../../src/engine/index';
import { layoutBoxes, overlaps, unfoldedLayout } from '../../../src/graph/layout/index';

const CASES: [Variant, boolean][] = [['elman', false], ['jordan', false], ['single-output', false], ['lstm', false], ['lstm', true], ['gru', false], ['gru', true]];

describe.each(CASES)('%s (opened: %s)', (variant, opened) => {
  it.each([10, 60])('at tau %i, no two boxes of the layout meet', (tau) => {
    for (const feedback of variant === 'jordan' ? (['logits', 'teacher'] as const) : [null]) {
      for (const truncation of [null, 3]) {
        const layout = unfoldedLayout({ variant, feedback, tau, truncation, opened, sizes: { hidden: 8, output: 5 } });
        const boxes = layoutBoxes(layout);
        const problems: string[] = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!;
            const b = boxes[j]!;
            if (a.owner === b.owner) continue; // a node's name and token label are its own
            if (overlaps(a.box, b.box)) problems.push(`${a.what} meets ${b.what}`);
          }
        }
        expect(problems.slice(0, 6), `${feedback ?? ''} ${truncation ?? ''}: ${problems.length} overlaps`).toEqual([]);
      }
    }
  });
});
