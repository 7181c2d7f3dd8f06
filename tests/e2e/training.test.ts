/** Training in a real browser: train, pause, one iteration, resume; the UI answers while training. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './browser';

const { open } = useApp();

const status = (page: Page) => page.getByTestId('training-status');
const iterations = async (page: Page) => Number(/Iteration (\d+)/.exec((await status(page).textContent()) ?? '')?.[1] ?? NaN);
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

describe('training', () => {
  it('trains, pauses, steps one iteration, resumes, while stepping through time still answers', async () => {
    const { page, errors } = await open();
    await button(page, 'Train').click();
    await expect.poll(() => iterations(page), { timeout: 15_000 }).toBeGreaterThan(30);
    // The UI answers while training: the cursor moves and the engine's snapshot follows.
    await button(page, 'Step forward').click();
    await expect.poll(() => page.getByTestId('position').textContent()).toBe('Forward t = 1 / 10');
    await expect.poll(() => page.getByRole('row', { name: 'h(1)' }).count()).toBe(1);
    await button(page, 'Pause training').click();
    // A batch already in the worker still lands; after it, nothing more.
    await page.waitForTimeout(300);
    const paused = await iterations(page);
    await page.waitForTimeout(300);
    expect(await iterations(page)).toBe(paused);
    await button(page, 'One iteration').click();
    await expect.poll(() => iterations(page)).toBe(paused + 1);
    // The second axis of time travel: back through the iterations.
    await page.getByLabel('Iteration shown').fill('0');
    await expect.poll(() => page.getByTestId('iteration-shown').textContent()).toMatch(new RegExp(`^Showing iteration \\d+ of ${paused + 1}; training resumes from the latest`));
    expect(await page.getByRole('img', { name: /^Training loss over \d+ points/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /^Spectral radius of W over \d+ points/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /^Gradient norm \|\|dL\/dh\(t\)\|\| over 10 steps/ }).count()).toBe(1);
    await button(page, 'Resume training').click();
    await expect.poll(() => iterations(page)).toBeGreaterThan(paused + 10);
    await button(page, 'Pause training').click();
    expect(errors).toEqual([]);
  });

  it('stops at a blow-up with a message, keeps the model from before, and names what is not finite', async () => {
    const { page, errors } = await open();
    await page.getByLabel('Optimizer').selectOption('sgd');
    await page.getByLabel('Clip gradient norm at').fill('');
    await page.getByLabel('Learning rate').fill('1e300');
    await button(page, 'Train').click();
    const stopped = page.getByRole('alert').filter({ hasText: 'Training stopped' });
    await expect.poll(() => stopped.textContent(), { timeout: 15_000 }).toMatch(/^Training stopped at iteration \d+: .*lower the learning rate or turn on clipping, then resume\.$/);
    // The kept model (from before the refused iteration) may itself overflow: that is named, not drawn.
    const iteration = Number(/iteration (\d+)/.exec((await stopped.textContent()) ?? '')?.[1]);
    expect(await iterations(page)).toBe(iteration - 1);
    expect(errors).toEqual([]);
  });
});
