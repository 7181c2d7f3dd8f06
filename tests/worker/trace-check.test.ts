/** The worker's trace of a whole pass and its Check action, through the handler and the client. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Trace } from '../../src/engine/index';
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
    const { response, transfer } = handle({ type: 'snapshot', id: 1, key: 'k', model: file, position: 3, trace: true });
    if (response.type !== 'snapshot' || !response.trace) throw new Error('expected a snapshot with a trace');
    expect(response.trace).toEqual(traceOf(model));
    expect(transfer).toContain(response.trace.gA.buffer);
    const plain = handle({ type: 'snapshot', id: 2, key: 'k', position: 4 }).response;
    expect(plain.type === 'snapshot' && plain.trace).toBe(undefined);
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

  it('the client hands a trace to onTrace, even from an answer that turned stale', async () => {
    const traces: [string, Trace][] = [];
    client = createEngineClient({ createWorker: () => new FakeWorker(), onTrace: (key, trace) => traces.push([key, trace]) });
    const first = client.snapshot('k', file, 0, { trace: true });
    const later = client.snapshot('k', file, 5);
    await expect(first).rejects.toBeInstanceOf(StaleError);
    expect((await later).position).toBe(5);
    expect(traces.map(([key]) => key)).toEqual(['k']);
    expect(traces[0]![1]).toEqual(traceOf(model));
  });

  it('check requests wait their turn and are never replaced by snapshot requests', async () => {
    client = createEngineClient({ createWorker: () => new FakeWorker() });
    const settled = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof StaleError ? 'stale' : 'failed'));
    const snaps = [settled(client.snapshot('k', file, 1))];
    const check = client.check('k', file, { kind: 'node', node: 'h', t: 2 });
    snaps.push(...[2, 3, 4].map((p) => settled(client!.snapshot('k', file, p))));
    expect(await check).toEqual(checkGradients(model, { kind: 'node', node: 'h', t: 2 }));
    expect(await Promise.all(snaps)).toEqual(['stale', 'stale', 'stale', 'resolved']);
  });

  it('a check of something the network does not have is refused with a message', async () => {
    client = createEngineClient({ createWorker: () => new FakeWorker() });
    await expect(client.check('k', file, { kind: 'param', name: 'h0' })).rejects.toThrow(/does not exist/);
  });
});
