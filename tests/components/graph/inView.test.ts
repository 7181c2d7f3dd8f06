/** The pan that brings a box into view: none when it is in view, the least one else, centred when it is too large; and the view kept on content larger than it. */
import { describe, expect, it } from 'vitest';
import { IN_VIEW_MARGIN, panToShow, withinContent } from '../../../src/components/graph/inView';

const view = { w: 800, h: 400 };
const box = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });

describe('panToShow', () => {
  it('leaves a box already in view where it is', () => {
    expect(panToShow({ x: 0, y: 0, k: 1 }, box(100, 100, 200, 200), view)).toBeNull();
    expect(panToShow({ x: -50, y: 10, k: 2 }, box(100, 50, 150, 100), view)).toBeNull();
  });

  it('pans a box off the right edge in by as little as shows it with the margin, keeping the other axis', () => {
    // At k = 2 the box spans 1000..1100 px: it moves left until its right edge is at 800 - margin.
    const to = panToShow({ x: 0, y: 30, k: 2 }, box(500, 50, 550, 100), view);
    expect(to).toEqual({ x: 800 - IN_VIEW_MARGIN - 1100, y: 30 });
  });

  it('pans a box off the top left in, by the margin', () => {
    const to = panToShow({ x: -300, y: -100, k: 1 }, box(100, 50, 200, 150), view, 10);
    expect(to).toEqual({ x: 10 - 100, y: 10 - 50 });
  });

  it('centres a box too large for the viewport along that axis', () => {
    const to = panToShow({ x: 0, y: 0, k: 4 }, box(0, 0, 50, 150), view);
    expect(to).toEqual({ x: 0 + IN_VIEW_MARGIN, y: 200 - 75 * 4 });
  });
});

describe('withinContent', () => {
  const content = { width: 1000, height: 600 };
  it('shows no empty band past the edges of content larger than the viewport', () => {
    // At k = 1 the content is 1000 x 600 px in an 800 x 400 viewport: x in [-200, 0], y in [-200, 0].
    expect(withinContent({ x: 150, y: 30, k: 1 }, content, view)).toEqual({ x: 0, y: 0 });
    expect(withinContent({ x: -500, y: -350, k: 1 }, content, view)).toEqual({ x: -200, y: -200 });
    expect(withinContent({ x: -120, y: -80, k: 1 }, content, view)).toEqual({ x: -120, y: -80 });
  });
  it('leaves an axis alone where the content is smaller than the viewport', () => {
    // At k = 0.5 the content is 500 x 300 px: smaller both ways, wherever it is.
    expect(withinContent({ x: 150, y: 30, k: 0.5 }, content, view)).toEqual({ x: 150, y: 30 });
    // At k = 1 with a 1200 px wide view: only the height is clamped.
    expect(withinContent({ x: 150, y: 30, k: 1 }, content, { w: 1200, h: 400 })).toEqual({ x: 150, y: 0 });
  });
});
