/**
 * Motion that explains: a step forward sends a pulse along each edge that carries the step's
 * numbers, in the order the step computes them (values from h(t-1) and x(t) into h(t), then on to
 * o(t), yhat(t) and L(t); in BPTT gradients from L(t) back to h(t-1)), and a node shows what it
 * computes when all it waits for has arrived. The page's animations are paused and set to chosen
 * times, so that what the test reads does not depend on the machine's speed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { WAVE_MS } from '../../src/graph/layout/index';
import { useApp } from './browser';

const { open, browser } = useApp();

/** Steps by the keyboard (the arrow keys step when no control has the focus). */
async function step(page: Page, times = 1): Promise<void> {
  await page.getByTestId('position').click();
  for (let i = 0; i < times; i++) await page.keyboard.press('ArrowRight');
}

interface Moment {
  /** Per pulse (by edge id): where the middle of its dash is along the edge, 0 (source) to 1 (destination); null when off the edge. */
  readonly pulses: Record<string, number | null>;
  readonly classes: Record<string, string>;
  /** Per node id asked for: the opacity of what it shows (its value text, or its value strip; in BPTT its ring). */
  readonly shown: Record<string, number>;
}

/** Pauses every animation of the page at `ms` from its start and reads the pulses and the nodes `ids` (what `part` selects in each). */
function at(page: Page, ms: number, ids: readonly string[], part: string): Promise<Moment> {
  return page.evaluate(({ ms, ids, part }) => {
    for (const a of document.getAnimations()) {
      a.pause();
      a.currentTime = ms;
    }
    const pulses: Record<string, number | null> = {};
    const classes: Record<string, string> = {};
    for (const p of document.querySelectorAll<SVGPathElement>('[data-testid="unfolded-graph"] path.pulse')) {
      const id = p.getAttribute('data-pulse')!;
      const length = Number(p.getAttribute('pathLength'));
      const dash = Number(p.getAttribute('stroke-dasharray')!.split(' ')[0]);
      const offset = parseFloat(getComputedStyle(p).strokeDashoffset);
      const centre = (dash / 2 - offset) / length;
      pulses[id] = centre > 0 && centre < 1 ? centre : null;
      classes[id] = p.getAttribute('class')!;
    }
    const shown: Record<string, number> = {};
    for (const id of ids) {
      const target = document.querySelector(`[data-testid="unfolded-graph"] [data-node="${id}"] ${part}`);
      shown[id] = target ? Number(getComputedStyle(target).opacity) : NaN;
    }
    return { pulses, classes, shown };
  }, { ms, ids, part });
}

/** The middle of wave k (each WAVE_MS long when stepping by hand). */
const mid = (k: number) => (k + 0.5) * WAVE_MS;

