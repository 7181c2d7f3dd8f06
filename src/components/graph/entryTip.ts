/**
 * The tooltip of a strip's entry in the unfolded graph: its index, value and gradient, shown over
 * the entry hovered, or the one reached by the keyboard. A div over the viewport (it does not
 * scale with the zoom); its text is announced to screen readers as it changes.
 */

export interface EntryTip {
  /** Shows `text` above `mark` (an entry's rect). */
  show: (mark: Element, text: string) => void;
  hide: () => void;
  destroy: () => void;
}

/** The tooltip inside `viewport` (positioned relative to it). */
export function createEntryTip(viewport: HTMLElement): EntryTip {
  const tip = document.createElement('div');
  tip.className = 'entry-tip';
  tip.setAttribute('role', 'status');
  tip.setAttribute('data-testid', 'entry-tip');
  tip.hidden = true;
  viewport.appendChild(tip);
  return {
    show: (mark, text) => {
      const v = viewport.getBoundingClientRect();
      const r = mark.getBoundingClientRect();
      tip.textContent = text;
      tip.hidden = false;
      const half = tip.offsetWidth / 2;
      const x = Math.max(half + 2, Math.min(v.width - half - 2, r.left - v.left + r.width / 2));
      const above = r.top - v.top - 6;
      tip.style.left = `${x}px`;
      tip.style.top = `${above > tip.offsetHeight + 2 ? above : r.bottom - v.top + 6 + tip.offsetHeight}px`;
    },
    hide: () => {
      tip.hidden = true;
    },
    destroy: () => tip.remove(),
  };
}
