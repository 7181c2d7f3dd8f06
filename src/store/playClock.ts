/**
 * The play clock: while playing, the cursor is moved once per frame to where the time gone since
 * Play says it should be (speed steps a second), in one store update. A frame never holds two
 * steps' renders (as a timer drifting against the display's frames would make it), and a slow
 * frame moves the cursor on by the steps it took instead of falling behind.
 */

/** A source of frames: the page's requestAnimationFrame; a 60 Hz timer where there is none (Node's tests). */
export interface Frames {
  request: (callback: (now: number) => void) => number;
  cancel: (id: number) => void;
}

export const pageFrames: Frames = typeof requestAnimationFrame === 'function'
  ? { request: (callback) => requestAnimationFrame(callback), cancel: (id) => cancelAnimationFrame(id) }
  : {
      request: (callback) => setTimeout(() => callback(performance.now()), 1000 / 60) as unknown as number,
      cancel: (id) => clearTimeout(id),
    };

/** The position due at `now` (ms): `from`, where the clock started at `start`, plus the whole steps made since at `speed` steps/s. */
export const dueAt = (from: number, start: number, now: number, speed: number): number => from + Math.floor(((now - start) * speed) / 1000);

/** What the clock moves: the cursor, its end, and what happens there. */
export interface Playhead {
  position: () => number;
  end: () => number;
  speed: () => number;
  seek: (position: number) => void;
  /** The end was reached a step ago: playing stops. */
  stop: () => void;
}

/** A running clock: `stop` cancels its next frame. */
export interface PlayClock {
  stop: () => void;
}

/**
 * Starts the clock at the next frame from the playhead's position. A position moved by hand
 * meanwhile (a step key while playing) starts it again from there; one step after the end, it
 * stops the playhead.
 */
export function startPlayClock(head: Playhead, frames: Frames = pageFrames): PlayClock {
  /** When the clock (re)started, and from where; the position it last set. */
  let start: number | null = null;
  let from = 0;
  let at = 0;
  let id = 0;
  let running = true;
  const frame = (now: number): void => {
    if (!running) return;
    if (start === null || head.position() !== at) {
      start = now;
      from = at = head.position();
    }
    const due = dueAt(from, start, now, head.speed());
    if (due > at) {
      if (at >= head.end()) {
        running = false;
        head.stop();
        return;
      }
      head.seek(Math.min(due, head.end()));
      at = head.position();
    }
    if (running) id = frames.request(frame);
  };
  id = frames.request(frame);
  return {
    stop: () => {
      running = false;
      frames.cancel(id);
    },
  };
}
