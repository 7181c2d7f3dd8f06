/**
 * The unfolded graph on a touch phone (390x844, touch, mobile): one finger across the graph pans
 * it, one finger up or down the graph scrolls the page (the graph stays), two fingers pinch it
 * in and out about their centre, and a tap on a node still selects it; on a wide touch screen,
 * whose page does not scroll, one finger pans the graph whichever way it moves. The touches are
 * real input, sent through the DevTools protocol (playwright's touchscreen only taps). And on a
 * laptop, the selected node stays in view: the one clicked when the inspector opens beside the
 * graph, and the one the arrow keys reach.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { TestPage } from './browser';
import { openPage, useApp } from './browser';
import { fontsLoaded } from './screenshots';

const { browser } = useApp();
const pages: TestPage[] = [];
afterEach(async () => {
  for (const p of pages.splice(0)) await p.context.close();
});

/** A point on the screen, in CSS px. */
type Point = readonly [number, number];

/** The page in a context, once the engine has answered and the fonts are in. */
async function openIn(options: Parameters<ReturnType<typeof browser>['newContext']>[0]): Promise<TestPage> {
  const context = await browser().newContext(options);
  const p = await openPage(browser(), inject('baseUrl'), context);
  pages.push(p);
  await p.page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
  await p.page.evaluate(() => document.fonts.ready.then(() => undefined));
  return p;
}

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

/** The plane's transform (translate x, y in px, then scale k), as panZoom writes it. */
async function planeTransform(page: Page): Promise<{ x: number; y: number; k: number }> {
  const text = await page.getByTestId('unfolded-graph').locator('.graph-plane').evaluate((p) => (p as HTMLElement).style.transform);
  const m = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(text);
  if (!m) throw new Error(`no transform on the plane: '${text}'`);
  return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
}

/** The graph viewport's box on the screen. */
const viewportBox = (page: Page) => page.getByTestId('unfolded-graph').evaluate((v) => v.getBoundingClientRect().toJSON() as DOMRect);

/**
 * One gesture of real touches: the fingers go down at `from` (together, or one after the other
 * when `oneByOne`), move in `steps` even moves to `to` (finger i from from[i] to to[i]), and lift.
 */
