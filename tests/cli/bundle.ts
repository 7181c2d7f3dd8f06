/**
 * The command line built once into one JavaScript file, so that a table of cases can each run
 * it as a real process in tens of milliseconds (through npm and tsx a run takes about a second).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

/** Builds src/cli/main.ts with every dependency inlined; returns the file's path. */
export async function buildCli(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'unroll-cli-build-'));
  await build({
    configFile: false,
    logLevel: 'error',
    ssr: { noExternal: true },
    build: { ssr: 'src/cli/main.ts', outDir, emptyOutDir: true, minify: false, rollupOptions: { output: { entryFileNames: 'unroll.mjs' } } },
  });
  return join(outDir, 'unroll.mjs');
}

/** Runs the built command line with arguments and optional standard input. */
export function runBuilt(cli: string, args: string[], input?: string): { stdout: string; stderr: string; code: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}
