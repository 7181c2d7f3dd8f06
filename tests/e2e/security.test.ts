/**
 * The production Content-Security-Policy on the built app: sent as a header and set by the
 * page, a whole session with no violation, and no eval or Function constructor in the bundle.
 * Hostile strings in an imported file's labels and in a link's show as plain text: no script
 * runs and no attribute of theirs lands in the DOM, with the policy and without it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CSP_HEADER, CSP_META } from '../../csp.config';
import { parseModel, parseModelText } from '../../src/engine/index';
import { isolate } from '../../src/graph/layout/index';
import { encodeShare } from '../../src/store/share';
import type { TestPage } from './browser';
import { openPage, showTab, useApp } from './browser';

const { browser } = useApp();

const DIST = inject('distDir');
const position = (page: Page) => page.getByTestId('position');
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const node = (page: Page, id: string) => page.getByTestId('unfolded-graph').locator(`[data-node="${id}"]`);

/** A page watched from before its first script: CSP violations, dialogs (alert) and responses. */
interface WatchedPage extends TestPage {
  readonly violations: () => Promise<string[]>;
  readonly dialogs: string[];
  readonly responses: Response[];
}

/** Runs before the app's scripts: records every securitypolicyviolation event of the document. */
const WATCH_PAGE = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push([e.effectiveDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample].join(' '));
  });
