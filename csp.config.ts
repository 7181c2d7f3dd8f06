/**
 * The production Content-Security-Policy, defined once. `vite preview` sends it as a header,
 * the build writes it into index.html as a <meta> (without what a meta cannot carry), and
 * public/_headers carries it for static hosts (tests/csp.test.ts keeps that file equal to
 * `headersFile()`). Never in dev: Vite's dev server injects inline scripts for React refresh.
 *
 * The embed page (embed/index.html, for an <iframe> in course notes) has the same policy less
 * `frame-ancestors 'none'`: any page may frame it, while the app itself stays unframeable. Only
 * a header can say so (a <meta> cannot carry frame-ancestors), hence a page of its own.
 */
import { EMBED_DIR } from './src/components/present/pageMode.js';

export { EMBED_DIR };

/** Each directive of the policy and its sources, in the order they are written. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  // Only the bundle's own files: no inline script, no 'unsafe-eval'. zod's JIT (`new Function`)
  // is off (src/engine/schema.ts) and cut from the bundle (vite.config.ts).
  'script-src': ["'self'"],
  // The engine worker is a module file of the bundle.
  'worker-src': ["'self'"],
  // KaTeX's HTML carries inline style="..." attributes (heights, vertical-align, struts) that
  // lay out every equation, and it reaches the DOM as markup (Tex.tsx), which `style-src 'self'`
  // would block; React and D3 style props go through CSSOM (element.style), which no policy
  // blocks. So style attributes are allowed, while <style> and <link> elements stay 'self'
  // (style-src-elem, CSP 3): a style attribute runs no script and cannot read the page. A
  // browser without style-src-elem falls back to style-src, i.e. 'unsafe-inline' for both.
  'style-src': ["'self'", "'unsafe-inline'"],
  'style-src-elem': ["'self'"],
  // KaTeX's fonts are files of the bundle (the build inlines no asset as a data: URL).
  'font-src': ["'self'"],
  // No <img>: charts are SVG and canvas; the favicon is a file.
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  // No form is ever submitted (the help dialog's form closes it: method="dialog").
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Directives a <meta> policy cannot carry (the browser ignores them there, with a warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

const serialize = (names: readonly string[]): string =>
  names.map((name) => `${name} ${CSP_DIRECTIVES[name]!.join(' ')}`).join('; ');

/** The policy as an HTTP header value. */
export const CSP_HEADER = serialize(Object.keys(CSP_DIRECTIVES));

/** The policy for index.html's <meta http-equiv="Content-Security-Policy">: the header less frame-ancestors. */
export const CSP_META = serialize(Object.keys(CSP_DIRECTIVES).filter((name) => !HEADER_ONLY.has(name)));

/** The embed page's policy as an HTTP header value: the app's, less frame-ancestors, so that any page may frame it. */
export const EMBED_CSP_HEADER = serialize(Object.keys(CSP_DIRECTIVES).filter((name) => name !== 'frame-ancestors'));

/**
 * public/_headers (Netlify and Cloudflare Pages): the app's header on every path, then the embed
 * page's on its folder. Netlify takes the later rule's value for a header both rules set;
 * Cloudflare Pages joins the two into two policies, which keeps the embed page unframeable (safe,
 * but not what is wanted) unless `! Content-Security-Policy` is added under the second rule
 * (README, "Embedding").
 */
export function headersFile(): string {
  return `/*\n  Content-Security-Policy: ${CSP_HEADER}\n/${EMBED_DIR}/*\n  Content-Security-Policy: ${EMBED_CSP_HEADER}\n`;
}
