/**
 * Screenshot comparison at a small tolerance: a canonical state's picture against the baseline in
 * tests/e2e/__screenshots__/. A missing baseline fails the test (set UPDATE_SCREENSHOTS=1 to
 * write it); a differing picture is saved beside it as `<name>.actual.png` for a look.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import pixelmatch from 'pixelmatch';
import { inject } from 'vitest';
import { PNG } from 'pngjs';

const DIR = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

/** Share of pixels that may differ (anti-aliasing, sub-pixel text), and pixelmatch's colour threshold. */
export const TOLERANCE = 0.002;
const THRESHOLD = 0.1;

/** Compares a PNG with the baseline `name`; returns the share of differing pixels, or throws. */
export function compareScreenshot(name: string, png: Buffer): number {
  mkdirSync(DIR, { recursive: true });
  const baselinePath = `${DIR}${name}.png`;
  if (process.env.UPDATE_SCREENSHOTS === '1') writeFileSync(baselinePath, png);
  if (!existsSync(baselinePath)) {
    writeFileSync(`${DIR}${name}.actual.png`, png);
    throw new Error(`no baseline for ${name}: run the test with UPDATE_SCREENSHOTS=1 once and commit ${name}.png`);
  }
  const expected = PNG.sync.read(readFileSync(baselinePath));
  const actual = PNG.sync.read(png);
  if (expected.width !== actual.width || expected.height !== actual.height) {
    writeFileSync(`${DIR}${name}.actual.png`, png);
    throw new Error(`${name}: size ${actual.width}x${actual.height}, baseline ${expected.width}x${expected.height}`);
  }
  const diff = pixelmatch(expected.data, actual.data, undefined, actual.width, actual.height, { threshold: THRESHOLD });
  const share = diff / (actual.width * actual.height);
  if (share > TOLERANCE) writeFileSync(`${DIR}${name}.actual.png`, png);
  return share;
}

/**
 * A fresh page (1280 pixels wide unless told) with motion reduced (the flow along the edges stands
 * still), once the engine has answered; its system prefers `colorScheme` (light unless told), which
 * the page follows.
 */
export async function stillPage(browser: Browser, height: number, width = 1280, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce', deviceScaleFactor: 1, colorScheme });
  const p = await context.newPage();
  await p.goto(inject('baseUrl'));
  await p.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
  await fontsLoaded(p);
  return p;
}

/** Waits until every font face the page has asked for so far has loaded (the shipped fonts come in unicode-range slices, as glyphs appear). */
export async function fontsLoaded(p: Page): Promise<void> {
  await p.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Steps to a position with the keyboard, and waits for the graph to show it. */
export async function stepTo(p: Page, steps: number): Promise<void> {
  await p.getByTestId('position').click();
  for (let i = 0; i < steps; i++) await p.keyboard.press('ArrowRight');
  await p.waitForTimeout(400);
  await fontsLoaded(p);
}