`;

/**
 * Put first in the engine worker's file as it is served (its headers kept): reports the worker's
 * violations as console errors, which the page's `errors` gather (init scripts never reach a worker).
 */
const WATCH_WORKER = `self.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation in the worker: ' + [e.effectiveDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample].join(' '));
});
`;

const contexts: BrowserContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

/** Opens the built app (or a link) watched; `bypassCSP` runs it with the policy switched off. */
async function openWatched(hash = '', bypassCSP = false): Promise<WatchedPage> {
  const context = await browser().newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, bypassCSP });
  contexts.push(context);
  await context.addInitScript(WATCH_PAGE);
  await context.route('**/assets/engine.worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: WATCH_WORKER + await response.text() });
  });
  const responses: Response[] = [];
  context.on('response', (r) => responses.push(r));
  const dialogs: string[] = [];
  context.on('page', (p) => p.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  }));
  const opened = await openPage(browser(), inject('baseUrl') + hash, context);
  await opened.page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
  const violations = () => opened.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return { ...opened, violations, dialogs, responses };
}

/** Every .js file of the build, as paths relative to dist/. */
function bundleFiles(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return bundleFiles(path);
    return /\.m?js$/.test(e.name) ? [relative(DIST, path)] : [];
  });
}

/**
 * Code that turns a string into code: eval called (directly, indirectly or off the global) and
 * the Function constructor called or taken as a value (`let F=Function; new F(...)`). Properties
 * and identifiers that merely contain the words (`x.evaluate(`, `isFunction(`) do not match.
 */
const EVAL_PATTERNS: readonly RegExp[] = [
  /(?<![\w$.])eval\s*\(/g,
  /(?:globalThis|window|self)\s*\.\s*eval\b/g,
  /,\s*eval\s*\)/g,
  /(?<![\w$.])Function\s*\(/g,
  /[=:,(]\s*Function\s*(?=[,;)}\]]|$)/g,
];

describe('the Content-Security-Policy', () => {
  it('is sent as a header with the page, its scripts and the worker, and set by the built page as a meta', async () => {
    const { page, responses, errors } = await openWatched();
    const served = responses.find((r) => r.request().resourceType() === 'document');
    expect(await served?.headerValue('content-security-policy')).toBe(CSP_HEADER);
    const scripts = responses.filter((r) => /\/assets\/.*\.js$/.test(r.url()));
    expect(scripts.map((r) => r.url()).some((u) => u.includes('engine.worker'))).toBe(true);
    for (const r of scripts) expect(await r.headerValue('content-security-policy'), r.url()).toBe(CSP_HEADER);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(CSP_META);
    expect(CSP_META).not.toContain('frame-ancestors');
    // The meta comes before every script and stylesheet of the built page, which has no inline script or handler.
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(meta).toBeGreaterThan(0);
    expect(meta).toBeLessThan(html.search(/<script|<link rel="stylesheet"/));
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son\w+=|\sstyle=/i);
    expect(errors).toEqual([]);
  });

  it('the watchers see a violation in the page and in the worker (so that seeing none means something)', async () => {
    const { page, violations, errors } = await openWatched();
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 0 }';
      document.head.append(style);
    });
    // Reported once per policy: the header's and the meta's.
    await expect.poll(violations).toEqual([expect.stringMatching(/^style-src-elem inline /), expect.stringMatching(/^style-src-elem inline /)]);
    const worker = page.workers().find((w) => w.url().includes('engine.worker'));
    await worker?.evaluate(() => fetch('data:text/plain,x').catch(() => undefined));
    // Playwright hears a worker's console from the page too: the one violation is in both lists.
    await expect.poll(() => errors.filter((e) => e.includes('CSP violation in the worker'))).toEqual(['worker console: ', 'console: '].map((source) =>
      expect.stringMatching(new RegExp(`^${source}CSP violation in the worker: connect-src data `))));
  });

  it('holds through a whole session with zero violations', async () => {
    const { page, violations, errors, dialogs } = await openWatched();
    // The forward pass, then BPTT, step by step and played.
    for (let i = 0; i < 3; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 3 / 10');
    await page.getByLabel('Speed').selectOption('60');
    await button(page, 'Play').click();
    await expect.poll(() => position(page).textContent(), { timeout: 10_000 }).toBe('Backward t = 1 / 10');
    await position(page).click();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => position(page).textContent()).toBe('Backward t = 2 / 10');
    // Nodes and a parameter selected: their equations typeset by KaTeX (inline styles, fonts).
    for (const id of ['h@3', 'o@5', 'L@7', 'x@2']) {
      await node(page, id).click();
      await expect.poll(() => page.locator('.node-view').count()).toBe(1);
    }
    await node(page, 'h@4').click();
    await expect.poll(() => page.locator('.inspector .katex').count()).toBeGreaterThan(2);
    await page.locator('.inspector').getByRole('group', { name: 'Parameters' }).getByRole('button', { name: 'W', exact: true }).click();
    await expect.poll(() => page.locator('.param-view').count()).toBe(1);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => [...document.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length)).toBeGreaterThan(0);
    // The help dialog, opened and closed by its form (method="dialog": no form submission).
    await button(page, 'Help').click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);
    // Training for a moment.
    await showTab(page, 'Training');
    await button(page, 'Train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 15_000 }).toMatch(/Iteration [1-9]/);
    await button(page, 'Pause training').click();
    // Export (a blob: URL downloaded) and a share link (CompressionStream).
    await page.locator('header').getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Model file (JSON)').click()]);
    expect(parseModelText(readFileSync(await download.path(), 'utf8')).sizes.hidden).toBeGreaterThan(0);
    await button(page, 'Share').click();
    expect(await page.getByLabel('Share link').inputValue()).toMatch(/#s=1\./);
    expect(await violations()).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the scan finds eval and the Function constructor however minified, and not words that contain them', () => {
    const hits = (code: string) => EVAL_PATTERNS.some((p) => code.match(p) !== null);
    for (const code of ['eval("1")', 'x=eval (s)', '(0,eval)(s)', 'globalThis.eval(s)', 'new Function("a","return a")', 'return Function(``),!0',
      'let e=Function,t=1;new e(s)', 'f(Function)']) expect(hits(code), code).toBe(true);
    for (const code of ['page.$eval(s)', 'x.evaluate(s)', 'isFunction(f)', 'e instanceof Function', 'typeof f==`function`', '"[object Function]"',
      'Function.prototype.call', 'retrieval(1)']) expect(hits(code), code).toBe(false);
  });

  it('the bundle has no eval and no Function constructor', () => {
    const files = bundleFiles();
    expect(files.some((f) => f.includes('engine.worker'))).toBe(true);
    const found = files.flatMap((file) => {
      const code = readFileSync(join(DIST, file), 'utf8');
      return EVAL_PATTERNS.flatMap((pattern) => Array.from(code.matchAll(pattern), (m) =>
        `${file}: ${code.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40)}`));
    });
    expect(found).toEqual([]);
  });
});

// ---- Hostile strings --------------------------------------------------------------------

/** Labels that would run script if any were parsed as HTML, followed as a link or typeset as TeX. */
const INPUT_LABELS = ['<img src=x onerror="window.__pwned=1">', '"><svg onload="window.__pwned=2">', 'javascript:window.__pwned=3'];
const OUTPUT_LABELS = ['\\href{javascript:alert(1)}{x}', '<img src=x onerror="window.__pwned=4">', '"><svg onload="window.__pwned=5">'];
/** A file name is shown too (in the notice "Imported <name>."). */
const FILE_NAME = '<img src=x onerror="window.__pwned=6">.json';

/** A model with 3 symbols and 3 classes whose labels are all hostile; inputs 0 1 2 0 1 2. */
const hostileJson = (() => {
  const json = (JSON.parse(readFileSync(fileURLToPath(new URL('../../../shared/fixtures/elman-tokens.json', import.meta.url)), 'utf8')) as { model: Record<string, unknown> }).model;
  return { ...json, sequence: { inputs: [0, 1, 2, 0, 1, 2], targets: [0, 1, 0, 1, 2, 1] }, labels: { input: INPUT_LABELS, output: OUTPUT_LABELS } };
})();
const hostileModel = parseModel(hostileJson);

/** Asserts that nothing hostile ran or reached the DOM as markup, and that every label shows as text. */
async function expectInert({ page, violations, dialogs, errors }: WatchedPage): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // The app draws no <img> and sets no event handler attribute: any there would be a label's.
  expect(await page.evaluate(() => document.querySelectorAll('img, [onerror], [onload]').length)).toBe(0);
  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  const bad = await page.evaluate(() => Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes)
    .filter((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value) || (el.localName === 'img' && a.name === 'src'))
    .map((a) => `<${el.localName} ${a.name}="${a.value}">`)));
  expect(bad).toEqual([]);
  // Labels never reach TeX: no equation's source holds one.
  const tex = (await page.locator('.katex-mathml annotation').allTextContents()).join('\n');
  expect(tex).not.toMatch(/href|javascript|pwned/);
  // Each label is shown, literally, as the graph's token of an input and a target: whole (and isolated) on hover, cut to its column in the node.
  const shown = (id: string) => node(page, id).locator(':scope > title').textContent();
  for (const [t, label] of INPUT_LABELS.entries()) await expect.poll(() => shown(`x@${t + 1}`)).toBe(isolate(label));
  for (const [t, label] of [[1, OUTPUT_LABELS[0]], [2, OUTPUT_LABELS[1]], [5, OUTPUT_LABELS[2]]] as const) await expect.poll(() => shown(`y@${t}`)).toBe(isolate(label!));
  for (const id of ['x@1', 'y@1']) expect(await node(page, id).locator('.node-value').textContent()).toMatch(/^\u2068.+\u2069…$/);
  // And in the step table (here at step 1) and the inspector, as text.
  expect(await page.getByRole('row', { name: 'x(1)' }).locator('td').first().textContent()).toBe(`#0 “${INPUT_LABELS[0]}”`);
  expect(await page.getByRole('row', { name: 'y(1)' }).locator('td').first().textContent()).toBe(`#0 “${OUTPUT_LABELS[0]}”`);
  const text = await page.evaluate(() => document.body.textContent);
  for (const label of [...INPUT_LABELS, ...OUTPUT_LABELS]) expect(text, label).toContain(label);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
}

