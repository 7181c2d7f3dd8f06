/**
 * The tour's exercises in a real browser (issue 14): each kind (nodes picked in the graph, an
 * option, a number worked out by hand) marks a right answer right and a wrong one wrong, on
 * several seeded instances, the answers computed in the test by the engine (the exercises'
 * generators, src/graph/exercises); no answer asked for and not counted; the chapter's score kept
 * in the browser.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Exercise } from '../../src/graph/exercises/index';
import { EXERCISES, allowance, generateExercise } from '../../src/graph/exercises/index';
import { labelOfNodeId } from '../../src/graph/layout/index';
import { CHAPTERS } from '../../src/store/tour';
import { useApp } from './browser';

const { open } = useApp();

/** Instances answered right, and as many answered wrong. */
const INSTANCES = 3;

/** Answers the exercise on the page: right, or wrong by one node, the other option, or ten times the tolerance. */
async function answer(page: Page, e: Exercise, right: boolean): Promise<void> {
  const panel = page.getByTestId(`exercise-${e.id}`);
  if (e.kind === 'pick-nodes') {
    // Wrong: one node short, or (an answer of one node) one too many.
    const nodes = right ? e.answer : e.answer.length > 1 ? e.answer.slice(1) : [...e.answer, e.candidates.find((id) => !e.answer.includes(id))!];
    // The whole graph in view, as a learner would fit it before picking.
    await page.getByRole('button', { name: 'Fit to view' }).click();
    for (const id of nodes) await page.getByTestId('unfolded-graph').locator(`[data-node="${id}"]`).click();
    await expect.poll(() => panel.getByTestId('exercise-picked').textContent()).toBe(`Picked: ${nodes.map(labelOfNodeId).join(', ')}.`);
  } else if (e.kind === 'choose') {
    const option = right ? e.answer : e.options.find((o) => o !== e.answer)!;
    await panel.getByRole('radio', { name: option, exact: true }).check();
  } else {
    const value = right ? e.answer : e.answer + 10 * allowance(e.tolerance, e.answer);
    await panel.getByLabel('Your number').fill(String(value));
  }
  await panel.getByRole('button', { name: 'Commit my answer' }).click();
}

describe.each(EXERCISES.map((x) => [x.id, x.chapter] as const))('the exercise %s', (id, chapter) => {
  it('marks the engine\'s answer right and a wrong one wrong, instance after instance, and keeps the score', async () => {
    const { page, errors } = await open(`#tour=${CHAPTERS[chapter - 1]!.id}`);
    const panel = page.getByTestId(`exercise-${id}`);
    // Start draws seed 1 and each Try another the next: each instance answered once, right or wrong in turn.
    for (let seed = 1; seed <= 2 * INSTANCES; seed++) {
      const right = seed % 2 === 1;
      await panel.getByRole('button', { name: seed === 1 ? 'Start the exercise' : 'Try another' }).click();
      const e = generateExercise(id, seed);
      await expect.poll(() => panel.getByTestId('exercise-question').count()).toBe(1);
      if (seed === 1) {
        // Committed with no answer: asked for one, not graded, not counted.
        await panel.getByRole('button', { name: 'Commit my answer' }).click();
        await expect.poll(() => panel.getByRole('alert').textContent()).toBe({ 'pick-nodes': 'Pick at least one node in the graph first.', choose: 'Choose one of the answers first.', number: 'Type a number first, such as -0.25.' }[e.kind]);
        expect(await panel.getByTestId('exercise-verdict').count()).toBe(0);
        expect(await panel.getByTestId('exercise-score').count()).toBe(0);
      }
      await answer(page, e, right);
      await expect.poll(() => panel.getByTestId('exercise-verdict').locator('strong').textContent()).toBe(right ? 'Right.' : 'Not quite.');
      expect(await panel.getByTestId('exercise-score').textContent()).toBe(`This chapter: ${Math.ceil(seed / 2)} right of ${seed} tried.`);
    }
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('picking by keyboard', () => {
  it('moves with the arrow keys without picking, and picks and unpicks with Space', async () => {
    const { page, errors } = await open(`#tour=${CHAPTERS[7]!.id}`);
    const panel = page.getByTestId('exercise-truncation-reach');
    await panel.getByRole('button', { name: 'Start the exercise' }).click();
    const e = generateExercise('truncation-reach', 1);
    if (e.kind !== 'pick-nodes') throw new Error('truncation-reach: expected nodes to pick');
    const graph = page.getByTestId('unfolded-graph');
    const picked = () => panel.getByTestId('exercise-picked').textContent();
    await graph.focus();
    // From L(s), selected by the exercise, down its column to h(s): nothing picked on the way.
    const selectedNode = () => graph.locator('[data-node].selected').getAttribute('data-node');
    const s = Number(e.scene.selected!.split('@')[1]);
    await expect.poll(selectedNode).toBe(`L@${s}`);
    for (const kind of ['yhat', 'o', 'h']) {
      await page.keyboard.press('ArrowDown');
      await expect.poll(selectedNode).toBe(`${kind}@${s}`);
    }
    const target = `h@${s}`;
    expect(e.answer).toContain(target);
    expect(await picked()).toBe('Picked: none yet.');
    await page.keyboard.press('Space');
    await expect.poll(picked).toBe(`Picked: ${labelOfNodeId(target)}.`);
    // Space is the graph's here: the transport does not start playing.
    expect(await page.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);
    await page.keyboard.press('Space');
    await expect.poll(picked).toBe('Picked: none yet.');
    expect(errors).toEqual([]);
  });
});
