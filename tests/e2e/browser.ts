/** Debian's headless Chromium driven by playwright-core, with errors on the page collected. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium with the flags this closed network needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page whose uncaught errors and console errors (its workers' too) are gathered in `errors`. */
export interface TestPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly errors: string[];
}

/** Opens `url` in a page of `context` (a fresh context when none is given). */
export async function openPage(browser: Browser, url: string, context?: BrowserContext): Promise<TestPage> {
  const ctx = context ?? await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker console: ${m.text()}`); }));
  await page.goto(url);
  return { page, context: ctx, errors };
}

/**
 * For a test file: one browser for the file, a fresh context per page closed after each test,
 * and `open(hash)`, which opens the app (or a link) and waits until the engine has answered.
 */
export function useApp(): { open: (hash?: string) => Promise<TestPage>; browser: () => Browser } {
  let browser: Browser | null = null;
  const pages: TestPage[] = [];
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context.close();
  });
  return {
    browser: () => browser!,
    open: async (hash = '') => {
      const p = await openPage(browser!, inject('baseUrl') + hash);
      pages.push(p);
      // One cell's pass counts its memory; a deep or bidirectional network's numbers its graph's nodes.
      await p.page.getByTestId('memory').filter({ hasText: 'numbers' })
        .or(p.page.locator('[data-testid="unfolded-graph"] [data-node][aria-label*="‖"]')).first().waitFor();
      return p;
    },
  };
}

/** Shows one of the panels under the graph by its tab (e.g. `Charts`, `Training`, `Gradient dynamics`, `Explanations`). */
export async function showTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.click();
  await tab.and(page.locator('[aria-selected="true"]')).waitFor();
}

/** Opens the scene's settings drawer (seed, truncation, the sequence's form and token lists), if it is closed. */
export async function openSettings(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'More settings' });
  if (await toggle.getAttribute('aria-expanded') !== 'true') await toggle.click();
  await page.locator('#scene-settings').waitFor();
}
