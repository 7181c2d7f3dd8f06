/** What a command of the command line reads, prints and writes, and how it fails: the seams that let tests run it in-process. */

/** What a command prints, the files it writes, and its exit code. */
export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  /** Files to write (main.ts writes them, each whole, before printing): `export --safetensors`. */
  readonly files?: readonly CliFile[];
}

/** A file a command writes: its path and its bytes. */
export interface CliFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Reads a model file's text: a path, or '-' for standard input. Throws a one-line Error. */
export type ReadFile = (path: string) => string;

/** Reads a binary file (a .safetensors state dict) whole. Throws a one-line Error. */
export type ReadBytes = (path: string) => Uint8Array;

/** A usage or input problem: printed as one line, never with a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}
