/**
 * How much of a long sequence the step charts put in the DOM: one element per step only up to
 * STEP_ELEMENTS_MAX steps (past it the marks are a few paths and one hover target, since a
 * thousand elements cost a long layout and no one can point at a step narrower than a pixel),
 * and screen-reader tables in pages of TABLE_ROWS rows, the page that holds the cursor.
 */

/** The most steps a chart draws as one element each (with its own tooltip and data-step). */
export const STEP_ELEMENTS_MAX = 256;

/** Rows of a chart's table of numbers: a page of this many steps. */
export const TABLE_ROWS = 64;

/** Whether a chart of `count` steps draws each as its own element. */
export const stepElements = (count: number): boolean => count <= STEP_ELEMENTS_MAX;

/** Items [start, end) of the page of `size` items out of `count` that holds item `index` (the first page when index is out of range). */
export function pageOf(count: number, index: number | null, size = TABLE_ROWS): readonly [number, number] {
  const at = index !== null && index >= 0 && index < count ? index : 0;
  const start = Math.floor(at / size) * size;
  return [start, Math.min(count, start + size)];
}

/** The item under x on a row of equal cells starting at `left`, each `width` wide, or -1 outside. */
export function itemAt(x: number, left: number, width: number, count: number): number {
  const i = Math.floor((x - left) / width);
  return i >= 0 && i < count ? i : -1;
}
