/**
 * Export for slides and analysis, on the built app under its Content-Security-Policy (the panel
 * mounted in the header toolbar): each button downloads a file; the SVG is a standalone XML
 * document of the graph with its node ids and size; the PNG decodes to twice that size and is
 * not blank; the JSON is the trace the engine computes in Node; the CSV has a row per entry.
 * No CSP violation on the way. Hostile labels stay text. The print stylesheet hides the controls
 * and shows the graphs whole.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Model } from '../../src/engine/index';
import { initModel, outputSteps, paramNames, paramShape, parseModelText, stringifyModel, traceOf } from '../../src/engine/index';
import { traceJson } from '../../src/graph/export/index';
import { foldedLayout } from '../../src/graph/layout/index';
import { isolate } from '../../src/graph/layout/index';
import { unfoldedLayout } from '../../src/graph/layout/index';
import type { TestPage } from './browser';
import { openPage, useApp } from './browser';

const { browser } = useApp();

/** Runs before the app's scripts: records every securitypolicyviolation event of the document. */
const WATCH_PAGE = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push([e.effectiveDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample].join(' '));
  });
`;

const contexts: BrowserContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

interface Watched extends TestPage {
  readonly violations: () => Promise<string[]>;
}

/** Opens the built app watched for CSP violations; `gate` holds the engine worker's script back until it resolves. */
async function openWatched(gate?: Promise<void>): Promise<Watched> {
  const context = await browser().newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  await context.addInitScript(WATCH_PAGE);
  if (gate) {
    await context.route('**/assets/engine.worker-*.js', async (route) => {
      await gate;
      await route.continue();
    });
  }
  const opened = await openPage(browser(), inject('baseUrl'), context);
  const violations = () => opened.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return { ...opened, violations };
}

const ready = (page: Page) => page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Opens the export panel (a disclosure in the header). */
async function openPanel(page: Page): Promise<void> {
  const summary = page.locator('details.export-panel > summary');
  if (!(await page.locator('details.export-panel').evaluate((d) => (d as HTMLDetailsElement).open))) await summary.click();
}

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function downloadOf(page: Page, name: string): Promise<{ file: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, name).click()]);
  return { file: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** The model on screen, as its exported model file read back in Node. */
async function modelOf(page: Page): Promise<Model> {
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export').click()]);
  return parseModelText(readFileSync(await download.path(), 'utf8'));
}

/** What the browser's XML parser makes of an SVG document. */
interface ParsedSvg {
  readonly error: string | null;
  readonly root: string;
  readonly namespace: string | null;
  readonly width: string | null;
  readonly height: string | null;
  readonly viewBox: string | null;
  readonly title: string | null;
  readonly nodes: string[];
  readonly edges: string[];
  readonly styled: boolean;
  readonly nodeTitle: Record<string, string>;
  readonly labels: number;
  readonly elements: string[];
}

/** Parses SVG text with DOMParser in the page (XML, not HTML: a bad document is a parsererror). */
function parseSvg(page: Page, text: string): Promise<ParsedSvg> {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = doc.documentElement;
    const error = doc.querySelector('parsererror');
    const body = root.querySelector('[data-node] .body, [data-node] circle');
    return {
      error: error ? error.textContent : null,
      root: root.localName,
      namespace: root.namespaceURI,
      width: root.getAttribute('width'),
      height: root.getAttribute('height'),
      viewBox: root.getAttribute('viewBox'),
      title: root.querySelector(':scope > title')?.textContent ?? null,
      nodes: Array.from(root.querySelectorAll('[data-node]'), (e) => e.getAttribute('data-node')!),
      edges: Array.from(root.querySelectorAll('[data-edge]'), (e) => e.getAttribute('data-edge')!),
      styled: body !== null && body.hasAttribute('fill') && body.hasAttribute('stroke') && !root.querySelector('[style], [class~="graph-viewport"]'),
      nodeTitle: Object.fromEntries(Array.from(root.querySelectorAll('[data-node]'), (e) => [e.getAttribute('data-node')!, e.querySelector(':scope > title')?.textContent ?? ''])),
      labels: root.querySelectorAll('.node-label').length,
      elements: Array.from(new Set(Array.from(root.querySelectorAll('*'), (e) => e.localName))).sort(),
    };
  }, text);
}

/** Expects PNG bytes that decode to width x height and show a drawing, not a blank page. */
function expectPng(bytes: Buffer, width: number, height: number): void {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = PNG.sync.read(bytes);
  expect([png.width, png.height]).toEqual([width, height]);
  let ink = 0;
  let transparent = 0;
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
    if (a !== 255) transparent++;
    if (r < 200 || g < 200 || b < 200) ink++;
    colours.add((r << 16) | (g << 8) | b);
  }
  expect(transparent).toBe(0); // the white background is painted
  expect(ink / (png.width * png.height)).toBeGreaterThan(0.005);
  expect(colours.size).toBeGreaterThan(20);
}

/** Expects JSON values equal, numbers to within a few ulps (Node's and Chromium's exp and tanh may differ in the last bit). */
function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  } else if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
    expect(Object.keys(actual), path).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

/** Data rows the CSV of a model has: labels, h(0), per step x, a, h, dL/dh, dL/da, per output y, o, yhat, L, dL/do, the loss, the parameter gradients. */
function csvRows(model: Model): number {
  const { input: n, hidden: H, output: K } = model.sizes;
  const labels = (model.labels?.input?.length ?? 0) + (model.labels?.output?.length ?? 0);
  const x = model.sequence.inputs.kind === 'tokens' ? 1 : n;
  const params = paramNames(model.variant).reduce((s, p) => s + paramShape(model, p)[0] * paramShape(model, p)[1], 0);
  return labels + (model.variant === 'jordan' ? 0 : H) + model.sequence.length * (x + 4 * H) + outputSteps(model) * (3 * K + 2) + 1 + params;
}

describe('export for slides and analysis', () => {
  it('waits for the trace: disabled with a hint until the engine has answered', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const { page, errors } = await openWatched(gate);
    await openPanel(page);
    for (const name of ['Unfolded graph as SVG', 'Folded graph as PNG', 'Trace as JSON', 'Trace as CSV']) {
      expect(await button(page, name).isDisabled(), name).toBe(true);
    }
    expect(await page.locator('.export-panel .hint').textContent()).toMatch(/Waiting for the engine/);
    release();
    await ready(page);
    await expect.poll(() => button(page, 'Trace as CSV').isDisabled()).toBe(false);
    expect(await page.locator('.export-panel .hint').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('downloads each graph as SVG and PNG and the trace as JSON and CSV, with no CSP violation', async () => {
    const { page, errors, violations } = await openWatched();
    await ready(page);
    const model = await modelOf(page);
    const tau = model.sequence.length;
    // Halfway through BPTT: values, gradients and the cursor all drawn.
    await page.getByTestId('position').click();
    for (let i = 0; i < tau + 3; i++) await page.keyboard.press('ArrowRight');
    await openPanel(page);

    const layout = unfoldedLayout({ variant: model.variant, feedback: model.feedback, tau, truncation: model.truncation });
    // Zoomed out, the screen hides the labels (level of detail): the file has them all the same.
    const viewport = page.getByTestId('unfolded-graph');
    await viewport.evaluate((e) => e.classList.add('far'));
    const unfoldedSvg = await downloadOf(page, 'Unfolded graph as SVG');
    expect(await viewport.evaluate((e) => e.classList.contains('far'))).toBe(true);
    expect(unfoldedSvg.file).toBe(`unroll-${model.variant}-unfolded.svg`);
    const text = unfoldedSvg.bytes.toString('utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const svg = await parseSvg(page, text);
    expect(svg.error).toBeNull();
    expect([svg.root, svg.namespace]).toEqual(['svg', 'http://www.w3.org/2000/svg']);
    expect([svg.width, svg.height, svg.viewBox]).toEqual([String(layout.width), String(layout.height), `0 0 ${layout.width} ${layout.height}`]);
    expect(svg.title).toMatch(/Unfolded graph/);
    expect(svg.nodes.sort()).toEqual(layout.nodes.map((n) => n.id).sort());
    expect(svg.edges.sort()).toEqual(layout.edges.map((e) => e.id).sort());
    expect(svg.styled).toBe(true);
    expect(svg.labels).toBe(layout.nodes.length);
    expect(svg.elements).not.toContain('foreignObject');

    expectPng((await downloadOf(page, 'Unfolded graph as PNG')).bytes, 2 * layout.width, 2 * layout.height);

    const folded = foldedLayout(model.variant);
    const foldedSvg = await downloadOf(page, 'Folded graph as SVG');
    expect(foldedSvg.file).toBe(`unroll-${model.variant}-folded.svg`);
    const fsvg = await parseSvg(page, foldedSvg.bytes.toString('utf8'));
    expect(fsvg.error).toBeNull();
    expect([fsvg.width, fsvg.height]).toEqual([String(folded.width), String(folded.height)]);
    expect(fsvg.nodes.sort()).toEqual(folded.nodes.map((n) => n.kind).sort());
    expect(fsvg.elements).toContain('marker');
    const foldedPng = await downloadOf(page, 'Folded graph as PNG');
    expect(foldedPng.file).toBe(`unroll-${model.variant}-folded.png`);
    expectPng(foldedPng.bytes, 2 * folded.width, 2 * folded.height);

    const json = await downloadOf(page, 'Trace as JSON');
    expect(json.file).toBe(`unroll-${model.variant}-trace.json`);
    expectClose(JSON.parse(json.bytes.toString('utf8')), traceJson(model, traceOf(model)));

    const csv = await downloadOf(page, 'Trace as CSV');
    expect(csv.file).toBe(`unroll-${model.variant}-trace.csv`);
    const csvText = csv.bytes.toString('utf8');
    expect(csvText.endsWith('\r\n')).toBe(true);
    const lines = csvText.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe('t,quantity,index,value');
    expect(lines).toHaveLength(1 + csvRows(model));

    expect(await page.getByRole('status').textContent()).toBe(`Saved unroll-${model.variant}-trace.csv.`);

    // The single output network: one output column, and its folded graph.
    await page.getByRole('radio', { name: 'Single output' }).check();
    await expect.poll(() => page.getByTestId('unfolded-graph').locator('[data-node^="o@"]').count()).toBe(1);
    await expect.poll(() => button(page, 'Folded graph as SVG').isDisabled()).toBe(false);
    const single = await parseSvg(page, (await downloadOf(page, 'Unfolded graph as SVG')).bytes.toString('utf8'));
    expect(single.nodes.filter((id) => id.startsWith('o@'))).toEqual([`o@${tau}`]);
    expect(single.nodes).toContain('h@0');
    const singleFolded = await downloadOf(page, 'Folded graph as PNG');
    expect(singleFolded.file).toBe('unroll-single-output-folded.png');
    expectPng(singleFolded.bytes, 2 * folded.width, 2 * folded.height);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('draws only the blocks in view of a long graph, and exports all of it', async () => {
    const { page, errors } = await openWatched();
    await ready(page);
    const model = initModel({ variant: 'elman', input: 3, hidden: 4, output: 3, length: 600, seed: 5 });
    await page.getByLabel('Model file to import').setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(stringifyModel(model)) });
    await expect.poll(() => page.getByTestId('position').textContent()).toBe('Forward t = 0 / 600');
    const layout = unfoldedLayout({ variant: 'elman', feedback: null, tau: 600, truncation: null });
    const drawn = () => page.evaluate(() => document.querySelectorAll('[data-testid="unfolded-graph"] [data-node]').length);
    // 600 steps are 38 blocks of 16: the page holds the few in view and beside it.
    await expect.poll(drawn).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    expect(await drawn()).toBeLessThan(layout.nodes.length / 4);
    await openPanel(page);
    await expect.poll(() => button(page, 'Unfolded graph as SVG').isDisabled()).toBe(false);
    const svg = await parseSvg(page, (await downloadOf(page, 'Unfolded graph as SVG')).bytes.toString('utf8'));
    expect(svg.error).toBeNull();
    expect([svg.width, svg.height]).toEqual([String(layout.width), String(layout.height)]);
    expect(svg.nodes.sort()).toEqual(layout.nodes.map((n) => n.id).sort());
    expect(svg.edges.sort()).toEqual(layout.edges.map((e) => e.id).sort());
    expect(errors).toEqual([]);
  });

  it('keeps hostile labels as text in the SVG and the CSV', async () => {
    const { page, errors, violations } = await openWatched();
    await ready(page);
    const base = initModel({ variant: 'jordan', feedback: 'softmax', input: 3, hidden: 4, output: 3, length: 4, seed: 17 });
    const input = ['<img src=x onerror="window.__pwned=1">', '=HYPERLINK("x")', 'a,"b"'];
    const output = ['@SUM(A1)', ']]><svg onload="window.__pwned=2">', '-1'];
    const model: Model = { ...base, labels: { input, output } };
    await page.getByLabel('Model file to import').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(stringifyModel(model)) });
    await expect.poll(() => page.getByTestId('position').textContent()).toBe('Forward t = 0 / 4');
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    await openPanel(page);
    await expect.poll(() => button(page, 'Trace as CSV').isDisabled()).toBe(false);

    const svg = await parseSvg(page, (await downloadOf(page, 'Unfolded graph as SVG')).bytes.toString('utf8'));
    expect(svg.error).toBeNull();
    expect(svg.elements).not.toContain('img');
    // A token's whole label (isolated) is the node's title; the node shows it cut to its column.
    expect(svg.nodeTitle['x@1']).toBe(isolate(input[model.sequence.inputs.kind === 'tokens' ? model.sequence.inputs.ids[0]! : 0]!));
    const shownLabels = Object.entries(svg.nodeTitle).filter(([id]) => /^[xy]@/.test(id)).map(([, t]) => t);
    for (const label of shownLabels) expect([...input, ...output].map(isolate)).toContain(label);
    const layout = unfoldedLayout({ variant: 'jordan', feedback: 'softmax', tau: 4, truncation: null });
    expectPng((await downloadOf(page, 'Unfolded graph as PNG')).bytes, 2 * layout.width, 2 * layout.height);
    const json = JSON.parse((await downloadOf(page, 'Trace as JSON')).bytes.toString('utf8')) as { labels: unknown };
    expect(json.labels).toEqual({ input, output });
    expectClose(json, traceJson(model, traceOf(model)));

    const csv = (await downloadOf(page, 'Trace as CSV')).bytes.toString('utf8');
    expect(csv).toContain('\r\n,input label,1,"\'=HYPERLINK(""x"")"\r\n');
    expect(csv).toContain('\r\n,input label,2,"a,""b"""\r\n');
    expect(csv).toContain('\r\n,output label,0,\'@SUM(A1)\r\n');
    expect(csv).toContain('\r\n,output label,2,\'-1\r\n');
    expect(csv.slice(0, -2).split('\r\n')).toHaveLength(1 + csvRows(model));

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('prints the graphs, charts and inspector without the controls, the unfolded graph whole', async () => {
    const { page, errors } = await openWatched();
    await ready(page);
    await page.emulateMedia({ media: 'print' });
    const style = (selector: string, property: string) => page.locator(selector).first().evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), property);
    expect(await style('header .toolbar', 'display')).toBe('none');
    expect(await style('.transport .buttons', 'display')).toBe('none');
    expect(await style('button', 'display')).toBe('none');
    expect(await style('body', 'background-color')).toBe('rgb(255, 255, 255)');
    expect(await style('.panel', 'box-shadow')).toBe('none');
    expect(await style('.panel.graphs', 'break-inside')).toBe('avoid');
    expect(await page.getByTestId('unfolded-graph').isVisible()).toBe(true);
    expect(await page.getByTestId('folded-graph').isVisible()).toBe(true);
    expect(await page.getByTestId('charts').isVisible()).toBe(true);
    expect(await page.getByTestId('position').isVisible()).toBe(true);
    expect(await style('[data-testid="unfolded-graph"]', 'overflow')).toBe('visible');
    expect(await style('[data-testid="unfolded-graph"] .graph-plane', 'transform')).toBe('none');
    // Before printing, the plane is scaled to the page's width; after, back to the screen.
    const plane = page.getByTestId('unfolded-graph').locator('.graph-plane');
    const width = await plane.evaluate((e) => (e as HTMLElement).offsetWidth);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(Number(await style('[data-testid="unfolded-graph"] .graph-plane', 'zoom'))).toBeCloseTo(Math.min(1, 660 / width), 5);
    const box = await page.getByTestId('unfolded-graph').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(1280);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await style('[data-testid="unfolded-graph"] .graph-plane', 'zoom')).toBe('1');
    await page.emulateMedia({ media: 'screen' });
    expect(await style('header .toolbar', 'display')).toBe('flex');
    expect(errors).toEqual([]);
  });
});
