/** SVG elements for the graph views, made in the SVG namespace. */

export const SVG = 'http://www.w3.org/2000/svg';

/** A new `tag` element with these attributes, appended to `parent`. */
export const el = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent: Element): SVGElementTagNameMap[K] => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent.appendChild(e);
  return e;
};
