/** `npm run --silent unroll -- <command>`: the command line, wired to the process. */
import { readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { LIMITS, escapeControls } from '../engine/index';
import { runCli } from './commands';

const TOO_BIG = `larger than ${LIMITS.fileBytes} bytes, the limit for a model file`;
/** Largest state dict read, in bytes: every tensor is decoded to doubles (up to 4 times its size for float16). */
const STATE_DICT_BYTES = 256 * 1024 * 1024;

/** Reads standard input, refusing more than the model file limit before holding it all. */
function readStdin(): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  let total = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new Error(`cannot read standard input (${code ?? 'unknown error'})`, { cause: e });
    }
    if (read === 0) break;
    total += read;
    if (total > LIMITS.fileBytes) throw new Error(`standard input is ${TOO_BIG}`);
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a model file ('-': standard input), checking its size before reading it. */
function readInput(path: string): string {
  if (path === '-') return readStdin();
  return readChecked(path, LIMITS.fileBytes, TOO_BIG, () => readFileSync(path, 'utf8'));
}

/** Reads a safetensors state dict whole, checking its size before reading it. */
function readBytes(path: string): Uint8Array {
  if (path === '-') throw new Error('a state dict is read from a file, not from standard input');
  return readChecked(path, STATE_DICT_BYTES, `larger than ${STATE_DICT_BYTES} bytes, the limit for a state dict`, () => new Uint8Array(readFileSync(path)));
}

/** `read()` once the file at `path` is known to be at most `limit` bytes; a system error as one line. */
function readChecked<T>(path: string, limit: number, tooBig: string, read: () => T): T {
  try {
    if (statSync(path).size > limit) throw new Error(`file is ${tooBig}`);
    return read();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a model file' : `cannot read the file (${code})`;
    throw new Error(problem, { cause: e });
  }
}

let result = runCli(process.argv.slice(2), readInput, readBytes);
for (const file of result.files ?? []) {
  try {
    writeFileSync(file.path, file.bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    result = { stdout: '', stderr: `unroll: ${escapeControls(file.path.slice(0, 200))}: cannot write the file (${code})\n`, code: 1 };
    break;
  }
}
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
