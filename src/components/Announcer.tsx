/**
 * A visually hidden live region that says in words what each move of the cursor computed:
 * "t = 3: h(3), o(3), ŷ(3), L(3) computed", "t = 5: dL/dh(5) computed (BPTT)". Only the cursor
 * speaks (never a training batch), and at most every ANNOUNCE_EVERY_MS: while playing fast the
 * latest position is said, not every step.
 */
import { useEffect, useState } from 'react';
import { announcement, announcementText } from '../graph/explain/index';
import { graphShapeOf } from '../graph/layout/index';
import { announceMessages } from '../i18n/messages/announce';
import { messagesNow } from '../i18n/useMessages';
import { appStore } from '../store/store';
import { isStacked } from '../engine/index';
import { transportMessages } from '../i18n/messages/transport';
import { positionWords } from './positionWords';

/** The shortest time between two announcements. */
export const ANNOUNCE_EVERY_MS = 500;

/** The words for the store's position now. */
function textNow(): string {
  const s = appStore.getState();
  // A deep or bidirectional network's cursor: the layer and direction running, and the step.
  if (isStacked(s.model)) return positionWords(messagesNow(transportMessages), s.model, s.position);
  return announcementText(announcement(graphShapeOf(s.model), s.position), messagesNow(announceMessages));
}

export function Announcer() {
  const [text, setText] = useState('');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let saidAt = -Infinity;
    const say = () => {
      timer = null;
      saidAt = performance.now();
      setText(textNow());
    };
    const unsubscribe = appStore.subscribe((s, prev) => {
      // A pending announcement will read the latest position when it fires.
      if (s.position === prev.position || timer !== null) return;
      const wait = saidAt + ANNOUNCE_EVERY_MS - performance.now();
      if (wait <= 0) say();
      else timer = setTimeout(say, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">{text}</div>;
}
