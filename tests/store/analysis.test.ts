/** The analysis views through the store, over the real handler on a MessageChannel. */
import { afterEach, describe, expect, it } from 'vitest';
import { compareFeedback, initModel, jacobianMaxSpan, jacobianView, traceOf } from '../../src/engine/index';
import { connectAnalysis } from '../../src/store/analysis';
import { connectTraining } from '../../src/store/training';
import { buildModel } from '../../src/store/scene';
import { pairFor } from '../../src/store/slices/analysis';
import type { AppStore } from '../../src/store/store';
import { createAppStore } from '../../src/store/store';
import type { EngineClient } from '../../src/worker/client';
import { createEngineClient } from '../../src/worker/client';
import { FakeWorker } from '../worker/fake-worker';

let client: EngineClient | null = null;
let disconnect: (() => void) | null = null;
afterEach(() => {
  disconnect?.();
  client?.dispose();
});

function connect(store: AppStore): FakeWorker {
  const worker = new FakeWorker();
  client = createEngineClient({ createWorker: () => worker });
  disconnect = connectAnalysis(store, client);
  return worker;
}

describe('the pair of steps', () => {
  it('defaults to the whole sequence, clamps a user pair, and respects the span limit at large H', () => {
    const m = buildModel({ variant: 'elman', feedback: 'logits', hidden: 8, seed: 1, truncation: null, sequence: { mode: 'text', text: 'hello world' } });
    expect(pairFor(m, null)).toEqual({ t: 10, k: 0 });
    expect(pairFor(m, { t: 40, k: 12 })).toEqual({ t: 10, k: 9 });
    expect(pairFor({ ...m, variant: 'jordan' }, { t: 5, k: 0 })).toEqual({ t: 5, k: 1 });
    const big = { ...m, sizes: { ...m.sizes, hidden: 128 } };
    expect(pairFor({ ...big, sequence: { ...m.sequence, length: 500 } }, null)).toEqual({ t: 500, k: 500 - jacobianMaxSpan(128) });
    expect(pairFor({ ...m, variant: 'jordan', sequence: { ...m.sequence, length: 1 } }, null)).toBeNull();
  });

  it('the LSTM\'s state is 2H: its span limit is that of 2H, the engine\'s, which refuses one step more', () => {
    const lstm = initModel({ variant: 'lstm', input: 3, hidden: 64, output: 3, length: 300, seed: 1 });
    const pair = pairFor(lstm, null)!;
    expect(pair).toEqual({ t: 300, k: 300 - jacobianMaxSpan(128) });
    expect(() => jacobianView(lstm, pair.t, pair.k - 1)).toThrow(/at most 128 steps at H = 64/);
  });

  it('shows dh(t)/dh(k) by default; the choice of block is the store\'s', () => {
    const store = createAppStore();
    expect(store.getState().jacobian.shown).toBe('h');
    store.getState().setJacobianShown('s');
    expect(store.getState().jacobian.shown).toBe('s');
  });
});

describe('analysis effects', () => {
  it('computes the Jacobian only while its panel is open, for the chosen pair', async () => {
    const store = createAppStore();
    const worker = connect(store);
    store.getState().setJacobianPair({ t: 8, k: 3 });
    await new Promise((r) => setTimeout(r, 20));
    expect(worker.requests.filter((r) => r.type === 'jacobian')).toHaveLength(0);
    store.getState().setJacobianOpen(true);
    await expect.poll(() => store.getState().jacobian.view).not.toBeNull();
    expect(store.getState().jacobian.view).toEqual(jacobianView(store.getState().model, 8, 3));
    store.getState().setJacobianPair({ t: 10, k: 2 });
    await expect.poll(() => store.getState().jacobian.view?.k).toBe(2);
  });

  it('while training runs, follows the model with a Jacobian at most once a second', async () => {
    const store = createAppStore();
    const worker = connect(store);
    const stopTraining = connectTraining(store, client!);
    store.getState().setJacobianOpen(true);
    await expect.poll(() => store.getState().jacobian.view).not.toBeNull();
    store.getState().startTraining();
    await new Promise((r) => setTimeout(r, 1500));
    store.getState().pauseTraining();
    stopTraining();
    const batches = worker.requests.filter((r) => r.type === 'train').length;
    const views = worker.requests.filter((r) => r.type === 'jacobian').length;
    expect(batches).toBeGreaterThan(5);
    // The first view, then at most one a second while training: a few, not one per batch.
    expect(views).toBeLessThanOrEqual(4);
  });

  it('compares teacher forcing and free running on the scene as a Jordan network', async () => {
    const store = createAppStore();
    connect(store);
    store.getState().setComparisonIterations(20);
    store.getState().requestComparison();
    await expect.poll(() => store.getState().comparison.status).toBe('done');
    const { optimizer, learningRate, clipNorm } = store.getState().training;
    const jordan = buildModel({ ...store.getState().config, variant: 'jordan' });
    expect(store.getState().comparison.result).toEqual(compareFeedback(jordan, { optimizer, learningRate, clipNorm, snapshotEvery: 1000, snapshotCapacity: 1 }, 20));
    // A new scene drops it.
    store.getState().editConfig({ hidden: 4 });
    expect(store.getState().comparison.status).toBe('idle');
  });

  it('shows the other two topologies on the same scene, and rebuilds them when the scene changes', async () => {
    const store = createAppStore();
    connect(store);
    store.getState().setLayout('three');
    await expect.poll(() => Object.values(store.getState().companions?.byVariant ?? {}).filter((c) => c.trace).length).toBe(2);
    const { companions, config } = store.getState();
    expect(Object.keys(companions!.byVariant).sort()).toEqual(['jordan', 'single-output']);
    expect(companions!.byVariant.jordan!.trace).toEqual(traceOf(buildModel({ ...config, variant: 'jordan' })));
    store.getState().editConfig({ seed: 2 });
    await expect.poll(() => store.getState().companions?.byVariant.jordan?.model.params.W).toEqual(buildModel({ ...config, seed: 2, variant: 'jordan' }).params.W);
    store.getState().setLayout('one');
    expect(store.getState().companions).toBeNull();
  });

  it('names a scene the other topologies cannot be built from', async () => {
    const store = createAppStore();
    connect(store);
    // Single output over a sequence whose targets differ is still buildable; a bad config is not: force one.
    store.setState({ config: { ...store.getState().config, hidden: 0 } });
    store.getState().setLayout('three');
    expect(store.getState().companionError).toMatch(/^hidden: /);
  });
});
