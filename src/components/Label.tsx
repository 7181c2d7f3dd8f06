/**
 * Token and class labels in HTML (the rule is graph/labels): always a <bdi>, so that a label's
 * direction and overrides stop at its end; wrapped anywhere inside its box; cut to `max`
 * graphemes with an ellipsis and the whole text on hover when asked.
 */
import type { ReactNode } from 'react';
import { cutLabel } from '../graph/layout/index';

/** A label as text, isolated. */
export function Label({ text, max }: { text: string; max?: number | undefined }) {
  const { kept, cut } = max === undefined ? { kept: text, cut: false } : cutLabel(text, max);
  return cut
    ? <><bdi className="label" title={text}>{kept}</bdi>…</>
    : <bdi className="label">{text}</bdi>;
}

/** `#id “label”` (the label isolated), or `#id` when the id has no label: symbolText as elements. */
export function SymbolLabel({ labels, id, max }: { labels: readonly string[] | undefined; id: number; max?: number }) {
  const label = labels?.[id];
  return label === undefined ? <>#{id}</> : <>#{id} “<Label text={label} max={max} />”</>;
}

/** Stands for the symbol while a message is built, then is replaced by the symbol's elements. */
const SLOT = '\u0000';

/** A message about a symbol (`(symbol) => text`, in any language) with the symbol shown as elements. */
export function WithSymbol({ message, symbol }: { message: (symbol: string) => string; symbol: ReactNode }) {
  const parts = message(SLOT).split(SLOT);
  return <>{parts.map((part, i) => <span key={i}>{i > 0 && symbol}{part}</span>)}</>;
}
