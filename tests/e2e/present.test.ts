/**
 * Presentation mode and the embed page in a real browser: presenting hides all but the transport
 * and the graph, steps with the arrow keys and a clicker's PageUp/PageDown, leaves with Esc, and
 * draws node labels at least 24 px at 1280x720; the embed page shows the graph and the transport
 * alone, writes no saved state, and may be framed by another site, while the app may not.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { AUTOSAVE_KEY } from '../../src/store/autosave';
import { useApp } from './browser';

const { open, browser } = useApp();

const TAU = 10; // 'hello world': 10 steps
const position = (page: Page) => page.getByTestId('position');
const at = (t: number) => `Forward t = ${t} / ${TAU}`;

/** What of the app's shell is on the page: the header, the toolbar, the scene bar, the tabs, the folded graph. */
const shell = (page: Page) => page.locator('header, .toolbar, .scene-bar, [role="tablist"], .folded, .layout-choice').count();

/** The smallest node label of the unfolded graph as drawn on screen, in CSS px: its font size times the graph's zoom. */
const smallestLabel = (page: Page) => page.getByTestId('unfolded-graph').evaluate((viewport) => {
  const plane = viewport.querySelector<HTMLElement>('.graph-plane')!;
  const k = new DOMMatrixReadOnly(getComputedStyle(plane).transform).a;
  const sizes = [...viewport.querySelectorAll('.node-label')].map((label) => parseFloat(getComputedStyle(label).fontSize) * k);
  return sizes.length > 0 ? Math.min(...sizes) : 0;
});

describe('presentation mode', () => {
  it('hides all but the transport and the graph, steps with arrows and PageUp/PageDown wherever the focus is, and Esc leaves', async () => {
    const { page, errors } = await open();
    expect(await shell(page)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    await page.locator('.present-stage.presenting').waitFor();
    expect(await shell(page)).toBe(0);
    expect(await page.getByTestId('unfolded-graph').isVisible()).toBe(true);
    expect(await position(page).isVisible()).toBe(true);
    expect(new URL(page.url()).search).toBe('?present');

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page).textContent()).toBe(at(1));
    await page.keyboard.press('PageDown');
    await expect.poll(() => position(page).textContent()).toBe(at(2));
    // With the graph focused (its own arrows move the selection), a presentation still steps.
    await page.getByTestId('unfolded-graph').focus();
    await page.keyboard.press('PageDown');
    await expect.poll(() => position(page).textContent()).toBe(at(3));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page).textContent()).toBe(at(4));
    await page.keyboard.press('PageUp');
    await expect.poll(() => position(page).textContent()).toBe(at(3));
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => position(page).textContent()).toBe(at(2));

    await page.keyboard.press('Escape');
    await page.locator('.present-stage').waitFor({ state: 'detached' });
    expect(await shell(page)).toBeGreaterThan(0);
    expect(new URL(page.url()).search).toBe('');
    // Out of the presentation, PageDown is the page's again: no step.
    await page.keyboard.press('PageDown');
    expect(await position(page).textContent()).toBe(at(2));
    expect(errors).toEqual([]);
  });

  it('opens from ?present with a share link, the whole graph fitted to 1280x720 and node labels of 24 px at least', async () => {
    const { page: sharer } = await open();
    for (let i = 0; i < 3; i++) await sharer.getByRole('button', { name: 'Step forward', exact: true }).click();
    await sharer.getByRole('button', { name: 'Share', exact: true }).click();
    const link = new URL(await sharer.getByLabel('Share link').inputValue());
    expect(link.hash).toMatch(/^#c=1\./);

    const { page, errors } = await open(`?present${link.hash}`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.reload();
    await page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
    await page.locator('.present-stage.presenting').waitFor();
    expect(await shell(page)).toBe(0);
    // The reload kept the presentation (?present) and the link's state (saved when it opened).
    await expect.poll(() => position(page).textContent()).toBe(at(3));
    await expect.poll(() => smallestLabel(page)).toBeGreaterThanOrEqual(24);
    // Fitted: the first and the last column are both inside the graph's viewport.
    const box = (await page.getByTestId('unfolded-graph').boundingBox())!;
    for (const id of ['x@1', `y@${TAU}`]) {
      const node = (await page.locator(`[data-node="${id}"]`).boundingBox())!;
      expect(node.x, id).toBeGreaterThanOrEqual(box.x);
      expect(node.x + node.width, id).toBeLessThanOrEqual(box.x + box.width);
    }
    expect(errors).toEqual([]);
  });
});

