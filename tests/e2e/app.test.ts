/**
 * The app shell in a real browser: the engine in a real module worker, stepping and playing,
 * topology, keyboard, files, links, autosave, and a worker that crashes or hangs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createSession, parseModel, parseModelText, snapshotOf } from '../../src/engine/index';
import { formatBytes, formatVector } from '../../src/components/format';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { openSettings, showTab, useApp } from './browser';

const { open } = useApp();

const position = (page: Page) => page.getByTestId('position');
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const valueOf = (page: Page, node: string) => page.getByRole('row', { name: node }).locator('td').first();
const fixtureText = (name: string) => JSON.stringify((JSON.parse(readFileSync(fileURLToPath(new URL(`../../../shared/fixtures/${name}`, import.meta.url)), 'utf8')) as { model: unknown }).model);

const TAU = 10; // 'hello world' has 11 characters: 10 steps

describe('the app shell', () => {
  it('runs the engine in a real module worker and shows its numbers', async () => {
    const { page, errors } = await open();
    expect(page.workers().map((w) => w.url()).filter((u) => u.includes('engine.worker'))).toHaveLength(1);
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 0 / ${TAU}`);
    for (let i = 0; i < 3; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 3 / ${TAU}`);
    const session = createSession(buildModel(DEFAULT_SCENE));
    session.seek(3);
    const expected = snapshotOf(session);
    await expect.poll(() => valueOf(page, 'h(3)').textContent()).toBe(formatVector(expected.step!.h));
    expect(await page.getByTestId('memory').textContent()).toBe(`BPTT memory: ${expected.held.numbers} numbers (${formatBytes(expected.held.bytes)})`);
    expect(await page.evaluate(() => window.__unroll?.restarts())).toBe(0);
    expect(errors).toEqual([]);
  });

  it('steps through BPTT and back to exactly the earlier state, by buttons and keyboard', async () => {
    const { page, errors } = await open();
    await page.keyboard.press('End');
    await expect.poll(() => position(page).textContent()).toBe(`Backward t = 1 / ${TAU}`);
    const session = createSession(buildModel(DEFAULT_SCENE));
    session.seek(2 * TAU);
    await expect.poll(() => page.getByRole('row', { name: 'h(1)' }).locator('td').nth(1).textContent()).toBe(formatVector(snapshotOf(session).step!.gH!));
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => position(page).textContent()).toBe(`Backward t = 2 / ${TAU}`);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => valueOf(page, 'h(1)').textContent()).toBe(formatVector(snapshotOf(session).step!.h));
    expect(await page.getByTestId('memory').textContent()).toBe('BPTT memory: 0 numbers (0 bytes)');
    await page.keyboard.press('Home');
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 0 / ${TAU}`);
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('steps forward and back through both passes from the trace on the main thread: no worker message, the session\'s numbers at every position', async () => {
    const { page, errors } = await open();
    await page.waitForFunction(() => window.__unroll?.traced() === true);
    // The first step's autosave writes the model's text once (kept for the model after that).
    await button(page, 'Step forward').click();
    await page.waitForTimeout(600);
    const before = await page.evaluate(() => window.__unroll!.sent());
    expect(before.modelTrace).toBe(1);
    const session = createSession(buildModel(DEFAULT_SCENE));
    const shown = async (p: number) => {
      session.seek(p);
      const s = snapshotOf(session);
      await expect.poll(() => valueOf(page, `h(${s.step!.t})`).textContent()).toBe(formatVector(s.step!.h));
      expect(await page.getByTestId('memory').textContent()).toBe(`BPTT memory: ${s.held.numbers} numbers (${formatBytes(s.held.bytes)})`);
    };
    await page.locator('[data-testid=position]').click();
    for (let p = 2; p <= 2 * TAU; p++) {
      await page.keyboard.press('ArrowRight');
      await shown(p);
    }
    for (let p = 2 * TAU - 1; p >= 1; p--) {
      await page.keyboard.press('ArrowLeft');
      await shown(p);
    }
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.waitForTimeout(600);
    expect(await page.evaluate(() => window.__unroll!.sent())).toEqual(before);
    expect(errors).toEqual([]);
  });

  it('plays through both passes with no main-thread task over 100 ms', async () => {
    const { page, errors } = await open();
    // Let the first drawing of the whole pass (graphs, charts) and the lazy panels' arrival
    // finish: what is measured is playing.
    await page.locator('[data-chart]').first().waitFor();
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask' });
    });
    await page.getByLabel('Speed').selectOption('60');
    await button(page, 'Play').click();
    await expect.poll(() => button(page, 'Pause').isVisible()).toBe(true);
    await expect.poll(() => position(page).textContent(), { timeout: 10_000 }).toBe(`Backward t = 1 / ${TAU}`);
    await expect.poll(() => button(page, 'Play').isVisible()).toBe(true);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(longTasks.filter((d) => d > 100)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('switches topology and feedback', async () => {
    const { page, errors } = await open();
    // Jordan's feedback is offered only for Jordan.
    const logits = page.getByRole('radio', { name: 'Logits' });
    expect(await logits.count()).toBe(0);
    await page.getByRole('radio', { name: 'Jordan' }).check();
    await expect.poll(() => logits.isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Teacher forcing' }).check();
    await button(page, 'Step forward').click();
    await button(page, 'Step forward').click();
    await expect.poll(() => page.getByRole('row', { name: 'f(1)' }).count()).toBe(1);
    await page.getByRole('radio', { name: 'Single output' }).check();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 0 / ${TAU}`);
    await button(page, 'Step forward').click();
    await expect.poll(() => page.getByRole('row', { name: 'h(0)' }).count()).toBe(1);
    expect(await page.getByRole('row', { name: 'o(1)' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('edits the sequence as text or token lists; an invalid edit is refused and the model kept', async () => {
    const { page, errors } = await open();
    await page.getByLabel('Input text').fill('aaaa');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('sequence.text');
    expect(await position(page).textContent()).toBe(`Forward t = 0 / ${TAU}`);
    await page.getByLabel('Input text').fill('abcab');
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 4');
    expect(await page.getByRole('alert').count()).toBe(0);
    await openSettings(page);
    await page.getByRole('radio', { name: 'Token lists' }).check();
    expect(await page.getByLabel('Input tokens').inputValue()).toBe('0 1 2 0');
    expect(await page.getByLabel('Target tokens').inputValue()).toBe('1 2 0 1');
    await page.getByLabel('Input tokens').fill('0 1 x 0');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('sequence.inputs[2]: expected a non-negative integer, got "x"');
    await page.getByLabel('Input tokens').fill('0 1 2 3 0 1');
    await page.getByLabel('Target tokens').fill('1 2 3 0 1 2');
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 6');
    await button(page, 'Step forward').click();
    await expect.poll(() => valueOf(page, 'x(1)').textContent()).toBe('#0');
    expect(errors).toEqual([]);
  });

  it('exports the model and imports a file back, bit for bit; a bad file is refused and the state kept', async () => {
    const { page, errors } = await open();
    await page.getByLabel('Model file to import').setInputFiles({ name: 'jordan.json', mimeType: 'application/json', buffer: Buffer.from(fixtureText('jordan-softmax.json')) });
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 6');
    await page.locator('header').getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Model file (JSON)').click()]);
    const exported = parseModelText(readFileSync(await download.path(), 'utf8'));
    expect(exported).toEqual(parseModel(JSON.parse(fixtureText('jordan-softmax.json'))));
    await button(page, 'Step forward').click();
    const bad = fixtureText('elman-tokens.json').replace(/"W":\[\[([^\]]*)\],\[([^\]]*)\],\[([^\],]*),[^\]]*\]/, '"W":[[$1],[$2],[$3]');
    await page.getByLabel('Model file to import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('bad.json: params.W[2]: expected 4 numbers, got 1');
    expect(await position(page).textContent()).toBe('Forward t = 1 / 6');
    expect(await page.getByRole('radio', { name: 'Jordan' }).isChecked()).toBe(true);
    // Every cell opens: an LSTM model file, and an Elman network with ReLU.
    await page.getByLabel('Model file to import').setInputFiles({ name: 'lstm.json', mimeType: 'application/json', buffer: Buffer.from(fixtureText('lstm-tokens.json')) });
    await expect.poll(() => page.getByRole('radio', { name: 'LSTM', exact: true }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('unfolded-graph').locator('[data-node="s@1"]').count()).toBe(1);
    await page.getByLabel('Model file to import').setInputFiles({ name: 'relu.json', mimeType: 'application/json', buffer: Buffer.from(fixtureText('elman-relu.json')) });
    await expect.poll(() => page.getByRole('radio', { name: 'ReLU', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Elman', exact: true }).isChecked()).toBe(true);
    // Dropping a file on the page imports it too.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      document.querySelector('.app')?.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, fixtureText('single-output.json'));
    await expect.poll(() => page.getByRole('radio', { name: 'Single output' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Imported dropped.json.');
    expect(errors).toEqual([]);
  });

  it('shares the whole state in a link that a fresh browser opens', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: 'Jordan' }).check();
    for (let i = 0; i < 5; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 5 / ${TAU}`);
    const h5 = await valueOf(page, 'h(5)').textContent();
    await button(page, 'Share').click();
    const link = await page.getByLabel('Share link').inputValue();
    // An untrained scene: the short link, its settings alone.
    expect(link).toMatch(/#c=1\./);
    const fresh = await open(new URL(link).hash);
    await expect.poll(() => position(fresh.page).textContent()).toBe(`Forward t = 5 / ${TAU}`);
    expect(await fresh.page.getByRole('radio', { name: 'Jordan' }).isChecked()).toBe(true);
    await expect.poll(() => valueOf(fresh.page, 'h(5)').textContent()).toBe(h5);
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
  });

  it('keeps an opened link as the saved state, and a refused link leaves the saved state alone', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: 'Jordan' }).check();
    for (let i = 0; i < 4; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 4 / ${TAU}`);
    await button(page, 'Share').click();
    const link = await page.getByLabel('Share link').inputValue();

    // A fresh browser opens the link, then reloads at once: the link's state, not the default.
    const fresh = await open(new URL(link).hash);
    await expect.poll(() => position(fresh.page).textContent()).toBe(`Forward t = 4 / ${TAU}`);
    await fresh.page.reload();
    await expect.poll(() => position(fresh.page).textContent()).toBe(`Forward t = 4 / ${TAU}`);
    expect(await fresh.page.getByRole('radio', { name: 'Jordan' }).isChecked()).toBe(true);

    // A corrupt link in the same browser is refused; the saved state is the link's still.
    const saved = await fresh.page.evaluate(() => localStorage.getItem('unroll.state.v1'));
    expect(saved).not.toBeNull();
    // Loaded with the page (the address set without a hash change, then reloaded), and pasted into
    // the page already open (a hash change): refused alike.
    await fresh.page.evaluate(() => history.replaceState(null, '', '#s=1.bm90IGEgbGluaw'));
    await fresh.page.reload();
    await expect.poll(() => fresh.page.getByRole('alert').textContent()).toMatch(/^link: /);
    await expect.poll(() => position(fresh.page).textContent()).toBe(`Forward t = 4 / ${TAU}`);
    expect(await fresh.page.evaluate(() => localStorage.getItem('unroll.state.v1'))).toBe(saved);
    await fresh.page.getByRole('button', { name: 'Dismiss the message' }).click();
    await expect.poll(() => fresh.page.getByRole('alert').count()).toBe(0);
    await fresh.page.goto(new URL('#s=1.bm90IGEgbGluaw', link).href);
    await expect.poll(() => fresh.page.getByRole('alert').textContent()).toMatch(/^link: /);
    await expect.poll(() => new URL(fresh.page.url()).hash).toBe('');
    expect(await position(fresh.page).textContent()).toBe(`Forward t = 4 / ${TAU}`);
    expect(await fresh.page.evaluate(() => localStorage.getItem('unroll.state.v1'))).toBe(saved);
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
  });

  it('says to use a file when the state is too large for a link', async () => {
    const { page, errors } = await open();
    await page.getByLabel('Hidden size').fill('300');
    // At position 0, BPTT holds h(0) alone: 300 numbers.
    await expect.poll(() => page.getByTestId('memory').textContent()).toBe('BPTT memory: 300 numbers (2.3 KiB)');
    // Untrained, the scene is linked by its settings alone; one iteration later, by its 93,000 parameters.
    await button(page, 'Share').click();
    expect(new URL(await page.getByLabel('Share link').inputValue()).hash).toMatch(/^#c=1\./);
    await showTab(page, 'Training');
    await button(page, 'Step one iteration').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toMatch(/Iteration 1\b/);
    await button(page, 'Share').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/too large for a link .*use Export to share it as a file instead/);
    expect(await page.getByLabel('Share link').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('refuses a corrupt link with a message and shows the default scene', async () => {
    const { page, errors } = await open('#s=1.bm90IGEgbGluaw');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^link: /);
    expect(await position(page).textContent()).toBe(`Forward t = 0 / ${TAU}`);
    expect(errors).toEqual([]);
  });

  it('restores exactly where the user was after a reload', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: 'Jordan' }).check();
    await page.getByRole('radio', { name: 'Softmax' }).check();
    // Arrow keys belong to the focused radio group; the shortcuts work once focus leaves it.
    await position(page).click();
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 7 / ${TAU}`);
    const h7 = await valueOf(page, 'h(7)').textContent();
    await page.waitForTimeout(600); // the autosave waits for 300 ms of quiet
    await page.reload();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 7 / ${TAU}`);
    expect(await page.getByRole('radio', { name: 'Softmax' }).isChecked()).toBe(true);
    await expect.poll(() => valueOf(page, 'h(7)').textContent()).toBe(h7);
    expect(errors).toEqual([]);
  });

  it('refuses a corrupt saved state with a message and starts from the default', async () => {
    const { page, errors } = await open();
    await page.evaluate(() => localStorage.setItem('unroll.state.v1', '{"format":"unroll-state","version":1,"model":{}}'));
    await page.reload();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^saved state: /);
    expect(await position(page).textContent()).toBe(`Forward t = 0 / ${TAU}`);
    expect(errors).toEqual([]);
  });

  it('replaces a worker that crashes or hangs, and stepping goes on', async () => {
    const { page, errors } = await open();
    await page.evaluate(() => window.__unroll?.crashWorker());
    await expect.poll(() => page.getByRole('status').textContent()).toContain('crashed and was restarted');
    // The crashed worker is gone and one new worker runs. (After a hang, Chromium keeps listing the
    // terminated busy worker to DevTools until the page closes, so that count is not checked.)
    await expect.poll(() => page.workers().filter((w) => w.url().includes('engine.worker')).length).toBe(1);
    await button(page, 'Step forward').click();
    await expect.poll(() => valueOf(page, 'h(1)').count()).toBe(1);
    await page.evaluate(() => window.__unroll?.hangWorker());
    await button(page, 'Step forward').click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('stopped answering and was restarted');
    await button(page, 'Step forward').click();
    await expect.poll(() => valueOf(page, 'h(3)').count()).toBe(1);
    expect(await page.evaluate(() => window.__unroll?.restarts())).toBe(2);
    // The crash is reported by the browser as the worker's uncaught error; nothing else may be.
    expect(errors.filter((e) => !e.includes('crash requested'))).toEqual([]);
  });
});
