/**
 * The inspector in a real browser: a parameter chosen from the list shows the engine's gradient
 * matrix and its per-step contributions; a node opened from a share link shows its value and
 * gradient as the engine computes them, once the cursor has reached them, its equations typeset
 * by KaTeX, and a Check whose entries are all ok.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { traceOf } from '../../src/engine/index';
import { formatNumber } from '../../src/components/format';
import { texVector } from '../../src/graph/tex/index';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { encodeShare } from '../../src/store/share';
import { useApp } from './browser';

const { open } = useApp();

const TAU = 10; // 'hello world': 10 steps
const model = buildModel(DEFAULT_SCENE);
const trace = traceOf(model);
const H = model.sizes.hidden;

const inspector = (page: Page) => page.locator('.inspector');
/** The text of column `col` (0: value, 1: gradient) of a vector's numbers table. */
const column = (page: Page, name: string, col: number) =>
  inspector(page).getByRole('table', { name: `Numbers of ${name}`, exact: true }).locator('tbody tr').evaluateAll(
    (rows, c) => rows.map((r) => r.querySelectorAll('td')[c]?.textContent ?? ''), col);
const formatted = (v: Float64Array) => Array.from(v, formatNumber);

describe('the inspector', () => {
  it('shows a parameter chosen from the list: its gradient matrix and its per-step contributions', async () => {
    const { page, errors } = await open();
    // Nothing selected, the inspector opens beside the graph on request.
    expect(await inspector(page).count()).toBe(0);
    await page.getByRole('button', { name: 'Inspect the parameters' }).click();
    await expect.poll(() => inspector(page).textContent()).toContain('Click a node in the graph, or choose a parameter');
    const w = inspector(page).getByRole('group', { name: 'Parameters' }).getByRole('button', { name: 'W', exact: true });
    await w.click();
    expect(await w.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('.param-view [data-testid="reach"]').textContent()).toBe('dL/dW: not computed yet at this position (BPTT starts at position 11).');
    await page.getByTestId('position').click(); // the shortcuts act once focus leaves the button
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('.param-view [data-testid="reach"]').textContent()).toBe('dL/dW: complete, summed over every step.');
    const expected = Array.from(trace.grads.W!, (x, k) => `dL/dW[${Math.floor(k / H)}, ${k % H}] = ${formatNumber(x)}`);
    const heatmap = inspector(page).getByRole('img', { name: `Gradient dL/dW, ${H} by ${H}` });
    expect(await heatmap.locator('title').allTextContents()).toEqual(expected);
    const table = await inspector(page).getByRole('table', { name: 'Numbers of dL/dW', exact: true }).locator('tbody tr').evaluateAll(
      (rows) => rows.flatMap((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(table).toEqual(formatted(trace.grads.W!));
    // Weight sharing: tau contributions, one per step, that sum to the gradient.
    expect(await inspector(page).getByRole('img', { name: 'Size of each step\'s contribution to dL/dW' }).locator('rect').count()).toBe(TAU);
    await inspector(page).getByLabel('Contribution of step').fill('4');
    await expect.poll(() => inspector(page).getByRole('img', { name: 'Step 4\'s contribution to dL/dW' }).count()).toBe(1);
    expect(await inspector(page).textContent()).toContain('the contributions sum to the gradient');
    expect(await inspector(page).locator('.katex-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows a node from a share link: its numbers once computed, its equations, and a Check that passes', async () => {
    const share = await encodeShare({ model, config: DEFAULT_SCENE, position: 13, selected: 'h@3' });
    if (!('hash' in share)) throw new Error('the default scene should fit in a link');
    const { page, errors } = await open(share.hash);
    await expect.poll(() => page.getByTestId('position').textContent()).toBe(`Backward t = 8 / ${TAU}`);
    const view = page.locator('.node-view');
    await expect.poll(() => view.getByRole('heading', { level: 3 }).textContent()).toBe('a(3) and h(3): the hidden state at step 3');
    // The forward pass has computed h(3); BPTT (steps 10, 9, 8 so far) has not reached it.
    await expect.poll(() => column(page, 'h(3)', 0)).toEqual(formatted(trace.h.subarray(3 * H, 4 * H)));
    expect(await column(page, 'a(3)', 0)).toEqual(formatted(trace.a.subarray(2 * H, 3 * H)));
    expect(await column(page, 'h(3)', 1)).toEqual(Array(H).fill('—'));
    expect(await view.getByTestId('reach').textContent()).toContain('Gradient: not computed yet at this position (BPTT reaches step 3 at position 18)');
    // At the end of BPTT its gradient is the engine's.
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    await expect.poll(() => column(page, 'h(3)', 1)).toEqual(formatted(trace.gH.subarray(2 * H, 3 * H)));
    expect(await column(page, 'a(3)', 1)).toEqual(formatted(trace.gA.subarray(2 * H, 3 * H)));
    expect(await view.locator('.katex').count()).toBeGreaterThan(2);
    expect(await view.locator('.katex-error').count()).toBe(0);
    // KaTeX keeps each equation's TeX in its MathML annotation: h(3)'s numbers are the engine's.
    const sources = (await view.locator('.katex-mathml annotation').allTextContents()).join('\n');
    expect(sources).toContain(`\\tanh${texVector(trace.a.subarray(2 * H, 3 * H))}`);
    expect(sources).toContain(texVector(trace.h.subarray(3 * H, 4 * H)));
    expect(sources).toContain(texVector(trace.gH.subarray(2 * H, 3 * H)));
    await view.getByRole('button', { name: 'Check', exact: true }).click();
    const summary = view.getByTestId('check-summary');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toBe(`All ${H} entries of dL/dh(3) agree with central differences.`);
    const oks = await view.getByRole('table', { name: 'Check of dL/dh(3)' }).locator('tbody td:last-child').allTextContents();
    expect(oks).toEqual(Array(H).fill('ok'));
    expect(errors).toEqual([]);
  });
});
