/**
 * No label collides, measured in a real browser: for every topology (the gated cells closed and
 * with the gates shown) at tau 10 and 60, at "Fit to view" and at 1:1, in BPTT (every strip and
 * gradient drawn), the boxes Chromium draws for node names, edge labels, cut markers, node values
 * and node bodies (the strips inside them) meet no other; each strip lies inside its own node.
 * Then a strip's entries: hovering one and reaching one by the keyboard show its numbers.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { traceOf } from '../../src/engine/index';
import { euclideanNorm, formatFull, formatNumber } from '../../src/components/format';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { useApp } from './browser';

const { open } = useApp();
const graph = (page: Page) => page.getByTestId('unfolded-graph');

interface Box { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number }
interface Drawn { readonly what: string; readonly owner: string; readonly box: Box }

/** Every drawn text and node body of the graph, with the node or edge it belongs to; and strips outside their node. */
function measure(page: Page): Promise<{ k: number; drawn: Drawn[]; strays: string[]; strips: number }> {
  return graph(page).evaluate((viewport) => {
    const box = (e: Element) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
    const shown = (e: Element) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const plane = viewport.querySelector('.graph-plane') as HTMLElement;
    const k = Number(/scale\(([^)]+)\)/.exec(plane.style.transform)?.[1] ?? NaN);
    const drawn: { what: string; owner: string; box: Box }[] = [];
    const strays: string[] = [];
    let strips = 0;
    for (const g of Array.from(viewport.querySelectorAll('[data-node]'))) {
      const id = g.getAttribute('data-node')!;
      const body = g.querySelector('.body')!;
      drawn.push({ what: `node ${id}`, owner: id, box: box(body) });
      for (const t of Array.from(g.querySelectorAll('.node-label, .node-value'))) if (shown(t) && t.textContent) drawn.push({ what: `"${t.textContent}" of ${id}`, owner: id, box: box(t) });
      const b = box(body);
      for (const s of Array.from(g.querySelectorAll('.strip'))) {
        if (!shown(s)) continue;
        strips++;
        const r = box(s);
        if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) strays.push(`${id}'s strip leaves its node`);
      }
    }
    for (const t of Array.from(viewport.querySelectorAll('.edge-label, .cut-marker'))) {
      if (shown(t)) drawn.push({ what: `"${t.textContent}" at ${t.getAttribute('x')},${t.getAttribute('y')}`, owner: `label ${drawn.length}`, box: box(t) });
    }
    return { k, drawn, strays, strips };
  });
}

const overlap = (a: Box, b: Box): boolean => a.left < b.right - 0.01 && b.left < a.right - 0.01 && a.top < b.bottom - 0.01 && b.top < a.bottom - 0.01;

function expectApart(m: { drawn: Drawn[]; strays: string[] }, where: string): void {
  const problems = [...m.strays];
  // Sorted by left edge, each box is compared with those that start before it ends.
  const sorted = [...m.drawn].sort((a, b) => a.box.left - b.box.left);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.box.left < sorted[i]!.box.right; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (a.owner !== b.owner && overlap(a.box, b.box)) problems.push(`${a.what} meets ${b.what}`);
    }
  }
  expect(problems.slice(0, 8), `${where}: ${problems.length} collisions`).toEqual([]);
}

async function zoomToOne(page: Page): Promise<void> {
  const k = (await measure(page)).k;
  const box = (await graph(page).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, Math.log2(k) / 0.002);
  await expect.poll(async () => Math.abs((await measure(page)).k - 1)).toBeLessThan(0.02);
}

const TOPOLOGIES: [string, boolean][] = [['Elman', false], ['Jordan', false], ['Single output', false], ['LSTM', false], ['LSTM', true], ['GRU', false], ['GRU', true]];

describe.each([10, 60])('labels at tau %i', (tau) => {
  it.each(TOPOLOGIES)('%s (gates shown: %s): nothing collides at fit and at 1:1', async (topology, opened) => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: topology, exact: true }).check();
    await page.getByLabel('Sequence length').fill(String(tau));
    await expect.poll(() => page.getByTestId('position').textContent()).toBe(`Forward t = 0 / ${tau}`);
    if (opened) await page.getByTestId('open-cell').click();
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('position').textContent()).toBe(`Backward t = 1 / ${tau}`);
    await page.getByRole('button', { name: 'Fit to view' }).click();
    await page.waitForTimeout(100);
    expectApart(await measure(page), 'fit to view');
    await zoomToOne(page);
    await expect.poll(async () => (await measure(page)).strips, { message: '1:1: strips are drawn' }).toBeGreaterThan(0);
    const one = await measure(page);
    expectApart(one, '1:1');
    expect(errors).toEqual([]);
  });
});

