/** The sampling slice: what the Generate panel's controls hold (the scene's own sampling mark is the model slice's `sampled`). */
import type { StateCreator } from 'zustand';
import type { Model } from '../../engine/index';
import type { SampleSettings } from '../sampling';
import type { SharedState } from '../share';
import { DEFAULT_SAMPLE_SETTINGS } from '../sampling';
import type { AppState } from '../state';

export interface SamplingSlice {
  /** The settings Generate uses next: prompt, length, temperature or greedy, seed. */
  sampleSettings: SampleSettings;
  /** Changes some of them (checked when Generate runs: a refusal names the field). */
  setSampleSettings: (patch: Partial<SampleSettings>) => void;
  /** What the last Generate replaced, and the model it made (the way back is offered while that model is on screen); null before any. */
  beforeSample: { readonly state: SharedState; readonly made: Model } | null;
}

export const createSamplingSlice: StateCreator<AppState, [], [], SamplingSlice> = (set, get) => ({
  sampleSettings: DEFAULT_SAMPLE_SETTINGS,
  setSampleSettings: (patch) => set({ sampleSettings: { ...get().sampleSettings, ...patch } }),
  beforeSample: null,
});
