/**
 * Accessibility in a real browser: an axe-core audit of the main states of the app (no serious
 * or critical violation, colour contrast included) and the contrast of the SVG text, in the light
 * and the dark theme; every control reachable by Tab with a visible focus, and each step
 * announced in words to screen readers, without flooding.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { showTab, useApp } from './browser';

const { open } = useApp();

/** axe-core's source, evaluated in the page: the app's policy (script-src 'self') refuses an injected <script>, CDP evaluation is not subject to it. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode { readonly target: readonly unknown[]; readonly failureSummary?: string }
interface AxeRule { readonly id: string; readonly impact?: string | null; readonly nodes: readonly AxeNode[] }
interface AxeSummary { readonly violations: readonly AxeRule[]; readonly incomplete: readonly AxeRule[]; readonly passes: readonly string[] }

/** Runs axe over the whole page (every rule but the experimental ones, colour contrast included). */
async function audit(page: Page, state: string): Promise<AxeSummary> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeRule[]; incomplete: AxeRule[]; passes: AxeRule[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const strip = (rules: AxeRule[]) => rules.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary ?? '' })) }));
    return { violations: strip(r.violations), incomplete: strip(r.incomplete), passes: r.passes.map((p) => p.id) };
  });
  const lines = result.violations.map((v) => `  ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 8).map((n) => JSON.stringify(n.target)).join(' ')}`);
  console.log(`axe, ${state}: ${result.violations.length} violations${lines.length > 0 ? `\n${lines.join('\n')}` : ''}` +
    `; incomplete: ${result.incomplete.map((v) => `${v.id} (${v.nodes.length})`).join(', ') || 'none'}`);
  return result;
}

/** The serious and critical violations, each as `rule (impact): targets`. */
const serious = (r: AxeSummary) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);

/** Audits a state: no serious or critical violation, and colour contrast was checked. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const result = await audit(page, state);
  expect([...result.passes, ...result.violations.map((v) => v.id), ...result.incomplete.map((v) => v.id)]).toContain('color-contrast');
  expect(serious(result), state).toEqual([]);
}

/**
 * In the page: each visible SVG text whose contrast is below 4.5:1 (3:1 from 24px), measured
 * against its halo (a stroke painted under it), else the fill of the sibling shape it sits on (a
 * node's body), else the background of the nearest HTML ancestor.
 */
function svgTextContrastFailures(): string[] {
  const rgb = (c: string): [number, number, number] | null => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const v = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return v[3] === 0 ? null : [v[0]!, v[1]!, v[2]!];
  };
  const lum = (c: [number, number, number]) => {
    const [r, g, b] = c.map((x) => { const s = x / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const ratio = (a: [number, number, number], b: [number, number, number]) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };
  const htmlBackground = (el: Element): [number, number, number] => {
    for (let e: Element | null = el; e; e = e.parentElement) if (e instanceof HTMLElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; }
    return [255, 255, 255];
  };
  const failures: string[] = [];
  for (const text of document.querySelectorAll('svg text')) {
    const content = (text.textContent ?? '').trim();
    const style = getComputedStyle(text);
    if (!content || text.getBoundingClientRect().width === 0 || style.visibility === 'hidden') continue;
    const fg = rgb(style.fill);
    if (!fg) continue;
    const halo = style.paintOrder.startsWith('stroke') && parseFloat(style.strokeWidth) >= 2 ? rgb(style.stroke) : null;
    const box = text.getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    const shape = [...(text.parentElement?.querySelectorAll(':scope > circle, :scope > rect') ?? [])].reverse().find((e) => {
      const r = e.getBoundingClientRect();
      return x > r.left && x < r.right && y > r.top && y < r.bottom && rgb(getComputedStyle(e).fill) !== null;
    });
    const bg = halo ?? (shape ? rgb(getComputedStyle(shape).fill) : null) ?? htmlBackground(text.closest('svg') ?? text);
    const need = parseFloat(style.fontSize) >= 24 ? 3 : 4.5;
    const r = ratio(fg, bg);
    if (r < need) failures.push(`"${content}" in ${text.closest('[data-node], [data-testid]')?.getAttribute('data-node') ?? text.closest('[data-testid]')?.getAttribute('data-testid')}: ${style.fill} on rgb(${bg.join(', ')}) = ${r.toFixed(2)}`);
  }
  return failures;
}

/**
 * In the page: from now on, counts in `window.spoken` the changes of text of each live region
 * (aria-live, role status, log or alert), by its data-testid or class.
 */
function countLiveRegionChanges(): void {
  const w = window as unknown as { spoken: Record<string, number> };
  w.spoken = {};
  const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]';
  const last = new Map<Element, string>();
  for (const region of document.querySelectorAll(live)) last.set(region, region.textContent ?? '');
  new MutationObserver((records) => {
    const regions = new Set<Element>();
    for (const r of records) {
      const region = (r.target instanceof Element ? r.target : r.target.parentElement)?.closest(live);
      if (region) regions.add(region);
    }
    for (const region of regions) {
      const text = region.textContent ?? '';
      if (last.get(region) === text) continue;
      last.set(region, text);
      const key = region.getAttribute('data-testid') ?? (region.getAttribute('class') || region.tagName.toLowerCase());
      w.spoken[key] = (w.spoken[key] ?? 0) + 1;
    }
  }).observe(document.body, { childList: true, characterData: true, subtree: true });
}

