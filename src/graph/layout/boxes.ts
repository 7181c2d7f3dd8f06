/**
 * Axis-aligned boxes for the layout's label placement: the boxes of nodes and texts, whether two
 * meet, and a grid of them by column so that a query looks only at its neighbours. Text boxes are
 * estimates from the font size (nothing here measures text); the browser test measures the real ones.
 */

export interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Whether two boxes share any area. */
export const overlaps = (a: Box, b: Box): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The box of width w and height h centred on (x, y), grown by pad on every side. */
export const boxAt = (x: number, y: number, w: number, h: number, pad = 0): Box =>
  ({ left: x - w / 2 - pad, right: x + w / 2 + pad, top: y - h / 2 - pad, bottom: y + h / 2 + pad });

/** A line's ascent + descent in em: Noto Sans, the face the app ships, draws its text boxes 1.36 em tall. */
export const LINE_HEIGHT = 1.4;

/**
 * The size of a one-line text at a font size, an upper estimate for the sans-serif fonts the
 * graph uses (a glyph at most 0.78 em wide, the line LINE_HEIGHT em).
 */
export const textSize = (text: string, fontSize: number): { w: number; h: number } =>
  ({ w: Array.from(text).length * fontSize * 0.78, h: fontSize * LINE_HEIGHT });

/** Boxes bucketed by x in cells of `size`: a box is kept in every cell it spans. */
export class BoxGrid {
  private readonly cells = new Map<number, Box[]>();
  constructor(private readonly size: number) {}

  private span(b: Box): [number, number] {
    return [Math.floor(b.left / this.size), Math.floor(b.right / this.size)];
  }

  add(b: Box): void {
    const [i0, i1] = this.span(b);
    for (let i = i0; i <= i1; i++) {
      const list = this.cells.get(i);
      if (list) list.push(b);
      else this.cells.set(i, [b]);
    }
  }

  /** Whether `b` meets any box held. */
  hits(b: Box): boolean {
    const [i0, i1] = this.span(b);
    for (let i = i0; i <= i1; i++) for (const o of this.cells.get(i) ?? []) if (overlaps(b, o)) return true;
    return false;
  }
}
