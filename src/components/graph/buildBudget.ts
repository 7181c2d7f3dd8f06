/**
 * How much of a long unfolded graph is built, and when (./unfoldedView.ts): a small graph whole
 * at once; a long one around the view, a few steps a frame, its far blocks dropped.
 */

/** Steps per block: each block of columns is one SVG, painted on its own. */
export const BLOCK = 8;
/** Up to this many blocks, a graph is built and redrawn whole at once (tau <= 127). */
export const WHOLE_BLOCKS = 16;
/** Main-thread time building and redrawing the blocks in view may take per frame, ms. */
export const FRAME_BUDGET_MS = 4;
/**
 * Steps' worth of new elements the pump adds per frame: a step's nodes and edges, or a step's
 * strips, count one each. The new elements' style and layout, after the script, cost about four
 * times its time (a block's strips at once: about 20 ms of layout), so the script's time alone
 * does not bound the frame. At rest, a block's worth a frame; while playing, whose frames also
 * hold a step, three: still ahead of 60 steps/s (a column a frame, strips left for later).
 */
export const FRAME_STEPS = BLOCK;
export const PLAYING_FRAME_STEPS = 3;
/** What a step of a long graph has: its nodes and edges (BUILT), and its strips too (STRIPPED). */
export const BUILT = 1;
export const STRIPPED = 2;
/** What drawing may still spend: steps built or stripped, and until when (performance.now()). */
export interface Budget { units: number; readonly deadline: number }
export const unbounded = (): Budget => ({ units: Infinity, deadline: Infinity });
/**
 * While playing gives a step less time than this, ms (faster than 20 steps a second), no new
 * strips are built: no one reads a strip that shows for a frame or two, and the building would
 * double the work of each new column.
 */
export const QUICK_STEP_MS = 50;
/** Blocks beyond each side of the view that count as in view (drawn at once). */
export const MARGIN_BLOCKS = 1;
/**
 * Blocks further than this beyond the view and its margin are taken off the plane, so that a long
 * graph holds about the blocks in view whatever was played or panned past (its DOM, layers and
 * the garbage collector's work stay bounded); they are built again when they come back.
 */
export const KEEP_BLOCKS = 2;
