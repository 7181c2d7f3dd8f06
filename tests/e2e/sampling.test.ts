/**
 * Generating from the model in a real browser (free running, section 10.2.1): on the hello
 * preset, Generate greedy 10 tokens shows the text the engine computes here in Node on the same
 * model; the sample edges yhat(t-1) -> x(t) are drawn for the generated steps; stepping forward
 * reveals the text step by step; the share link reproduces it in a fresh page; a model whose
 * classes are not its inputs is refused in words and the scene stays.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sample } from '../../src/engine/index';
import { visibleLabel } from '../../src/graph/layout/index';
import { specOf } from '../../src/store/sampling';
import type { SceneConfig } from '../../src/store/scene';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { encodeSceneShare } from '../../src/store/sceneLink';
import { showTab, useApp } from './browser';

const { open } = useApp();

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const position = (page: Page) => page.getByTestId('position');
const text = (page: Page) => page.getByTestId('sample-text').locator('.sample-tokens');

/** What the engine generates in Node from the default scene's model, greedy, prompt 1, 10 tokens: x(1..11) and the last draw, as characters. */
function expected(): { prompt: string; generated: string[] } {
  const model = buildModel(DEFAULT_SCENE);
  const s = sample(model, specOf({ prompt: 1, length: 10, temperature: 1, greedy: true, seed: 1 }));
  const label = (id: number) => model.labels!.input![id]!;
  return { prompt: label(s.inputs[0]!), generated: [...Array.from(s.inputs.subarray(1), label), label(s.targets[10]!)] };
}

/** Generates greedy 10 tokens from a prompt of 1 in the Generate tab. */
async function generateGreedy(page: Page): Promise<void> {
  await showTab(page, 'Generate');
  await page.getByLabel('Prompt: first tokens').fill('1');
  await page.getByLabel('Tokens to generate').fill('10');
  await page.getByLabel('Greedy (argmax)').check();
  await button(page, 'Generate').click();
}

describe('generating from the model', () => {
  it('shows the greedy text the engine computes, draws the sample edges, and reveals the text step by step', async () => {
    const { page, errors } = await open();
    await generateGreedy(page);
    const { prompt, generated } = expected();
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 11');
    await expect.poll(() => page.getByTestId('sample-text').locator('.sample-caption').textContent()).toBe('Sampled from step 2 (greedy):');
    // At t = 0 only the prompt; each step forward adds its character, the last step its own draw too.
    expect(await text(page).textContent()).toBe(prompt);
    expect(await text(page).locator('.generated').count()).toBe(0);
    for (let t = 1; t <= 11; t++) {
      await button(page, 'Step forward').click();
      await expect.poll(() => position(page).textContent()).toBe(`Forward t = ${t} / 11`);
      const shown = prompt + generated.slice(0, t === 11 ? 11 : t - 1).join('');
      await expect.poll(() => text(page).textContent()).toBe(shown);
    }
    expect(await text(page).locator('.prompt').count()).toBe(1);
    expect(await text(page).locator('.generated').count()).toBe(11);
    // The graph's inputs are the same tokens.
    const graph = page.getByTestId('unfolded-graph');
    for (let t = 2; t <= 11; t++) expect(await graph.locator(`[data-node="x@${t}"] .node-value`).textContent(), `x(${t})`).toBe(`\u2068${visibleLabel(generated[t - 2]!)}\u2069`);
    // The sample edges: yhat(t-1) -> x(t) for the generated steps 2..11 and none into x(1).
    const edges = await graph.locator('path.edge.sample').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-edge')));
    expect(edges).toEqual(Array.from({ length: 10 }, (_, i) => `yhat@${i + 1}->x@${i + 2}`));
    expect(await graph.locator('[data-edge="yhat@0->x@1"]').count()).toBe(0);
    expect(await graph.locator('.edge-labels text', { hasText: 'argmax' }).count()).toBe(10);
    // The explanations say what the scene is.
    await showTab(page, 'Explanations');
    await page.locator('summary', { hasText: 'Teacher forcing or free running' }).click();
    await expect.poll(() => page.getByTestId('free-this').textContent()).toBe('This scene was generated: x(1) to x(1) are the prompt, and from step 2 on each input is the network\'s own draw.');
    expect(errors).toEqual([]);
  });

  it('shares a link that opens to the same generated text', async () => {
    const { page, errors } = await open();
    await generateGreedy(page);
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 11');
    await page.keyboard.press('End');
    const { prompt, generated } = expected();
    await expect.poll(() => text(page).textContent()).toBe(prompt + generated.join(''));
    await button(page, 'Share').click();
    const link = new URL(await page.getByLabel('Share link').inputValue());
    expect(link.hash).toMatch(/^#c=1\./);
    const fresh = await open(link.hash);
    await expect.poll(() => text(fresh.page).textContent()).toBe(prompt + generated.join(''));
    expect(await fresh.page.getByTestId('unfolded-graph').locator('path.edge.sample').count()).toBe(10);
    // Undo in the sharer's page brings the ordinary scene back.
    await showTab(page, 'Generate');
    await button(page, 'Back to the ordinary scene').click();
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 10');
    expect(await page.getByTestId('sample-text').count()).toBe(0);
    expect(await page.getByTestId('unfolded-graph').locator('path.edge.sample').count()).toBe(0);
    expect([...errors, ...fresh.errors]).toEqual([]);
  });

  it('refuses a model whose classes are not its inputs, and keeps the scene', async () => {
    const config: SceneConfig = { ...DEFAULT_SCENE, sequence: { mode: 'tokens', inputs: [0, 1, 2, 3, 4], targets: [0, 1, 0, 1, 2] } };
    const short = await encodeSceneShare({ model: buildModel(config), config, position: 2, selected: null });
    const { page, errors } = await open(short!.hash);
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 2 / 5');
    await showTab(page, 'Generate');
    await button(page, 'Generate').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sampling needs the classes to be the input symbols: n = 5, K = 3.');
    expect(await position(page).textContent()).toBe('Forward t = 2 / 5');
    expect(await page.getByTestId('sample-text').count()).toBe(0);
    expect(await page.getByTestId('unfolded-graph').locator('path.edge.sample').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
