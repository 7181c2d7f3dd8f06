/**
 * Graph first, at a laptop's and a projector's size: on open, the transport and the whole
 * unfolded graph of the default scene (tau = 10) are in the first viewport, without scrolling,
 * every node inside the graph's own viewport, and the graph's text (node names, edge labels,
 * tokens) drawn at 12 px or more.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { TestPage } from './browser';
import { openPage, useApp } from './browser';

const { browser } = useApp();
const pages: TestPage[] = [];
afterEach(async () => {
  for (const p of pages.splice(0)) await p.context.close();
});

const SIZES = [[1366, 768], [1280, 720]] as const;

/** The page at a size, once the engine has answered and the fonts are in. */
async function openAt(width: number, height: number): Promise<Page> {
  const context = await browser().newContext({ viewport: { width, height } });
  const p = await openPage(browser(), inject('baseUrl'), context);
  pages.push(p);
  await p.page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor();
  await p.page.evaluate(() => document.fonts.ready.then(() => undefined));
  return p.page;
}

interface Seen {
  readonly scrollY: number;
  readonly play: DOMRect;
  readonly graph: DOMRect;
  readonly nodes: readonly { readonly id: string; readonly box: DOMRect }[];
  /** Each text of the graph drawn now, with its size on screen in px. */
  readonly texts: readonly { readonly text: string; readonly px: number }[];
}

function look(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const graph = document.querySelector('[data-testid="unfolded-graph"]')!;
    const plane = graph.querySelector('.graph-plane') as HTMLElement;
    const k = Number(/scale\(([^)]+)\)/.exec(plane.style.transform)?.[1] ?? NaN);
    const play = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Play')!;
    const texts = Array.from(graph.querySelectorAll('text')).filter((t) => t.getBoundingClientRect().width > 0 && (t.textContent ?? '') !== '')
      .map((t) => ({ text: t.textContent ?? '', px: parseFloat(getComputedStyle(t).fontSize) * k }));
    return {
      scrollY: window.scrollY,
      play: play.getBoundingClientRect().toJSON() as DOMRect,
      graph: graph.getBoundingClientRect().toJSON() as DOMRect,
      nodes: Array.from(graph.querySelectorAll('[data-node]')).map((n) => ({ id: n.getAttribute('data-node')!, box: n.getBoundingClientRect().toJSON() as DOMRect })),
      texts,
    };
  });
}

const inside = (b: DOMRect, o: { left: number; top: number; right: number; bottom: number }) =>
  b.left >= o.left - 0.5 && b.top >= o.top - 0.5 && b.right <= o.right + 0.5 && b.bottom <= o.bottom + 0.5;

describe('graph first', () => {
  for (const [width, height] of SIZES) {
    it(`at ${width}x${height} the transport and the whole default graph are in the first viewport, its text at 12 px or more`, async () => {
      const page = await openAt(width, height);
      const seen = await look(page);
      const screen = { left: 0, top: 0, right: width, bottom: height };
      expect(seen.scrollY).toBe(0);
      expect(inside(seen.play, screen), 'the Play button on screen').toBe(true);
      // 'hello world', tau = 10: h(0) and six nodes a step.
      expect(seen.nodes).toHaveLength(61);
      const out = seen.nodes.filter((n) => !inside(n.box, screen) || !inside(n.box, seen.graph)).map((n) => n.id);
      expect(out, 'nodes outside the first viewport or the graph').toEqual([]);
      expect(seen.texts.length).toBeGreaterThan(61);
      const small = seen.texts.filter((t) => t.px < 12).map((t) => `${t.text}: ${t.px.toFixed(1)} px`);
      expect(small, 'text under 12 px').toEqual([]);
    });
  }
});
