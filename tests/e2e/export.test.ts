/**
 * The Export menu, on the built app under its Content-Security-Policy (one button in the header
 * toolbar that opens a menu of buttons, by mouse and by keyboard): each item downloads a file and
 * says in the notice area what it saved; the model file reads back; the SVG is a standalone XML
 * document of the graph with its node ids and size; the PNG decodes to twice that size and is
 * not blank; the JSON is the trace the engine computes in Node; the CSV has a row per entry.
 * No CSP violation on the way. Hostile labels stay text. The print stylesheet hides the controls
 * and shows the graphs whole. New starts the default scene and Undo brings back the one before;
 * the preset picker names the preset the scene is, until an edit.
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
import { formatBytes } from '../../src/components/format';
import { PRESETS } from '../../src/store/presets';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import type { TestPage } from './browser';
import { openPage, openSettings, showTab, useApp } from './browser';

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
/** The Export menu's button, and the menu it opens. */
const trigger = (page: Page) => page.locator('header').getByRole('button', { name: 'Export', exact: true });
const menu = (page: Page) => page.getByRole('group', { name: 'Export the model, the graphs and the trace' });
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

/** Opens the Export menu with the mouse, unless it is open. */
async function openMenu(page: Page): Promise<void> {
  if (await trigger(page).getAttribute('aria-expanded') !== 'true') await trigger(page).click();
  await menu(page).waitFor();
}

/** What an item of the Export menu saved: the file's name and bytes, and the notice it gave. */
interface Saved {
  readonly file: string;
  readonly bytes: Buffer;
  readonly notice: string;
}

/** Opens the menu, clicks an item and returns the downloaded file and the notice it shows (once it says the file). */
async function downloadOf(page: Page, name: string): Promise<Saved> {
  await openMenu(page);
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, name).click()]);
  const file = download.suggestedFilename();
  await expect.poll(() => page.locator('.notice').textContent()).toContain(file);
  return { file, bytes: readFileSync(await download.path()), notice: (await page.locator('.notice').textContent())! };
}

/** The notice of a saved file: its name, what it holds and its size. */
const savedNotice = (saved: Saved, what: string) => `Saved ${saved.file} (${what}, ${formatBytes(saved.bytes.length)}).`;

