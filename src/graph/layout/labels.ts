/**
 * Token and class labels as shown (user text: shown as text, never parsed as HTML or TeX). The
 * one rule for them: a blank label made visible, cut with an ellipsis to what fits (by whole
 * graphemes, never inside an emoji or a combining sequence), the whole text kept for hover and
 * the inspector, and isolated for bidi wherever it is shown, so that a label holding U+202E
 * cannot reorder the text around it. Widths are the caller's: nothing here measures text.
 */

/** U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE. */
export const FSI = '\u2068';
export const PDI = '\u2069';
export const ELLIPSIS = '…';

/** `text` in a bidi isolate: its direction and any override in it stop at its end. */
export const isolate = (text: string): string => `${FSI}${text}${PDI}`;

const SEGMENTER = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/** The text's graphemes (user-perceived characters; code points where Intl.Segmenter is missing). */
export function graphemes(text: string): string[] {
  return SEGMENTER ? Array.from(SEGMENTER.segment(text), (s) => s.segment) : Array.from(text);
}

/** A label as drawn: a blank one made visible (`␣` for a space, `""` when empty), runs of white space as one space. */
export function visibleLabel(label: string): string {
  if (label.trim() !== '') return label.trim().replace(/\s+/g, ' ');
  if (label === '') return '""';
  return label.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/\s/g, '·');
}

/** A label cut to what it shows: the text kept, and whether an ellipsis follows it. */
export interface CutLabel {
  readonly kept: string;
  readonly cut: boolean;
}

/** The first `n` graphemes of `text` (at least one), and an ellipsis when some are left out. */
export function cutLabel(text: string, n: number): CutLabel {
  const g = graphemes(text);
  if (g.length <= n) return { kept: text, cut: false };
  return { kept: g.slice(0, Math.max(1, n)).join('').trimEnd(), cut: true };
}

/** A cut label as text: the kept part isolated, then the ellipsis outside it (so that it stays at the end). */
export const cutText = ({ kept, cut }: CutLabel): string => `${isolate(kept)}${cut ? ELLIPSIS : ''}`;

/**
 * The longest cut of `text` to at most `max` graphemes whose shown text `fits` (e.g. measured
 * by the browser against a width), found by bisection: `fits` is taken as monotonic in the
 * length. One grapheme and the ellipsis are kept when even that does not fit.
 */
export function fitLabel(text: string, max: number, fits: (shown: string) => boolean): string {
  const count = graphemes(text).length;
  const whole = cutLabel(text, max);
  if (count <= 1 || fits(cutText(whole))) return cutText(whole);
  // lo fits (or is 1, the least), hi does not.
  let lo = 1;
  let hi = Math.min(count, max);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(cutText(cutLabel(text, mid)))) lo = mid;
    else hi = mid;
  }
  return cutText({ kept: cutLabel(text, lo).kept, cut: true });
}

/** `#id “label”` (the label isolated), or `#id` when the id has no label. */
export function symbolText(labels: readonly string[] | undefined, id: number): string {
  const label = labels?.[id];
  return label === undefined ? `#${id}` : `#${id} “${isolate(label)}”`;
}
