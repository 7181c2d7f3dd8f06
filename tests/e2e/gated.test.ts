/**
 * The LSTM and the GRU in a real browser: each drawn with its nodes and edges at tau 10 and 60,
 * closed and opened; stepping and BPTT over the gates; a gate's inspector with the engine's
 * numbers in its equations; and a Check of a gate node that agrees with central differences.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cellNodeRow, cellOfVariant, traceOf } from '../../src/engine/index';
import type { Variant } from '../../src/engine/index';
import { formatNumber } from '../../src/components/format';
import { texVector } from '../../src/graph/tex/index';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { encodeShare } from '../../src/store/share';
import { showTab, useApp } from './browser';

const { open } = useApp();

const graph = (page: Page) => page.getByTestId('unfolded-graph');
const ids = (page: Page, attr: 'data-node' | 'data-edge') =>
  graph(page).locator(`[${attr}]`).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)!), attr);

/** Per step: the closed cell's nodes and edges, and the opened cell's, besides x, o, yhat, L, y and their 4 edges. */
const SHAPES: Record<'lstm' | 'gru', { closed: [number, number]; opened: [number, number]; initial: number }> = {
  lstm: { closed: [2, 6], opened: [6, 14], initial: 2 },
  gru: { closed: [1, 2], opened: [5, 11], initial: 1 },
};

describe.each(['lstm', 'gru'] as const)('the %s cell', (variant) => {
  it.each([10, 60])('is drawn with its nodes and edges at tau %i, closed and opened', async (tau) => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: variant.toUpperCase(), exact: true }).check();
    await page.getByLabel('Sequence length').fill(String(tau));
    const shape = SHAPES[variant];
    await expect.poll(async () => (await ids(page, 'data-node')).length).toBe(shape.initial + (5 + shape.closed[0]) * tau);
    expect((await ids(page, 'data-edge')).length).toBe((4 + shape.closed[1]) * tau);
    const nodes = new Set(await ids(page, 'data-node'));
    expect(nodes.has('h@0')).toBe(true);
    expect(nodes.has('s@0')).toBe(variant === 'lstm');
    expect(await page.getByTestId('folded-graph').locator('[data-edge="h->h"]').count()).toBe(1);
    if (variant === 'lstm') {
      expect(new Set(await ids(page, 'data-edge')).has('s@2->s@3')).toBe(true);
      expect(await page.getByTestId('folded-graph').locator('[data-edge="s->s"]').count()).toBe(1);
    }
    await page.getByTestId('open-cell').click();
    await expect.poll(async () => (await ids(page, 'data-node')).length).toBe(shape.initial + (5 + shape.opened[0]) * tau);
    expect((await ids(page, 'data-edge')).length).toBe((4 + shape.opened[1]) * tau);
    const opened = new Set(await ids(page, 'data-node'));
    for (const gate of variant === 'lstm' ? ['f', 'g', 'q', 'z'] : ['u', 'r', 'm', 'z']) expect(opened.has(`${gate}@3`), gate).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe.each(['lstm', 'gru'] as const)('the %s cell read out once at the end', (variant) => {
  it('is chosen by Output, draws o, yhat, L and y at tau alone, and comes back from a link', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: variant.toUpperCase(), exact: true }).check();
    const output = page.getByRole('group', { name: 'Output' });
    await output.getByRole('radio', { name: 'once, at the end' }).check();
    const tau = 10;
    await expect.poll(async () => (await ids(page, 'data-node')).filter((id) => id.startsWith('o@'))).toEqual([`o@${tau}`]);
    const nodes = new Set(await ids(page, 'data-node'));
    for (const k of ['yhat', 'L', 'y']) expect([nodes.has(`${k}@${tau}`), nodes.has(`${k}@3`)], k).toEqual([true, false]);
    expect(await page.getByTestId('folded-graph').textContent()).toContain('o(τ)');
    expect(await page.getByTestId('folded-graph').getAttribute('aria-label')).toMatch(/one output at the end of the sequence/);
    // A link carries it: opened from one, the same network.
    const config = { ...DEFAULT_SCENE, variant, readout: 'last' as const };
    const share = await encodeShare({ model: buildModel(config), config, position: 0, selected: null });
    if (!('hash' in share)) throw new Error('the scene should fit in a link');
    const again = await open(share.hash);
    await expect.poll(async () => (await ids(again.page, 'data-node')).filter((id) => id.startsWith('o@'))).toEqual([`o@${tau}`]);
    expect(await again.page.getByRole('group', { name: 'Output' }).getByRole('radio', { name: 'once, at the end' }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
  });
});

