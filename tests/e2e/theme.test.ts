/**
 * The theme in a real browser: it follows the system's colour scheme (live), the switch in the
 * toolbar overrides it and is remembered after a reload, the embed page follows the stored
 * choice, and a graph exported in the dark theme is light on white with no CSS variable in it.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage, useApp } from './browser';

const { browser } = useApp();

/** The theme the page is drawn in (`<html data-theme>`), and its page background. */
const drawn = (page: Page) => page.evaluate(() => ({
  theme: document.documentElement.dataset['theme'] ?? null,
  background: getComputedStyle(document.documentElement).backgroundColor,
  scheme: getComputedStyle(document.documentElement).colorScheme,
}));
const LIGHT = { theme: 'light', background: 'rgb(244, 246, 249)', scheme: 'light' };
const DARK = { theme: 'dark', background: 'rgb(17, 22, 28)', scheme: 'dark' };

const ready = (page: Page) => page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
const themeSwitch = (page: Page) => page.getByLabel('Theme', { exact: true });

/** Opens the app (or the embed page, `path`) in a fresh context whose system prefers `scheme`. */
async function openWith(b: Browser, scheme: 'light' | 'dark', path = '') {
  const context = await b.newContext({ colorScheme: scheme, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const opened = await openPage(b, inject('baseUrl') + path, context);
  await ready(opened.page);
  return opened;
}

describe('the theme', () => {
  it('follows the system, and changes live when the system does', async () => {
    const { page, context, errors } = await openWith(browser(), 'dark');
    try {
      expect(await themeSwitch(page).inputValue()).toBe('system');
      expect(await drawn(page)).toEqual(DARK);
      await page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(() => drawn(page)).toEqual(LIGHT);
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => drawn(page)).toEqual(DARK);
      // An empty node and the graph's background are dark too.
      const graph = await page.getByTestId('unfolded-graph').evaluate((e) => getComputedStyle(e).backgroundColor);
      const empty = await page.locator('[data-node="L@1"] .body').evaluate((e) => getComputedStyle(e).fill);
      expect([graph, empty]).toEqual(['rgb(20, 26, 33)', 'rgb(34, 43, 53)']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the switch overrides the system, and is remembered after a reload (the embed page follows it)', async () => {
    const { page, context, errors } = await openWith(browser(), 'dark');
    try {
      await themeSwitch(page).selectOption('light');
      await expect.poll(() => drawn(page)).toEqual(LIGHT);
      // The system changing does not move an explicit choice.
      await page.emulateMedia({ colorScheme: 'light' });
      await themeSwitch(page).selectOption('dark');
      await expect.poll(() => drawn(page)).toEqual(DARK);
      await page.reload();
      await ready(page);
      expect(await themeSwitch(page).inputValue()).toBe('dark');
      expect(await drawn(page)).toEqual(DARK);
      const embed = await context.newPage();
      await embed.goto(`${inject('baseUrl')}embed/`);
      await ready(embed);
      expect(await drawn(embed)).toEqual(DARK);
      // Back to the system: light, as the system now is.
      await themeSwitch(page).selectOption('system');
      await expect.poll(() => drawn(page)).toEqual(LIGHT);
      expect(await page.evaluate(() => localStorage.getItem('unroll.theme'))).toBe('system');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is named in Chinese too', async () => {
    const { page, context, errors } = await openWith(browser(), 'light');
    try {
      await page.getByLabel('Language / 语言').selectOption('zh');
      const names = await page.getByLabel('主题', { exact: true }).locator('option').allTextContents();
      expect(names).toEqual(['跟随系统', '浅色', '深色']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('exports a graph light on white in the dark theme, every colour resolved (no CSS variable)', async () => {
    const { page, context, errors } = await openWith(browser(), 'dark');
    try {
      await page.getByTestId('position').click();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await page.locator('header').getByRole('button', { name: 'Export', exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unfolded graph as SVG', exact: true }).click()]);
      const svg = readFileSync(await download.path(), 'utf8');
      expect(svg).not.toContain('var(');
      expect(svg).toMatch(/<rect x="0" y="0" width="[\d.]+" height="[\d.]+" fill="#ffffff"/);
      // An empty node as in the light theme (white), the labels dark: nothing of the dark theme.
      const fills = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const fill = (selector: string) => doc.querySelector(selector)?.closest('[fill]')?.getAttribute('fill') ?? null;
        return { empty: fill('[data-node="L@5"] .body'), label: fill('[data-node="L@5"] .node-label') };
      }, svg);
      expect(fills).toEqual({ empty: 'rgb(255, 255, 255)', label: 'rgb(27, 38, 49)' });
      expect(svg).not.toContain('rgb(34, 43, 53)');
      // The page is still dark.
      expect(await drawn(page)).toEqual(DARK);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
