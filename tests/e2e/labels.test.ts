/**
 * Hostile labels in a real browser: labels of 64 wide ASCII letters, 64 emoji and one holding
 * U+202E ... U+202D, imported for every topology at tau 10 and 60. At "Fit to view" and at 1:1
 * zoom the boxes Chromium draws are measured: no token label overlaps another label or another
 * node, each lies inside its own column; in the inspector every label lies inside the panel and
 * its text is isolated from the text around it (bidi).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { COLUMN } from '../../src/graph/layout/index';
import type { TestPage } from './browser';
import { openPage, useApp } from './browser';

const { browser } = useApp();
const pages: TestPage[] = [];
afterEach(async () => {
  for (const p of pages.splice(0)) await p.context.close();
});

/** 64 characters each (the schema's limit, in UTF-16 units). */
const ASCII = 'W'.repeat(32) + 'M@%W'.repeat(8);
const EMOJI = '⚡'.repeat(64);
const BIDI = `left ${'\u202E'}reversed by RLO, then ${'\u202D'}LRO left open`.padEnd(64, 'x');
const INPUT_LABELS = [ASCII, EMOJI, BIDI];
const OUTPUT_LABELS = [BIDI, ASCII, '😀'.repeat(32)];

const FIXTURES = { elman: 'elman-tokens', jordan: 'jordan-logits', 'single-output': 'single-output' } as const;
type Topology = keyof typeof FIXTURES;

/** A fixture of the topology with tau steps of inputs 0 1 2 0 ... and the hostile labels. */
function hostileFile(topology: Topology, tau: number): string {
  const path = fileURLToPath(new URL(`../../../shared/fixtures/${FIXTURES[topology]}.json`, import.meta.url));
  const json = (JSON.parse(readFileSync(path, 'utf8')) as { model: Record<string, unknown> }).model;
  const inputs = Array.from({ length: tau }, (_, t) => t % 3);
  const targets = topology === 'single-output' ? 2 : Array.from({ length: tau }, (_, t) => (t + 1) % 3);
  return JSON.stringify({ ...json, sequence: { inputs, targets }, labels: { input: INPUT_LABELS, output: OUTPUT_LABELS } });
}

interface Box { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number }
interface Measured {
  readonly k: number;
  /** The token labels of x and y nodes drawn now (not hidden by the level of detail). */
  readonly tokens: readonly { readonly node: string; readonly text: string; readonly box: Box; readonly centre: number }[];
  /** Every other text of the graph drawn now: node names and edge labels. */
  readonly others: readonly { readonly text: string; readonly box: Box }[];
  readonly nodes: readonly { readonly node: string; readonly box: Box }[];
  readonly hiddenTokens: number;
}

/** The boxes Chromium draws for the unfolded graph's texts and node shapes. */
function measureGraph(page: Page): Promise<Measured> {
  return page.getByTestId('unfolded-graph').evaluate((viewport) => {
    const box = (e: Element) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
    const drawn = (e: Element) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const plane = viewport.querySelector('.graph-plane') as HTMLElement;
    const k = Number(/scale\(([^)]+)\)/.exec(plane.style.transform)?.[1] ?? NaN);
    const groups = Array.from(viewport.querySelectorAll('[data-node]'));
    const tokens = groups.filter((g) => /^[xy]@/.test(g.getAttribute('data-node')!)).flatMap((g) => {
      const text = g.querySelector('.node-value')!;
      const body = g.querySelector('.body')!;
      if (!text.textContent || !drawn(text)) return [];
      const b = box(body);
      return [{ node: g.getAttribute('data-node')!, text: text.textContent, box: box(text), centre: (b.left + b.right) / 2 }];
    });
    const hiddenTokens = groups.filter((g) => /^[xy]@/.test(g.getAttribute('data-node')!) && !drawn(g.querySelector('.node-value')!)).length;
    const others = Array.from(viewport.querySelectorAll('.node-label, .edge-label, .cut-marker')).filter(drawn)
      .map((e) => ({ text: e.textContent ?? '', box: box(e) }));
    const nodes = groups.map((g) => ({ node: g.getAttribute('data-node')!, box: box(g.querySelector('.body')!) }));
    return { k, tokens, others, nodes, hiddenTokens };
  });
}

const overlap = (a: Box, b: Box): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const show = (b: Box) => `[${b.left.toFixed(1)}, ${b.right.toFixed(1)}] x [${b.top.toFixed(1)}, ${b.bottom.toFixed(1)}]`;

