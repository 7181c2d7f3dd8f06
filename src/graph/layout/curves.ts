/**
 * The unfolded graph's edges as curves between nodes' outlines (straight, around a column, Jordan's
 * feedback, free running's draw), their SVG path data, and the rule that places an edge's label
 * where it meets nothing already placed.
 */
import type { Box } from './boxes';
import { BoxGrid, boxAt } from './boxes';
import { LABEL_GAP, NODE_PAD, NODE_W, ROW, TEXT_PAD } from './geometry';
import type { NodeShape } from './layout';

/** What a curve needs of a node: its centre, size and shape. */
export interface Outline {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly shape: NodeShape;
}

/** Where a ray from a node's centre in direction (ux, uy) (a unit vector) leaves its circle or box. */
function boundary(n: Outline, ux: number, uy: number): [number, number] {
  if (n.shape === 'circle') return [n.x + ux * (n.w / 2), n.y + uy * (n.h / 2)];
  const s = Math.min(ux === 0 ? Infinity : n.w / 2 / Math.abs(ux), uy === 0 ? Infinity : n.h / 2 / Math.abs(uy));
  return [n.x + ux * s, n.y + uy * s];
}

/** A path as a cubic Bézier (a straight one with its control points on the line): points p0, c1, c2, p3. */
export type Curve = readonly [number, number, number, number, number, number, number, number];

/** A straight segment between two nodes' centres, trimmed to their outlines. */
export function straight(a: Outline, b: Outline): Curve {
  const d = Math.hypot(b.x - a.x, b.y - a.y);
  const ux = (b.x - a.x) / d;
  const uy = (b.y - a.y) / d;
  const [x0, y0] = boundary(a, ux, uy);
  const [x1, y1] = boundary(b, -ux, -uy);
  return [x0, y0, x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3, x0 + (2 * (x1 - x0)) / 3, y0 + (2 * (y1 - y0)) / 3, x1, y1];
}

const DIAGONAL = Math.SQRT1_2;

/** How far to the side of a column an arc past its nodes reaches its control points: its bulge (3/4 of it) clears a box. */
const AROUND = ((NODE_W / 2 + 2 * NODE_PAD) * 4) / 3;

/** An arc up one side of a column (`side` 1 the right, -1 the left), past the nodes between (a closed LSTM's x(t) -> h(t), around s(t)). */
export function around(a: Outline, b: Outline, side: 1 | -1 = 1): Curve {
  const [x0, y0] = boundary(a, side * DIAGONAL, -DIAGONAL);
  const [x1, y1] = boundary(b, side * DIAGONAL, DIAGONAL);
  return [x0, y0, a.x + side * AROUND, a.y - ROW * 0.5, b.x + side * AROUND, b.y + ROW * 0.5, x1, y1];
}

/** A curve from the lower right of one node into the upper left of a later step's node (Jordan's feedback). */
export function feedbackCurve(a: Outline, b: Outline, column: number): Curve {
  const [x0, y0] = boundary(a, DIAGONAL, DIAGONAL);
  const [x1, y1] = boundary(b, -DIAGONAL, -DIAGONAL);
  return [x0, y0, x0 + column * 0.45, y0 + ROW * 0.2, x1 - column * 0.45, y1 - ROW * 0.2, x1, y1];
}

/** Free running's feedback: from the right of yhat(t-1) down past the column's nodes into x(t), from its upper left. */
export function sampleCurve(a: Outline, b: Outline, column: number): Curve {
  const [x0, y0] = boundary(a, 1, 0);
  const [x1, y1] = boundary(b, -DIAGONAL, -DIAGONAL);
  return [x0, y0, x0 + column * 0.4, y0, x1 - column * 0.5, y1 - ROW * 0.8, x1, y1];
}

/** SVG path data of a curve (a line when straight). */
export function pathOf(c: Curve, straightLine: boolean): string {
  const r = (v: number) => Math.round(v * 100) / 100;
  return straightLine ? `M${r(c[0])},${r(c[1])}L${r(c[6])},${r(c[7])}` : `M${r(c[0])},${r(c[1])}C${r(c[2])},${r(c[3])} ${r(c[4])},${r(c[5])} ${r(c[6])},${r(c[7])}`;
}

/** The point of a curve at parameter f in [0, 1], and its unit tangent there. */
export function pointOn(c: Curve, f: number): { x: number; y: number; tx: number; ty: number } {
  const g = 1 - f;
  const x = g * g * g * c[0] + 3 * g * g * f * c[2] + 3 * g * f * f * c[4] + f * f * f * c[6];
  const y = g * g * g * c[1] + 3 * g * g * f * c[3] + 3 * g * f * f * c[5] + f * f * f * c[7];
  const dx = 3 * g * g * (c[2] - c[0]) + 6 * g * f * (c[4] - c[2]) + 3 * f * f * (c[6] - c[4]);
  const dy = 3 * g * g * (c[3] - c[1]) + 6 * g * f * (c[5] - c[3]) + 3 * f * f * (c[7] - c[5]);
  const d = Math.hypot(dx, dy) || 1;
  return { x, y, tx: dx / d, ty: dy / d };
}

/** Where along an edge its label is tried, in order: the middle first, then outwards. */
const LABEL_AT = [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85];

/** How far from its edge a label is tried, in order: close first, then further out. */
const LABEL_GAPS = [LABEL_GAP, LABEL_GAP + 8, LABEL_GAP + 18];

/**
 * The label rule: a label of size w x h sits beside its edge, at the first place along LABEL_AT,
 * on the right (or above) side first, then the other, LABEL_GAPS from it, whose box meets nothing
 * already placed; the middle on the right when no place is free.
 */
export function placeLabel(c: Curve, w: number, h: number, taken: BoxGrid): { x: number; y: number; box: Box } {
  let first: { x: number; y: number; box: Box } | null = null;
  for (const gap of LABEL_GAPS) {
    for (const f of LABEL_AT) {
      const p = pointOn(c, f);
      // The normals to the tangent; the one more to the right and up first.
      const normals: [number, number][] = [[-p.ty, p.tx], [p.ty, -p.tx]];
      normals.sort((m, n) => (n[0] - n[1]) - (m[0] - m[1]));
      for (const [nx, ny] of normals) {
        const off = Math.abs(nx) * (w / 2) + Math.abs(ny) * (h / 2) + gap;
        const x = p.x + nx * off;
        const y = p.y + ny * off;
        const box = boxAt(x, y, w, h, TEXT_PAD);
        first ??= { x, y, box };
        if (!taken.hits(box)) return { x, y, box };
      }
    }
  }
  return first!;
}
