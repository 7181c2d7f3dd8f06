/// <reference lib="webworker" />
/** The engine worker's entry (a module worker): every request goes to the handler, every answer back with its buffers transferred. */
import { createServer } from './handler';
import type { EngineRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const serve = createServer();

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const result = serve(event.data);
  if (result instanceof Promise) void result.then(({ response, transfer }) => self.postMessage(response, transfer));
  else self.postMessage(result.response, result.transfer);
};
