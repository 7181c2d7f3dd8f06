/**
 * The README's screenshots, made here: deterministic states of the whole app, compared with the
 * committed pictures like the graph baselines (UPDATE_SCREENSHOTS=1 rewrites them). The README
 * links tests/e2e/__screenshots__/readme-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExercise } from '../../src/graph/exercises/index';
import { CHAPTERS } from '../../src/store/tour';
import { launch, showTab } from './browser';
import { TOLERANCE, compareScreenshot, fontsLoaded, stepTo, stillPage } from './screenshots';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser.close(); });

const page = (height = 900) => stillPage(browser, height);

const still = async (p: Page) => {
  await p.mouse.move(0, 0);
  await p.waitForTimeout(200);
  await fontsLoaded(p);
};

describe('README screenshots', () => {
  it('the app in BPTT at t = 4 with h(4) inspected', async () => {
    // Tall enough for the inspector and the charts under the graphs.
    const p = await page(1560);
    // Select first: in BPTT the graph keeps the cursor's column in view, and h(4) may be off it.
    await p.getByTestId('unfolded-graph').locator('[data-node="h@4"]').click();
    await stepTo(p, 17);
    await p.locator('.katex').first().waitFor();
    await still(p);
    expect(compareScreenshot('readme-overview', await p.screenshot({ animations: 'disabled' }))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });

  it('the Jacobian dh(t)/dh(k) of W = 0.5 I', async () => {
    const p = await page();
    await p.getByLabel('Task preset').selectOption('w-vanishing');
    await showTab(p, 'Gradient dynamics');
    await p.locator('summary', { hasText: 'The Jacobian dh(t)/dh(k)' }).click();
    await p.getByTestId('jacobian-norm').waitFor();
    await still(p);
    const section = p.locator('#panel-dynamics');
    expect(compareScreenshot('readme-jacobian', await section.screenshot({ animations: 'disabled' }))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });

  it('the three topologies side by side at t = 5', async () => {
    const p = await page();
    await p.getByLabel('Show', { exact: true }).selectOption('three');
    await p.getByTestId('unfolded-single-output').locator('[data-node]').first().waitFor();
    await stepTo(p, 5);
    await still(p);
    const section = p.locator('section.graphs');
    expect(compareScreenshot('readme-three', await section.screenshot({ animations: 'disabled' }))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });

  it('training, ten single iterations on the echo task', async () => {
    const p = await page();
    await p.getByLabel('Task preset').selectOption('echo');
    await showTab(p, 'Training');
    const status = p.getByTestId('training-status');
    for (let i = 1; i <= 10; i++) {
      await p.getByRole('button', { name: 'Step one iteration', exact: true }).click();
      await expect.poll(() => status.textContent()).toMatch(new RegExp(`^Iteration ${i}\\b`));
    }
    await still(p);
    const section = p.locator('#panel-training');
    expect(compareScreenshot('readme-training', await section.screenshot({ animations: 'disabled' }))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });

  it('the tour at a laptop\'s size: truncated BPTT, its exercise answered one node short, the engine\'s answer ringed', async () => {
    const p = await stillPage(browser, 768, 1366);
    // The chapter's link followed in the open page.
    await p.goto(new URL(`#tour=${CHAPTERS[7]!.id}`, p.url()).href);
    const panel = p.getByTestId('exercise-truncation-reach');
    await panel.getByRole('button', { name: 'Start the exercise' }).click();
    const e = generateExercise('truncation-reach', 1);
    if (e.kind !== 'pick-nodes') throw new Error('truncation-reach: expected nodes to pick');
    for (const id of e.answer.slice(1)) await p.getByTestId('unfolded-graph').locator(`[data-node="${id}"]`).click();
    await panel.getByRole('button', { name: 'Commit my answer' }).click();
    await panel.getByTestId('exercise-verdict').waitFor();
    await still(p);
    expect(compareScreenshot('readme-tour', await p.screenshot({ animations: 'disabled' }))).toBeLessThanOrEqual(TOLERANCE);
    await p.context().close();
  });
});
