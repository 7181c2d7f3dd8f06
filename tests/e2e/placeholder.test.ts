/** The built page loads in a real browser and shows numbers computed by the engine. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gradients, initModel } from '../../src/engine/index';
import { launch, openPage } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser.close(); });

describe('the page', () => {
  it('loads without errors and shows the default scene losses computed by the engine', async () => {
    const { page, errors } = await openPage(browser, inject('baseUrl'));
    await expect.poll(() => page.title()).toBe('Unroll');
    const table = page.getByRole('table', { name: 'Loss per time step' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(8);
    const expected = gradients(initModel({ variant: 'elman', input: 4, hidden: 8, output: 4, length: 8, seed: 1 })).loss;
    expect(await page.getByTestId('total-loss').textContent()).toBe(expected.toFixed(6));
    expect(errors).toEqual([]);
    await page.close();
  });
});
