/**
 * A TeX equation typeset by KaTeX, hardened: no trust, strict, bounded expansion and size.
 * KaTeX (and its stylesheet) is a large chunk loaded on first use, not with the page; until it
 * arrives, or if it fails to load, the equation shows as its TeX source in plain text.
 */
import type { KatexOptions } from 'katex';
import type { CSSProperties } from 'react';
import { Suspense, use, useMemo } from 'react';

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

type Katex = typeof import('katex').default;

/**
 * The one load of KaTeX and its CSS; it resolves to null if the load fails, and stays so (no
 * retry loop while offline: the equations stay plain text until the page is reloaded).
 */
let loading: Promise<Katex | null> | null = null;

/** Starts loading KaTeX and its stylesheet, once; the same promise every time (what `use` needs). */
export function loadKatex(): Promise<Katex | null> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([katex]) => katex.default, () => null);
  return loading;
}

/** The placeholder's box: a block like KaTeX's display mode, that wraps long vectors. */
const PLAIN: CSSProperties = { display: 'block', margin: '0.4rem 0', fontFamily: 'var(--mono)', fontSize: '0.85em', overflowWrap: 'anywhere' };

/** The placeholder: the TeX source as plain text. */
function Plain({ tex }: { tex: string }) {
  return <span className="tex tex-plain" style={PLAIN}>{tex}</span>;
}

/** Suspends until KaTeX is loaded, then typesets. */
function Typeset({ tex }: { tex: string }) {
  const katex = use(loadKatex());
  const html = useMemo(() => katex?.renderToString(tex, OPTIONS) ?? null, [katex, tex]);
  if (html === null) return <Plain tex={tex} />;
  // Safe: `tex` is built by graph/equations.ts from Float64Array numbers, integer ids and fixed
  // symbols (never a label or other user text), and this HTML is KaTeX's own output for it,
  // rendered with trust: false. A TeX error shows as KaTeX's .katex-error span, not as raw input.
  return <span className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Renders one TeX string built by graph/equations.ts (numbers and fixed symbols only). */
export function Tex({ tex }: { tex: string }) {
  return (
    <Suspense fallback={<Plain tex={tex} />}>
      <Typeset tex={tex} />
    </Suspense>
  );
}