/** The model on screen, as its exported model file read back in Node. */
async function modelOf(page: Page): Promise<Model> {
  return parseModelText((await downloadOf(page, 'Model file (JSON)')).bytes.toString('utf8'));
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
    await openMenu(page);
    for (const name of ['Unfolded graph as SVG', 'Folded graph as PNG', 'Trace as JSON', 'Trace as CSV']) {
      expect(await button(page, name).isDisabled(), name).toBe(true);
    }
    // The model file needs no pass.
    expect(await button(page, 'Model file (JSON)').isDisabled()).toBe(false);
    expect(await menu(page).locator('.hint').textContent()).toMatch(/Waiting for the engine/);
    release();
    await ready(page);
    await expect.poll(() => button(page, 'Trace as CSV').isDisabled()).toBe(false);
    expect(await menu(page).locator('.hint').count()).toBe(0);
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

    const layout = unfoldedLayout({ variant: model.variant, feedback: model.feedback, tau, truncation: model.truncation });
    // Zoomed out, the screen hides the labels (level of detail): the file has them all the same.
    const viewport = page.getByTestId('unfolded-graph');
    await viewport.evaluate((e) => e.classList.add('far'));
    const unfoldedSvg = await downloadOf(page, 'Unfolded graph as SVG');
    expect(await viewport.evaluate((e) => e.classList.contains('far'))).toBe(true);
    expect(unfoldedSvg.file).toBe(`unroll-${model.variant}-unfolded.svg`);
    expect(unfoldedSvg.notice).toBe(savedNotice(unfoldedSvg, 'unfolded graph'));
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

    const unfoldedPng = await downloadOf(page, 'Unfolded graph as PNG');
    expect(unfoldedPng.file).toBe(`unroll-${model.variant}-unfolded.png`);
    expect(unfoldedPng.notice).toBe(savedNotice(unfoldedPng, 'unfolded graph'));
    expectPng(unfoldedPng.bytes, 2 * layout.width, 2 * layout.height);

    const folded = foldedLayout(model);
    const foldedSvg = await downloadOf(page, 'Folded graph as SVG');
    expect(foldedSvg.file).toBe(`unroll-${model.variant}-folded.svg`);
    expect(foldedSvg.notice).toBe(savedNotice(foldedSvg, 'folded graph'));
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
    expect(json.notice).toBe(savedNotice(json, 'trace'));
    expectClose(JSON.parse(json.bytes.toString('utf8')), traceJson(model, traceOf(model)));

    const csv = await downloadOf(page, 'Trace as CSV');
    expect(csv.file).toBe(`unroll-${model.variant}-trace.csv`);
    const csvText = csv.bytes.toString('utf8');
    expect(csvText.endsWith('\r\n')).toBe(true);
    const lines = csvText.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe('t,quantity,index,value');
    expect(lines).toHaveLength(1 + csvRows(model));

    expect(csv.notice).toBe(savedNotice(csv, 'trace'));

    // The single output network: one output column, and its folded graph.
    await page.getByRole('radio', { name: 'Single output' }).check();
    await expect.poll(() => page.getByTestId('unfolded-graph').locator('[data-node^="o@"]').count()).toBe(1);
    await openMenu(page);
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
    // 600 steps are 76 blocks of 8: the page holds the few in view and beside it.
    await expect.poll(drawn).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    expect(await drawn()).toBeLessThan(layout.nodes.length / 4);
    await openMenu(page);
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
    await openMenu(page);
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

/** Whether the element has the focus. */
const hasFocus = (locator: ReturnType<Page['locator']>) => locator.evaluate((e) => e === document.activeElement);
/** The preset picker's value and the text of its chosen option. */
async function shownPreset(page: Page, label = 'Task preset'): Promise<[string, string]> {
  const picker = page.getByLabel(label);
  return [await picker.inputValue(), await picker.evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '')];
}

