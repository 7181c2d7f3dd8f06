/** The tour's chapters and its progress in the browser's storage (issue 14), without a browser. */
import { describe, expect, it } from 'vitest';
import { isStacked, modelParamNames } from '../../src/engine/index';
import { EXPLANATION_IDS } from '../../src/graph/explain/index';
import { exercisesOfChapter } from '../../src/graph/exercises/index';
import { graphShapeOf, parseSelection } from '../../src/graph/layout/index';
import { buildModel } from '../../src/store/scene';
import { PANEL_TABS } from '../../src/store/slices/view';
import { createAppStore } from '../../src/store/store';
import { CHAPTERS, TOUR_PROGRESS_KEY, chapterOfHash, enterChapter, markVisited, readProgress, recordScore, scoreOf } from '../../src/store/tour';

/** A storage in memory; `refuse` makes every write throw, as a full or disabled one does. */
function memory(refuse = false): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data, length: 0, clear: () => data.clear(), key: () => null, removeItem: (k) => { data.delete(k); },
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => { if (refuse) throw new Error('QuotaExceededError'); data.set(k, v); },
  };
}

describe('the chapters', () => {
  it('are at least the issue\'s twelve, each with unique id, text in both languages, a scene that builds, and a selection of that scene', () => {
    expect(CHAPTERS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(CHAPTERS.map((c) => c.id)).size).toBe(CHAPTERS.length);
    for (const c of CHAPTERS) {
      for (const t of [c.title, c.look, ...c.body]) for (const lang of ['en', 'zh'] as const) expect(t[lang].trim().length, `${c.id} ${lang}`).toBeGreaterThan(0);
      const model = buildModel(c.config);
      expect(c.position, c.id).toBeLessThanOrEqual(2 * model.sequence.length);
      expect(PANEL_TABS).toContain(c.tab);
      if (c.selected !== null && !isStacked(model)) {
        const known = modelParamNames(model).includes(c.selected) || typeof parseSelection(c.selected, graphShapeOf(model)) !== 'string';
        expect(known, `${c.id}: ${c.selected}`).toBe(true);
      }
    }
  });

  it('hold every margin question somewhere, each once', () => {
    const held = CHAPTERS.flatMap((c) => c.explanations ?? []);
    expect([...held].sort()).toEqual([...EXPLANATION_IDS].sort());
  });

  it('end with the exercises of their number', () => {
    expect(CHAPTERS.map((_, i) => exercisesOfChapter(i + 1).length).filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('open from their link, and a link to none is none', () => {
    expect(chapterOfHash('#tour=bptt')?.id).toBe('bptt');
    expect(chapterOfHash('#tour=nope')).toBeNull();
    expect(chapterOfHash('#c=abc')).toBeNull();
  });

  it('set the scene: model, position, selection, tab, and the chapter open', () => {
    const store = createAppStore();
    const chapter = chapterOfHash('#tour=bptt')!;
    store.getState().setPicks(['h@2']);
    enterChapter(store, chapter);
    const s = store.getState();
    expect([s.tourChapter, s.position, s.selected, s.tab, s.picks]).toEqual(['bptt', chapter.position, chapter.selected, chapter.tab, null]);
    expect(s.config).toEqual(chapter.config);
    store.getState().setTourChapter(null);
    expect(store.getState().tourChapter).toBeNull();
  });
});

describe('the progress', () => {
  it('remembers the chapters opened and each chapter\'s score, in the chapters\' order', () => {
    const storage = memory();
    expect([...readProgress(storage)]).toEqual([]);
    expect(markVisited(storage, 'bptt')).toBe(true);
    markVisited(storage, 'unfolding');
    markVisited(storage, 'bptt');
    expect([...readProgress(storage)]).toEqual(['unfolding', 'bptt']);
    expect(recordScore(storage, 'bptt', true)).toEqual({ right: 1, tried: 1 });
    expect(recordScore(storage, 'bptt', false)).toEqual({ right: 1, tried: 2 });
    expect(scoreOf(storage, 'bptt')).toEqual({ right: 1, tried: 2 });
    expect(scoreOf(storage, 'gru')).toEqual({ right: 0, tried: 0 });
    expect([...readProgress(storage)]).toEqual(['unfolding', 'bptt']);
  });

  it('reads a damaged record as nothing lost beyond it: unknown chapters and bad scores dropped, bad JSON as none', () => {
    const storage = memory();
    storage.setItem(TOUR_PROGRESS_KEY, JSON.stringify({ visited: ['bptt', 'nope', 3], scores: { bptt: { right: 3, tried: 2 }, gru: { right: 1, tried: 4 }, x: { right: 0, tried: 0 } } }));
    expect([...readProgress(storage)]).toEqual(['bptt']);
    expect(scoreOf(storage, 'bptt')).toEqual({ right: 0, tried: 0 });
    expect(scoreOf(storage, 'gru')).toEqual({ right: 1, tried: 4 });
    storage.setItem(TOUR_PROGRESS_KEY, '{');
    expect([...readProgress(storage)]).toEqual([]);
  });

  it('goes on without storage, or with one that refuses every write', () => {
    expect(markVisited(null, 'bptt')).toBe(false);
    expect(recordScore(null, 'bptt', true)).toEqual({ right: 1, tried: 1 });
    const full = memory(true);
    expect(markVisited(full, 'bptt')).toBe(false);
    expect(recordScore(full, 'bptt', true)).toEqual({ right: 1, tried: 1 });
  });
});
