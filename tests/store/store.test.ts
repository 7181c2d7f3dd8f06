/** The store's slices: the cursor, edits refused with the state kept, whole states loaded. */
import { describe, expect, it } from 'vitest';
import { initModel } from '../../src/engine/index';
import { DEFAULT_SCENE } from '../../src/store/scene';
import { createAppStore } from '../../src/store/store';

describe('the store', () => {
  it('starts on the default scene at position 0', () => {
    const s = createAppStore().getState();
    expect(s.config).toEqual(DEFAULT_SCENE);
    expect(s.position).toBe(0);
    expect(s.model.sequence.length).toBe(10);
  });

  it('keeps the cursor within 0..2 tau', () => {
    const store = createAppStore();
    store.getState().stepBack();
    expect(store.getState().position).toBe(0);
    store.getState().jumpToEnd();
    expect(store.getState().position).toBe(20);
    store.getState().stepForward();
    expect(store.getState().position).toBe(20);
    store.getState().seek(7.6);
    expect(store.getState().position).toBe(8);
  });

  it('plays from the start when at the end; reset pauses at 0', () => {
    const store = createAppStore();
    store.getState().jumpToEnd();
    store.getState().play();
    expect(store.getState()).toMatchObject({ playing: true, position: 0 });
    store.getState().seek(5);
    store.getState().reset();
    expect(store.getState()).toMatchObject({ playing: false, position: 0 });
  });

  it('an edit builds a new model of a new scene (version 0) and restarts the cursor', () => {
    const store = createAppStore();
    const before = store.getState();
    store.getState().seek(4);
    expect(store.getState().editConfig({ variant: 'jordan', feedback: 'teacher' })).toBe(true);
    const after = store.getState();
    expect(after.model.variant).toBe('jordan');
    expect(after.model.feedback).toBe('teacher');
    expect(after.scene).not.toBe(before.scene);
    expect(after.version).toBe(0);
    expect(after.position).toBe(0);
  });

  it('an invalid edit is refused with a message naming the field; nothing else changes', () => {
    const store = createAppStore();
    store.getState().seek(3);
    const before = store.getState();
    expect(store.getState().editConfig({ hidden: 0 })).toBe(false);
    const after = store.getState();
    expect(after.error).toMatch(/^hidden: /);
    expect(after.model).toBe(before.model);
    expect(after.config).toBe(before.config);
    expect(after.position).toBe(3);
    expect(store.getState().editConfig({ sequence: { mode: 'text', text: 'x' } })).toBe(false);
    expect(store.getState().error).toMatch(/^sequence\.text: /);
  });

  it('loads a whole state: an imported model without a scene gets one derived from it', () => {
    const store = createAppStore();
    const model = initModel({ variant: 'single-output', input: 3, hidden: 5, output: 2, length: 4, seed: 9 });
    store.getState().loadState({ model, config: null, position: 6, selected: 'h@2' });
    const s = store.getState();
    expect(s.model).toBe(model);
    expect(s.config.variant).toBe('single-output');
    expect(s.config.hidden).toBe(5);
    expect(s).toMatchObject({ position: 6, selected: 'h@2', trace: null, version: 0 });
  });
});
