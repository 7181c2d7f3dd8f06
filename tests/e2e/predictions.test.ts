/**
 * The predictions chart in a real browser: one column per step with its target outlined, the
 * computed columns following the cursor, the summary agreeing with the engine's numbers (run
 * here in Node on the same scene) and with the marks, and one column for the single output.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { traceOf } from '../../src/engine/index';
import { predictionsGrid, summaryText } from '../../src/graph/charts/index';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { useApp } from './browser';

const app = useApp();

const TAU = 10; // 'hello world': 10 steps, 8 classes
const chart = (page: Page) => page.locator('[data-chart="predictions"]');
const columns = (page: Page) => chart(page).locator('rect[data-step]');
const summary = (page: Page) => page.getByTestId('predictions-summary');
const position = (page: Page) => page.getByTestId('position');

/** Steps with the keyboard from the current position. */
async function press(page: Page, key: string, times: number): Promise<void> {
  await position(page).click();
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** Each column's step, target and argmax as drawn, and the row of the target outline in that column. */
function drawn(page: Page) {
  return chart(page).evaluate((root) => {
    const cols = [...root.querySelectorAll('rect[data-step]')].map((r) => ({
      t: Number(r.getAttribute('data-step')), target: Number(r.getAttribute('data-target')), argmax: Number(r.getAttribute('data-argmax')),
      correct: r.getAttribute('data-correct') === 'true', x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')),
      w: Number(r.getAttribute('width')), h: Number(r.getAttribute('height')),
    }));
    const classes = Number(root.getAttribute('data-classes'));
    const d = root.querySelector('[data-marks="target"]')!.getAttribute('d')!;
    const outlines = [...d.matchAll(/M([\d.-]+),([\d.-]+)h/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const outlineCells = outlines.map(([x, y]) => {
      const col = cols.findIndex((c) => x >= c.x && x < c.x + c.w);
      const c = cols[col]!;
      return [col, Math.floor((y - c.y) / (c.h / classes))];
    });
    return { cols, outlineCells };
  });
}

/** Whether column t is drawn in colour (hit testing honours the clip: uncomputed columns show the grey base). */
function inColour(page: Page, t: number): Promise<boolean> {
  return page.evaluate((t) => {
    const col = document.querySelector(`[data-chart="predictions"] rect[data-step="${t}"]`)!;
    col.scrollIntoView({ block: 'center' });
    const box = col.getBoundingClientRect();
    return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)?.getAttribute('data-step') === String(t);
  }, t);
}

describe('the predictions chart', () => {
  it('draws one column per step with its target, and counts the right ones at the end of the forward pass', async () => {
    const { page, errors } = await app.open();
    await chart(page).waitFor();
    expect(await page.getByRole('heading', { name: 'Predictions against targets', exact: true }).count()).toBe(1);
    const model = buildModel(DEFAULT_SCENE);
    const grid = predictionsGrid(model, traceOf(model), 640)!;

    // One column per step, each target outlined in its own column and row, as the engine has them.
    const { cols, outlineCells } = await drawn(page);
    expect(cols.map((c) => c.t)).toEqual(Array.from({ length: TAU }, (_, i) => i + 1));
    expect(cols.map((c) => c.target)).toEqual(Array.from(model.sequence.targets));
    expect(cols.map((c) => c.argmax)).toEqual(grid.columns.map((c) => c.argmax));
    expect(outlineCells).toEqual(cols.map((c, i) => [i, c.target]));
    expect(await summary(page).textContent()).toMatch(/^No prediction computed yet/);
    expect(await inColour(page, 1)).toBe(false);

    await press(page, 'ArrowRight', 3);
    await expect.poll(() => chart(page).getAttribute('data-reached')).toBe('3');
    expect(await summary(page).textContent()).toBe(`Up to t = 3: ${summaryText(grid, 3)}.`);
    expect(await inColour(page, 3)).toBe(true);
    expect(await inColour(page, 4)).toBe(false);

    await press(page, 'ArrowRight', TAU - 3);
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = ${TAU} / ${TAU}`);
    await expect.poll(() => chart(page).getAttribute('data-reached')).toBe(String(TAU));
    const text = (await summary(page).textContent())!;
    expect(text).toBe(`${summaryText(grid)}.`);
    // The sentence agrees with the marks: its count is the columns whose argmax is the target.
    const [, right] = /^(\d+) of 10 steps predicted right; mean p\(target\) (0\.\d\d|<0\.01|>0\.99)\.$/.exec(text)!;
    expect(Number(right)).toBe(cols.filter((c) => c.correct).length);
    expect(cols.filter((c) => c.correct).length).toBe(cols.filter((c) => c.argmax === c.target).length);
    expect(await chart(page).locator('[data-marks="wrong"]').evaluate((p) => (p.getAttribute('d')!.match(/M/g) ?? []).length))
      .toBe(2 * (TAU - Number(right)));
    // Accessible: the picture's name carries the summary and the cursor; the numbers are in a table.
    expect(await page.getByRole('img', { name: `Predictions against targets: t = 1 to 10, 8 classes; ${summaryText(grid)}; cursor at t = 10.` }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Predictions against targets: the numbers' }).getByRole('row').count()).toBe(TAU + 1);
    // The cursor's column is outlined.
    const outline = await chart(page).locator('[data-cursor]').evaluate((r) => r.getAttribute('transform'));
    expect(outline).toBe(`translate(${cols[TAU - 1]!.x.toFixed(2)},0)`);
    expect(errors).toEqual([]);
  });

  it('single output: one column, at t = tau, computed when the forward pass reaches it', async () => {
    const { page, errors } = await app.open();
    await chart(page).waitFor();
    await page.getByRole('radio', { name: 'Single output' }).check();
    await expect.poll(() => columns(page).count()).toBe(1);
    expect(await chart(page).getAttribute('data-columns')).toBe('1');
    expect(await columns(page).first().getAttribute('data-step')).toBe(String(TAU));
    const model = buildModel({ ...DEFAULT_SCENE, variant: 'single-output' });
    expect(await columns(page).first().getAttribute('data-target')).toBe(String(model.sequence.targets[0]));
    await press(page, 'ArrowRight', TAU - 1);
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = ${TAU - 1} / ${TAU}`);
    expect(await summary(page).textContent()).toMatch(/^No prediction computed yet/);
    expect(await chart(page).locator('[data-cursor]').count()).toBe(0);
    await press(page, 'ArrowRight', 1);
    const grid = predictionsGrid(model, traceOf(model), 640)!;
    await expect.poll(() => summary(page).textContent()).toBe(`${summaryText(grid)}.`);
    expect(await inColour(page, TAU)).toBe(true);
    expect(await page.getByRole('img', { name: /^Predictions against targets: one output, at t = 10, 8 classes; [01] of 1 step predicted right; / }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
