/** The folded and unfolded graphs in a real browser: what is drawn for each topology, and how it moves. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSettings, useApp } from './browser';

const { open } = useApp();

const graph = (page: Page) => page.getByTestId('unfolded-graph');
const count = (page: Page, selector: string) => graph(page).locator(selector).count();
const edgeIds = (page: Page) => graph(page).locator('[data-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')!));
const nodeIds = (page: Page) => graph(page).locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!));
const position = (page: Page) => page.getByTestId('position');

describe('the graphs', () => {
  it('draws each topology with its nodes and edges', async () => {
    const { page, errors } = await open();
    // 'hello world': tau = 10.
    expect(await count(page, '[data-node]')).toBe(1 + 6 * 10);
    expect(await count(page, '[data-edge]')).toBe(6 * 10);
    expect(await page.getByTestId('folded-graph').locator('[data-edge="h->h"]').count()).toBe(1);

    await page.getByRole('radio', { name: 'Jordan' }).check();
    await expect.poll(() => count(page, '[data-node]')).toBe(6 * 10);
    const jordanEdges = await edgeIds(page);
    expect(jordanEdges.filter((e) => /^h@\d+->h@/.test(e))).toEqual([]);
    expect(jordanEdges.filter((e) => /^o@\d+->h@/.test(e))).toHaveLength(9);
    expect(jordanEdges).toContain('o@2->h@3');
    expect(await page.getByTestId('folded-graph').locator('[data-edge="o->h"]').count()).toBe(1);

    await page.getByRole('radio', { name: 'Single output' }).check();
    await expect.poll(() => count(page, '[data-node]')).toBe(1 + 2 * 10 + 4);
    const singleNodes = await nodeIds(page);
    for (const kind of ['o', 'yhat', 'L', 'y']) expect(singleNodes.filter((n) => n.startsWith(`${kind}@`))).toEqual([`${kind}@10`]);

    await page.getByLabel('Sequence length').fill('30');
    await expect.poll(() => count(page, '[data-node]')).toBe(1 + 2 * 30 + 4);
    expect(errors).toEqual([]);
  });

  it('fills values left to right, then carries gradients right to left with widths', async () => {
    const { page, errors } = await open();
    await position(page).click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => count(page, '[data-node].computed')).toBe(1 + 3 * 6);
    expect(await count(page, '[data-node="h@3"].active')).toBe(1);
    expect(await count(page, '.edge.forward')).toBeGreaterThan(0);
    // h(3) shows its 8 entries, each coloured by its value (no gradient yet: that strip is hidden).
    await expect.poll(() => graph(page).locator('[data-node="h@3"] .value-strip [data-entry][fill]').count()).toBe(8);
    expect(await graph(page).locator('[data-node="h@3"] .value-strip').isVisible()).toBe(true);
    expect(await graph(page).locator('[data-node="h@3"] .grad-strip').isVisible()).toBe(false);
    await page.keyboard.press('End');
    await expect.poll(() => count(page, '[data-node].has-gradient')).toBe(1 + 10 * 4);
    const widths = await graph(page).locator('[data-edge^="h@"][data-edge*="->h@"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('stroke-width'))));
    expect(widths).toHaveLength(10);
    expect(widths.every((w) => w >= 1)).toBe(true);
    expect(new Set(widths).size).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });

  it('draws teacher forcing and truncation as cuts through which no gradient flows', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: 'Jordan' }).check();
    await page.getByRole('radio', { name: 'Teacher forcing' }).check();
    await expect.poll(() => count(page, '.cut-marker')).toBe(9);
    await position(page).click();
    await page.keyboard.press('End');
    await expect.poll(() => count(page, '[data-edge^="o@"].cut')).toBe(9);
    expect(await graph(page).locator('[data-edge^="o@"].cut').evaluateAll((els) => els.map((e) => e.getAttribute('stroke-width')))).toEqual(Array(9).fill(null));

    await page.getByRole('radio', { name: 'Elman', exact: true }).check();
    await openSettings(page);
    await page.getByLabel('Truncation window').fill('4');
    await expect.poll(() => count(page, '.cut-marker')).toBe(2);
    await position(page).click();
    await page.keyboard.press('End');
    await expect.poll(() => graph(page).locator('.edge.cut').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')))).toEqual(['h@4->h@5', 'h@8->h@9']);
    expect(errors).toEqual([]);
  });

  it('selects a node by clicking it, and moves the selection with the arrow keys', async () => {
    const { page, errors } = await open();
    await graph(page).locator('[data-node="h@2"]').click();
    await expect.poll(() => count(page, '[data-node="h@2"].selected')).toBe(1);
    await graph(page).focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => count(page, '[data-node="o@2"].selected')).toBe(1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => count(page, '[data-node="o@3"].selected')).toBe(1);
    // Inside the graph the arrow keys move the selection, not the cursor.
    expect(await position(page).textContent()).toBe('Forward t = 0 / 10');
    expect(errors).toEqual([]);
  });

  it('in a long graph played at once at 60 steps a second: draws the new pass, builds no strips for the columns played past (and drops those far behind), and builds them once playing stops', async () => {
    const { page, errors } = await open();
    await page.getByLabel('Speed').selectOption('60');
    await page.getByLabel('Sequence length').fill('200');
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 200');
    // Play at once: the steps' renders must not starve the new pass's (deferred) render.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const stepOf = async () => Number(/t = (\d+)/.exec((await position(page).textContent()) ?? '')?.[1]);
    await expect.poll(stepOf, { timeout: 10_000 }).toBeGreaterThan(60);
    // A column played past, built while playing: its node, and no strip in it.
    expect(errors).toEqual([]);
    await expect.poll(() => count(page, '[data-node="h@50"]')).toBe(1);
    expect(await count(page, '[data-node="h@50"] .strip')).toBe(0);
    // The blocks far behind are off the plane: it holds about the blocks in view, not all it played past.
    expect(await count(page, '[data-node="h@1"]')).toBe(0);
    expect(await count(page, 'svg.graph-block')).toBeLessThanOrEqual(8);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const at = await stepOf();
    await expect.poll(() => count(page, `[data-node="h@${at}"] .strip[data-painted]`)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('pans and zooms, hides labels when far, and fits to view', async () => {
    const { page, errors } = await open();
    const plane = graph(page).locator('.graph-plane');
    const transform = () => plane.evaluate((e) => (e as HTMLElement).style.transform);
    const before = await transform();
    const box = (await graph(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(await transform()).not.toBe(before);
    await page.getByLabel('Sequence length').fill('200');
    // A long graph holds the blocks in view (8 steps each) and one either side; fit to view shows them all.
    await expect.poll(() => count(page, '[data-node]')).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    expect(await count(page, '[data-node]')).toBeLessThan(1 + 6 * 200);
    await page.getByRole('button', { name: 'Fit to view' }).click();
    await expect.poll(() => graph(page).getAttribute('class')).toContain('far');
    await expect.poll(() => count(page, '[data-node]')).toBe(1 + 6 * 200);
    expect(errors).toEqual([]);
  });
});
