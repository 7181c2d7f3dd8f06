/**
 * Generating from the model (free running, Deep Learning section 10.2.1) as the store does it:
 * the settings, the sampled model built from a model and its settings (pure, seeded: a link
 * that carries them rebuilds the same text), and Generate with its way back (the fresh.ts
 * pattern: what was replaced is kept, and Undo puts it back as a link would).
 */
import type { Model, SampleProblem, SampleSpec } from '../engine/index';
import { SampleError, sample, sampledModel } from '../engine/index';
import type { Lang } from '../i18n/i18n';
import { sampleMessages } from '../i18n/messages/sample';
import { sharedStateOf } from './effects';
import type { SharedState } from './share';
import type { AppState } from './state';
import type { AppStore } from './store';

/** How to generate: the controls of the Generate panel, and what a sampled scene (and its link) carries. */
export interface SampleSettings {
  /** p: how many tokens of the sequence, from its start, are read as given (1..tau). */
  readonly prompt: number;
  /** L: how many tokens to generate after them. */
  readonly length: number;
  /** T: the temperature of the draws, softmax(o / T); ignored when greedy. */
  readonly temperature: number;
  /** Whether each next token is the argmax instead of a draw. */
  readonly greedy: boolean;
  /** Seed of the draws, an integer in 0..2^32-1. */
  readonly seed: number;
}

export const DEFAULT_SAMPLE_SETTINGS: SampleSettings = { prompt: 1, length: 10, temperature: 1, greedy: false, seed: 1 };

/** The temperatures the slider offers (any in the engine's range is accepted from a link). */
export const TEMPERATURE_SLIDER = { min: 0.1, max: 2, step: 0.1 } as const;

/** The engine's request of the settings. */
export const specOf = (s: SampleSettings): SampleSpec => ({
  prompt: s.prompt, length: s.length, seed: s.seed, rule: s.greedy ? { kind: 'greedy' } : { kind: 'draw', temperature: s.temperature },
});

/** The sampled model: `model`'s parameters reading its first p tokens then the L it generates. Throws a SampleError. */
export const sampleModel = (model: Model, settings: SampleSettings): Model => sampledModel(model, sample(model, specOf(settings)));

/** The first step whose input the model chose: p + 1. */
export const firstSampledStep = (settings: SampleSettings): number => settings.prompt + 1;

/** A refusal in words, in `lang`. */
export function sampleProblemText(p: SampleProblem, lang: Lang): string {
  const m = sampleMessages[lang];
  switch (p.kind) {
    case 'dense': return m.problemDense;
    case 'read-at-end': return m.problemSingle;
    case 'bidirectional': return m.problemBidirectional;
    case 'classes': return m.problemClasses(p.n, p.K);
    case 'labels': return m.problemLabels(p.id, p.input, p.output);
    case 'prompt': return m.problemPrompt(p.max, String(p.got));
    case 'length': return m.problemLength(p.max, String(p.got));
    case 'temperature': return m.problemTemperature(String(p.got));
    case 'seed': return m.problemSeed(String(p.got));
    case 'non-finite': return m.problemNonFinite(p.step);
  }
}

/** What Generate replaced: the whole state a link would hold. */
export interface BeforeSample {
  readonly state: SharedState;
}

/** Whether the way back from the last Generate is open: its model is still the one on screen. */
export const canUndoSample = (s: Pick<AppState, 'beforeSample' | 'model'>): boolean => s.beforeSample !== null && s.beforeSample.made === s.model;

/**
 * Generates from the store's model (trained or not) with `settings`: the scene becomes the sampled
 * sequence at t = 0, marked as sampled; returns what it replaced, or the refusal in words (the
 * state then stays as it was).
 */
export function startSample(store: AppStore, settings: SampleSettings): BeforeSample | { readonly refused: string } {
  const s = store.getState();
  let model: Model;
  try {
    model = sampleModel(s.model, settings);
  } catch (e) {
    if (e instanceof SampleError) return { refused: sampleProblemText(e.why, s.language) };
    throw e;
  }
  const before: BeforeSample = { state: sharedStateOf(s) };
  s.loadState({ model, config: s.config, position: 0, selected: null, sampled: settings });
  store.setState({ beforeSample: { state: before.state, made: model } });
  return before;
}

/** Puts back what Generate replaced: the same model bit for bit, its scene, cursor and selection. */
export function undoSample(store: AppStore, before: BeforeSample): void {
  store.getState().loadState(before.state);
  store.setState({ beforeSample: null });
}
