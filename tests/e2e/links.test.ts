/**
 * Share links in a real browser: an untrained scene's link is the short one ('#c=1.', its
 * settings alone) and a fresh browser rebuilds from it the very model the sharer had; a trained
 * model's link is the full one ('#s=1.'); a corrupt short link is refused and the state stays.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createSession, snapshotOf } from '../../src/engine/index';
import { formatVector } from '../../src/components/format';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { showTab, useApp } from './browser';

const { open } = useApp();

const TAU = 10; // 'hello world' has 11 characters: 10 steps
const position = (page: Page) => page.getByTestId('position');
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const valueOf = (page: Page, node: string) => page.getByRole('row', { name: node }).locator('td').first();
const heading = (page: Page) => page.locator('.node-view').getByRole('heading', { level: 3 });

describe('share links', () => {
  it('shares the default scene in a link under 300 characters that a fresh browser opens to the same scene, model, position and node', async () => {
    const { page, errors } = await open();
    for (let i = 0; i < 5; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 5 / ${TAU}`);
    await page.getByTestId('unfolded-graph').locator('[data-node="h@3"]').click();
    await expect.poll(() => heading(page).textContent()).toBe('a(3) and h(3): the hidden state at step 3');
    await button(page, 'Share').click();
    const link = new URL(await page.getByLabel('Share link').inputValue());
    expect(link.hash).toMatch(/^#c=1\.[A-Za-z0-9_-]+$/);
    expect(link.hash.length).toBeLessThan(300);

    const fresh = await open(link.hash);
    await expect.poll(() => position(fresh.page).textContent()).toBe(`Forward t = 5 / ${TAU}`);
    await expect.poll(() => heading(fresh.page).textContent()).toBe('a(3) and h(3): the hidden state at step 3');
    expect(await fresh.page.getByRole('radio', { name: 'Elman', exact: true }).isChecked()).toBe(true);
    expect(await fresh.page.getByLabel('Hidden size').inputValue()).toBe(String(DEFAULT_SCENE.hidden));
    // The model the browser rebuilt from the settings is the one Node builds, to the last digit shown.
    const session = createSession(buildModel(DEFAULT_SCENE));
    session.seek(5);
    await expect.poll(() => valueOf(fresh.page, 'h(5)').textContent()).toBe(formatVector(snapshotOf(session).step!.h));
    expect(await valueOf(fresh.page, 'h(5)').textContent()).toBe(await valueOf(page, 'h(5)').textContent());
    // The link has done its work: it is off the address bar, so a reload restores the saved state.
    expect(new URL(fresh.page.url()).hash).toBe('');
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
  });

  it('shares a trained model by all its parameters, in the full link', async () => {
    const { page, errors } = await open();
    await showTab(page, 'Training');
    await button(page, 'Step one iteration').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toMatch(/Iteration 1\b/);
    for (let i = 0; i < 2; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 2 / ${TAU}`);
    const h2 = await valueOf(page, 'h(2)').textContent();
    await button(page, 'Share').click();
    const link = new URL(await page.getByLabel('Share link').inputValue());
    expect(link.hash).toMatch(/^#s=1\./);
    expect(link.hash.length).toBeGreaterThan(1000);

    const fresh = await open(link.hash);
    await expect.poll(() => position(fresh.page).textContent()).toBe(`Forward t = 2 / ${TAU}`);
    await expect.poll(() => valueOf(fresh.page, 'h(2)').textContent()).toBe(h2);
    // Not the seed's initialisation: the trained parameters give another h(2).
    const session = createSession(buildModel(DEFAULT_SCENE));
    session.seek(2);
    expect(h2).not.toBe(formatVector(snapshotOf(session).step!.h));
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
  });

  it('refuses a corrupt short link with a message, and the state the user had stays', async () => {
    const { page, errors } = await open();
    await page.getByRole('radio', { name: 'Jordan' }).check();
    for (let i = 0; i < 4; i++) await button(page, 'Step forward').click();
    await expect.poll(() => position(page).textContent()).toBe(`Forward t = 4 / ${TAU}`);
    // Saved once the autosave's quiet time has passed.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('unroll.state.v1'))).toMatch(/"position":4,/);
    const saved = await page.evaluate(() => localStorage.getItem('unroll.state.v1'));
    for (const hash of ['#c=1.bm90IGEgbGluaw', '#c=2.abc', '#c=1.ab+c']) {
      // Opened in a fresh page (the address set without a hash change, then loaded) and pasted
      // into the page running (a hash change): refused alike.
      for (const how of ['load', 'paste'] as const) {
        if (how === 'load') {
          await page.evaluate((h) => history.replaceState(null, '', h), hash);
          await page.reload();
        } else {
          await page.goto(new URL(hash, page.url()).href);
        }
        await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^link: (damaged|version 2 is newer)/);
        await expect.poll(() => new URL(page.url()).hash).toBe('');
        await expect.poll(() => position(page).textContent()).toBe(`Forward t = 4 / ${TAU}`);
        expect(await page.getByRole('radio', { name: 'Jordan' }).isChecked()).toBe(true);
        expect(await page.evaluate(() => localStorage.getItem('unroll.state.v1'))).toBe(saved);
      }
    }
    expect(errors).toEqual([]);
  });

  it('opens a link pasted into the page already running, as a fresh page would, and saves it', async () => {
    const { page, errors } = await open();
    for (let i = 0; i < 3; i++) await button(page, 'Step forward').click();
    await button(page, 'Share').click();
    const link = new URL(await page.getByLabel('Share link').inputValue());
    const other = await open();
    await other.page.getByRole('radio', { name: 'Jordan' }).check();
    await other.page.goto(new URL(link.hash, other.page.url()).href);
    await expect.poll(() => position(other.page).textContent()).toBe(`Forward t = 3 / ${TAU}`);
    expect(await other.page.getByRole('radio', { name: 'Elman', exact: true }).isChecked()).toBe(true);
    await expect.poll(() => new URL(other.page.url()).hash).toBe('');
    await expect.poll(() => other.page.evaluate(() => localStorage.getItem('unroll.state.v1'))).toMatch(/"position":3,/);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  });
});
