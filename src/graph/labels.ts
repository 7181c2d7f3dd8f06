/** Token and class ids by their labels (user text: shown as text, never parsed as HTML or TeX). */

/** `#id “label”`, or `#id` when the id has no label. */
export function symbolText(labels: readonly string[] | undefined, id: number): string {
  const label = labels?.[id];
  return label === undefined ? `#${id}` : `#${id} “${label}”`;
}