describe('a node\'s entries', () => {
  it('shows an entry\'s index, value and gradient on hover and by the keyboard', async () => {
    const model = buildModel(DEFAULT_SCENE);
    const trace = traceOf(model);
    const H = model.sizes.hidden;
    const { page, errors } = await open();
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    const h2 = graph(page).locator('[data-node="h@2"]');
    // One value cell and one gradient cell per entry of h(2).
    await expect.poll(() => h2.locator('.value-strip [data-entry]').count()).toBe(H);
    expect(await h2.locator('.grad-strip [data-entry]').count()).toBe(H);
    // Polled: the graph is drawn again when the fonts' slices arrive.
    await expect.poll(() => graph(page).locator('[data-node="yhat@2"] .bars [data-entry]').count()).toBe(model.sizes.output);
    await expect.poll(() => graph(page).locator('[data-node="yhat@2"] .bar.target').count()).toBe(1);
    const value = (i: number) => trace.h[2 * H + i]!;
    const grad = (i: number) => trace.gH[H + i]!;
    await h2.locator('.value-strip [data-entry="0"]').hover();
    const tip = graph(page).getByTestId('entry-tip');
    await expect.poll(() => tip.textContent()).toBe(`h(2)[0] = ${formatNumber(value(0))}; dL/dh(2)[0] = ${formatNumber(grad(0))}`);

    // The keyboard: select h(2), Enter steps into its entries, arrows move along them, Esc leaves.
    await page.mouse.move(0, 0);
    await h2.dispatchEvent('click');
    await graph(page).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => tip.textContent()).toBe(`h(2)[0] = ${formatNumber(value(0))}; dL/dh(2)[0] = ${formatNumber(grad(0))}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tip.textContent()).toBe(`h(2)[2] = ${formatNumber(value(2))}; dL/dh(2)[2] = ${formatNumber(grad(2))}`);
    expect(await h2.locator('[data-entry="2"].focused').count()).toBe(1);
    // The arrows moved the entry, not the selection nor the cursor.
    expect(await graph(page).locator('[data-node="h@2"].selected').count()).toBe(1);
    expect(await page.getByTestId('position').textContent()).toBe('Backward t = 1 / 10');
    await page.keyboard.press('Escape');
    await expect.poll(() => tip.isHidden()).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => graph(page).locator('[data-node="h@3"].selected').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('the inspector of a vector', () => {
  it('gives its norm, its numbers at 4 significant digits or in full, and copies them in full precision', async () => {
    const model = buildModel(DEFAULT_SCENE);
    const trace = traceOf(model);
    const H = model.sizes.hidden;
    const h3 = trace.h.subarray(3 * H, 4 * H);
    const { page, context, errors } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    await graph(page).locator('[data-node="h@3"]').dispatchEvent('click');
    const norms = page.locator('.inspector [data-testid="norms"]').first();
    await expect.poll(() => norms.textContent()).toContain(`‖h(3)‖ = ${formatNumber(euclideanNorm(h3))}`);
    const column = () => page.locator('.inspector').getByRole('table', { name: 'Numbers of h(3)', exact: true }).locator('tbody tr td:first-of-type').allTextContents();
    expect(await column()).toEqual(Array.from(h3, formatNumber));
    await page.getByRole('button', { name: 'Full precision: h(3)' }).click();
    await expect.poll(column).toEqual(Array.from(h3, formatFull));
    expect(Array.from(h3, formatFull).map(Number)).toEqual(Array.from(h3));
    await page.getByRole('button', { name: 'Copy h(3)' }).click();
    await expect.poll(() => page.locator('.inspector .vector-tools [role="status"]').first().textContent()).toBe(`Copied ${H} entries in full precision.`);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const rows = copied.split('\n');
    expect(rows[0]).toBe('Entry\th(3)\tdL/dh(3)');
    expect(rows.slice(1).map((r) => Number(r.split('\t')[1]))).toEqual(Array.from(h3));
    expect(errors).toEqual([]);
  });
});
