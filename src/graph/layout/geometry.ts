/** The unfolded graph's sizes: columns, rows, boxes, fonts and the gaps kept between them (px). */

/** Distance between step columns (an opened gated cell's are wider) and between rows, and a circle's radius. */
export const COLUMN = 120;
export const OPENED_COLUMN = 310;
export const ROW = 90;
export const RADIUS = 20;
/** A vector node's box, and a gate's (inside an opened cell), and how far apart the gates of a row sit. */
export const NODE_W = 72;
export const NODE_H = 28;
export const GATE_W = 48;
export const GATE_H = 24;
export const GATE_SPACING = GATE_W + 24;
export const MARGIN = 40;
/** The widest a token's label inside an x or y node is drawn: its column, less a gap to each neighbour's. */
export const LABEL_WIDTH = COLUMN - 24;
/** The most graphemes of a label drawn in the graph, whatever their width. */
export const LABEL_GRAPHEMES = 24;
/** Font sizes of node names, edge labels, the cut marker and a node's text (px; the stylesheet draws them so). */
export const NAME_FONT = 16;
export const EDGE_FONT = 16;
export const CUT_FONT = 17;
export const VALUE_FONT = 16;
/** Space kept free around a node's box (its gradient ring is drawn there) and between texts. */
export const NODE_PAD = 4;
export const TEXT_PAD = 1;
/** Between a node's box and its name, and between an edge and its label. */
export const NAME_GAP = 3;
export const LABEL_GAP = 3;
