/** The one rule for labels: blanks made visible, cut by whole graphemes with an ellipsis, bidi isolation. */
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, FSI, PDI, cutLabel, cutText, fitLabel, graphemes, isolate, symbolText, visibleLabel } from '../../../src/graph/layout/index';

/** A stand-in for the browser's measure: every grapheme 1 wide, the isolates and the ellipsis too. */
const widthOf = (shown: string) => graphemes(shown.replaceAll(FSI, '').replaceAll(PDI, '')).length;

describe('labels', () => {
  it('counts graphemes, so that an emoji or a combining sequence is never split', () => {
    expect(graphemes('😀👍🏽e\u0301')).toEqual(['😀', '👍🏽', 'e\u0301']);
    expect(cutLabel('👍🏽'.repeat(10), 3)).toEqual({ kept: '👍🏽'.repeat(3), cut: true });
    expect(cutLabel('abc', 3)).toEqual({ kept: 'abc', cut: false });
  });

  it('isolates the kept text and puts the ellipsis after the isolate', () => {
    const rlo = `a\u202Ebcdef\u202Dgh`;
    expect(cutText(cutLabel(rlo, 4))).toBe(`${FSI}a\u202Ebc${PDI}${ELLIPSIS}`);
    expect(cutText(cutLabel('hi', 4))).toBe(`${FSI}hi${PDI}`);
    expect(isolate('x')).toBe('\u2068x\u2069');
    expect(symbolText(['\u202Eab'], 0)).toBe(`#0 “${FSI}\u202Eab${PDI}”`);
    expect(symbolText(undefined, 3)).toBe('#3');
  });

  it('fits a label to a width as measured, by bisection, to at most max graphemes', () => {
    const ascii = 'W'.repeat(64);
    const fit = fitLabel(ascii, 24, (s) => widthOf(s) <= 10);
    expect(fit).toBe(`${FSI}${'W'.repeat(9)}${PDI}…`);
    expect(widthOf(fit)).toBe(10);
    // Short enough in graphemes and in width: kept whole, no ellipsis.
    expect(fitLabel('abc', 24, () => true)).toBe(`${FSI}abc${PDI}`);
    // The grapheme cap holds even when everything fits.
    expect(fitLabel(ascii, 24, () => true)).toBe(`${FSI}${'W'.repeat(24)}${PDI}…`);
    // Nothing fits: one grapheme and the ellipsis.
    expect(fitLabel('⚡'.repeat(64), 24, () => false)).toBe(`${FSI}⚡${PDI}…`);
    // Every answer fits when some cut does.
    for (let w = 2; w <= 30; w++) expect(widthOf(fitLabel('😀'.repeat(32), 24, (s) => widthOf(s) <= w))).toBeLessThanOrEqual(w);
  });

  it('makes blank labels visible and collapses white space', () => {
    expect(visibleLabel(' ')).toBe('␣');
    expect(visibleLabel('')).toBe('""');
    expect(visibleLabel('\n\t')).toBe('↵⇥');
    expect(visibleLabel('  a \n b ')).toBe('a b');
  });
});