describe('motion that explains', () => {
  it('forward: values travel from h(2) and x(3) into h(3), then on to o(3), yhat(3) and L(3) with its target; each node shows its value when they arrive', async () => {
    const { page, errors } = await open();
    await step(page, 2);
    await page.waitForTimeout(WAVE_MS * 6);
    await step(page);
    await page.locator('[data-testid="unfolded-graph"] path.pulse').first().waitFor({ state: 'attached' });
    const nodes = ['h@3', 'o@3', 'yhat@3'];
    const first = await at(page, mid(0), nodes, '.value-strip');
    expect(Object.keys(first.pulses).sort()).toEqual(['h@2->h@3', 'h@3->o@3', 'o@3->yhat@3', 'x@3->h@3', 'y@3->L@3', 'yhat@3->L@3']);
    expect(Object.values(first.classes).every((c) => c === 'pulse forward')).toBe(true);
    // Wave 0: into h(3), halfway along; nothing beyond h(3) has moved or shows yet.
    expect(first.pulses['h@2->h@3']).toBeCloseTo(0.5, 1);
    expect(first.pulses['x@3->h@3']).toBeCloseTo(0.5, 1);
    expect([first.pulses['h@3->o@3'], first.pulses['o@3->yhat@3'], first.pulses['yhat@3->L@3'], first.pulses['y@3->L@3']]).toEqual([null, null, null, null]);
    expect(first.shown).toEqual({ 'h@3': 0, 'o@3': 0, 'yhat@3': 0 });
    // Wave 1: h(3) shows; its value is on its way to o(3).
    const second = await at(page, mid(1), nodes, '.value-strip');
    expect(second.pulses['h@2->h@3']).toBeNull();
    expect(second.pulses['h@3->o@3']).toBeCloseTo(0.5, 1);
    expect(second.shown['h@3']).toBe(1);
    expect(second.shown['o@3']).toBe(0);
    // Earlier in a wave the pulse is nearer the source: it travels towards the destination.
    const early = await at(page, WAVE_MS * 1.25, [], '');
    expect(early.pulses['h@3->o@3']!).toBeLessThan(0.5);
    // Wave 3: the prediction and the target reach the loss together.
    const fourth = await at(page, mid(3), nodes, '.value-strip');
    expect(fourth.pulses['yhat@3->L@3']).toBeCloseTo(0.5, 1);
    expect(fourth.pulses['y@3->L@3']).toBeCloseTo(0.5, 1);
    expect(fourth.shown).toEqual({ 'h@3': 1, 'o@3': 1, 'yhat@3': 1 });
    // When it has all arrived, the pulses are gone.
    await page.evaluate(() => { for (const a of document.getAnimations()) a.finish(); });
    await expect.poll(() => page.locator('path.pulse').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('BPTT: gradients travel back from L(t) to h(t-1), and the rings show as they arrive', async () => {
    const { page, errors } = await open();
    await step(page, 10 + 4); // backward t = 7
    await page.waitForTimeout(WAVE_MS * 6);
    await step(page); // backward t = 6
    await page.locator('[data-testid="unfolded-graph"] path.pulse').first().waitFor({ state: 'attached' });
    const first = await at(page, mid(0), ['yhat@6', 'o@6', 'h@6'], '.ring');
    expect(Object.keys(first.pulses).sort()).toEqual(['h@5->h@6', 'h@6->o@6', 'o@6->yhat@6', 'x@6->h@6', 'yhat@6->L@6']);
    expect(Object.values(first.classes).every((c) => c === 'pulse backward')).toBe(true);
    // From the loss down to yhat(6): the pulse goes from the edge's destination to its source.
    expect(first.pulses['yhat@6->L@6']).toBeCloseTo(0.5, 1);
    expect(first.shown).toEqual({ 'yhat@6': 0, 'o@6': 0, 'h@6': 0 });
    const early = await at(page, WAVE_MS * 0.25, [], '');
    expect(early.pulses['yhat@6->L@6']!).toBeGreaterThan(0.5);
    const third = await at(page, mid(2), ['yhat@6', 'o@6', 'h@6'], '.ring');
    expect(third.pulses['h@6->o@6']).toBeCloseTo(0.5, 1);
    expect(third.shown).toEqual({ 'yhat@6': 1, 'o@6': 1, 'h@6': 0 });
    const fourth = await at(page, mid(3), ['h@6'], '.ring');
    expect(fourth.pulses['h@5->h@6']).toBeCloseTo(0.5, 1);
    expect(fourth.shown['h@6']).toBe(1);
    expect(errors).toEqual([]);
  });

  it('no motion after a jump, when playing too fast to see it, or when the user asks for reduced motion', async () => {
    const { page } = await open();
    await page.getByTestId('position').click();
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('position').textContent()).toBe('Backward t = 1 / 10');
    expect(await page.locator('path.pulse').count()).toBe(0);
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByLabel('Speed').selectOption('60');
    await page.getByRole('button', { name: 'Play' }).click();
    // At 60 steps a second a step's four waves would last under 15 ms each: none is drawn.
    const seen = await page.evaluate(() => new Promise<number>((resolve) => {
      let most = 0;
      const started = performance.now();
      const look = () => {
        most = Math.max(most, document.querySelectorAll('path.pulse').length);
        if (performance.now() - started < 300) requestAnimationFrame(look); else resolve(most);
      };
      requestAnimationFrame(look);
    }));
    expect(seen).toBe(0);

    const context = await browser().newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 900 } });
    try {
      const still = await context.newPage();
      await still.goto(page.url());
      await still.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
      await step(still, 3);
      await still.waitForTimeout(100);
      expect(await still.locator('path.pulse').count()).toBe(0);
      const graph = still.getByTestId('unfolded-graph');
      expect(await graph.evaluate((g) => document.getAnimations().filter((a) => a.effect instanceof KeyframeEffect && a.effect.target && g.contains(a.effect.target)).length)).toBe(0);
      // Without motion, what the step computes shows at once.
      expect(await still.locator('[data-node="o@3"] .value-strip').evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
    } finally {
      await context.close();
    }
  });
});
