/** The model slice: the model the engine runs, the scene the controls describe, and how they change. */
import type { StateCreator } from 'zustand';
import type { Model } from '../../engine/index';
import type { SceneConfig } from '../scene';
import { DEFAULT_SCENE, SceneError, buildModel, configFromModel } from '../scene';
import type { SharedState } from '../share';
import type { AppState } from '../state';
import { freshTraining } from './training';

export interface ModelSlice {
  /** The model the worker runs: the truth every panel shows. */
  model: Model;
  /** Names this model for the worker; a new model gets a new key. */
  modelKey: string;
  /** What the controls show; the model is built from it unless it was imported. */
  config: SceneConfig;
  /** Applies an edit of the controls; an invalid one is refused with a message and changes nothing. */
  editConfig: (patch: Partial<SceneConfig>) => boolean;
  /** Replaces the whole scene (e.g. to drop a setting); refused like an edit when invalid. */
  replaceConfig: (config: SceneConfig) => boolean;
  /** Takes a whole state (file import, link, autosave): model, controls, position, selection; `key` when the worker holds the model already. */
  loadState: (state: SharedState, key?: string) => void;
  /** Takes the model a training batch produced: same scene, cursor and selection, new parameters. */
  setTrainedModel: (model: Model) => void;
}

let keys = 0;
/** A fresh model key, `m<lineage>.<version>`: a new model starts a new lineage. */
export const nextModelKey = (): string => `m${++keys}.0`;
/** The key of a trained model: the same lineage as the model it came from, a new version. */
export const nextVersionKey = (key: string): string => `${key.split('.')[0]}.${++keys}`;
/** Whether two keys name versions of one model (training changes parameters, nothing else). */
export const sameLineage = (a: string, b: string): boolean => a.split('.')[0] === b.split('.')[0];

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set, get) => ({
  model: buildModel(DEFAULT_SCENE),
  modelKey: nextModelKey(),
  config: DEFAULT_SCENE,
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
      config, model, modelKey: nextModelKey(), position: 0, playing: false, selected: null, snapshot: null, trace: null, traceKey: null, check: null, error: null,
      training: freshTraining(get().training),
    });
    return true;
  },
  // The old snapshot and trace stay on screen until the new model's arrive: no flicker while training.
  setTrainedModel: (model) => set({ model, modelKey: nextVersionKey(get().modelKey), check: null }),
  loadState: (state, key) => {
    const config = state.config ?? configFromModel(state.model, get().config.seed);
    set({
      config, model: state.model, modelKey: key ?? nextModelKey(), position: state.position, playing: false,
      selected: state.selected, snapshot: null, trace: null, traceKey: null, check: null, error: null,
      training: freshTraining(get().training),
    });
  },
});
