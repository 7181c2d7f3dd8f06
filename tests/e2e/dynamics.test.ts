/**
 * Gradient dynamics in a real browser: the Jacobian dh(t)/dh(k) between chosen steps, teacher
 * forcing against free running, the Elman, LSTM and GRU cells trained side by side, the three
 * topologies side by side, and the echo task's lag.
 * The numbers on screen are checked against the engine run here, in Node.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { compareCells, compareFeedback, jacobianView } from '../../src/engine/index';
import { formatNumber } from '../../src/components/format';
import { PRESETS, echoScene } from '../../src/store/presets';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { openSettings, showTab, useApp } from './browser';

const { open } = useApp();

const choosePreset = (page: Page, id: string) => page.getByLabel('Task preset').selectOption(id);
const summary = (page: Page, text: RegExp) => page.locator('summary', { hasText: text });

describe('gradient dynamics', () => {
  it('shows dh(t)/dh(k) for W = 0.5 I: its norm, rho(W) and the decay over t - k, as the engine computes them', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Gradient dynamics');
    await choosePreset(page, 'w-vanishing');
    await summary(page, /The Jacobian dh\(t\)\/dh\(k\)/).click();
    const model = buildModel(PRESETS.find((p) => p.id === 'w-vanishing')!.config);
    const whole = jacobianView(model, 60, 0);
    await expect.poll(() => page.getByTestId('jacobian-norm').textContent()).toBe(formatNumber(whole.norm));
    expect(await page.getByTestId('jacobian-radius').textContent()).toBe('0.5');
    expect(await page.getByText('ρ < 1: the gradient vanishes geometrically as it travels back.').count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Norm of dh(60)/dh(60 − d) for d = 1 to 60, log scale' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'The Jacobian dh(60)/dh(0), 8 by 8' }).count()).toBe(1);
    // A closer pair: the norm follows.
    await page.getByLabel('Earlier step k').fill('55');
    await expect.poll(() => page.getByTestId('jacobian-norm').textContent()).toBe(formatNumber(jacobianView(model, 60, 55).norm));
    // A pair out of range is refused in words, and the view stays.
    await page.getByLabel('Earlier step k').fill('70');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/k: expected an integer in 0\.\.59 \(k < t = 60\), got 70/);
    expect(await page.getByTestId('jacobian-norm').textContent()).toBe(formatNumber(jacobianView(model, 60, 55).norm));
    expect(errors).toEqual([]);
  });

  it('Jordan with teacher forcing: the Jacobian is zero, nothing crosses time', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Gradient dynamics');
    await choosePreset(page, 'jordan-teacher');
    await summary(page, /The Jacobian dh\(t\)\/dh\(k\)/).click();
    await expect.poll(() => page.getByText(/So dh\(t\)\/dh\(k\) = 0 for every k < t: no gradient crosses time/).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('the LSTM: dh(t)/dh(k) or ds(t)/ds(k) by choice, the forget gates\' product beside it, read in words; the GRU: the update gates\'', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Gradient dynamics');
    await page.getByRole('radio', { name: 'LSTM', exact: true }).check();
    await summary(page, /The Jacobian dh\(t\)\/dh\(k\)/).click();
    const lstm = jacobianView(buildModel({ ...DEFAULT_SCENE, variant: 'lstm' }), 10, 0);
    await expect.poll(() => page.getByTestId('jacobian-norm').textContent()).toBe(formatNumber(lstm.norm));
    expect(await page.getByTestId('jacobian-direct').textContent()).toBe(formatNumber(lstm.direct!.norms[9]!));
    expect(await page.getByRole('img', { name: 'The Jacobian dh(10)/dh(0), 8 by 8' }).count()).toBe(1);
    await page.getByRole('radio', { name: 'ds(t)/ds(k), the cell state' }).check();
    await expect.poll(() => page.getByTestId('jacobian-norm').textContent()).toBe(formatNumber(lstm.others[0]!.norm));
    expect(await page.getByRole('img', { name: 'Norm of ds(10)/ds(10 − d) for d = 1 to 10, log scale' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'The Jacobian ds(10)/ds(0), 8 by 8' }).count()).toBe(1);
    expect(await page.getByText(/The direct path is the product of the forget gates/).count()).toBe(1);
    // The verdict follows the numbers: a hundredth or more survives.
    const kept = lstm.others[0]!.norm >= 1e-2;
    expect(await page.getByTestId('jacobian-verdict').textContent()).toMatch(kept ? /^The gradient survives this span/ : /^The gradient has all but vanished/);
    // The GRU: its update gates' product; no block to choose.
    await page.getByRole('radio', { name: 'GRU', exact: true }).check();
    const gru = jacobianView(buildModel({ ...DEFAULT_SCENE, variant: 'gru' }), 10, 0);
    await expect.poll(() => page.getByTestId('jacobian-norm').textContent()).toBe(formatNumber(gru.norm));
    expect(await page.getByTestId('jacobian-direct').textContent()).toBe(formatNumber(gru.direct!.norms[9]!));
    expect(await page.getByText(/The direct path is the product of the update gates/).count()).toBe(1);
    expect(await page.getByRole('radio', { name: 'ds(t)/ds(k), the cell state' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('trains teacher forcing and free running from the same start and compares them', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Gradient dynamics');
    await summary(page, /Teacher forcing against free running/).click();
    await page.getByLabel('Iterations each').fill('40');
    await page.getByRole('button', { name: 'Train both' }).click();
    const table = page.getByTestId('comparison-table');
    await expect.poll(() => table.count(), { timeout: 20_000 }).toBe(1);
    // The engine, here: the default scene (Elman) built as a Jordan network, Adam 0.05, clip 5.
    const want = compareFeedback(buildModel({ ...DEFAULT_SCENE, variant: 'jordan' }), { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 1000, snapshotCapacity: 1 }, 40);
    const cells = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)));
    expect(cells[0]).toEqual([formatNumber(want.teacher.losses.at(-1)!), formatNumber(want.freeRun.losses.at(-1)!)]);
    expect(cells[1]).toEqual([formatNumber(want.teacher.freeLoss), formatNumber(want.freeRun.freeLoss)]);
    expect(cells[2]![0]).toBe('0');
    expect(Number(cells[2]![1])).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: /^Training loss over 40 iterations, log scale/ }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('trains the Elman, LSTM and GRU cells on the scene\'s sequence from its seed: one labelled curve each, their final losses as the engine computes them', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Gradient dynamics');
    await summary(page, /Elman, LSTM and GRU on one sequence/).click();
    await page.getByLabel('Iterations per cell').fill('25');
    await page.getByRole('button', { name: 'Train the three cells' }).click();
    const rows = page.getByTestId('cell-comparison-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    // The engine, here: the default scene (Elman, "hello world", H 8, seed 1), Adam 0.05, clip 5.
    const options = { optimizer: 'adam', learningRate: 0.05, clipNorm: 5, snapshotEvery: 1000, snapshotCapacity: 1 } as const;
    const want = compareCells(buildModel(DEFAULT_SCENE), ['elman', 'lstm', 'gru'], DEFAULT_SCENE.seed, options, 25);
    const got = await rows.evaluateAll((trs) => trs.map((tr) => ({
      cell: tr.getAttribute('data-cell'), loss: Number(tr.getAttribute('data-final-loss')), iterations: Number(tr.getAttribute('data-iterations')),
      shown: tr.querySelectorAll('td')[1]?.textContent,
    })));
    expect(got.map((r) => r.cell)).toEqual(['elman', 'lstm', 'gru']);
    got.forEach((r, i) => {
      const run = want.runs[i]!;
      const final = run.losses.at(-1)!;
      expect(r.iterations).toBe(25);
      expect(Math.abs(r.loss - final)).toBeLessThanOrEqual(1e-9 * final);
      expect(r.shown).toBe(formatNumber(final));
    });
    // Three cells, three different curves: the cells differ, not only their names.
    expect(new Set(got.map((r) => r.loss)).size).toBe(3);
    const chart = page.getByRole('img', { name: /^Training loss of each cell over 25 iterations, log scale: Elman ends at .*, LSTM ends at .*, GRU ends at / });
    expect(await chart.count()).toBe(1);
    expect(await chart.locator('path[data-line]').count()).toBe(3);
    for (const name of ['loss, Elman', 'loss, LSTM', 'loss, GRU']) expect(await page.getByText(name, { exact: true }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'The loss L(t) at each of the 10 steps after training, per cell, log scale' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('draws the three topologies side by side, all at the one position', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Gradient dynamics');
    await page.getByLabel('Show', { exact: true }).selectOption('three');
    const graphs = ['elman', 'jordan', 'single-output'].map((v) => page.getByTestId(`unfolded-${v}`));
    // 'hello world', tau = 10: Elman 1 + 6 tau nodes, Jordan 6 tau, single output 1 + 2 tau + 4.
    const counts = () => Promise.all(graphs.map((g) => g.locator('[data-node]').count()));
    await expect.poll(counts).toEqual([61, 60, 25]);
    await page.getByTestId('position').click();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    const active = () => Promise.all(graphs.map((g) => g.locator('[data-node="h@4"].active').count()));
    await expect.poll(active).toEqual([1, 1, 1]);
    // Values fill in every graph once its trace has come.
    await expect.poll(() => Promise.all(graphs.map((g) => g.locator('[data-node="h@4"]').getAttribute('aria-label')))).toSatisfy((v: (string | null)[]) => v.every((s) => /^h\(4\): ‖h\(4\)‖ = \d\.\d+$/.test(s ?? '')));
    // A new seed rebuilds the other two.
    await openSettings(page);
    await page.getByLabel('Seed').fill('5');
    await expect.poll(counts).toEqual([61, 60, 25]);
    await page.getByLabel('Show', { exact: true }).selectOption('one');
    await expect.poll(() => page.getByTestId('unfolded-graph').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('the echo task: the lag slider shifts the targets by k steps', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Gradient dynamics');
    await choosePreset(page, 'echo');
    await openSettings(page);
    const slider = page.getByLabel(/^Echo lag k/);
    expect(await slider.inputValue()).toBe('2');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.inputValue()).toBe('4');
    const seq = echoScene(4).sequence;
    if (seq.mode !== 'tokens') throw new Error('token lists expected');
    await expect.poll(() => page.getByLabel('Target tokens').inputValue()).toBe(seq.targets.join(' '));
    // Editing the scene leaves the task: the slider goes.
    await page.getByLabel('Seed').fill('8');
    await expect.poll(() => slider.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
