/**
 * What the browser benches share: a production build served on a free loopback port, Debian's
 * headless Chromium, and a wait for the page to settle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Resolves after 10 successive frames each under 25 ms apart (or after 10 s): the page has settled. */
export const SETTLE = `new Promise((resolve) => {
  const end = performance.now() + 10000;
  let quiet = 0, last = null;
  const frame = (ts) => {
    quiet = last !== null && ts - last < 25 ? quiet + 1 : 0;
    last = ts;
    if (quiet >= 10 || ts > end) resolve(quiet >= 10); else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})`;

/** The served app and a browser, and how to close both (and remove the build). */
export interface ServedApp {
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Builds the app into a temporary folder, serves it, and launches Chromium. */
export async function serveApp(): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'unroll-bench-'));
  let server: Awaited<ReturnType<typeof preview>> | null = null;
  try {
    console.log('Building the app…');
    await build({ logLevel: 'error', build: { outDir, emptyOutDir: true, minify: process.env.UNROLL_BENCH_MINIFY !== '0' } });
    server = await preview({ build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'error' });
    const address = server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('the preview server has no port');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const opened = server;
    return {
      url: `http://127.0.0.1:${address.port}/`,
      browser,
      close: async () => {
        await browser.close();
        await opened.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}

/** A page of the app with what it reported: page errors and console errors, and a count of console messages. */
export interface OpenedApp {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
  readonly console: { messages: number };
}

/**
 * Opens the app in a fresh 1280 x 900 page and waits for `ready`; null, after printing why and
 * what the page reported, when it does not load.
 */
export async function openApp(app: ServedApp, ready: (page: Page) => Promise<unknown>): Promise<OpenedApp | null> {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const counts = { messages: 0 };
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    counts.messages++;
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  try {
    await page.goto(app.url);
    await ready(page);
  } catch (e) {
    console.error(`The app failed to load: ${e instanceof Error ? e.message : String(e)}${errors.length ? `\n${errors.join('\n')}` : ''}`);
    return null;
  }
  return { context, page, errors, console: counts };
}
