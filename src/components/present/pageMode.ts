/**
 * The page's mode, read from its URL (pure: no DOM). The hash is left to share links (`#s=1.`,
 * `#c=1.`), so the modes live in the path and the query, and combine with any link:
 *
 * - the embed page is `embed/` under the app's base (`/embed/`, `/embed/index.html`), its own
 *   HTML entry, which the host may let other sites frame;
 * - `?present` opens in presentation mode, on the app or on the embed page.
 *
 * e.g. `/?present#c=1.…` presents a scene; `/embed/?present#s=1.…` embeds a trained model presenting.
 */

/** The query parameter that opens the page presenting. */
export const PRESENT_PARAM = 'present';

/** The last part of the embed page's path: the folder of its HTML entry. */
export const EMBED_DIR = 'embed';

export interface PageMode {
  /** Whether this is the embed page: graph and transport only, nothing saved. */
  readonly embedded: boolean;
  /** Whether the page opens presenting. */
  readonly presenting: boolean;
}

/** The embed page's paths: `…/embed/`, `…/embed/index.html` (`…/embed` is the app's fallback, not the page). */
const EMBED_PATH = new RegExp(`(^|/)${EMBED_DIR}/(index\\.html)?$`);

/** The mode of a page's URL (its hash plays no part: it is a share link's). */
export function pageModeOf(url: URL): PageMode {
  const present = url.searchParams.get(PRESENT_PARAM);
  return {
    embedded: EMBED_PATH.test(url.pathname),
    // `?present`, `?present=1`, `?present=true`: any value but an explicit off.
    presenting: present !== null && !/^(0|false|no|off)$/i.test(present),
  };
}

/** The URL without `?present` (path, the rest of the query and the hash kept): where leaving presentation goes. */
export function withoutPresent(url: URL): string {
  const next = new URL(url.href);
  next.searchParams.delete(PRESENT_PARAM);
  return `${next.pathname}${next.search}${next.hash}`;
}

/** The URL with `?present` (path, the rest of the query and the hash kept): where entering presentation goes. */
export function withPresent(url: URL): string {
  const next = new URL(url.href);
  next.searchParams.set(PRESENT_PARAM, '');
  // URLSearchParams writes `present=`: the flag reads better bare.
  const search = next.search.replace(new RegExp(`([?&]${PRESENT_PARAM})=(?=&|$)`), '$1');
  return `${next.pathname}${search}${next.hash}`;
}
