/**
 * One description per cell (the cells issue): outside the cells (src/engine/cells/), the
 * registry that maps a variant to its cell and read-out (src/engine/model.ts) and the message
 * bundles, no file compares a variant by name; each asks the cell (or model.ts's feedsBack,
 * readsOutAtEnd) what it needs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../src/engine/index';

const ROOT = join(import.meta.dirname, '..');
const ALLOWED = [/^src\/engine\/cells\//, /^src\/engine\/model\.ts$/, /^src\/i18n\/messages\//];

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []);

const names = VARIANTS.map((v) => v.replace('-', '\\-')).join('|');
/** `=== 'jordan'`, `'lstm' !==`, `case 'gru':`. */
const COMPARISON = new RegExp(`[!=]==\\s*'(${names})'|'(${names})'\\s*[!=]==|case '(${names})':`);

describe('the variant by name', () => {
  it('is compared nowhere outside the cells, the registry and the messages', () => {
    const found: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      const path = relative(ROOT, file).split('\\').join('/');
      if (ALLOWED.some((re) => re.test(path))) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => { if (COMPARISON.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`); });
    }
    expect(found).toEqual([]);
  });

  it('is caught when compared (the check can fail)', () => {
    for (const line of ["if (model.variant === 'jordan') {", "const x = 'lstm' !== v;", "    case 'single-output':"]) expect(COMPARISON.test(line), line).toBe(true);
    expect(COMPARISON.test("initModel({ variant: 'single-output' })")).toBe(false);
  });
});
