/// <reference lib="webworker" />
/** The engine worker's entry (a module worker): every request goes to the handler, every answer back with its buffers transferred. */
import { createHandler } from './handler';
import type { EngineRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const handle = createHandler();

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const { response, transfer } = handle(event.data);
  self.postMessage(response, transfer);
};
