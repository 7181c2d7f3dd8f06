/**
 * The engine worker's whole logic, as a function from a request to its answer and the buffers
 * to transfer with it: testable without a worker. It holds one stepping session and the key of
 * its model; the model file is validated here, at the worker boundary.
 */
import type { Session } from '../engine/index';
import { ModelError, createSession, parseModel, snapshotOf, snapshotTransfer } from '../engine/index';
import type { EngineRequest, EngineResponse } from './protocol';
import { UNKNOWN_MODEL_KEY } from './protocol';

/** The answer to one request and the buffers to transfer with it (the answer's own typed arrays). */
export interface HandlerResult {
  readonly response: EngineResponse;
  readonly transfer: Transferable[];
}


type SnapshotRequest = Extract<EngineRequest, { type: 'snapshot' }>;

/** A fresh handler holding no model; `crash` throws and `hang` never returns, as the test hooks ask. */
export function createHandler(): (request: EngineRequest) => HandlerResult {
  let held: { readonly key: string; readonly session: Session } | null = null;

  const refuse = (id: number, message: string): HandlerResult => ({ response: { type: 'error', id, message }, transfer: [] });

  const snapshot = (request: SnapshotRequest): HandlerResult => {
    const { id, key, model, position } = request;
    if (model !== undefined) {
      held = { key, session: createSession(parseModel(model)) };
    } else if (held === null || held.key !== key) {
      return refuse(id, UNKNOWN_MODEL_KEY);
    }
    const { session } = held;
    if (!Number.isInteger(position) || position < 0 || position > session.end) {
      return refuse(id, `position: expected an integer in 0..${session.end}, got ${String(position)}`);
    }
    session.seek(position);
    const snap = snapshotOf(session);
    return { response: { type: 'snapshot', id, key, snapshot: snap }, transfer: snapshotTransfer(snap) };
  };

  /**
   * A refused model file is an answer, and so is any other throw while computing: a session that
   * threw mid-step is in no known state, so it is forgotten (the next request brings the model
   * again). Rethrowing would crash the worker, and the request would be retried after the restart.
   */
  const answer = (request: SnapshotRequest): HandlerResult => {
    try {
      return snapshot(request);
    } catch (error) {
      held = null;
      if (error instanceof ModelError) return refuse(request.id, `model: ${error.message}`);
      return refuse(request.id, String(error));
    }
  };

  return (request) => {
    switch (request.type) {
      case 'snapshot':
        return answer(request);
      case 'crash':
        throw new Error('crash requested');
      case 'hang':
        // eslint-disable-next-line no-empty -- the test hook must stop answering for good, as a real hang would
        for (;;) {}
    }
  };
}
