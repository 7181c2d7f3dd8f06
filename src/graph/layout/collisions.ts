/** What the label rule keeps apart, as boxes: for the tests and tools that check that no two of them meet. */
import type { Box } from './boxes';
import { boxAt, overlaps, textSize } from './boxes';
import type { UnfoldedLayout } from './layout';
import { CUT_FONT, EDGE_FONT, nodeTextBoxes } from './layout';

/** Every box of the layout's texts and nodes as placed: what the label rule keeps apart (for tests and tools). */
export function layoutBoxes(layout: UnfoldedLayout): { what: string; owner: string; box: Box }[] {
  const out: { what: string; owner: string; box: Box }[] = [];
  for (const n of layout.nodes) {
    out.push({ what: `node ${n.id}`, owner: n.id, box: boxAt(n.x, n.y, n.w, n.h) });
    nodeTextBoxes(n).forEach((b, i) => out.push({ what: `${i === 0 ? 'name' : 'token label'} of ${n.id}`, owner: n.id, box: b }));
  }
  for (const e of layout.edges) {
    const text = e.cut !== null ? '✂' : e.label;
    if (text === '') continue;
    const size = textSize(text, e.cut !== null ? CUT_FONT : EDGE_FONT);
    out.push({ what: `label "${text}" of ${e.id}`, owner: e.id, box: boxAt(e.labelX, e.labelY, size.w, size.h) });
  }
  return out;
}

/** Every two boxes of different owners that meet, as `<what> meets <what>` (a node's name and token label are its own): none, when the label rule held. */
export function layoutCollisions(layout: UnfoldedLayout): string[] {
  const boxes = layoutBoxes(layout);
  const problems: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.owner !== b.owner && overlaps(a.box, b.box)) problems.push(`${a.what} meets ${b.what}`);
    }
  }
  return problems;
}
