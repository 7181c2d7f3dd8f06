/**
 * "New": the scene the app opens with when nothing is saved, and the way back to what was there.
 * What is kept for the way back is what a link or the saved state holds (sharedStateOf: model,
 * scene, cursor, selection), put back by loadState as a link is, and the training settings.
 */
import { sharedStateOf } from './effects';
import { DEFAULT_SCENE } from './scene';
import type { SharedState } from './share';
import type { TrainingSettings } from './slices/training';
import { DEFAULT_TRAINING, freshTraining } from './slices/training';
import type { AppStore } from './store';

/** What New replaced: the whole state a link would hold, and the training settings. */
export interface Replaced {
  readonly state: SharedState;
  readonly training: TrainingSettings;
}

/** The training settings alone of the training state. */
const settingsOf = ({ optimizer, learningRate, clipNorm }: TrainingSettings): TrainingSettings => ({ optimizer, learningRate, clipNorm });

/**
 * Starts the default scene (DEFAULT_SCENE's model at t = 0, nothing selected, the default training
 * settings, no run) and returns what it replaced, for undoNew.
 */
export function startNew(store: AppStore): Replaced {
  const s = store.getState();
  const replaced: Replaced = { state: sharedStateOf(s), training: settingsOf(s.training) };
  // The default scene always builds: replaceConfig cannot refuse it.
  s.replaceConfig(DEFAULT_SCENE);
  store.setState({ training: freshTraining(DEFAULT_TRAINING) });
  return replaced;
}

/** Puts back what New replaced: the same model bit for bit, its scene, cursor, selection and training settings (the run's curves are not kept). */
export function undoNew(store: AppStore, replaced: Replaced): void {
  store.getState().loadState(replaced.state);
  store.setState({ training: freshTraining(replaced.training) });
}
