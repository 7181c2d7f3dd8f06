/** The model file: its schema, the parser, export, seeded initialisation, and the quoting of user text in messages. */
export { ModelError, STACKS_NOT_DRAWN, parseModel, parseModelText } from './parse';
export type { ParseOptions } from './parse';
export { ECHO_CHARS, escapeControls, quote } from './quote';
export { compactModelText, exportModel, stringifyModel, writeCompact } from './export';
export type { ModelFile } from './export';
export type { InitOptions, InitScheme } from './init';
export { INIT_SCHEMES, initModel } from './init';
export type { Dtype, SafetensorsFile, Tensor, TensorToWrite, WriteDtype } from './safetensors';
export { MAX_HEADER_BYTES, bfloat16, float16, readSafetensors, writeSafetensors } from './safetensors';
export type { RecurrentName, TorchImportOptions, TorchSequence, TorchTensor } from './torch';
export { DEFAULT_MODULES, META, exportTorch, importTorch, modelOfStateDict, parseRecurrentName, torchGradients, torchStateDict } from './torch';
