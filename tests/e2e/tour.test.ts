/**
 * The guided tour in a real browser (issue 14): started from the toolbar, run from the first
 * chapter to the last by keyboard alone, each chapter setting its scene (topology, position,
 * selection, panel) with its link in the address; each chapter's link opens it; the progress kept
 * in the browser; a link to no chapter refused with the scene kept; both languages; axe.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { positionWords } from '../../src/components/positionWords';
import { transportMessages } from '../../src/i18n/messages/transport';
import { buildModel } from '../../src/store/scene';
import type { Chapter } from '../../src/store/tour';
import { exercisesOfChapter, generateExercise } from '../../src/graph/exercises/index';
import { CHAPTERS } from '../../src/store/tour';
import { useApp } from './browser';

const { open } = useApp();

const tour = (page: Page) => page.getByTestId('tour');
const title = (page: Page) => tour(page).locator('h2').textContent();

/** What the transport says at the chapter's position, as the engine's model of its scene gives it. */
function positionOf(chapter: Chapter): string {
  const model = buildModel(chapter.config);
  return positionWords(transportMessages.en, model, Math.min(chapter.position, 2 * model.sequence.length));
}

/** Expects the page to show `chapter`: its title, its link, its scene's topology and position, its panel. */
async function expectChapter(page: Page, chapter: Chapter): Promise<void> {
  await expect.poll(() => title(page)).toBe(chapter.title.en);
  expect(new URL(page.url()).hash).toBe(`#tour=${chapter.id}`);
  await expect.poll(() => page.getByTestId('position').textContent()).toBe(positionOf(chapter));
  expect(await page.getByRole('radio', { name: { elman: 'Elman', jordan: 'Jordan', 'single-output': 'Single output', lstm: 'LSTM', gru: 'GRU' }[chapter.config.variant], exact: true }).isChecked()).toBe(true);
  const tab = { charts: 'Charts', training: 'Training', sample: 'Generate', dynamics: 'Gradient dynamics', explain: 'Explanations' }[chapter.tab];
  expect(await page.getByRole('tab', { name: tab, exact: true }).getAttribute('aria-selected')).toBe('true');
}

