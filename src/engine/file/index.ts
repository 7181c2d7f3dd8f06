/** The model file: its schema, the parser, export, seeded initialisation, and the quoting of user text in messages. */
export { ModelError, parseModel, parseModelText } from './parse';
export { ECHO_CHARS, escapeControls, quote } from './quote';
export { compactModelText, exportModel, stringifyModel, writeCompact } from './export';
export type { ModelFile } from './export';
export type { InitOptions, InitScheme } from './init';
export { INIT_SCHEMES, initModel } from './init';
// PyTorch's state dicts (./safetensors.ts, ./torch.ts) are imported from their modules, not from here:
// the worker loads them with the first state dict a page opens, as a chunk of their own.
export type { TorchImportOptions, TorchSequence } from './torch';