describe('the embed page', () => {
  it('shows only the graph and the transport, and writes no saved state: the app keeps its own', async () => {
    const { page: app, context } = await open();
    await app.getByRole('button', { name: 'Step forward', exact: true }).click();
    await expect.poll(() => app.evaluate((key) => localStorage.getItem(key), AUTOSAVE_KEY)).toContain('"position":1');
    const saved = await app.evaluate((key) => localStorage.getItem(key), AUTOSAVE_KEY);

    // Every write to storage by the embed page, counted from before its first script.
    await context.addInitScript(() => {
      const writes: string[] = [];
      (window as unknown as { __writes: string[] }).__writes = writes;
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) { writes.push(key); setItem.call(this, key, value); };
    });
    const embed = await context.newPage();
    await embed.goto(`${inject('baseUrl')}embed/`);
    await embed.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
    expect(await shell(embed)).toBe(0);
    expect(await embed.locator('.inspector-panel, #scene-settings, .panel-tabs').count()).toBe(0);
    expect(await embed.getByTestId('unfolded-graph').isVisible()).toBe(true);
    // The embed page shows its link or the default scene, never the reader's saved state.
    expect(await position(embed).textContent()).toBe(at(0));
    for (let i = 0; i < 4; i++) await embed.getByRole('button', { name: 'Step forward', exact: true }).click();
    await expect.poll(() => position(embed).textContent()).toBe(at(4));
    // Longer than the autosave's quiet time (300 ms): a save would have been written by now.
    await embed.waitForTimeout(1000);
    expect(await embed.evaluate(() => (window as unknown as { __writes: string[] }).__writes)).toEqual([]);
    expect(await embed.evaluate((key) => localStorage.getItem(key), AUTOSAVE_KEY)).toBe(saved);
    await embed.close();

    const again = await context.newPage();
    await again.goto(inject('baseUrl'));
    await expect.poll(() => position(again).textContent()).toBe(at(1));
  });

  it('may be framed by another site (as the README pastes it), while the app may not', async () => {
    const base = inject('baseUrl');
    // Course notes on a site of their own: another origin (another port) on this machine.
    const notes = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><title>Course notes</title>
        <iframe id="embed" src="${base}embed/#c=1.bm90IGEgbGluaw" title="Unroll" width="800" height="500" sandbox="allow-scripts allow-same-origin" allow="fullscreen"></iframe>
        <iframe id="app" src="${base}" title="The app" width="800" height="500"></iframe>`);
    });
    await new Promise<void>((resolve) => notes.listen(0, '127.0.0.1', resolve));
    const context = await browser().newContext({ viewport: { width: 1280, height: 1100 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${(notes.address() as AddressInfo).port}/chapter-10.html`);
      const embed = page.frameLocator('#embed');
      await embed.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
      expect(await embed.getByTestId('unfolded-graph').isVisible()).toBe(true);
      // A bad link in the frame is refused with a message, the default scene shown.
      expect(await embed.getByRole('alert').textContent()).toMatch(/^link: /);
      await embed.getByRole('button', { name: 'Step forward', exact: true }).click();
      await expect.poll(() => embed.getByTestId('position').textContent()).toBe(at(1));
      // The app's frame is refused by frame-ancestors 'none': an error page, nothing of the app.
      const app = page.frames().find((f) => f !== page.mainFrame() && !f.url().includes('/embed/'));
      await expect.poll(() => app?.url()).toMatch(/^chrome-error:/);
      expect(await page.frameLocator('#app').locator('#root').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await new Promise((resolve) => notes.close(resolve));
    }
  });
});
