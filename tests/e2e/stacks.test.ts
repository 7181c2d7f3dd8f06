/**
 * Deep and bidirectional networks in a real browser: made in the settings drawer, drawn with a
 * row per layer and direction (ids and labels as the README gives them), their numbers the
 * engine's (the stack's pass computed in the test), the cursor running one layer and direction
 * at a time and then BPTT the other way, the inspector's vectors, a link that reopens the stack,
 * and an invalid depth refused with the scene kept.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cellNodeRow, checkGradients, exportModel, parseModelText, sample, stackModelOf, stackTraceOf } from '../../src/engine/index';
import { formatNumber } from '../../src/components/format';
import type { SceneConfig } from '../../src/store/scene';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { encodeShare } from '../../src/store/share';
import { openSettings, useApp } from './browser';

const { open } = useApp();

const graph = (page: Page) => page.getByTestId('unfolded-graph');
const nodeIds = (page: Page) => graph(page).locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!));
const position = (page: Page) => page.getByTestId('position').textContent();

/** ||v|| as the graph's node labels print it. */
function normOf(v: ArrayLike<number>): string {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return formatNumber(Math.sqrt(s));
}

/** The engine's h of a layer and direction at the sequence's step t (the reverse's own step is tau + 1 - t). */
function hNorm(config: SceneConfig, layer: number, reverse: boolean, t: number): string {
  const stack = stackModelOf(buildModel(config));
  const trace = stackTraceOf(stack);
  const H = stack.sizes.hidden;
  const s = reverse ? stack.sequence.length + 1 - t : t;
  const r = cellNodeRow(stack.cell, 'h', s);
  return normOf(trace.layers[layer]![reverse ? 1 : 0]!.nodes['h']!.subarray(r * H, (r + 1) * H));
}

