/** New and its Undo: the default scene the app opens with, and back to exactly what was there. */
import { describe, expect, it } from 'vitest';
import { initModel } from '../../src/engine/index';
import { startNew, undoNew } from '../../src/store/fresh';
import { PRESETS } from '../../src/store/presets';
import { DEFAULT_SCENE, buildModel } from '../../src/store/scene';
import { selectActivePreset } from '../../src/store/selectors';
import { DEFAULT_TRAINING } from '../../src/store/slices/training';
import type { AppStore } from '../../src/store/store';
import { createAppStore } from '../../src/store/store';

/** What New resets and Undo brings back. */
const sceneOf = (store: AppStore) => {
  const { model, config, position, selected, training: { optimizer, learningRate, clipNorm } } = store.getState();
  return { model, config, position, selected, settings: { optimizer, learningRate, clipNorm } };
};

describe('New', () => {
  it('starts the scene the app opens with, and Undo puts back the preset, cursor, selection and settings it replaced', () => {
    const fresh = sceneOf(createAppStore());
    const store = createAppStore();
    const echo = PRESETS.find((p) => p.id === 'long-echo-gru')!;
    expect(store.getState().replaceConfig(echo.config)).toBe(true);
    store.getState().setTrainingSettings(echo.training!);
    store.getState().seek(40);
    store.getState().select('h@12');
    const before = sceneOf(store);
    const sceneBefore = store.getState().scene;

    const replaced = startNew(store);
    const after = sceneOf(store);
    expect(after.config).toEqual(DEFAULT_SCENE);
    expect(after.model).toEqual(fresh.model);
    expect(after.model).toEqual(buildModel(DEFAULT_SCENE));
    expect([after.position, after.selected]).toEqual([0, null]);
    expect(after.settings).toEqual(DEFAULT_TRAINING);
    expect(store.getState().scene).not.toBe(sceneBefore);
    expect(selectActivePreset(store.getState())?.preset.id).toBe('hello-world');

    undoNew(store, replaced);
    const back = sceneOf(store);
    expect(back.model).toBe(before.model);
    expect(back).toEqual(before);
    expect(back.settings).toEqual(echo.training);
    expect(selectActivePreset(store.getState())?.preset).toBe(echo);
    // A new scene name: the worker is asked for the model's trace again.
    expect(store.getState().scene).not.toBe(sceneBefore);
    expect([store.getState().trace, store.getState().version]).toEqual([null, 0]);
  });

  it('Undo brings back an imported or trained model bit for bit, not the model its controls would build', () => {
    const store = createAppStore();
    const imported = initModel({ variant: 'jordan', feedback: 'softmax', input: 3, hidden: 5, output: 3, length: 7, seed: 99 });
    store.getState().loadState({ model: imported, config: null, position: 9, selected: 'o@2' });
    const trained = { ...imported, params: { ...imported.params, c: Float64Array.from([0.5, -0, 1e-300]) } };
    store.getState().setVersion(trained, 3, null);
    const before = sceneOf(store);

    const replaced = startNew(store);
    expect(store.getState().model.variant).toBe('elman');
    undoNew(store, replaced);
    const back = sceneOf(store);
    expect(back).toEqual(before);
    expect(Array.from(back.model.params.c!)).toEqual([0.5, -0, 1e-300]);
    expect(Object.is(back.model.params.c![1], -0)).toBe(true);
    expect(back.model).not.toEqual(buildModel(back.config));
  });

  it('stops a training run: the new scene starts with none', () => {
    const store = createAppStore();
    store.getState().startTraining();
    expect(store.getState().training.status).toBe('running');
    undoNew(store, startNew(store));
    expect(store.getState().training.status).toBe('idle');
    startNew(store);
    expect(store.getState().training).toMatchObject({ status: 'idle', iterations: 0 });
    expect(store.getState().training.losses.count).toBe(0);
  });
});
