/**
 * What a node of the unfolded graph shows: its fill, the short text inside it, and a token's
 * label cut to its column as the browser draws it.
 */
import type { LayoutNode, Theme } from '../../graph/layout/index';
import { LABEL_GRAPHEMES, LABEL_WIDTH, cutLabel, cutText, divergingColor, fitLabel, isolate, sequentialColor } from '../../graph/layout/index';
import type { NodeNumbers } from '../../graph/charts/index';

/**
 * The fill of a node, for its `style.fill`: x and y in the theme's token colour, valued or not; a
 * node with no value in the theme's empty colour; else the cell's nodes and o on the diverging
 * scale, a gate, yhat and L sequential (the scales in `theme`).
 */
export function fillOf(node: LayoutNode, n: NodeNumbers | undefined, lossScale: number, theme: Theme): string {
  if (node.kind === 'x' || node.kind === 'y') return 'var(--node-token)';
  if (!n) return 'var(--node-empty)';
  switch (node.kind) {
    case 'o': return divergingColor(n.value, 3, theme);
    case 'yhat': return sequentialColor(n.value, theme);
    case 'L': return sequentialColor(n.value / lossScale, theme);
    default: return node.gate ? sequentialColor(n.value, theme) : divergingColor(n.value, 1, theme);
  }
}

/** What a node shows: the short text inside it and, for a token's label, its whole text (isolated). */
export interface Shown { readonly text: string; readonly whole: string | null }

/** The short text inside a node: the token for x and y (cut to its column by `fit`), 2 digits for the rest. */
export function shownOf(node: LayoutNode, n: NodeNumbers | undefined, symbols: (kind: 'x' | 'y', id: number) => string, fit: (label: string) => string): Shown {
  if (!n) return { text: '', whole: null };
  if (node.kind === 'x' || node.kind === 'y') {
    if (!Number.isInteger(n.value)) return { text: '', whole: null };
    const label = symbols(node.kind, n.value);
    return { text: fit(label), whole: isolate(label) };
  }
  if (!Number.isFinite(n.value)) return { text: Number.isNaN(n.value) ? 'NaN' : '∞', whole: null };
  return { text: n.value.toFixed(Math.abs(n.value) >= 10 ? 0 : 2), whole: null };
}

/** Graphemes kept of a label when the browser cannot measure it (the graph not rendered). */
const UNMEASURED_GRAPHEMES = 8;

/**
 * Labels cut to LABEL_WIDTH as the browser draws them (system fonts differ between machines),
 * measured on a hidden text with the look of a node's value; each label is measured once.
 */
export function labelFitter(probe: SVGTextElement): (label: string) => string {
  const fitted = new Map<string, string>();
  return (label) => {
    const known = fitted.get(label);
    if (known !== undefined) return known;
    let measured = true;
    const fits = (shown: string): boolean => {
      probe.textContent = shown;
      const width = probe.getComputedTextLength();
      if (width === 0 && shown !== '') measured = false;
      return width <= LABEL_WIDTH;
    };
    const shown = fitLabel(label, LABEL_GRAPHEMES, fits);
    if (!measured) return cutText(cutLabel(label, UNMEASURED_GRAPHEMES));
    fitted.set(label, shown);
    return shown;
  };
}
