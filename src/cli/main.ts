/** `npm run --silent unroll -- <command>`: the command line, wired to the process. */
import { readFileSync, readSync, statSync } from 'node:fs';
import { LIMITS } from '../engine/index';
import { runCli } from './commands';

const TOO_BIG = `larger than ${LIMITS.fileBytes} bytes, the limit for a model file`;

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
  try {
    if (statSync(path).size > LIMITS.fileBytes) throw new Error(`file is ${TOO_BIG}`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a model file' : `cannot read the file (${code})`;
    throw new Error(problem, { cause: e });
  }
}

const result = runCli(process.argv.slice(2), readInput);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
