/**
 * The colour scales in the dark theme, in a real browser: a zero is painted dark (h(0) = 0, near
 * the empty node's colour), a large loss bright; switching the theme repaints the strips and the
 * fills at once; an export taken in the dark theme paints them light, and the page stays dark.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage, useApp } from './browser';

const { browser } = useApp();

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance(css: string): number {
  const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  const f = (v: string) => {
    const s = Number(v) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(m[1]!) + 0.7152 * f(m[2]!) + 0.0722 * f(m[3]!);
}
/** WCAG contrast ratio of two computed colours. */
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};

/** The computed fill of an element of the unfolded graph. */
const fillOf = (page: Page, selector: string) =>
  page.getByTestId('unfolded-graph').locator(selector).first().evaluate((e) => getComputedStyle(e).fill);
/** The computed background of the unfolded graph. */
const graphBackground = (page: Page) => page.getByTestId('unfolded-graph').evaluate((e) => getComputedStyle(e).backgroundColor);

/** h(0)'s first entry once painted (h0 = 0: every entry is 0) and L(5)'s body, the largest loss of the default scene. */
const ZERO = '[data-node="h@0"] .strip[data-painted] [data-entry]';
const LOSS = '[data-node="L@5"] .body';

async function openDark() {
  const context = await browser().newContext({ colorScheme: 'dark', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const opened = await openPage(browser(), inject('baseUrl'), context);
  await opened.page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
  // Forward to the end: every value computed, h(0)'s strip shown.
  await opened.page.getByTestId('position').click();
  for (let i = 0; i < 10; i++) await opened.page.keyboard.press('ArrowRight');
  await opened.page.locator('[data-node="L@10"].computed').waitFor({ state: 'attached' });
  return opened;
}

describe('the colour scales in the dark theme', () => {
  it('paint a zero dark and a large loss bright, and switching the theme repaints them', async () => {
    const { page, context, errors } = await openDark();
    try {
      const background = await graphBackground(page);
      expect(background).toBe('rgb(20, 26, 33)');
      const zero = await fillOf(page, ZERO);
      const loss = await fillOf(page, LOSS);
      // 0 is about the empty node's colour, not the brightest thing on the graph.
      expect(contrast(zero, background)).toBeLessThan(1.5);
      expect(contrast(loss, background)).toBeGreaterThan(4);
      expect(luminance(loss)).toBeGreaterThan(luminance(zero));
      await page.getByLabel('Theme', { exact: true }).selectOption('light');
      await expect.poll(() => graphBackground(page)).toBe('rgb(251, 252, 253)');
      // Light: 0 near white, the largest loss dark orange.
      await expect.poll(async () => luminance(await fillOf(page, ZERO))).toBeGreaterThan(0.8);
      expect(luminance(await fillOf(page, LOSS))).toBeLessThan(0.2);
      await page.getByLabel('Theme', { exact: true }).selectOption('dark');
      await expect.poll(() => fillOf(page, ZERO)).toBe(zero);
      expect(await fillOf(page, LOSS)).toBe(loss);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('are painted light in an export taken in the dark theme, and dark again on the page', async () => {
    const { page, context, errors } = await openDark();
    try {
      const zero = await fillOf(page, ZERO);
      const loss = await fillOf(page, LOSS);
      await page.locator('header').getByRole('button', { name: 'Export', exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unfolded graph as SVG', exact: true }).click()]);
      const svg = readFileSync(await download.path(), 'utf8');
      const exported = await page.evaluate(({ text, zeroSel, lossSel }) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const fill = (selector: string) => doc.querySelector(selector)?.closest('[fill]')?.getAttribute('fill') ?? null;
        return { zero: fill(zeroSel), loss: fill(lossSel) };
      }, { text: svg, zeroSel: ZERO, lossSel: LOSS });
      expect(luminance(exported.zero!)).toBeGreaterThan(0.8);
      expect(luminance(exported.loss!)).toBeLessThan(0.2);
      // The page still shows the dark scales.
      await expect.poll(() => fillOf(page, ZERO)).toBe(zero);
      await expect.poll(() => fillOf(page, LOSS)).toBe(loss);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('say in the legend what the non-finite colour is, in each theme', async () => {
    const { page, context, errors } = await openDark();
    try {
      await page.getByText('Legend', { exact: true }).click();
      const item = page.locator('[data-legend="not-finite"]');
      await expect.poll(() => item.textContent()).toContain('white: not finite');
      expect(await item.locator('.legend-swatch').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 255, 255)');
      await page.getByLabel('Theme', { exact: true }).selectOption('light');
      await expect.poll(() => item.textContent()).toContain('black: not finite');
      expect(await item.locator('.legend-swatch').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(0, 0, 0)');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