async function gesture(cdp: CDPSession, from: readonly Point[], to: readonly Point[], { steps = 12, oneByOne = false } = {}): Promise<void> {
  const at = (s: number) => from.map(([x, y], i) => ({ x: x + (to[i]![0] - x) * s / steps, y: y + (to[i]![1] - y) * s / steps, id: i }));
  if (oneByOne) for (let n = 1; n < from.length; n++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0).slice(0, n) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let s = 1; s <= steps; s++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(s) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** The phone's page with the graph's viewport wholly on screen, its box, and a DevTools session to touch it. */
async function phone(): Promise<{ page: Page; errors: string[]; cdp: CDPSession; box: DOMRect }> {
  const { page, errors } = await openIn(PHONE);
  // Every font in: a face arriving later reflows the text above the graph, and the browser's scroll
  // anchoring moves the page by as much, in the middle of a gesture.
  await fontsLoaded(page);
  await page.getByTestId('unfolded-graph').evaluate((v) => v.scrollIntoView({ block: 'center' }));
  const box = await viewportBox(page);
  expect(box.top, 'the graph is on screen').toBeGreaterThanOrEqual(0);
  expect(box.bottom, 'the graph is on screen').toBeLessThanOrEqual(844);
  return { page, errors, cdp: await page.context().newCDPSession(page), box };
}

const scrollY = (page: Page) => page.evaluate(() => window.scrollY);

describe('touch on a phone', () => {
  it('one finger across the graph pans it, and the page does not scroll', async () => {
    const { page, errors, cdp, box } = await phone();
    const before = await planeTransform(page);
    const y0 = await scrollY(page);
    const cy = box.top + box.height / 2;
    // Right to left (towards the later steps), 200 px and 20 px down.
    await gesture(cdp, [[box.left + 300, cy]], [[box.left + 100, cy + 20]]);
    const after = await planeTransform(page);
    expect(after.k).toBe(before.k);
    expect(after.x - before.x).toBeCloseTo(-200, -1);
    expect(after.y - before.y).toBeCloseTo(20, -1);
    expect(await scrollY(page)).toBe(y0);
    expect(errors).toEqual([]);
  });

  it('one finger up the graph scrolls the page, and the graph stays', async () => {
    const { page, errors, cdp, box } = await phone();
    const before = await planeTransform(page);
    const y0 = await scrollY(page);
    const cx = box.left + box.width / 2;
    await gesture(cdp, [[cx, box.top + box.height * 0.8]], [[cx + 10, box.top + box.height * 0.3]]);
    // The page scrolls by the swipe (the compositor's work: it may land a frame later).
    await expect.poll(() => scrollY(page)).toBeGreaterThan(y0 + 100);
    expect(await planeTransform(page)).toEqual(before);
    expect(errors).toEqual([]);
  });

  it('on a wide touch screen (a tablet, a touch laptop), where the graph takes every touch, one finger up the graph pans it', async () => {
    const { page, errors } = await openIn({ viewport: { width: 1366, height: 768 }, hasTouch: true });
    const cdp = await page.context().newCDPSession(page);
    const box = await viewportBox(page);
    const before = await planeTransform(page);
    const cx = box.left + box.width / 2;
    await gesture(cdp, [[cx, box.top + box.height * 0.7]], [[cx, box.top + box.height * 0.4]]);
    const after = await planeTransform(page);
    expect(after.y - before.y).toBeCloseTo(-0.3 * box.height, -1);
    expect(after.x).toBeCloseTo(before.x, 0);
    expect(await scrollY(page)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('two fingers pinch the graph out and in, about their centre', async () => {
    const { page, errors, cdp, box } = await phone();
    const y0 = await scrollY(page);
    const c: Point = [box.left + box.width / 2, box.top + box.height / 2];
    /** The content point under the screen point c (in the plane's units). */
    const under = (t: { x: number; y: number; k: number }): Point => [(c[0] - box.left - 1 - t.x) / t.k, (c[1] - box.top - 1 - t.y) / t.k];
    const before = await planeTransform(page);
    // Apart: from 40 px either side of the centre to 120 px, so three times as far apart.
    await gesture(cdp, [[c[0] - 40, c[1]], [c[0] + 40, c[1]]], [[c[0] - 120, c[1]], [c[0] + 120, c[1]]]);
    const out = await planeTransform(page);
    expect(out.k / before.k).toBeCloseTo(3, 1);
    const [bx, by] = under(before);
    const [ox, oy] = under(out);
    expect(Math.abs(ox - bx) * out.k, 'the pinch centre stays put (px)').toBeLessThan(3);
    expect(Math.abs(oy - by) * out.k, 'the pinch centre stays put (px)').toBeLessThan(3);
    // Together again, diagonally, the fingers landing one after the other: back to the scale it had.
    await gesture(cdp, [[c[0] - 90, c[1] - 60], [c[0] + 90, c[1] + 60]], [[c[0] - 30, c[1] - 20], [c[0] + 30, c[1] + 20]], { oneByOne: true });
    const back = await planeTransform(page);
    expect(back.k / out.k).toBeCloseTo(1 / 3, 1);
    const [ix, iy] = under(back);
    expect(Math.abs(ix - ox) * back.k).toBeLessThan(3);
    expect(Math.abs(iy - oy) * back.k).toBeLessThan(3);
    expect(await scrollY(page), 'the page is not zoomed or scrolled by the pinch').toBe(y0);
    expect(await page.evaluate(() => window.visualViewport?.scale ?? 1)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('the hint above the graph speaks of swipes, pinches and taps, and is read whole', async () => {
    const { page, errors } = await phone();
    const hint = page.locator('.graph-tools .hint');
    expect(await hint.textContent()).toBe('Swipe across to pan, pinch to zoom; tap a node to inspect it.');
    expect(await hint.evaluate((h) => h.scrollWidth <= h.clientWidth && h.getBoundingClientRect().right <= window.innerWidth), 'not cut').toBe(true);
    expect(errors).toEqual([]);
  });

  it('a tap on a node selects it: the inspector opens on it, brought into view under the graphs', async () => {
    const { page, errors } = await phone();
    const node = page.locator('[data-node="h@2"]');
    const b = await node.evaluate((n) => n.getBoundingClientRect().toJSON() as DOMRect);
    await page.touchscreen.tap(b.left + b.width / 2, b.top + b.height / 2);
    await expect.poll(() => page.locator('.node-view').getByRole('heading', { level: 3 }).textContent()).toBe('a(2) and h(2): the hidden state at step 2');
    expect(await node.getAttribute('class')).toContain('selected');
    // On one column the inspector comes under the graphs: the page scrolls to it.
    await expect.poll(() => page.locator('.inspector-panel').evaluate((e) => e.getBoundingClientRect().top < innerHeight && e.getBoundingClientRect().bottom > 0)).toBe(true);
    expect(errors).toEqual([]);
  });
});

/** Whether box b lies inside box o (to half a pixel). */
const inside = (b: DOMRect, o: DOMRect) => b.left >= o.left - 0.5 && b.top >= o.top - 0.5 && b.right <= o.right + 0.5 && b.bottom <= o.bottom + 0.5;
const nodeBox = (page: Page, id: string) => page.locator(`[data-node="${id}"]`).evaluate((n) => n.getBoundingClientRect().toJSON() as DOMRect);

describe('the selected node stays in view', () => {
  it('at 1366x768, a node clicked near the right edge is still in the graph once the inspector opens beside it', async () => {
    const { page, errors } = await openIn({ viewport: { width: 1366, height: 768 } });
    const wide = await viewportBox(page);
    const before = await nodeBox(page, 'h@10');
    expect(inside(before, wide), 'h(10) is in view before').toBe(true);
    const k = (await planeTransform(page)).k;
    await page.locator('[data-node="h@10"]').click();
    await page.locator('.node-view').getByRole('heading', { level: 3 }).filter({ hasText: 'h(10)' }).waitFor();
    const narrow = await viewportBox(page);
    expect(narrow.width, 'the inspector narrows the graph').toBeLessThan(wide.width - 200);
    // h(10) inside the graph beside the inspector.
    await expect.poll(async () => inside(await nodeBox(page, 'h@10'), await viewportBox(page))).toBe(true);
    expect((await planeTransform(page)).k, 'the zoom is kept').toBe(k);
    expect(errors).toEqual([]);
  });

  it('a node reached by the arrow keys is brought into view', async () => {
    const { page, errors } = await openIn({ viewport: { width: 1366, height: 768 } });
    const graph = page.getByTestId('unfolded-graph');
    // h(1) clicked: the inspector opens beside the graph, and the last columns are off it.
    await page.locator('[data-node="h@1"]').click();
    await page.locator('.node-view').getByRole('heading', { level: 3 }).filter({ hasText: 'h(1)' }).waitFor();
    const k = (await planeTransform(page)).k;
    expect(inside(await nodeBox(page, 'h@10'), await viewportBox(page)), 'h(10) is off the graph first').toBe(false);
    await graph.focus();
    for (let t = 2; t <= 10; t++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.locator('.node.selected').getAttribute('data-node')).toBe(`h@${t}`);
      await expect.poll(async () => inside(await nodeBox(page, `h@${t}`), await viewportBox(page))).toBe(true);
    }
    expect((await planeTransform(page)).k, 'the zoom is kept').toBe(k);
    expect(errors).toEqual([]);
  });
});
