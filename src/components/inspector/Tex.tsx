/** A TeX equation typeset by KaTeX, hardened: no trust, strict, bounded expansion and size. */
import katex from 'katex';
import type { KatexOptions } from 'katex';
import { useMemo } from 'react';

/** KaTeX's options: untrusted input (no \href, \url, \includegraphics...), strict, bounded. */
const OPTIONS: KatexOptions = {
  trust: false,
  strict: 'error',
  maxExpand: 1000,
  maxSize: 20,
  throwOnError: false,
  output: 'htmlAndMathml',
  displayMode: true,
};

/** Renders one TeX string built by graph/equations.ts (numbers and fixed symbols only). */
export function Tex({ tex }: { tex: string }) {
  const html = useMemo(() => katex.renderToString(tex, OPTIONS), [tex]);
  // Safe: `tex` is built by graph/equations.ts from Float64Array numbers, integer ids and fixed
  // symbols (never a label or other user text), and this HTML is KaTeX's own output for it,
  // rendered with trust: false. A TeX error shows as KaTeX's .katex-error span, not as raw input.
  return <span className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
}
