/**
 * The analysis views as store effects: ask the worker for the Jacobian of the chosen pair while
 * its panel is open (one request at a time), for the teacher-forcing comparison and the cells'
 * comparison when asked, and for the traces of the other two topologies while they are shown side by side.
 */
import type { Model, Variant } from '../engine/index';
import { exportModel, feedsBack, readsOutAtEnd } from '../engine/index';
import { StaleError } from '../worker/client';
import type { EngineClient } from '../worker/client';
import { modelArgOf } from './modelArg';
import { buildModel } from './scene';
import { selectModelKey } from './selectors';
import { SIDE_BY_SIDE, SIDE_BY_SIDE_CELLS, pairFor } from './slices/analysis';
import type { AppStore } from './store';

/** The least time between two Jacobian views while training runs. */
const JACOBIAN_WHILE_TRAINING_MS = 1000;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Connects the analysis effects; returns how to disconnect them. */
export function connectAnalysis(store: AppStore, client: EngineClient): () => void {
  let asking = false;
  let askAgain = false;
  let lastAsked = -Infinity;
  let later: ReturnType<typeof setTimeout> | null = null;
  const askJacobian = (): void => {
    const { jacobian, model, scene, training } = store.getState();
    const key = selectModelKey(store.getState());
    if (!jacobian.open) return;
    if (asking) {
      askAgain = true;
      return;
    }
    // While training makes a new model every batch, follow it at most once a second: each view
    // costs up to H^3 per step, and the worker's time is the training's.
    const wait = training.status === 'running' ? lastAsked + JACOBIAN_WHILE_TRAINING_MS - Date.now() : 0;
    if (wait > 0) {
      later ??= setTimeout(() => {
        later = null;
        askJacobian();
      }, wait);
      return;
    }
    lastAsked = Date.now();
    const pair = pairFor(model, jacobian.pair);
    if (pair === null) {
      store.setState({ jacobian: { ...jacobian, key, view: null, error: 'Jordan over one step has no two steps to relate.' } });
      return;
    }
    asking = true;
    // The worker holds the model it trained last, or the scene: the model travels only if not.
    client.jacobian(key, modelArgOf(model), pair.t, pair.k).then(
      (view) => {
        const s = store.getState();
        if (s.scene === scene) store.setState({ jacobian: { ...s.jacobian, key, view, error: null } });
      },
      (e: unknown) => {
        const s = store.getState();
        if (!(e instanceof StaleError) && s.scene === scene) store.setState({ jacobian: { ...s.jacobian, key, view: null, error: message(e) } });
      },
    ).finally(() => {
      asking = false;
      if (askAgain) {
        askAgain = false;
        askJacobian();
      }
    });
  };

  const compare = (): void => {
    const s = store.getState();
    const { comparison, training } = s;
    const basis = selectModelKey(s);
    let model: Model;
    try {
      model = feedsBack(s.model.variant) ? s.model : buildModel({ ...s.config, variant: 'jordan' });
    } catch (e) {
      store.setState({ comparison: { ...comparison, status: 'failed', error: message(e) } });
      return;
    }
    const options = { optimizer: training.optimizer, learningRate: training.learningRate, clipNorm: training.clipNorm, snapshotEvery: 1000, snapshotCapacity: 1 };
    client.compare(exportModel(model), options, comparison.iterations).then(
      (result) => {
        const now = store.getState().comparison;
        if (now.basis === basis && now.status === 'running') store.setState({ comparison: { ...now, status: 'done', result } });
      },
      (e: unknown) => {
        const now = store.getState().comparison;
        if (now.basis === basis && now.status === 'running') store.setState({ comparison: { ...now, status: 'failed', error: message(e) } });
      },
    );
  };

  /**
   * The Elman, LSTM and GRU cells trained on the scene's sequence, each from the scene's seed: the
   * model's own sequence (a single-output scene is read with a target at every step, as Elman).
   */
  const compareTheCells = (): void => {
    const s = store.getState();
    const { cellComparison, training } = s;
    const basis = selectModelKey(s);
    let model: Model;
    try {
      model = readsOutAtEnd(s.model) ? buildModel({ ...s.config, variant: 'elman' }) : s.model;
    } catch (e) {
      store.setState({ cellComparison: { ...cellComparison, status: 'failed', error: message(e) } });
      return;
    }
    const options = { optimizer: training.optimizer, learningRate: training.learningRate, clipNorm: training.clipNorm, snapshotEvery: 1000, snapshotCapacity: 1 };
    const settle = (patch: Partial<typeof cellComparison>): void => {
      const now = store.getState().cellComparison;
      if (now.basis === basis && now.status === 'running') store.setState({ cellComparison: { ...now, ...patch } });
    };
    client.compareCells(exportModel(model), SIDE_BY_SIDE_CELLS, s.config.seed, options, cellComparison.iterations).then(
      (result) => settle({ status: 'done', result }),
      (e: unknown) => settle({ status: 'failed', error: message(e) }),
    );
  };

  /** Builds the other networks of the side-by-side layout from the scene and asks for their traces. */
  const showCompanions = (layout: keyof typeof SIDE_BY_SIDE): void => {
    const s = store.getState();
    // Built from the scene alone (their own seeded parameters): training does not change them.
    const basis = s.scene;
    const byVariant: Partial<Record<Variant, { model: Model; trace: null }>> = {};
    try {
      for (const variant of SIDE_BY_SIDE[layout]) if (variant !== s.model.variant) byVariant[variant] = { model: buildModel({ ...s.config, variant }), trace: null };
    } catch (e) {
      store.setState({ companions: null, companionError: message(e) });
      return;
    }
    store.setState({ companions: { basis, byVariant }, companionError: null });
    for (const [variant, companion] of Object.entries(byVariant) as [Variant, { model: Model }][]) {
      client.trace(exportModel(companion.model)).then(
        (trace) => {
          const now = store.getState().companions;
          if (now?.basis !== basis) return;
          store.setState({ companions: { basis, byVariant: { ...now.byVariant, [variant]: { model: companion.model, trace } } } });
        },
        (e: unknown) => {
          if (store.getState().companions?.basis === basis && !(e instanceof StaleError)) store.setState({ companionError: message(e) });
        },
      );
    }
  };

  const unsubscribe = store.subscribe((s, prev) => {
    const newScene = s.scene !== prev.scene;
    // The Jacobian needs the parameters: it follows every version (at most once a second while training).
    if (s.jacobian.open && (newScene || s.version !== prev.version || s.jacobian.pair !== prev.jacobian.pair || !prev.jacobian.open)) askJacobian();
    if (s.comparison.status === 'running' && prev.comparison.status !== 'running') compare();
    if (s.cellComparison.status === 'running' && prev.cellComparison.status !== 'running') compareTheCells();
    // The rest depends on the scene alone. A new scene drops a comparison made on the old one.
    if (newScene && s.comparison.status !== 'idle') {
      store.setState({ comparison: { ...s.comparison, status: 'idle', basis: null, result: null, error: null } });
    }
    if (newScene && store.getState().cellComparison.status !== 'idle') {
      store.setState({ cellComparison: { ...store.getState().cellComparison, status: 'idle', basis: null, result: null, error: null } });
    }
    // The companions follow the scene: rebuilt when it changes, not when training makes a new version.
    if (s.layout !== 'one' && (prev.layout !== s.layout || s.config !== prev.config || newScene)) showCompanions(s.layout);
  });
  return () => {
    unsubscribe();
    if (later !== null) clearTimeout(later);
  };
}