describe('stepping a gated cell', () => {
  it('fills the gates forward, then carries gradients back along s(t-1) -> s(t)', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: 'LSTM', exact: true }).check();
    await page.getByTestId('open-cell').click();
    await page.getByTestId('position').click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    // h(0), s(0), and three steps of x, f, g, z, q, s, h, o, yhat, L, y.
    await expect.poll(() => graph(page).locator('[data-node].computed').count()).toBe(2 + 3 * 11);
    expect(await graph(page).locator('[data-node="f@3"].active').count()).toBe(1);
    await expect.poll(() => graph(page).locator('[data-node="f@3"] .value-strip [data-entry][fill]').count()).toBe(8);
    await page.keyboard.press('End');
    // Every node but the data x and y shows its gradient: 9 per step, and h(0), s(0).
    await expect.poll(() => graph(page).locator('[data-node].has-gradient').count()).toBe(2 + 10 * 9);
    const widths = await graph(page).locator('[data-edge^="s@"][data-edge*="->s@"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('stroke-width'))));
    expect(widths).toHaveLength(10);
    expect(widths.every((w) => w >= 1)).toBe(true);
    expect(errors).toEqual([]);
  });
});

const inspector = (page: Page) => page.locator('.inspector');
const column = (page: Page, name: string, col: number) =>
  inspector(page).getByRole('table', { name: `Numbers of ${name}`, exact: true }).locator('tbody tr').evaluateAll(
    (rows, c) => rows.map((r) => r.querySelectorAll('td')[c]?.textContent ?? ''), col);

describe.each([['lstm', 'f'], ['gru', 'r']] as [Variant, string][])('the inspector of a %s gate', (variant, gate) => {
  it(`shows ${gate}(3) from a link: the engine's numbers in its equations, and a Check that passes`, async () => {
    const config = { ...DEFAULT_SCENE, variant };
    const model = buildModel(config);
    const trace = traceOf(model);
    const cell = cellOfVariant(variant);
    const H = model.sizes.hidden;
    const r = cellNodeRow(cell, gate, 3);
    const value = trace.nodes[gate]!.subarray(r * H, (r + 1) * H);
    const values = { sizes: model.sizes, nodes: trace.nodes, factors: trace.factors };
    const gradient = Float64Array.from({ length: H }, (_, i) => cell.nodeGradient(values, gate, 3, i));
    const share = await encodeShare({ model, config, position: 20, selected: `${gate}@3` });
    if (!('hash' in share)) throw new Error('the scene should fit in a link');
    const { page, errors } = await open(share.hash);
    const view = page.locator('.node-view');
    await expect.poll(() => column(page, `${gate}(3)`, 0)).toEqual(Array.from(value, formatNumber));
    expect(await column(page, `${gate}(3)`, 1)).toEqual(Array.from(gradient, formatNumber));
    // The link selected a gate: the cell is drawn opened.
    expect(await graph(page).locator(`[data-node="${gate}@3"].selected`).count()).toBe(1);
    // KaTeX (loaded on demand) keeps each equation's TeX in its MathML annotation.
    const tex = async () => (await view.locator('.katex-mathml annotation').allTextContents()).join('\n');
    await expect.poll(tex).toContain(texVector(gradient));
    const sources = await tex();
    expect(sources).toContain('\\sigma');
    expect(sources).toContain(texVector(value));
    expect(sources).toContain(texVector(gradient));
    expect(await view.locator('.katex-error').count()).toBe(0);
    await view.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => view.getByTestId('check-summary').textContent(), { timeout: 15_000 }).toBe(`All ${H} entries of dL/d${gate}(3) agree with central differences.`);
    expect(errors).toEqual([]);
  });
});

describe('Elman, LSTM and GRU side by side', () => {
  it('draws the three cells on the one scene, each with its own pass, at one shared position', async () => {
    const { page, errors } = await open();
    await page.getByLabel('Show', { exact: true }).selectOption('cells');
    for (const [variant, nodes] of [['elman', 1 + 6 * 10], ['lstm', 2 + 7 * 10], ['gru', 1 + 6 * 10]] as const) {
      const row = page.getByTestId(`unfolded-${variant}`);
      await expect.poll(() => row.locator('[data-node]').count()).toBe(nodes);
    }
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    for (const variant of ['elman', 'lstm', 'gru']) {
      await expect.poll(() => page.getByTestId(`unfolded-${variant}`).locator('[data-node="h@1"].has-gradient').count()).toBe(1);
    }
    expect(await page.locator('[role="alert"]').allTextContents()).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('training a gated cell', () => {
  it('the long-echo GRU preset learns in the page: its loss per step falls well below the cues\' entropy', async () => {
    const { page, errors } = await open();
    const status = page.getByTestId('training-status');
    const iterations = async () => Number(/Iteration (\d+)/.exec((await status.textContent()) ?? '')?.[1] ?? NaN);
    const loss = async () => Number(/loss ([\d.e+-]+)/.exec((await status.textContent()) ?? '')?.[1] ?? NaN);
    await page.getByLabel('Task preset').selectOption({ label: 'Long echo (lag 30): GRU' });
    await expect.poll(() => page.getByRole('radio', { name: 'GRU', exact: true }).isChecked()).toBe(true);
    await showTab(page, 'Training');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(iterations, { timeout: 45_000 }).toBeGreaterThanOrEqual(120);
    await page.getByRole('button', { name: 'Pause training', exact: true }).click();
    // 16 queries, each worth ln 2 at chance: the sum is about 11; the GRU learns within 60 iterations (the preset's test).
    expect(await loss()).toBeLessThan(16 * Math.LN2 * 0.2);
    expect(await page.locator('[role="alert"]').allTextContents()).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});