describe('the guided tour', () => {
  it('runs from the first chapter to the last by keyboard alone, each chapter setting its scene and its link', async () => {
    const { page, errors } = await open();
    await page.getByRole('button', { name: 'Tour', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expectChapter(page, CHAPTERS[0]!);
    expect(await tour(page).locator('.tour-count').textContent()).toBe(`Chapter 1 of ${CHAPTERS.length}`);
    await page.getByRole('button', { name: 'Next chapter' }).focus();
    for (const chapter of CHAPTERS.slice(1)) {
      // Next keeps the focus: Enter again goes on.
      await page.keyboard.press('Enter');
      await expectChapter(page, chapter);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Next chapter');
    }
    expect(await page.getByRole('button', { name: 'Next chapter' }).getAttribute('aria-disabled')).toBe('true');
    // At the end, Enter does nothing and the focus stays.
    await page.keyboard.press('Enter');
    await expectChapter(page, CHAPTERS.at(-1)!);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Next chapter');
    // Its selection: the GRU chapter inspects u(3), its cell opened.
    expect(await page.getByTestId('unfolded-graph').locator('[data-node="u@3"].selected').count()).toBe(1);
    await page.getByRole('button', { name: 'Leave the tour' }).click();
    await expect.poll(() => tour(page).count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('');
    expect(errors).toEqual([]);
  }, 120_000);

  it.each(CHAPTERS.map((c) => [c.id, c] as const))('opens chapter %s from its link', async (_, chapter) => {
    const { page, errors } = await open(`#tour=${chapter.id}`);
    await expectChapter(page, chapter);
    if (chapter.selected) await expect.poll(() => page.locator('.inspector').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('changes the scene freely and comes back to the chapter\'s; remembers the chapters opened; refuses a link to no chapter', async () => {
    const { page, errors } = await open(`#tour=${CHAPTERS[1]!.id}`);
    await expectChapter(page, CHAPTERS[1]!);
    await page.getByRole('radio', { name: 'Jordan', exact: true }).check();
    await page.getByRole('button', { name: 'Step forward', exact: true }).click();
    await expect.poll(() => page.getByTestId('position').textContent()).toBe('Forward t = 1 / 10');
    await page.getByRole('button', { name: 'Restore the scene' }).click();
    await expectChapter(page, CHAPTERS[1]!);
    // Opened before: marked in the list; the tour starts again at the first chapter not opened.
    expect(await tour(page).getByRole('option', { name: `2. ${CHAPTERS[1]!.title.en}` }).count()).toBe(1);
    await page.getByRole('button', { name: 'Previous chapter' }).click();
    await expectChapter(page, CHAPTERS[0]!);
    expect(await tour(page).getByRole('option', { name: `2. ${CHAPTERS[1]!.title.en} (opened before)` }).count()).toBe(1);
    await page.getByRole('button', { name: 'Leave the tour' }).click();
    await page.getByRole('button', { name: 'Tour', exact: true }).click();
    await expectChapter(page, CHAPTERS[2]!);
    expect(errors).toEqual([]);

    // A chapter's link followed in the page running (a hash change, no reload) opens it too.
    await page.goto(new URL(`#tour=${CHAPTERS[5]!.id}`, page.url()).href);
    await expectChapter(page, CHAPTERS[5]!);

    const bad = await open('#tour=no-such-chapter');
    await expect.poll(() => bad.page.getByRole('alert').first().textContent()).toContain('The link names no chapter of the tour ("no-such-chapter"): the scene is kept.');
    expect(await bad.page.getByTestId('tour').count()).toBe(0);
    expect(await bad.page.getByTestId('position').textContent()).toBe('Forward t = 0 / 10');
  });

  it('at a laptop\'s size (1366x768) draws each exercise\'s graph with the names of its nodes', async () => {
    const { page, errors } = await open();
    await page.setViewportSize({ width: 1366, height: 768 });
    const graph = page.getByTestId('unfolded-graph');
    for (const chapter of CHAPTERS) {
      await page.goto(new URL(`#tour=${chapter.id}`, page.url()).href);
      await expectChapter(page, chapter);
      for (const id of exercisesOfChapter(CHAPTERS.indexOf(chapter) + 1)) {
        await page.getByTestId(`exercise-${id}`).getByRole('button', { name: 'Start the exercise' }).click();
        const e = generateExercise(id, 1);
        // The exercise's model drawn (its node selected, or its last step's h): its fit is done.
        const drawn = e.scene.selected?.includes('@') ? `[data-node="${e.scene.selected}"].selected` : `[data-node="h@${e.model.sequence.length}"]`;
        await graph.locator(drawn).waitFor();
        // Too small a zoom hides the names ('far'); a name shown is one a learner can read and pick by.
        expect(await graph.getAttribute('class'), `${chapter.id}: ${id}`).not.toMatch(/\bfar\b/);
        expect(await graph.locator('.node-label').first().isVisible(), `${chapter.id}: ${id}`).toBe(true);
      }
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it('speaks both languages: every chapter\'s title and text in Chinese, and the buttons', async () => {
    const { page, errors } = await open(`#tour=${CHAPTERS[0]!.id}`);
    await page.getByLabel('Language / 语言').selectOption('zh');
    for (const chapter of CHAPTERS) {
      await tour(page).getByLabel('各节').selectOption(chapter.id);
      await expect.poll(() => title(page)).toBe(chapter.title.zh);
      const text = (await tour(page).locator('.tour-body').textContent()) ?? '';
      for (const p of chapter.body) expect(text).toContain(p.zh);
      expect(text).toContain(chapter.look.zh);
    }
    expect(await tour(page).getByRole('button', { name: '退出导览' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('axe finds nothing serious in tour mode, an exercise under way', async () => {
    const { page, errors } = await open(`#tour=${CHAPTERS[3]!.id}`);
    await expectChapter(page, CHAPTERS[3]!);
    // The exercise started and committed with no answer: its question, field and prompt on the page.
    await tour(page).getByRole('button', { name: 'Start the exercise' }).click();
    await tour(page).getByRole('button', { name: 'Commit my answer' }).click();
    await tour(page).getByRole('alert').waitFor();
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    const serious = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    });
    expect(serious).toEqual([]);
    expect(errors).toEqual([]);
  });
});
