/** The model slice: the model the engine runs, the scene the controls describe, and how they change. */
import type { StateCreator } from 'zustand';
import type { Model } from '../../engine/index';
import type { TrainedTrace } from '../../worker/protocol';
import { modelKey } from '../../worker/protocol';
import type { SampleSettings } from '../sampling';
import type { SceneConfig } from '../scene';
import { DEFAULT_SCENE, SceneError, buildModel, configFromModel } from '../scene';
import type { SharedState } from '../share';
import type { AppState } from '../state';
import { freshTraining } from './training';
import { NO_TRACE } from './view';

export interface ModelSlice {
  /** The model the worker runs: the truth every panel shows. */
  model: Model;
  /**
   * Names the model's scene: everything but its parameters (variant, sizes, sequence, truncation,
   * labels). A new one for every edit, import or load; training keeps it.
   */
  scene: string;
  /** The version of the parameters within the scene: 0 as built or loaded; every training batch makes a new one. */
  version: number;
  /** What the controls show; the model is built from it unless it was imported or sampled. */
  config: SceneConfig;
  /**
   * How the model's sequence was generated (free running, ../sampling.ts): its first `prompt`
   * tokens read as given, the rest drawn from its own outputs; null for an ordinary scene. Any
   * edit of the scene, or a state loaded without it, makes the scene ordinary again.
   */
  sampled: SampleSettings | null;
  /** Applies an edit of the controls; an invalid one is refused with a message and changes nothing. */
  editConfig: (patch: Partial<SceneConfig>) => boolean;
  /** Replaces the whole scene (e.g. to drop a setting); refused like an edit when invalid. */
  replaceConfig: (config: SceneConfig) => boolean;
  /** Takes a whole state (file import, link, autosave): model, controls, position, selection; `scene` when the worker holds the model already (as its version 0). */
  loadState: (state: SharedState, scene?: string) => void;
  /**
   * Takes other parameters of the same scene as `version` (a training batch's, a history entry's),
   * with their trace when it came along; else the old trace stays on screen until the new one
   * arrives. Cursor and selection stay.
   */
  setVersion: (model: Model, version: number, trace: TrainedTrace | null) => void;
}

let scenes = 0;
let versions = 0;
/** A fresh scene name: a new model that is not a trained version of another. */
export const nextScene = (): string => `s${++scenes}`;
/** A fresh version number (never one given before, in any scene): what a training batch's model is named. */
export const nextVersion = (): number => ++versions;

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set, get) => ({
  model: buildModel(DEFAULT_SCENE),
  scene: nextScene(),
  version: 0,
  config: DEFAULT_SCENE,
  sampled: null,
  editConfig: (patch) => get().replaceConfig({ ...get().config, ...patch }),
  replaceConfig: (config) => {
    let model: Model;
    try {
      model = buildModel(config);
    } catch (e) {
      get().showError(e instanceof SceneError ? e.describe(get().language) : e instanceof Error ? e.message : String(e));
      return false;
    }
    set({
      config, model, sampled: null, scene: nextScene(), version: 0, position: 0, playing: false, selected: null, ...NO_TRACE, check: null, error: null,
      training: freshTraining(get().training),
    });
    return true;
  },
  setVersion: (model, version, trace) => set({
    model, version, check: null,
    ...(trace ? { trace: trace.stacked ? null : trace.trace, stackTrace: trace.stacked ? trace.trace : null, traceKey: modelKey(get().scene, version) } : {}),
  }),
  loadState: (state, scene) => {
    const config = state.config ?? configFromModel(state.model, get().config.seed);
    set({
      config, model: state.model, sampled: state.sampled ?? null, scene: scene ?? nextScene(), version: 0, position: state.position, playing: false,
      selected: state.selected, ...NO_TRACE, check: null, error: null,
      training: freshTraining(get().training),
    });
  },
});
