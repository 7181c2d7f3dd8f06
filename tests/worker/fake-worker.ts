/**
 * A worker on a real MessageChannel for tests that need no browser: one port plays the worker
 * (it runs createHandler and posts back with transfer), the other is the client's side.
 */
import type { WorkerLike } from '../../src/worker/client';
import type { HandlerResult } from '../../src/worker/handler';
import { createServer } from '../../src/worker/handler';
import type { EngineRequest, EngineResponse } from '../../src/worker/protocol';

// A real Worker is a WorkerLike (checked by the compiler only).
const _workerIsWorkerLike = (w: Worker): WorkerLike => w;

/** A worker on a MessageChannel. `answers: false` makes it swallow every request, as a hung worker would. */
export class FakeWorker extends EventTarget implements WorkerLike {
  /** Every request the client posted, in order. */
  readonly requests: EngineRequest[] = [];
  /** Every answer the worker side posted, as it was before the transfer. */
  readonly answers: EngineResponse[] = [];
  /** Most requests ever posted and not yet answered. */
  maxOutstanding = 0;
  terminated = false;
  private handle = createServer();
  private hung = false;
  private readonly inside: MessagePort;
  private readonly outside: MessagePort;

  constructor(private readonly answersRequests = true) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.inside = port1;
    this.outside = port2;
    this.inside.onmessage = (event: MessageEvent<EngineRequest>) => this.serve(event.data);
    this.outside.onmessage = (event: MessageEvent<unknown>) => this.dispatchEvent(new MessageEvent('message', { data: event.data }));
  }

  postMessage(message: EngineRequest, transfer: Transferable[]): void {
    this.requests.push(message);
    this.maxOutstanding = Math.max(this.maxOutstanding, this.requests.length - this.answers.length);
    this.outside.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.inside.close();
    this.outside.close();
  }

  /** The worker loses its model, as a fresh worker would. */
  forget(): void {
    this.handle = createServer();
  }

  private serve(request: EngineRequest): void {
    // The real hang hook would busy-loop this very thread; the fake stops answering instead.
    if (this.hung || !this.answersRequests) return;
    if (request.type === 'hang') {
      this.hung = true;
      return;
    }
    try {
      const result = this.handle(request);
      const answer = ({ response, transfer }: HandlerResult): void => {
        this.answers.push(response);
        this.inside.postMessage(response, transfer);
      };
      if (result instanceof Promise) void result.then(answer);
      else answer(result);
    } catch {
      this.dispatchEvent(new Event('error'));
    }
  }
}

