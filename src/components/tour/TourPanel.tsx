/**
 * The tour beside the graph: the chapter's few sentences and what to look at, the way to the
 * previous and next chapters (and to any, by the list), the chapter's scene restored after the
 * learner has changed it, and the way out. Its link (`#tour=<id>`) follows the chapter shown.
 */
import { useEffect, useId } from 'react';
import type { Lang } from '../../i18n/i18n';
import { tourMessages } from '../../i18n/messages/tour';
import { useMessages } from '../../i18n/useMessages';
import { selectLanguage } from '../../store/selectors';
import { appStore, useApp } from '../../store/store';
import type { Chapter } from '../../store/tour';
import { TOUR_HASH_PREFIX } from '../../store/share';
import { CHAPTERS, chapterOfHash, enterChapter, markVisited, readProgress } from '../../store/tour';
import { exercisesOfChapter } from '../../graph/exercises/index';
import { Explanation } from '../explain/Explanations';
import { ExercisePanel } from './ExercisePanel';
import { storage } from './storage';
import './tour.css';

/** Opens a chapter and records it as opened. */
export function openChapter(chapter: Chapter): void {
  enterChapter(appStore, chapter);
  markVisited(storage(), chapter.id);
}

/** Starts the tour: at the first chapter not opened before, else at the first. */
export function startTour(): void {
  const visited = readProgress(storage());
  openChapter(CHAPTERS.find((c) => !visited.has(c.id)) ?? CHAPTERS[0]!);
}

/** Opens the chapter a link names (`#tour=<id>`); false when it names none. */
export function openLinkedChapter(hash: string): boolean {
  const chapter = chapterOfHash(hash);
  if (chapter) openChapter(chapter);
  return chapter !== null;
}

export function TourPanel() {
  const id = useApp((s) => s.tourChapter);
  const language: Lang = useApp(selectLanguage);
  const m = useMessages(tourMessages);
  const listId = useId();
  // Read at each render: opening a chapter records it before the store's change renders this.
  const visited = readProgress(storage());
  const index = CHAPTERS.findIndex((c) => c.id === id);
  const chapter = CHAPTERS[index];
  // The address names the chapter shown, so that a reload or a copied link opens it again.
  useEffect(() => {
    if (!chapter) return undefined;
    const page = `${window.location.pathname}${window.location.search}`;
    history.replaceState(null, '', `${page}${TOUR_HASH_PREFIX}${chapter.id}`);
    // Out of the tour, the address is the page's own again.
    return () => history.replaceState(null, '', page);
  }, [chapter]);
  if (!chapter) return null;
  const go = (c: Chapter | undefined) => { if (c) openChapter(c); };
  return (
    <section className="panel tour" aria-labelledby="tour-title" data-testid="tour">
      <div className="tour-head">
        <p className="tour-count">{m.chapterOf(index + 1, CHAPTERS.length)}</p>
        <h2 id="tour-title">{chapter.title[language]}</h2>
        <div className="tour-nav">
          {/* aria-disabled at the ends, not disabled: the focus stays on the button the keyboard pressed. */}
          <button type="button" onClick={() => go(CHAPTERS[index - 1])} aria-disabled={index === 0}>{m.previous}</button>
          <button type="button" className="primary" onClick={() => go(CHAPTERS[index + 1])} aria-disabled={index === CHAPTERS.length - 1}>{m.next}</button>
          <button type="button" onClick={() => go(chapter)}>{m.again}</button>
          <div className="field inline">
            <label htmlFor={listId}>{m.chapters}</label>
            <select id={listId} value={chapter.id} onChange={(e) => go(CHAPTERS.find((c) => c.id === e.target.value))}>
              {CHAPTERS.map((c, i) => (
                <option key={c.id} value={c.id}>{`${i + 1}. ${c.title[language]}${visited.has(c.id) && c.id !== chapter.id ? ` (${m.visited})` : ''}`}</option>
              ))}
            </select>
          </div>
          <button type="button" onClick={() => appStore.getState().setTourChapter(null)}>{m.leave}</button>
        </div>
      </div>
      {/* The chapter's text and its exercises side by side, each scrolling on its own: an exercise's question and its buttons stay in view beside what it is about. */}
      <div className="tour-text" tabIndex={0} role="group" aria-labelledby="tour-title">
        <div className="tour-body">
          {chapter.body.map((p, i) => <p key={i}>{p[language]}</p>)}
          <p className="tour-look"><strong>{m.look}</strong> {chapter.look[language]}</p>
        </div>
        {(chapter.explanations ?? []).map((e) => <Explanation key={`${chapter.id}-${e}`} id={e} />)}
      </div>
      <div className="tour-exercises">
        {exercisesOfChapter(index + 1).map((e, i) => <ExercisePanel key={`${chapter.id}-${e}`} chapter={chapter.id} id={e} n={i + 1} />)}
      </div>
    </section>
  );
}
