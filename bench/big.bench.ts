/**
 * `npm run bench:big`: whether the page stays live with the largest models the limits allow, in
 * Debian's headless Chromium on a production build. For each model (made by initModel, written
 * by stringifyModel), it imports the file through the file input, steps forward, plays, steps
 * through BPTT's end, shares, and reloads (the autosaved state), and prints the longest
 * main-thread task of each phase (PerformanceObserver 'longtask': every task over 50 ms) and how
 * many tasks ran over the target. Target: no main-thread task over 100 ms in any phase. A figure
 * printer, not a test: it exits 0 unless the app fails.
 *
 * UNROLL_BIG=a,b picks models by name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { InitOptions } from '../src/engine/index';
import { initModel, stringifyModel } from '../src/engine/index';
import { SETTLE, openApp, serveApp } from './app';

/** The target: the longest main-thread task, ms. */
const TARGET_MS = 100;

/** The models: the corners of the limits. */
const MODELS: readonly { readonly name: string; readonly options: InitOptions }[] = [
  { name: 'H512-tau2048', options: { variant: 'elman', input: 16, hidden: 512, output: 16, length: 2048, seed: 1 } },
  { name: 'n1024-H512-K1024-tau2048', options: { variant: 'elman', input: 1024, hidden: 512, output: 1024, length: 2048, seed: 2 } },
  { name: 'jordan-K1024-tau2048', options: { variant: 'jordan', feedback: 'softmax', input: 64, hidden: 512, output: 1024, length: 2048, seed: 3 } },
];

/** Long tasks from the page's start, each with the phase it began in. */
const PROBE = `(() => {
  const s = { phase: 'open', tasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.tasks.push({ phase: s.phase, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__big = s;
})()`;

/**
 * The bench's own probes stay cheap (Playwright's role queries walk the whole accessibility tree,
 * a long task of their own on a page this large): CSS selectors, and polls every 100 ms.
 */
const button = (page: Page, name: string) => page.locator(`button:text-is("${name}")`).first();
const waitText = (page: Page, selector: string, text: string) => page.waitForFunction(
  ([sel, want]) => (document.querySelector(sel!)?.textContent ?? '').includes(want!), [selector, text], { polling: 100, timeout: 120_000 });

/** Waits until the trace of the model on screen has arrived and the panels could draw it. */
const traced = (page: Page) => page.waitForFunction(() => window.__unroll?.traced() === true, null, { polling: 100, timeout: 120_000 });

const phase = (page: Page, name: string) => page.evaluate((n) => { (window as unknown as { __big: { phase: string } }).__big.phase = n; }, name);
const settle = (page: Page) => page.evaluate(SETTLE);
const position = (page: Page) => page.getByTestId('position').textContent();
const taken = (page: Page) => page.evaluate(() => (window as unknown as { __big: { tasks: { phase: string; ms: number }[] } }).__big.tasks);

/** One model through every phase; the longest task per phase, ms (0: none over 50 ms). */
async function run(page: Page, dir: string, text: string, name: string, tau: number): Promise<Map<string, number[]>> {
  await phase(page, 'import');
  // A file on disk: the browser reads it itself (a buffer would be built in the page by Playwright).
  const path = join(dir, `${name}.json`);
  writeFileSync(path, text);
  await page.locator('input[type=file]').first().setInputFiles(path);
  await waitText(page, '[role=status]', `Imported ${name}.json.`);
  await waitText(page, '[data-testid=position]', `/ ${tau}`);
  await traced(page);
  await settle(page);

  await phase(page, 'step');
  for (let i = 1; i <= 5; i++) {
    await button(page, 'Step forward').click();
    await waitText(page, '[data-testid=position]', `Forward t = ${i} /`);
  }
  await settle(page);

  await phase(page, 'play');
  await button(page, 'Play').click();
  await page.waitForTimeout(3000);
  await button(page, 'Pause').click();
  await settle(page);

  await phase(page, 'end');
  await page.locator('[data-testid=position]').click();
  await page.keyboard.press('End');
  await waitText(page, '[data-testid=position]', 'Backward t = 1 /');
  await settle(page);

  await phase(page, 'share');
  await button(page, 'Share').click();
  await page.waitForFunction(() => document.querySelector('[role=alert]') !== null || document.querySelector('input[aria-label="Share link"]') !== null, null, { polling: 100, timeout: 120_000 });
  await settle(page);

  const tasks = await taken(page);
  // The reloaded page restores the autosaved state; its long tasks since navigation are buffered.
  await page.waitForTimeout(1000);
  await page.reload();
  await waitText(page, '[data-testid=memory]', 'numbers');
  await settle(page);
  await page.evaluate(PROBE);
  await phase(page, 'reload');
  await page.waitForTimeout(200);
  tasks.push(...(await taken(page)).map((t) => ({ ...t, phase: 'reload' })));
  console.log(`  after reload: ${await position(page)}`);
  const byPhase = new Map<string, number[]>();
  for (const t of tasks) byPhase.set(t.phase, [...(byPhase.get(t.phase) ?? []), t.ms]);
  return byPhase;
}

async function main(): Promise<void> {
  const pick = process.env.UNROLL_BIG?.split(',');
  const models = MODELS.filter((m) => !pick || pick.includes(m.name));
  const app = await serveApp();
  const dir = mkdtempSync(join(tmpdir(), 'unroll-big-'));
  const rows: string[] = [];
  let holds = true;
  try {
    for (const { name, options } of models) {
      const text = stringifyModel(initModel(options));
      console.log(`${name}: ${(text.length / 1e6).toFixed(1)} MB`);
      const opened = await openApp(app, async (page) => {
        await page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
      });
      if (!opened) throw new Error('the app did not load');
      await opened.page.evaluate(PROBE);
      const phases = await run(opened.page, dir, text, name, options.length);
      for (const p of ['import', 'step', 'play', 'end', 'share', 'reload']) {
        const tasks = phases.get(p) ?? [];
        const worst = tasks.length === 0 ? 0 : Math.max(...tasks);
        const over = tasks.filter((ms) => ms > TARGET_MS).length;
        if (over > 0) holds = false;
        rows.push(`| ${name} | ${p} | ${worst === 0 ? '< 50' : worst.toFixed(0)} | ${over} |`);
      }
      if (opened.errors.length > 0) console.log(`  page errors: ${opened.errors.join(' | ')}`);
      await opened.context.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await app.close();
  }
  console.log('\n| model | phase | longest task ms | tasks over 100 ms |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  console.log(`\nTarget (no main-thread task over ${TARGET_MS} ms in any phase): ${holds ? 'holds' : 'MISSED'}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
