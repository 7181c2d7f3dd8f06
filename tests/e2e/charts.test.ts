/**
 * The step charts in a real browser: both exist with accessible names, draw one mark per step,
 * follow the cursor (Step forward, End, arrows) with unreached steps greyed, and keep their
 * marks across steps (only the clip and the cursor marker change).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestPage } from './browser';
import { useApp } from './browser';
import { STEP_ELEMENTS_MAX, TABLE_ROWS } from '../../src/graph/charts/index';

const app = useApp();

/** Opens the app in a fresh context and waits for the charts. */
async function open(): Promise<TestPage> {
  const p = await app.open();
  await p.page.locator('[data-chart="norm"]').waitFor();
  return p;
}

const TAU = 10; // 'hello world': 10 steps
const position = (page: Page) => page.getByTestId('position');
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const chart = (page: Page, kind: 'loss' | 'norm') => page.locator(`[data-chart="${kind}"]`);
const points = (page: Page, kind: 'loss' | 'norm') => chart(page, kind).locator('[data-step]');
/** What a chart says about the cursor: its step, and the steps it has computed. */
const state = (page: Page, kind: 'loss' | 'norm') => chart(page, kind).evaluate((svg) => ({
  cursor: svg.getAttribute('data-cursor-step'),
  from: svg.getAttribute('data-reached-from'),
  to: svg.getAttribute('data-reached-to'),
}));

/** Whether the mark of step t is drawn in colour (hit testing honours the clip: unreached steps show the grey copy). */
function inColour(page: Page, kind: 'loss' | 'norm', t: number): Promise<boolean> {
  return page.evaluate(([kind, t]) => {
    const mark = document.querySelector(`[data-chart="${kind}"] [data-step="${t}"]`);
    if (!mark) throw new Error(`no mark for step ${t}`);
    mark.scrollIntoView({ block: 'center' });
    const box = mark.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit?.getAttribute('data-step') === String(t);
  }, [kind, t] as const);
}

/** x of the cursor marker and of the mark of the cursor's step, in screen pixels. */
function cursorAndMarkX(page: Page, kind: 'loss' | 'norm'): Promise<[number, number]> {
  return chart(page, kind).evaluate((svg) => {
    const t = svg.getAttribute('data-cursor-step');
    const line = svg.querySelector('[data-cursor] line')!.getBoundingClientRect();
    const mark = svg.querySelector(`[data-step="${t}"]`)!.getBoundingClientRect();
    return [line.left + line.width / 2, mark.left + mark.width / 2];
  });
}