const position = (page: Page) => page.getByTestId('position');
const graph = (page: Page) => page.getByTestId('unfolded-graph');
const announcer = (page: Page) => page.getByTestId('announcer');
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
/**
 * Opens the app in a theme: the dark one as a system that prefers dark would have it (the page
 * follows the change live, as it opened in light), the light one as it opens by default.
 */
async function openIn(theme: 'light' | 'dark'): Promise<Awaited<ReturnType<typeof open>>> {
  const opened = await open();
  if (theme === 'dark') await opened.page.emulateMedia({ colorScheme: 'dark' });
  await opened.page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
  return opened;
}
const iterations = async (page: Page) => Number(/(\d+)/.exec((await page.getByTestId('training-status').textContent()) ?? '')?.[1] ?? NaN);

describe('accessibility', () => {
  describe.each(['light', 'dark'] as const)('in the %s theme', (theme) => {
    it('axe: the page as it opens', async () => {
      const { page, errors } = await openIn(theme);
      await expectAccessible(page, `${theme}: initial page`);
      expect(errors).toEqual([]);
    });

    it('axe: in BPTT with a node selected, its equations open in the inspector', async () => {
      const { page, errors } = await openIn(theme);
      await position(page).click();
      await page.keyboard.press('End');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
      await graph(page).locator('[data-node="h@5"]').click();
      await expect.poll(() => page.locator('.inspector .katex').count(), { timeout: 10_000 }).toBeGreaterThan(0); // KaTeX loads on first use
      await expectAccessible(page, `${theme}: BPTT, h@5 selected`);
      expect(errors).toEqual([]);
    });

    it('axe: the help dialog open', async () => {
      const { page, errors } = await openIn(theme);
      await button(page, 'Help').click();
      await expect.poll(() => page.locator('dialog[open]').count()).toBe(1);
      await expectAccessible(page, `${theme}: help dialog`);
      expect(errors).toEqual([]);
    });

    it('axe: the gradient dynamics opened on the w-vanishing preset', async () => {
      const { page, errors } = await openIn(theme);
      await page.getByLabel('Task preset').selectOption('w-vanishing');
      await showTab(page, 'Gradient dynamics');
      await page.locator('summary', { hasText: /The Jacobian dh\(t\)\/dh\(k\)/ }).click();
      await page.locator('summary', { hasText: /Teacher forcing against free running/ }).click();
      await expect.poll(() => page.getByTestId('jacobian-norm').textContent()).toMatch(/\d/);
      await expectAccessible(page, `${theme}: gradient dynamics (w-vanishing)`);
      expect(errors).toEqual([]);
    });

    it('axe: the three topologies side by side', async () => {
      const { page, errors } = await openIn(theme);
      await page.getByLabel('Show', { exact: true }).selectOption('three');
      await expect.poll(() => page.locator('.topology-row').count()).toBe(3);
      await expectAccessible(page, `${theme}: three topologies`);
      expect(errors).toEqual([]);
    });

    it('axe: training started, then paused', async () => {
      const { page, errors } = await openIn(theme);
      await showTab(page, 'Training');
      await button(page, 'Train').click();
      await expect.poll(() => iterations(page), { timeout: 15_000 }).toBeGreaterThan(5);
      await button(page, 'Pause training').click();
      await page.waitForTimeout(300);
      await expectAccessible(page, `${theme}: training paused`);
      expect(errors).toEqual([]);
    });

    it('axe: the Generate tab after a greedy sample, its text beside the graph', async () => {
      const { page, errors } = await openIn(theme);
      await showTab(page, 'Generate');
      await page.getByLabel('Greedy (argmax)').check();
      await button(page, 'Generate').click();
      await page.keyboard.press('End');
      await expect.poll(() => page.getByTestId('sample-text').locator('.generated').count()).toBe(11);
      await expectAccessible(page, `${theme}: generated`);
      expect(errors).toEqual([]);
    });

    it('axe: every explanation opened, with its tables', async () => {
      const { page, errors } = await openIn(theme);
      await showTab(page, 'Explanations');
      const questions = page.locator('.tab-panel details > summary');
      await expect.poll(() => questions.count()).toBeGreaterThan(3);
      for (let i = 0; i < await questions.count(); i++) await questions.nth(i).click();
      await expect.poll(() => page.locator('.tab-panel details[open] table').count()).toBeGreaterThan(0);
      await expectAccessible(page, `${theme}: explanations`);
      expect(errors).toEqual([]);
    });

    it('SVG text, which axe leaves for review, meets 4.5:1 against what is under it (node fills, halos)', async () => {
      const { page, errors } = await openIn(theme);
      await position(page).click();
      await page.keyboard.press('End'); // every node filled, the losses darkest
      await expect.poll(() => graph(page).locator('[data-node].has-gradient').count()).toBeGreaterThan(0);
      const failures = await page.evaluate(svgTextContrastFailures);
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  it('reaches every control by Tab, each with a visible focus', async () => {
    const { page, errors } = await open();
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    const reached: string[] = [];
    const invisible: string[] = [];
    for (let i = 0; i < 250; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const name = el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? (el.textContent ?? '').trim().slice(0, 40);
        return {
          id: `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''} "${name}"`,
          visible: outline || style.boxShadow !== 'none',
        };
      });
      if (focused === null) break; // back past the end of the page
      if (reached[0] === focused.id) break; // round again
      reached.push(focused.id);
      if (!focused.visible) invisible.push(focused.id);
    }
    console.log(`Tab order (${reached.length} stops):\n  ${reached.join('\n  ')}`);
    expect(invisible).toEqual([]);
    for (const name of ['Play', 'Step forward', 'More settings', 'Charts', 'Help', 'Fit to view']) expect(reached, name).toContain(`button[type=button] "${name}"`);
    expect(reached.some((r) => r.startsWith('div "Unfolded graph over'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('announces each step in words, forward and in BPTT', async () => {
    const { page, errors } = await open();
    expect(await announcer(page).getAttribute('aria-live')).toBe('polite');
    await position(page).click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => announcer(page).textContent()).toBe('t = 3: h(3), o(3), ŷ(3), L(3) computed');
    await page.keyboard.press('End');
    await expect.poll(() => announcer(page).textContent()).toBe('t = 1: dL/dh(1), dL/dh(0) computed (BPTT). End of BPTT: every gradient computed.');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => announcer(page).textContent()).toBe('t = 5: dL/dh(5) computed (BPTT)');
    await page.keyboard.press('Home');
    await expect.poll(() => announcer(page).textContent()).toBe('Start: t = 0, nothing computed yet.');
    expect(errors).toEqual([]);
  });

  it('does not flood: playing fast, at most one announcement each 500 ms; training, no live region speaks each batch', async () => {
    const { page, errors } = await open();
    await page.getByLabel('Sequence length').fill('200');
    await expect.poll(() => position(page).textContent()).toBe('Forward t = 0 / 200');
    await page.getByLabel('Speed').selectOption('60');
    await page.evaluate(countLiveRegionChanges);
    const spoken = () => page.evaluate(() => ({ ...(window as unknown as { spoken: Record<string, number> }).spoken }));
    const others = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([k]) => k !== 'announcer'));
    await button(page, 'Play').click();
    const started = Date.now();
    await page.waitForTimeout(2000);
    await button(page, 'Pause').click();
    const elapsed = Date.now() - started;
    const moved = Number(/t = (\d+)/.exec((await position(page).textContent()) ?? '')?.[1] ?? NaN);
    await page.waitForTimeout(700); // the last, trailing announcement
    expect(moved).toBeGreaterThan(10);
    const played = await spoken();
    expect(played.announcer ?? 0).toBeGreaterThan(0);
    expect(played.announcer ?? 0).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 2);
    expect(await announcer(page).textContent()).toMatch(new RegExp(`^t = ${moved}: h\\(${moved}\\)`));
    // No other live region repeats each step (the announcer speaks for the cursor).
    expect(others(played), 'live regions other than the announcer while playing').toEqual({});

    await showTab(page, 'Training');

    await button(page, 'Train').click();
    await expect.poll(() => iterations(page), { timeout: 15_000 }).toBeGreaterThan(10);
    await button(page, 'Pause training').click();
    const trained = await spoken();
    expect(trained.announcer).toBe(played.announcer);
    // At most the start and the pause of training are spoken, not each batch.
    const fromTraining = Object.entries(others(trained)).map(([k, n]) => [k, n - (played[k] ?? 0)] as const).filter(([, n]) => n !== 0);
    expect(fromTraining.reduce((sum, [, n]) => sum + n, 0), JSON.stringify(Object.fromEntries(fromTraining))).toBeLessThanOrEqual(2);
    expect(errors).toEqual([]);
  });
});
