/**
 * The entries of the unfolded graph's strips read one at a time: the tooltip of the entry under
 * the pointer, or of the one the keyboard reached in the selected node (marked `focused`).
 */
import { createEntryTip } from './entryTip';
import type { NodeEl } from './blockView';
import type { UnfoldedProps } from './unfoldedView';

/** What the focus reads of the view. */
export interface EntryHost {
  /** The props drawn now, or null before the first update. */
  readonly props: () => UnfoldedProps | null;
  /** A node's drawn elements by id, if drawn. */
  readonly node: (id: string) => NodeEl | undefined;
  /** Builds a node's strip if it has none yet, and paints it with the props drawn. */
  readonly paint: (ne: NodeEl) => void;
}

export interface EntryFocus {
  /** Marks and tells the keyboard's entry of the props drawn now (after every update). */
  refresh: () => void;
  destroy: () => void;
}

/** The entries' focus over `plane`, its tooltip inside `viewport`. */
export function createEntryFocus(plane: HTMLElement, viewport: HTMLElement, host: EntryHost): EntryFocus {
  const tip = createEntryTip(viewport);

  /** The tooltip of cell `cell` of a node's strip, over its mark; false when there is nothing to tell yet. */
  const showEntry = (ne: NodeEl, cell: number, mark: Element): boolean => {
    const props = host.props();
    const v = props?.vectors?.(ne.node) ?? null;
    if (!v || !ne.strip || !props) return false;
    const s = props.schedule.at(props.position).node(ne.node);
    if (!s.value) return false;
    tip.show(mark, props.describe(ne.node, cell, v, s.gradient));
    return true;
  };

  let hovering = false;
  /** The entry reached by the keyboard: marked, and its tooltip shown (none: the tooltip hidden). */
  let focusedMark: Element | null = null;
  const refresh = (): void => {
    focusedMark?.classList.remove('focused');
    focusedMark = null;
    const props = host.props();
    const id = props?.selected;
    const cell = props?.entry ?? null;
    const ne = id ? host.node(id) : undefined;
    if (cell === null || !ne) {
      if (!hovering) tip.hide();
      return;
    }
    host.paint(ne);
    const mark = ne.strip?.value.children[cell];
    if (!mark) return;
    mark.classList.add('focused');
    focusedMark = mark;
    if (!showEntry(ne, cell, mark)) tip.hide();
  };

  const onOver = (event: PointerEvent) => {
    const mark = (event.target as Element).closest('[data-entry]');
    const ne = host.node(mark?.closest('[data-node]')?.getAttribute('data-node') ?? '');
    if (!mark || !ne?.strip) return;
    const cell = Array.prototype.indexOf.call(mark.parentElement!.children, mark) as number;
    hovering = showEntry(ne, cell, mark);
  };
  const onOut = (event: PointerEvent) => {
    if (!(event.target as Element).closest('[data-entry]')) return;
    hovering = false;
    tip.hide();
    if (focusedMark) refresh();
  };
  plane.addEventListener('pointerover', onOver);
  plane.addEventListener('pointerout', onOut);

  return {
    refresh,
    destroy: () => {
      tip.destroy();
      plane.removeEventListener('pointerover', onOver);
      plane.removeEventListener('pointerout', onOut);
    },
  };
}
