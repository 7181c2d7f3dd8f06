/** The play clock: the cursor moved once a frame to where the time gone says, by hand-driven frames. */
import { describe, expect, it } from 'vitest';
import type { Frames, Playhead } from '../../src/store/playClock';
import { dueAt, startPlayClock } from '../../src/store/playClock';

/** Frames run by the test: `run(now)` calls what was requested, at frame time `now` (ms). */
function manualFrames() {
  let waiting: ((now: number) => void) | null = null;
  let requests = 0;
  const frames: Frames = {
    request: (callback) => {
      waiting = callback;
      return ++requests;
    },
    cancel: () => {
      waiting = null;
    },
  };
  const run = (now: number) => {
    const callback = waiting;
    waiting = null;
    callback?.(now);
  };
  return { frames, run, pending: () => waiting !== null };
}

/** A playhead over 0..end with a log of every seek. */
function playhead(end: number, speed: number) {
  const state = { position: 0, speed, stopped: false, seeks: [] as number[] };
  const head: Playhead = {
    position: () => state.position,
    end: () => end,
    speed: () => state.speed,
    seek: (p) => {
      state.seeks.push(p);
      state.position = p;
    },
    stop: () => {
      state.stopped = true;
    },
  };
  return { state, head };
}

describe('the play clock', () => {
  it('is due a whole step per 1/speed seconds since it started', () => {
    expect(dueAt(3, 1000, 1000, 60)).toBe(3);
    expect(dueAt(3, 1000, 1016, 60)).toBe(3);
    expect(dueAt(3, 1000, 1017, 60)).toBe(4);
    expect(dueAt(0, 0, 1999, 1)).toBe(1);
    expect(dueAt(0, 0, 2000, 1)).toBe(2);
  });

  it('moves once a frame, by as many steps as the time gone makes: a late frame skips ahead, a frame never holds two seeks', () => {
    const { frames, run } = manualFrames();
    const { state, head } = playhead(100, 60);
    startPlayClock(head, frames);
    run(1000); // starts the clock
    expect(state.seeks).toEqual([]);
    run(1016.7); // one step
    run(1033.4); // two
    run(1100.1); // a late frame: 6 steps since the start
    expect(state.seeks).toEqual([1, 2, 6]);
  });

  it('starts again from a position moved by hand, stops the playhead a step after the end, and asks no frame once stopped', () => {
    const { frames, run, pending } = manualFrames();
    const { state, head } = playhead(4, 10);
    startPlayClock(head, frames);
    run(0);
    run(100);
    expect(state.position).toBe(1);
    state.position = 3; // a step key while playing
    run(150); // restarts from 3
    run(249);
    expect(state.position).toBe(3);
    run(5000); // far later: clamped at the end, not past it
    expect(state.seeks).toEqual([1, 4]);
    expect(state.stopped).toBe(false);
    run(5100); // a step after the end
    expect(state.stopped).toBe(true);
    expect(state.seeks).toEqual([1, 4]);
    expect(pending()).toBe(false);
  });

  it('stops when told: the frame it asked for is cancelled', () => {
    const { frames, run, pending } = manualFrames();
    const { state, head } = playhead(10, 60);
    const clock = startPlayClock(head, frames);
    run(0);
    clock.stop();
    expect(pending()).toBe(false);
    run(1000);
    expect(state.seeks).toEqual([]);
  });
});
