/** Printing: the unfolded graphs scaled to fit the page (print.css draws what is printed). */

/** Width (CSS px) a graph is scaled down to on paper: A4 or Letter portrait, less the margins and the panel's padding. */
export const PRINT_WIDTH = 660;

/**
 * Before printing, gives every unfolded graph's plane its scale to fit the page (print.css reads
 * `--print-fit`); after, takes it away. Returns the function that stops listening.
 */
export function fitGraphsForPrint(): () => void {
  const planes = () => Array.from(document.querySelectorAll<HTMLElement>('.graph-plane'));
  const before = () => {
    for (const plane of planes()) plane.style.setProperty('--print-fit', String(Math.min(1, PRINT_WIDTH / Math.max(1, plane.offsetWidth))));
  };
  const after = () => {
    for (const plane of planes()) plane.style.removeProperty('--print-fit');
  };
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  return () => {
    window.removeEventListener('beforeprint', before);
    window.removeEventListener('afterprint', after);
    after();
  };
}
