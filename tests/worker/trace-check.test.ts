/** The worker's trace of a whole pass and its Check action, through the handler and the client. */
import { afterEach, describe, expect, it } from 'vitest';
import { checkGradients, exportModel, initModel, traceOf } from '../../src/engine/index';
import type { EngineClient } from '../../src/worker/client';
import { StaleError, createEngineClient } from '../../src/worker/client';
import { createHandler } from '../../src/worker/handler';
import { FakeWorker } from './fake-worker';

const model = initModel({ variant: 'jordan', feedback: 'softmax', input: 3, hidden: 4, output: 3, length: 6, seed: 5, truncation: 4 });
const file = exportModel(model);

let client: EngineClient | null = null;
afterEach(() => client?.dispose());

describe('trace and check', () => {
  it('the handler sends the trace of the whole pass, with its buffers to transfer', () => {
    const handle = createHandler();
    const { response, transfer } = handle({ type: 'modelTrace', id: 1, key: 'k', model: file });
    if (response.type !== 'modelTrace') throw new Error('expected a trace');
    expect(response.trace).toEqual(traceOf(model));
    expect(transfer).toContain(response.trace.gA.buffer);
    expect(transfer).toContain(response.trace.gradNormsByStep.buffer);
  });

  it('the trace holds what step t sends back across time: W^T dL/da(t)', () => {
    const trace = traceOf(model);
    const { hidden: H, output: K } = model.sizes;
    for (let t = 1; t <= 6; t++) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let i = 0; i < H; i++) s += model.params.W![i * K + k]! * trace.gA[(t - 1) * H + i]!;
        expect(trace.back[(t - 1) * K + k]).toBeCloseTo(s, 14);
      }
    }
  });

  it('the client lets the latest trace request win, and a stale answer is dropped', async () => {
    client = createEngineClient({ createWorker: () => new FakeWorker() });
    const other = exportModel(initModel({ variant: 'elman', input: 3, hidden: 2, output: 3, length: 4, seed: 1 }));
    const stale = (p: Promise<unknown>) => p.then(() => false, (e: unknown) => e instanceof StaleError);
    const first = stale(client.modelTrace('s1.0', file));
    const replaced = stale(client.modelTrace('s2.0', other));
    const last = client.modelTrace('s1.0', file);
    expect([await first, await replaced]).toEqual([true, true]);
    expect(await last).toEqual(traceOf(model));
  });

  it('check requests wait their turn and are never replaced by trace requests', async () => {
    client = createEngineClient({ createWorker: () => new FakeWorker() });
    const settled = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof StaleError ? 'stale' : 'failed'));
    const traces = [settled(client.modelTrace('k', file))];
    const check = client.check('k', file, { kind: 'node', node: 'h', t: 2 });
    traces.push(...[2, 3, 4].map(() => settled(client!.modelTrace('k', file))));
    expect(await check).toEqual(checkGradients(model, { kind: 'node', node: 'h', t: 2 }));
    expect(await Promise.all(traces)).toEqual(['stale', 'stale', 'stale', 'resolved']);
  });

  it('a check of something the network does not have is refused with a message', async () => {
    client = createEngineClient({ createWorker: () => new FakeWorker() });
    await expect(client.check('k', file, { kind: 'param', name: 'h0' })).rejects.toThrow(/does not exist/);
  });
});
