/** Training in a real browser: train, pause, one iteration, resume, at a pace; the UI answers while training; a worker restart loses nothing. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { showTab, useApp } from './browser';

const { open } = useApp();

const status = (page: Page) => page.getByTestId('training-status');
const iterations = async (page: Page) => Number(/Iteration (\d+)/.exec((await status(page).textContent()) ?? '')?.[1] ?? NaN);
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const restarts = (page: Page) => page.evaluate(() => window.__unroll?.restarts() ?? NaN);

/** Samples the iteration count until `restarts` workers were replaced and the count passed `beyond`; returns the samples. */
async function countsUntil(page: Page, restarted: number, beyond: number): Promise<number[]> {
  const samples: number[] = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    samples.push(await iterations(page));
    if (await restarts(page) === restarted && samples.at(-1)! > beyond) return samples;
    await page.waitForTimeout(50);
  }
  throw new Error(`after 30 s: ${await restarts(page)} restarts, iteration ${samples.at(-1)}`);
}

/** The iteration of every model in the history, oldest first, read off the scrubber one entry at a time. */
async function historyIterations(page: Page): Promise<number[]> {
  const scrubber = page.getByLabel('Iteration shown');
  const last = Number(await scrubber.getAttribute('max'));
  const shown: number[] = [];
  for (let i = 0; i <= last; i++) {
    await scrubber.fill(String(i));
    // A repeated iteration would show its first entry instead: the scrubber would not reach i.
    await expect.poll(() => scrubber.inputValue()).toBe(String(i));
    shown.push(Number(/(\d+)/.exec((await scrubber.getAttribute('aria-valuetext')) ?? '')?.[1]));
  }
  return shown;
}

describe('training', () => {
  it('trains, pauses, steps one iteration, resumes, while stepping through time still answers', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Training');
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
    await button(page, 'Step one iteration').click();
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

  it('goes on from where it was after the worker crashes and after it hangs: the count never goes back, the history never repeats', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Training');
    await button(page, 'Train').click();
    await expect.poll(() => iterations(page), { timeout: 15_000 }).toBeGreaterThan(300);
    const beforeCrash = await iterations(page);
    await page.evaluate(() => window.__unroll?.crashWorker());
    const afterCrash = await countsUntil(page, 1, beforeCrash + 300);
    const beforeHang = afterCrash.at(-1)!;
    await page.evaluate(() => window.__unroll?.hangWorker());
    // The client replaces the hung worker after its watchdog (about 4 s).
    const afterHang = await countsUntil(page, 2, beforeHang + 300);
    const counts = [beforeCrash, ...afterCrash, ...afterHang];
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    await button(page, 'Pause training').click();
    await page.waitForTimeout(300);
    const total = await iterations(page);
    const history = await historyIterations(page);
    expect(history.length).toBeGreaterThan(2);
    expect(history.at(-1)).toBe(total);
    for (let i = 1; i < history.length; i++) expect(history[i]!).toBeGreaterThan(history[i - 1]!);
    expect(errors.filter((e) => !e.includes('crash requested'))).toEqual([]);
  });

  it('stops at a blow-up with a message, keeps the model from before, and names what is not finite', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Training');
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

  it('at 1 per second moves the count by about one a second; Step one iteration adds exactly one; Train 25 iterations stops at 25', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Training');
    await page.getByLabel('Pace').selectOption({ label: '1 per second' });
    await button(page, 'Train').click();
    await expect.poll(() => iterations(page), { timeout: 15_000 }).toBeGreaterThan(0);
    const first = await iterations(page);
    await page.waitForTimeout(3500);
    const moved = (await iterations(page)) - first;
    // About 3.5 iterations in 3.5 s: a range, not an exact time.
    expect(moved).toBeGreaterThanOrEqual(2);
    expect(moved).toBeLessThanOrEqual(5);
    await button(page, 'Pause training').click();
    await page.waitForTimeout(1500);
    const paused = await iterations(page);
    await button(page, 'Step one iteration').click();
    await expect.poll(() => iterations(page)).toBe(paused + 1);
    await page.waitForTimeout(1500);
    expect(await iterations(page)).toBe(paused + 1);
    // A new scene starts at 0; 25 at 10 a second (about 2.5 s), then it stops by itself, resumable.
    await page.getByLabel('Hidden size').fill('3');
    await expect.poll(() => iterations(page)).toBe(0);
    await page.getByLabel('Pace').selectOption({ label: '10 per second' });
    await page.getByLabel('Iterations to train').fill('25');
    await button(page, 'Train 25 iterations').click();
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toMatch(/ · \d+ to go$/);
    await expect.poll(() => iterations(page), { timeout: 15_000 }).toBe(25);
    await page.waitForTimeout(1000);
    expect(await iterations(page)).toBe(25);
    expect(await button(page, 'Resume training').isEnabled()).toBe(true);
    expect(await page.getByRole('img', { name: /^Training loss over 25 points/ }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