/** No token label overlaps another label or another node; each lies inside its own column. */
function expectLaidOut(m: Measured, where: string): void {
  const problems: string[] = [];
  const half = (COLUMN / 2) * m.k;
  for (const [i, label] of m.tokens.entries()) {
    for (const other of m.tokens.slice(i + 1)) if (overlap(label.box, other.box)) problems.push(`${label.node}'s label overlaps ${other.node}'s: ${show(label.box)} and ${show(other.box)}`);
    for (const other of m.others) if (overlap(label.box, other.box)) problems.push(`${label.node}'s label overlaps "${other.text}": ${show(label.box)} and ${show(other.box)}`);
    for (const node of m.nodes) if (node.node !== label.node && overlap(label.box, node.box)) problems.push(`${label.node}'s label overlaps the node ${node.node}: ${show(label.box)} and ${show(node.box)}`);
    if (label.box.left < label.centre - half || label.box.right > label.centre + half) {
      problems.push(`${label.node}'s label ${show(label.box)} leaves its column [${(label.centre - half).toFixed(1)}, ${(label.centre + half).toFixed(1)}]`);
    }
  }
  expect(problems.slice(0, 8), `${where}: ${problems.length} problems`).toEqual([]);
}

/** Zooms the graph to 1:1 with the wheel (d3-zoom: each wheel pixel scales by 2^-0.002). */
async function zoomToOne(page: Page): Promise<void> {
  const viewport = page.getByTestId('unfolded-graph');
  const k = (await measureGraph(page)).k;
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, Math.log2(k) / 0.002);
  await expect.poll(async () => Math.abs((await measureGraph(page)).k - 1)).toBeLessThan(0.02);
}

/** Every text of the inspector holding (the start of) a label: its box, the panel's, and whether it is isolated. */
function inspectorLabels(page: Page, labels: readonly string[]) {
  return page.locator('.inspector-panel').evaluate((panel, starts) => {
    const p = panel.getBoundingClientRect();
    const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
    const found: { text: string; inside: boolean; isolated: boolean; box: string; panel: string }[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      if (!starts.some((s) => text.includes(s))) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
      const parent = n.parentElement!;
      const inside = rects.length > 0 && rects.every((r) => r.left >= p.left - 0.5 && r.right <= p.right + 0.5);
      const isolated = parent.localName === 'bdi' || getComputedStyle(parent).unicodeBidi.includes('isolate')
        || (text.includes('\u2068') && text.includes('\u2069'));
      const r = range.getBoundingClientRect();
      found.push({ text, inside, isolated, box: `[${r.left.toFixed(0)}, ${r.right.toFixed(0)}]`, panel: `[${p.left.toFixed(0)}, ${p.right.toFixed(0)}]` });
    }
    return found;
  }, labels.map((l) => l.slice(0, 6)));
}

describe.each([10, 60])('hostile labels at tau %i', (tau) => {
  it.each(Object.keys(FIXTURES) as Topology[])('%s: fit their columns, collide with nothing, and are isolated in the inspector', async (topology) => {
    const context = await browser().newContext({ viewport: { width: 1366, height: 768 } });
    const opened = await openPage(browser(), inject('baseUrl'), context);
    pages.push(opened);
    const { page, errors } = opened;
    await page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
    const name = `hostile-${topology}-${tau}.json`;
    await page.getByLabel('Model file to import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(hostileFile(topology, tau)) });
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Imported ${name}.`);
    await expect.poll(() => page.getByTestId('position').textContent()).toBe(`Forward t = 0 / ${tau}`);
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('position').textContent()).toBe(`Backward t = 1 / ${tau}`);

    await page.getByRole('button', { name: 'Fit to view' }).click();
    const fit = await measureGraph(page);
    expectLaidOut(fit, 'fit to view');
    // Either drawn (and laid out as above) or hidden by the level of detail, all together.
    expect(fit.tokens.length === 0 || fit.hiddenTokens === 0, 'fit to view: some labels drawn, some hidden').toBe(true);

    await zoomToOne(page);
    const one = await measureGraph(page);
    expect(one.tokens.length, '1:1: the token labels are drawn').toBeGreaterThanOrEqual(tau + (topology === 'single-output' ? 1 : tau));
    expectLaidOut(one, '1:1');
    if (tau === 10) await page.getByTestId('unfolded-graph').screenshot({ path: `/tmp/labels-graph-${topology}.png` });

    // The inspector of x(1) (ASCII) and x(3) (the bidi label) and, for a class, y or yhat.
    for (const node of ['x@1', 'x@2', 'x@3', topology === 'single-output' ? `yhat@${tau}` : 'y@1']) {
      await page.getByTestId('unfolded-graph').locator(`[data-node="${node}"]`).dispatchEvent('click');
      await expect.poll(() => page.locator('.node-view h3').count()).toBe(1);
      const found = await inspectorLabels(page, [...INPUT_LABELS, ...OUTPUT_LABELS]);
      expect(found.length, `${node}: the inspector shows labels`).toBeGreaterThan(0);
      expect(found.filter((f) => !f.inside || !f.isolated), `${node}: labels outside the panel or not isolated`).toEqual([]);
      if (tau === 10 && node === 'x@3') await page.locator('.inspector-panel').screenshot({ path: `/tmp/labels-inspector-${topology}.png` });
    }
    expect(errors).toEqual([]);
  });
});