describe('a deep, bidirectional network in the page', () => {
  it('is made in the settings drawer: a row per layer and direction, the engine\'s numbers, the sweeps in order', async () => {
    const { page, errors } = await open();
    await openSettings(page);
    await page.getByLabel('Layers').fill('2');
    await page.getByLabel('Both directions (bidirectional)').check();
    const config: SceneConfig = { ...DEFAULT_SCENE, layers: 2, bidirectional: true };
    const tau = 10;
    // Each layer and direction has its row: h, h₁ forward from h(0); ←h, ←h₁ from their initial states at tau + 1.
    await expect.poll(async () => new Set(await nodeIds(page)).has('h_l1_reverse@11')).toBe(true);
    const ids = new Set(await nodeIds(page));
    for (const id of ['h@0', 'h@3', 'h_l1@0', 'h_l1@3', 'h_reverse@3', 'h_reverse@11', 'h_l1_reverse@3', 'o@3', 'x@3']) expect(ids.has(id), id).toBe(true);
    expect(ids.has('h_reverse@0')).toBe(false);
    expect(await graph(page).locator('[data-node="h_l1_reverse@3"] .node-label').textContent()).toBe('←h₁(3)');
    // One cell's panels say where the rest is; the folded graph is the stack's: a cell per layer and direction.
    await expect.poll(() => page.getByTestId('stack-panels').isVisible()).toBe(true);
    const folded = page.getByTestId('folded-graph');
    const foldedActive = () => folded.locator('[data-node].active').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!).sort());
    expect(new Set(await folded.locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!))))
      .toEqual(new Set(['x', 'h', 'h_reverse', 'h_l1', 'h_l1_reverse', 'o', 'L', 'y']));
    expect(await folded.locator('[data-node="h_l1_reverse"] text').textContent()).toBe('←h₁');
    expect(await foldedActive()).toEqual([]);

    // The forward sweeps: layer 0 forward, its reverse from t = tau down, then layer 1.
    const step = async (n: number) => { for (let i = 0; i < n; i++) await page.getByRole('button', { name: 'Step forward' }).click(); };
    await step(3);
    expect(await position(page)).toBe('Forward h: t = 3 / 10');
    // The folded graph lights the layer and direction running, and what it reads.
    expect(await foldedActive()).toEqual(['h', 'x']);
    const h3 = graph(page).locator('[data-node="h@3"]');
    await expect.poll(() => h3.getAttribute('aria-label')).toBe(`h(3): ‖h(3)‖ = ${hNorm(config, 0, false, 3)}`);
    // Not computed yet: layer 1 waits for both directions of layer 0.
    expect(await graph(page).locator('[data-node="h_l1@1"]').getAttribute('class')).not.toContain('computed');
    await step(tau - 3 + 1);
    expect(await position(page)).toBe('Forward ←h: t = 10 / 10');
    await step(tau - 1 + 1);
    expect(await position(page)).toBe('Forward h₁: t = 1 / 10');
    expect(await foldedActive()).toEqual(['h', 'h_l1', 'h_reverse']);
    await expect.poll(() => graph(page).locator('[data-node="h_l1@1"]').getAttribute('aria-label')).toBe(`h₁(1): ‖h₁(1)‖ = ${hNorm(config, 1, false, 1)}`);
    // BPTT: the last sweep (layer 1's reverse) first, from its last own step, t = 1.
    await page.getByRole('button', { name: 'Step forward' }).focus();
    await page.keyboard.press('End');
    await expect.poll(() => position(page)).toBe('Backward h: t = 1 / 10');
    expect(errors).toEqual([]);
  });

  it('opens from a link with the node selected, its vectors in the inspector as far as the cursor has computed them', async () => {
    const config: SceneConfig = { ...DEFAULT_SCENE, variant: 'gru', layers: 2 };
    const model = buildModel(config);
    const tau = model.sequence.length;
    // F = 2 tau: position tau + 4 is layer 1's step 4.
    const share = await encodeShare({ model, config, position: tau + 4, selected: 'h_l1@4' });
    if (!('hash' in share)) throw new Error('the scene should fit in a link');
    const { page, errors } = await open(share.hash);
    await expect.poll(() => position(page)).toBe('Forward h₁: t = 4 / 10');
    const view = page.locator('.vector-view');
    await view.waitFor();
    expect(await view.locator('h4').textContent()).toBe('h₁(4)');
    const stack = stackModelOf(model);
    const trace = stackTraceOf(stack);
    const H = stack.sizes.hidden;
    const r = cellNodeRow(stack.cell, 'h', 4);
    const value = trace.layers[1]![0]!.nodes['h']!.subarray(r * H, (r + 1) * H);
    await expect.poll(() => view.getByTestId('norms').textContent()).toContain(`‖h₁(4)‖ = ${normOf(value)}`);
    // The gradient waits for BPTT.
    expect(await view.getByText('not computed yet at this position').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('checks a node of a layer and direction against central differences: the engine\'s own check, every entry agreeing', async () => {
    const config: SceneConfig = { ...DEFAULT_SCENE, variant: 'lstm', hidden: 3, layers: 2, bidirectional: true, truncation: 4 };
    const model = buildModel(config);
    const share = await encodeShare({ model, config, position: 0, selected: 'h_l1_reverse@3' });
    if (!('hash' in share)) throw new Error('the scene should fit in a link');
    const { page, errors } = await open(share.hash);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const expected = checkGradients(model, { kind: 'node', node: 'h_l1_reverse', t: 3 });
    expect(expected.entries.every((e) => e.ok)).toBe(true);
    await expect.poll(() => page.getByTestId('check-summary').textContent(), { timeout: 15_000 })
      .toBe(`All ${expected.entries.length} entries of dL/d←h₁(3) agree with central differences.`);
    // The table holds the engine's numbers: the truncated analytic gradient and the differences.
    const rows = page.getByRole('table', { name: /dL\/d←h₁\(3\)/ }).locator('tbody tr');
    expect(await rows.first().locator('td').first().textContent()).toBe(formatNumber(expected.entries[0]!.analytic));
    expect(errors).toEqual([]);
  });

  it('inspects a parameter of a layer and direction: its gradient once BPTT has completed it, the engine\'s, and its Check', async () => {
    const config: SceneConfig = { ...DEFAULT_SCENE, variant: 'gru', hidden: 3, layers: 2, bidirectional: true };
    const model = buildModel(config);
    const tau = model.sequence.length;
    const F = 4 * tau;
    const share = await encodeShare({ model, config, position: F, selected: 'Wu_l1_reverse' });
    if (!('hash' in share)) throw new Error('the scene should fit in a link');
    const { page, errors } = await open(share.hash);
    expect(await page.getByLabel('Parameters of').inputValue()).toBe('3');
    const group = page.getByRole('group', { name: 'the row of ←h₁' });
    expect(await group.getByRole('button', { name: 'Wu_l1_reverse' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('.param-view h3').textContent()).toBe('Wu_l1_reverse: recurrent weights of the update gate (the row of ←h₁), 3 × 3');
    // Layer 1's reverse sweep is the last forward one: BPTT runs it first, over positions F + 1 .. F + tau.
    expect(await page.getByTestId('reach').textContent()).toBe(`dL/dWu_l1_reverse: complete once BPTT has run its layer and direction, at position ${F + tau}.`);
    await page.getByRole('button', { name: 'Step forward', exact: true }).focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('reach').textContent()).toBe('dL/dWu_l1_reverse: complete, summed over every step.');
    const grad = stackTraceOf(stackModelOf(model)).grads['Wu_l1_reverse']!;
    const cells = await page.getByRole('table', { name: /dL\/dWu_l1_reverse/ }).locator('tbody tr').first().locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(Array.from(grad.subarray(0, 3), formatNumber));
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => page.getByTestId('check-summary').textContent(), { timeout: 15_000 }).toBe('All 9 entries of dL/dWu_l1_reverse agree with central differences.');
    expect(errors).toEqual([]);
  });

  it('refuses a depth out of range by name and keeps the scene', async () => {
    const { page } = await open();
    await openSettings(page);
    await page.getByLabel('Layers').fill('5');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('layers');
    expect(await position(page)).toBe('Forward t = 0 / 10');
    expect(new Set(await nodeIds(page)).has('h_l1@1')).toBe(false);
  });
});

describe('training and generating with a deep network in the page', () => {
  const tab = async (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();
  const stack = async (page: Page, bidirectional: boolean) => {
    await openSettings(page);
    await page.getByLabel('Layers').fill('2');
    if (bidirectional) await page.getByLabel('Both directions (bidirectional)').check();
    await page.getByRole('radio', { name: 'LSTM', exact: true }).check();
    await expect.poll(async () => new Set(await nodeIds(page)).has('h_l1@3')).toBe(true);
  };

  it('trains a 2-layer bidirectional LSTM: the loss falls and the graph shows the trained model\'s own numbers', async () => {
    const { page, errors } = await open();
    await stack(page, true);
    await tab(page, 'Training');
    const status = page.getByTestId('training-status');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(async () => Number(/Iteration (\d+)/.exec((await status.textContent()) ?? '')?.[1] ?? 0), { timeout: 20_000 }).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Pause training', exact: true }).click();
    await page.waitForTimeout(500);
    // The heatmap's row is layer 1's forward direction: the caption says so once there are two rows.
    await expect.poll(() => page.locator('.heatmap figcaption').textContent()).toContain('layer 1\'s forward direction');
    // The graph's numbers are the trained model's: the engine's stack pass on the store's parameters.
    await page.locator('header').getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Model file (JSON)', exact: true }).click()]);
    const model = parseModelText(readFileSync(await download.path(), 'utf8'));
    // The trained version crosses to the worker as parameters alone, every layer's and direction's, and is saved as any other.
    const saved = async () => (JSON.parse((await page.evaluate(() => localStorage.getItem('unroll.state.v1'))) ?? '{}') as { model?: { params?: Record<string, unknown> } }).model?.params?.['Wf_l1_reverse'];
    await expect.poll(saved, { timeout: 15_000 }).toEqual(exportModel(model).params['Wf_l1_reverse']);
    expect(await page.locator('.notice').textContent()).not.toContain('Autosave failed');
    const trace = stackTraceOf(stackModelOf(model));
    const H = model.sizes.hidden;
    const r = cellNodeRow(stackModelOf(model).cell, 'h', 3);
    const want = `h₁(3): ‖h₁(3)‖ = ${normOf(trace.layers[1]![0]!.nodes['h']!.subarray(r * H, (r + 1) * H))}`;
    await page.getByRole('button', { name: 'Step forward', exact: true }).focus();
    await page.keyboard.press('End');
    await expect.poll(() => graph(page).locator('[data-node="h_l1@3"]').getAttribute('aria-label')).toBe(want);
    expect(trace.loss).toBeLessThan(stackTraceOf(stackModelOf(buildModel({ ...DEFAULT_SCENE, variant: 'lstm', layers: 2, bidirectional: true }))).loss);
    // Generating refuses the bidirectional network, by name; the scene is kept.
    await tab(page, 'Generate');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('bidirectional');
    expect(new Set(await nodeIds(page)).has('h_l1_reverse@3')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('generates from a 2-layer LSTM: the engine\'s greedy tokens, each fed back along a sample edge', async () => {
    const { page, errors } = await open();
    await stack(page, false);
    await tab(page, 'Generate');
    await page.getByLabel('Prompt: first tokens').fill('1');
    await page.getByLabel('Tokens to generate').fill('6');
    await page.getByLabel('Greedy (argmax)').check();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const model = buildModel({ ...DEFAULT_SCENE, variant: 'lstm', layers: 2 });
    const s = sample(model, { prompt: 1, length: 6, rule: { kind: 'greedy' }, seed: 1 });
    const label = (id: number) => model.labels!.input![id]!;
    await expect.poll(() => page.getByTestId('position').textContent()).toBe('Forward t = 0 / 7');
    const edges = await graph(page).locator('path.edge.sample').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-edge')));
    expect(edges).toEqual(Array.from({ length: 6 }, (_, i) => `yhat@${i + 1}->x@${i + 2}`));
    // Stepped to the end, the text is the engine's.
    await page.getByRole('button', { name: 'Step forward', exact: true }).focus();
    await page.keyboard.press('End');
    const generated = [...Array.from(s.inputs, label), label(s.targets[6]!)].join('');
    await expect.poll(() => page.getByTestId('sample-text').locator('.sample-tokens').textContent()).toBe(generated);
    expect(errors).toEqual([]);
  });
});