/** Steps to the end of BPTT and opens the nodes that show labels, and one with equations. */
async function visitLabels(page: Page): Promise<void> {
  await position(page).click();
  await page.keyboard.press('End');
  await expect.poll(() => position(page).textContent()).toBe('Backward t = 1 / 6');
  for (const id of ['x@1', 'x@2', 'x@3', 'y@1', 'y@5', 'yhat@2', 'o@3', 'h@2']) {
    await node(page, id).click();
    await expect.poll(() => page.locator('.node-view').count()).toBe(1);
  }
  await expect.poll(() => page.locator('.inspector .katex').count()).toBeGreaterThan(0);
}

describe.each([
  ['under the policy', false],
  ['with the policy bypassed (the app alone keeps them text)', true],
])('hostile labels, %s', (_, bypassCSP) => {
  it('from an imported file show as plain text and run nothing', async () => {
    const watched = await openWatched('', bypassCSP);
    const { page } = watched;
    await page.getByLabel('Model file to import').setInputFiles({ name: FILE_NAME, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostileJson)) });
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Imported ${FILE_NAME}.`);
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 6');
    await visitLabels(page);
    await expectInert(watched);
  });

  it('from a share link show as plain text and run nothing', async () => {
    const share = await encodeShare({ model: hostileModel, config: null, position: 0, selected: 'x@2' });
    if (!('hash' in share)) throw new Error('the hostile model should fit in a link');
    const watched = await openWatched(share.hash, bypassCSP);
    const { page } = watched;
    await expect.poll(() => page.locator('.node-view').textContent()).toContain(INPUT_LABELS[1]);
    await visitLabels(page);
    await expectInert(watched);
  });
});