describe('the step charts', () => {
  it('draws both charts with one mark per step and accessible names', async () => {
    const { page, errors } = await open();
    expect(await page.getByRole('heading', { name: 'Loss per step', exact: true }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Gradient norm ||dL/dh(t)|| per step (log scale)', exact: true }).count()).toBe(1);
    const loss = page.getByRole('img', { name: /^Loss per step: t = 1 to 10; .*nothing computed yet\.$/ });
    expect(await loss.count()).toBe(1);
    expect(await page.getByRole('img', { name: /^Gradient norm .*\(log scale\): t = 1 to 10; from .* nothing computed yet\.$/ }).count()).toBe(1);
    expect(await points(page, 'loss').count()).toBe(TAU);
    expect(await points(page, 'norm').count()).toBe(TAU);
    // The numbers, for screen readers: a header row and one row per step.
    await expect.poll(() => page.getByRole('table', { name: 'Loss per step: the numbers' }).getByRole('row').count()).toBe(TAU + 1);
    expect(await state(page, 'loss')).toEqual({ cursor: null, from: null, to: null });
    expect(await inColour(page, 'loss', 1)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('follows the position: Step forward, End and the arrows; unreached steps stay grey', async () => {
    const { page, errors } = await open();
    const first = await points(page, 'loss').first().elementHandle();
    for (let i = 0; i < 3; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 3 / ${TAU}`);
    await expect.poll(() => state(page, 'loss')).toEqual({ cursor: '3', from: '1', to: '3' });
    expect(await state(page, 'norm')).toEqual({ cursor: '3', from: null, to: null });
    expect(await inColour(page, 'loss', 3)).toBe(true);
    expect(await inColour(page, 'loss', 4)).toBe(false);
    expect(await inColour(page, 'norm', 3)).toBe(false);
    const [cursorX, markX] = await cursorAndMarkX(page, 'loss');
    expect(Math.abs(cursorX - markX)).toBeLessThan(1);
    expect(await page.getByRole('img', { name: /^Loss per step: .*computed for t = 1 to 3; cursor at t = 3\.$/ }).count()).toBe(1);

    await page.keyboard.press('End');
    await expect.poll(() => position(page).textContent()).toBe(`Backward t = 1 / ${TAU}`);
    await expect.poll(() => state(page, 'norm')).toEqual({ cursor: '1', from: '1', to: String(TAU) });
    expect(await state(page, 'loss')).toEqual({ cursor: '1', from: '1', to: String(TAU) });
    expect(await inColour(page, 'norm', 1)).toBe(true);
    expect(await inColour(page, 'loss', TAU)).toBe(true);
    const [normCursorX, normMarkX] = await cursorAndMarkX(page, 'norm');
    expect(Math.abs(normCursorX - normMarkX)).toBeLessThan(1);

    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => state(page, 'norm')).toEqual({ cursor: '3', from: '3', to: String(TAU) });
    expect(await inColour(page, 'norm', 2)).toBe(false);
    expect(await inColour(page, 'norm', 3)).toBe(true);
    expect(await page.getByRole('img', { name: /^Gradient norm .*computed for t = 3 to 10; cursor at t = 3\.$/ }).count()).toBe(1);
    // Stepping moved the clip and the cursor; the marks drawn for this pass are the same elements.
    expect(await first!.evaluate((e) => e.isConnected)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('single output draws one loss bar; a longer sequence draws tau marks per chart', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: 'Single output' }).check();
    await expect.poll(() => points(page, 'loss').count()).toBe(1);
    expect(await points(page, 'norm').count()).toBe(TAU);
    expect(await points(page, 'loss').first().getAttribute('data-step')).toBe(String(TAU));
    await page.getByRole('radio', { name: 'Elman', exact: true }).check();
    await page.getByLabel('Sequence length').fill('64');
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 64');
    await expect.poll(() => points(page, 'norm').count()).toBe(64);
    expect(await points(page, 'loss').count()).toBe(64);
    await position(page).click();
    await page.keyboard.press('End');
    await expect.poll(() => state(page, 'norm')).toEqual({ cursor: '1', from: '1', to: '64' });
    expect(errors).toEqual([]);
  });

  it('a sequence past STEP_ELEMENTS_MAX draws paths and one hover target, and pages its tables by the cursor (held while playing)', async () => {
    const { page, errors } = await open();
    const LONG = STEP_ELEMENTS_MAX + 44;
    await page.getByLabel('Sequence length').fill(String(LONG));
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 0 / ${LONG}`);
    await position(page).click();
    await page.keyboard.press('End');
    await expect.poll(() => state(page, 'norm')).toEqual({ cursor: '1', from: '1', to: String(LONG) });
    for (const kind of ['loss', 'norm', 'predictions'] as const) {
      const figure = page.locator(`[data-chart="${kind}"]`);
      expect(await figure.locator('[data-step]:not([data-hover])').count()).toBe(0);
      expect(await figure.locator('[data-hover="steps"]').count()).toBe(1);
    }
    // Pointing at step 200 names it: the hover target's data-step and tooltip follow the pointer.
    const target = chart(page, 'norm').locator('[data-hover="steps"]');
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    await page.mouse.move(box.x + ((200 - 0.5) / LONG) * box.width, box.y + box.height / 2);
    await expect.poll(() => target.getAttribute('data-step')).toBe('200');
    expect(await target.locator('title').textContent()).toMatch(/^t = 200: \|\|dL\/dh\(200\)\|\| = \S+$/);

    // The tables hold the page of TABLE_ROWS steps with the cursor (t = 1 here), then follow it.
    const table = page.getByRole('table', { name: `Loss per step: the numbers for t = 1 to ${TABLE_ROWS} of ${LONG} (the page that holds the cursor)` });
    await expect.poll(() => table.getByRole('row').count()).toBe(TABLE_ROWS + 1);
    expect(await page.getByRole('table', { name: /^Predictions against targets: the numbers for t = 1 to 64 of / }).getByRole('row').count()).toBe(TABLE_ROWS + 1);
    await position(page).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < TABLE_ROWS + 1; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = ${TABLE_ROWS + 1} / ${LONG}`);
    const pageName = (from: number) => `Loss per step: the numbers for t = ${from} to ${from + TABLE_ROWS - 1} of ${LONG} (the page that holds the cursor)`;
    await expect.poll(() => page.getByRole('table', { name: pageName(TABLE_ROWS + 1) }).count()).toBe(1);
    // While playing the tables keep their page; when it stops they turn to the cursor's.
    await page.getByLabel('Speed').selectOption('60');
    await button(page, 'Play').click();
    const stepOf = async () => Number(/t = (\d+)/.exec((await position(page).textContent()) ?? '')?.[1]);
    await expect.poll(stepOf, { timeout: 10_000 }).toBeGreaterThan(2 * TABLE_ROWS + 2);
    expect(await page.getByRole('table', { name: pageName(TABLE_ROWS + 1) }).count()).toBe(1);
    await button(page, 'Pause').click();
    const at = await stepOf();
    const from = Math.floor((at - 1) / TABLE_ROWS) * TABLE_ROWS + 1;
    await expect.poll(() => page.getByRole('table', { name: pageName(from) }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
