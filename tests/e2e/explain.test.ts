/** The explanations in a real browser: each margin question answered with the live model's numbers. */
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/components/format';
import { traceOf } from '../../src/engine/index';
import { bpttCost, lossSum, softmaxDemo } from '../../src/graph/explain/index';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { showTab, useApp } from './browser';

const { open } = useApp();

describe('explanations', () => {
  it('answers with the numbers of the model on screen, and follows the selected step', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Explanations');
    const model = buildModel(DEFAULT_SCENE);
    const trace = traceOf(model);
    const section = page.locator('section.explanations');
    await section.locator('summary', { hasText: 'unnormalised log-probabilities' }).click();
    await section.locator('summary', { hasText: 'sum of per-step negative log-likelihoods' }).click();
    await section.locator('summary', { hasText: 'cost O(τ) time and memory' }).click();

    // At the start the cursor is at t = 0: the table shows step 1.
    const at1 = softmaxDemo(model, trace, 1)!;
    await expect.poll(() => section.getByTestId('softmax-live').textContent()).toContain(`c = logsumexp(o) = ${formatNumber(at1.constant)}`);
    const rows = await section.getByTestId('softmax-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('th')!.textContent));
    expect(rows).toEqual(model.labels!.output!.map((l) => l));
    // Selecting h@4 moves the table to step 4.
    await page.getByTestId('unfolded-graph').locator('[data-node="h@4"]').click();
    await expect.poll(() => section.getByTestId('softmax-live').textContent()).toContain(`= ${formatNumber(softmaxDemo(model, trace, 4)!.constant)}`);

    const sum = lossSum(model, trace);
    expect(await section.getByTestId('loss-live').textContent()).toBe(`Σₜ L(t) = ${formatNumber(sum.total)}; Πₜ ŷ(t)[y(t)] = ${formatNumber(sum.product)}; exp(−L) = ${formatNumber(sum.expMinusTotal)}.`);
    expect(await section.getByTestId('loss-table').locator('tbody tr').count()).toBe(10);
    expect(await section.getByTestId('bptt-live').textContent()).toContain(`${bpttCost(model).held} numbers are held`);
    expect(await section.getByText('This model\'s steps are chained: each waits for the one before.').count()).toBe(1);

    // Teacher forcing: the steps are independent.
    await page.getByRole('radio', { name: 'Jordan' }).check();
    await page.getByRole('radio', { name: 'Teacher forcing' }).check();
    await expect.poll(() => section.getByText('This model uses teacher forcing: its steps are independent.').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
