/**
 * The playback slice: the cursor over the pass (position 0..2 tau: forward steps, then BPTT
 * steps; a deep or bidirectional network's 0..2F, graph/layout/stackSchedule.ts), playing and its speed.
 */
import type { StateCreator } from 'zustand';
import { stackShapeOf } from '../../engine/index';
import { forwardPositions } from '../../graph/layout/index';
import type { AppState } from '../state';

/** Steps per second the speed control offers. */
export const SPEEDS = [0.5, 1, 2, 4, 8, 16, 30, 60] as const;

export interface PlaybackSlice {
  /** 0..2 tau: how many steps (forward, then backward) are computed. */
  position: number;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  /** Moves to position p, clamped to 0..2 tau. */
  seek: (p: number) => void;
  stepForward: () => void;
  stepBack: () => void;
  /** Plays from the cursor (from the start when at the end). */
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  /** Back to position 0, paused. */
  reset: () => void;
  jumpToEnd: () => void;
  setSpeed: (speed: number) => void;
}

/** The last position of the current model's pass: 2 tau, or a stack's 2F (each layer and direction a sweep of tau steps). */
export const endOf = (s: Pick<AppState, 'model'>): number => 2 * forwardPositions(stackShapeOf(s.model), s.model.sequence.length);

export const createPlaybackSlice: StateCreator<AppState, [], [], PlaybackSlice> = (set, get) => ({
  position: 0,
  playing: false,
  // One step a second: slow enough to watch each step's numbers travel along its edges (stepMotion).
  speed: 1,
  seek: (p) => set({ position: Math.max(0, Math.min(endOf(get()), Math.round(p))) }),
  stepForward: () => get().seek(get().position + 1),
  stepBack: () => get().seek(get().position - 1),
  play: () => set({ playing: true, position: get().position >= endOf(get()) ? 0 : get().position }),
  pause: () => set({ playing: false }),
  togglePlay: () => (get().playing ? get().pause() : get().play()),
  reset: () => set({ position: 0, playing: false }),
  jumpToEnd: () => set({ position: endOf(get()), playing: false }),
  setSpeed: (speed) => set({ speed }),
});
