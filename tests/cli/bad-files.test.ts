/** Every kind of bad file of the parser's table, refused by the command line as a real process. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAD_FILES, edited } from '../engine/bad-files';
import { buildCli, runBuilt } from './bundle';

let cli: string;
beforeAll(async () => { cli = await buildCli(); }, 120_000);
const work = mkdtempSync(join(tmpdir(), 'unroll-bad-'));

/**
 * JSON text of an edited fixture; Infinity is written as 1e400 (which JSON.parse reads as
 * Infinity), and NaN, which JSON cannot hold, as null would change the case, so it is left out.
 */
function jsonText(json: unknown): string | null {
  let hasNaN = false;
  const text = JSON.stringify(json, (_key, value: unknown) => {
    if (typeof value !== 'number' || Number.isFinite(value)) return value;
    if (Number.isNaN(value)) hasNaN = true;
    return value > 0 ? '__POS_INF__' : '__NEG_INF__';
  });
  return hasNaN ? null : text.replaceAll('"__POS_INF__"', '1e400').replaceAll('"__NEG_INF__"', '-1e400');
}

describe('unroll grad refuses every kind of bad file', () => {
  const cases = BAD_FILES.flatMap(([what, name, changes, path, ...words]) => {
    const text = jsonText(edited(name, changes));
    return text === null ? [] : [[what, text, path, words] as const];
  });

  it('covers the whole table but NaN, which JSON text cannot hold', () => {
    expect(cases.length).toBe(BAD_FILES.length - 1);
  });

  it.each(cases)('%s', (what, text, path, words) => {
    const file = join(work, `${what.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, text);
    const r = runBuilt(cli, ['grad', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const line = r.stderr.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    expect(line.startsWith(`unroll: ${file}: ${path}: `)).toBe(true);
    for (const w of words) expect(line).toContain(w);
  });
});