describe('the Export menu, New, and the preset by name', () => {
  it('opens from the keyboard: Enter or Space, the arrows, Home, End and Tab move, Escape closes and gives the focus back', async () => {
    const { page, errors } = await openWatched();
    await ready(page);
    await trigger(page).focus();
    await page.keyboard.press('Enter');
    expect(await trigger(page).getAttribute('aria-expanded')).toBe('true');
    expect(await menu(page).isVisible()).toBe(true);
    expect(await focused(page)).toBe('Model file (JSON)');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Unfolded graph as SVG');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('Trace as CSV');
    await page.keyboard.press('Home');
    expect(await focused(page)).toBe('Model file (JSON)');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Trace as JSON');
    // The keys went to the menu, not to the page's shortcuts (the arrows step, Home and End jump).
    expect(await page.getByTestId('position').textContent()).toBe('Forward t = 0 / 10');
    await page.keyboard.press('Escape');
    expect(await trigger(page).getAttribute('aria-expanded')).toBe('false');
    expect(await menu(page).isVisible()).toBe(false);
    expect(await hasFocus(trigger(page))).toBe(true);

    // Space opens it; Enter on an item saves its file, closes the menu and gives the focus back.
    await page.keyboard.press(' ');
    expect(await focused(page)).toBe('Model file (JSON)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('unroll-elman.json');
    const bytes = readFileSync(await download.path());
    expect(parseModelText(bytes.toString('utf8')).variant).toBe('elman');
    expect(await page.locator('.notice').textContent()).toBe(`Saved unroll-elman.json (model file, ${formatBytes(bytes.length)}).`);
    expect(await menu(page).isVisible()).toBe(false);
    expect(await hasFocus(trigger(page))).toBe(true);

    // The down arrow opens it too; Tab past its last item leaves it, and it closes.
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Model file (JSON)');
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Share');
    expect(await trigger(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('button', { name: 'Slides and data' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('opens by mouse, closes on a click outside, and each item saves a valid file under its name and says so', async () => {
    const { page, errors, violations } = await openWatched();
    await ready(page);
    await trigger(page).click();
    expect(await menu(page).isVisible()).toBe(true);
    await page.locator('header h1').click();
    expect(await menu(page).isVisible()).toBe(false);
    await trigger(page).click();
    await trigger(page).click();
    expect(await menu(page).isVisible()).toBe(false);

    const model = await downloadOf(page, 'Model file (JSON)');
    expect(model.file).toBe('unroll-elman.json');
    expect(parseModelText(model.bytes.toString('utf8'))).toEqual(parseModelText(stringifyModel(buildModel(DEFAULT_SCENE))));
    expect(model.notice).toBe(savedNotice(model, 'model file'));
    expect(await menu(page).isVisible()).toBe(false);
    for (const [name, file, what] of [['Unfolded graph as SVG', 'unroll-elman-unfolded.svg', 'unfolded graph'], ['Folded graph as SVG', 'unroll-elman-folded.svg', 'folded graph']] as const) {
      const saved = await downloadOf(page, name);
      expect(saved.file).toBe(file);
      const svg = await parseSvg(page, saved.bytes.toString('utf8'));
      expect([svg.error, svg.root, svg.namespace]).toEqual([null, 'svg', 'http://www.w3.org/2000/svg']);
      expect(svg.nodes.length).toBeGreaterThan(0);
      expect(saved.notice).toBe(savedNotice(saved, what));
    }
    for (const [name, file, what] of [['Unfolded graph as PNG', 'unroll-elman-unfolded.png', 'unfolded graph'], ['Folded graph as PNG', 'unroll-elman-folded.png', 'folded graph']] as const) {
      const saved = await downloadOf(page, name);
      expect(saved.file).toBe(file);
      expect([...saved.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(PNG.sync.read(saved.bytes).width).toBeGreaterThan(0);
      expect(saved.notice).toBe(savedNotice(saved, what));
    }
    const json = await downloadOf(page, 'Trace as JSON');
    expect(json.file).toBe('unroll-elman-trace.json');
    expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({ variant: 'elman' });
    expect(json.notice).toBe(savedNotice(json, 'trace'));
    const csv = await downloadOf(page, 'Trace as CSV');
    expect(csv.file).toBe('unroll-elman-trace.csv');
    expect(csv.bytes.toString('utf8').split('\r\n')[0]).toBe('t,quantity,index,value');
    expect(csv.notice).toBe(savedNotice(csv, 'trace'));
    // In Chinese, the notice too.
    await page.getByLabel('Language / 语言').selectOption('zh');
    await page.locator('header').getByRole('button', { name: '导出', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, '模型文件（JSON）').click()]);
    const size = readFileSync(await download.path()).length;
    await expect.poll(() => page.locator('.notice').textContent()).toBe(`已保存 unroll-elman.json（模型文件，${formatBytes(size, (n) => `${n} 字节`)}）。`);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('New starts the default scene, and Undo brings back the one before: model, scene, cursor and selection', async () => {
    const { page, errors } = await openWatched();
    await ready(page);
    const position = page.getByTestId('position');
    const selected = (id: string) => page.getByTestId('unfolded-graph').locator(`[data-node="${id}"].selected`).count();
    await page.getByLabel('Task preset').selectOption('parity');
    await expect.poll(() => position.textContent()).toBe('Forward t = 0 / 16');
    await showTab(page, 'Training');
    await button(page, 'Step one iteration').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toMatch(/Iteration 1\b/);
    await position.click();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.getByTestId('unfolded-graph').locator('[data-node="h@3"]').click();
    await expect.poll(() => selected('h@3')).toBe(1);
    expect(await position.textContent()).toBe('Forward t = 5 / 16');
    const before = (await downloadOf(page, 'Model file (JSON)')).bytes.toString('utf8');

    await button(page, 'New').click();
    expect(await page.locator('.notice').textContent()).toBe('Started a new scene: Elman, next character of "hello world".');
    await expect.poll(() => position.textContent()).toBe('Forward t = 0 / 10');
    expect(await shownPreset(page)).toEqual(['hello-world', 'Next character: hello world']);
    expect(await page.getByLabel('Input text').inputValue()).toBe('hello world');
    expect(await page.getByTestId('unfolded-graph').locator('.selected').count()).toBe(0);
    expect(await page.getByTestId('training-status').textContent()).not.toMatch(/Iteration 1\b/);

    await button(page, 'Undo').click();
    expect(await page.locator('.notice').textContent()).toBe('Back to the scene from before New.');
    expect(await button(page, 'Undo').count()).toBe(0);
    expect(await hasFocus(button(page, 'New'))).toBe(true);
    await expect.poll(() => position.textContent()).toBe('Forward t = 5 / 16');
    expect(await shownPreset(page)).toEqual(['parity', 'Task: parity of a bit stream']);
    await expect.poll(() => selected('h@3')).toBe(1);
    // The trained model, bit for bit (not the one the preset builds).
    const after = await downloadOf(page, 'Model file (JSON)');
    expect(after.bytes.toString('utf8')).toBe(before);
    expect(parseModelText(before)).not.toEqual(parseModelText(stringifyModel(buildModel(PRESETS.find((p) => p.id === 'parity')!.config))));
    expect(errors).toEqual([]);
  });

  it('names the chosen preset while the scene is still it (stepping, training, a reload), and not after an edit', async () => {
    const { page, errors } = await openWatched();
    await ready(page);
    expect(await shownPreset(page)).toEqual(['hello-world', 'Next character: hello world']);
    await page.getByLabel('Task preset').selectOption('echo');
    await expect.poll(() => shownPreset(page)).toEqual(['echo', 'Task: delayed echo (lag 2)']);
    await openSettings(page);
    const slider = page.getByLabel(/^Echo lag k/);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => shownPreset(page)).toEqual(['echo', 'Task: delayed echo (lag 3)']);
    await button(page, 'Step forward').click();
    await showTab(page, 'Training');
    await button(page, 'Step one iteration').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toMatch(/Iteration 1\b/);
    expect(await shownPreset(page)).toEqual(['echo', 'Task: delayed echo (lag 3)']);
    // The saved state read back (its keys in the schema's order) is still the preset.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('unroll.state.v1')?.includes('"position":1') ?? false)).toBe(true);
    await page.reload();
    await ready(page);
    expect(await shownPreset(page)).toEqual(['echo', 'Task: delayed echo (lag 3)']);
    // In Chinese, by its Chinese name.
    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => shownPreset(page, '任务预设')).toEqual(['echo', '任务：延迟回声（延迟 3）']);
    await page.getByLabel('语言 / Language').selectOption('en');
    // An edit: no preset any more.
    await openSettings(page);
    await page.getByLabel('Seed').fill('8');
    await expect.poll(() => shownPreset(page)).toEqual(['', 'Choose a preset…']);
    expect(await page.getByLabel(/^Echo lag k/).count()).toBe(0);
    // Choosing it again names it again.
    await page.getByLabel('Task preset').selectOption('jordan-teacher');
    await expect.poll(() => shownPreset(page)).toEqual(['jordan-teacher', 'Jordan with teacher forcing']);
    await page.getByRole('radio', { name: 'Softmax' }).check();
    await expect.poll(() => shownPreset(page)).toEqual(['', 'Choose a preset…']);
    expect(errors).toEqual([]);
  });
});

