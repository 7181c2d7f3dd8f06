/** Canonical states of the graphs, compared with their baseline pictures at a small tolerance. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser';
import { TOLERANCE, compareScreenshot, stepTo, stillPage } from './screenshots';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser.close(); });

const page = () => stillPage(browser, 1000);

const shot = async (p: Page): Promise<Buffer> => {
  await p.mouse.move(0, 0);
  return p.locator('section.graphs').screenshot({ animations: 'disabled' });
};

describe('graph screenshots', () => {
  it('Elman, forward t = 3', async () => {
    const p = await page();
    await stepTo(p, 3);
    expect(compareScreenshot('elman-forward-3', await shot(p))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });

  it('Jordan with teacher forcing, BPTT at t = 6: the cut feedback', async () => {
    const p = await page();
    await p.getByRole('radio', { name: 'Jordan' }).check();
    await p.getByRole('radio', { name: 'Teacher forcing' }).check();
    await stepTo(p, 15);
    expect(compareScreenshot('jordan-teacher-backward-6', await shot(p))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });

  it('single output, end of BPTT', async () => {
    const p = await page();
    await p.getByRole('radio', { name: 'Single output' }).check();
    await p.getByTestId('position').click();
    await p.keyboard.press('End');
    await p.waitForTimeout(300);
    expect(compareScreenshot('single-output-end', await shot(p))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });
});

describe('the page as it opens', () => {
  // A laptop, a projector and a phone: the first screen, graph first; in the light theme, and in
  // the dark one as a system that prefers dark opens it.
  for (const scheme of ['light', 'dark'] as const) {
    for (const [width, height] of [[1366, 768], [1280, 720], [390, 844]] as const) {
      it(`at ${width}x${height}${scheme === 'dark' ? ', dark' : ''}`, async () => {
        const p = await stillPage(browser, height, width, scheme);
        expect(await p.evaluate(() => document.documentElement.dataset['theme'])).toBe(scheme);
        await p.mouse.move(0, 0);
        await p.waitForTimeout(300);
        const name = `page-${width}x${height}${scheme === 'dark' ? '-dark' : ''}`;
        expect(compareScreenshot(name, await p.screenshot({ animations: 'disabled' }))).toBeLessThanOrEqual(TOLERANCE);
        await p.context().close();
      });
    }
  }
});

describe('the graphs in the dark theme', () => {
  it('Elman in BPTT at t = 7, h(5) selected', async () => {
    const p = await stillPage(browser, 1000, 1280, 'dark');
    await stepTo(p, 14);
    await p.getByTestId('unfolded-graph').locator('[data-node="h@5"]').click();
    await p.waitForTimeout(300);
    expect(compareScreenshot('elman-backward-7-dark', await shot(p))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });
});
