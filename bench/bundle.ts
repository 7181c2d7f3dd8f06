/**
 * `npm run bench:bundle`: what a production build weighs, and how much of it the first paint
 * loads. Builds the app into a temporary folder (with a manifest, for this build only), prints
 * every emitted JS and CSS file with its raw and gzip size (node:zlib, level 9), and sums the
 * first-load JavaScript against the budget: at most 250 KB gzip (fonts aside).
 *
 * First load = the entry chunk, every chunk it imports statically (transitively: these are the
 * <script type="module"> and <link rel="modulepreload"> tags of index.html, and the manifest's
 * `imports`), and the worker chunks those chunks reference with `new Worker(new URL(...))`, with
 * their own static imports. The app creates its engine worker in boot(), before the first render,
 * so the worker loads at first paint: it counts, and it is printed separately. The figure compared
 * with the budget is the JavaScript including the worker. Lazily imported chunks (`import()`),
 * CSS and fonts are not JavaScript loaded first; CSS is printed for information, and the fonts
 * apart: each family's files and bytes (woff2, what browsers load; each face is split by
 * unicode-range, so a page fetches only the files of the glyphs it shows).
 * A figure printer: it exits 0 unless the build fails.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Manifest } from 'vite';
import { build } from 'vite';

/** The budget for first-load JavaScript, gzip, in kB (1 kB = 1000 bytes, as Vite prints them). */
const BUDGET_KB = 250;
/** The size this split aims at, with room for the app to grow. */
const AIM_KB = 200;

/** One emitted file, as the table shows it. */
interface FileRow {
  readonly file: string;
  readonly kind: 'entry' | 'static' | 'lazy' | 'worker' | 'css';
  readonly firstLoad: boolean;
  readonly raw: number;
  readonly gzip: number;
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

/** Raw and gzip (level 9) sizes of a built file. */
function sizes(outDir: string, file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(join(outDir, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The relative specifiers a built ES module imports statically (`import ... from "./x.js"`, `import "./x.js"`). */
function staticImportsOf(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) found.push(m[1]!);
  for (const m of code.matchAll(/(?:^|[;\n}])\s*export\s*(?:\*|\{[^}]*\})\s*from\s*["'](\.{1,2}\/[^"']+)["']/g)) found.push(m[1]!);
  return found;
}

/** The script files index.html loads first: its module scripts and modulepreload links. */
function htmlScripts(html: string): string[] {
  const files: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="\/?([^"]+)"/g)) files.push(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="\/?([^"]+)"/g)) files.push(m[1]!);
  return files;
}

/** The closure of a worker file over its static imports, as paths in the build folder. */
function workerClosure(outDir: string, file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const code = readFileSync(join(outDir, f), 'utf8');
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/') + 1) : '';
    for (const spec of staticImportsOf(code)) visit(new URL(spec, `file:///${dir}`).pathname.slice(1));
  };
  visit(file);
  return [...seen];
}

function table(rows: readonly FileRow[]): void {
  const head = ['file', 'kind', 'first load', 'raw kB', 'gzip kB'];
  const body = rows.map((r) => [r.file, r.kind, r.firstLoad ? 'yes' : 'no', kB(r.raw), kB(r.gzip)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const right = [false, false, false, true, true];
  const line = (cells: readonly string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const b of body) console.log(line(b));
}

async function main(): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), 'unroll-bench-bundle-'));
  try {
    console.log('Building the app…');
    await build({ logLevel: 'error', build: { outDir, emptyOutDir: true, manifest: true } });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const byFile = new Map(Object.values(manifest).map((c) => [c.file, c]));
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    // The app's entry: the manifest's, or (Vite 8 marks none when there are several HTML inputs,
    // the app and the embed page) the chunks of index.html's module scripts.
    const marked = Object.entries(manifest).filter(([, c]) => c.isEntry && !c.src?.includes('embed'));
    const moduleScripts = new Set(Array.from(html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="\/?([^"]+)"/g), (m) => m[1]!));
    const entries = marked.length > 0 ? marked : Object.entries(manifest).filter(([, c]) => moduleScripts.has(c.file));
    if (entries.length === 0) throw new Error('the manifest has no entry, and no chunk is one of index.html\'s module scripts');

    // The entry and its static imports, transitively.
    const firstJs = new Set<string>();
    const firstCss = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || firstJs.has(chunk.file)) return;
      firstJs.add(chunk.file);
      for (const css of chunk.css ?? []) firstCss.add(css);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const [key] of entries) visit(key);

    // Workers: JS files the first-load chunks reference as assets and construct with new Worker(new URL(...)).
    const workers = new Set<string>();
    for (const file of firstJs) {
      const code = readFileSync(join(outDir, file), 'utf8');
      for (const asset of byFile.get(file)?.assets ?? []) {
        if (!asset.endsWith('.js')) continue;
        const name = asset.slice(asset.lastIndexOf('/') + 1);
        if (!new RegExp(`new (?:Shared)?Worker\\(\\s*new URL\\(\\s*[\`"'][^\`"']*${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}`).test(code)) continue;
        for (const f of workerClosure(outDir, asset)) workers.add(f);
      }
    }

    // Cross-check with what index.html actually loads.
    const fromHtml = new Set(htmlScripts(html));
    const htmlMismatch = [...firstJs].filter((f) => !fromHtml.has(f)).concat([...fromHtml].filter((f) => !firstJs.has(f)));

    // Every emitted JS and CSS file.
    const emitted = new Set<string>();
    for (const c of Object.values(manifest)) {
      if (/\.(js|css)$/.test(c.file)) emitted.add(c.file);
      for (const css of c.css ?? []) emitted.add(css);
      for (const a of c.assets ?? []) if (/\.(js|css)$/.test(a)) emitted.add(a);
    }
    for (const w of workers) emitted.add(w);
    const rows: FileRow[] = [...emitted].map((file) => {
      const entry = entries.some(([, c]) => c.file === file);
      const kind: FileRow['kind'] = file.endsWith('.css') ? 'css' : workers.has(file) ? 'worker' : entry ? 'entry' : firstJs.has(file) ? 'static' : 'lazy';
      const firstLoad = firstJs.has(file) || workers.has(file) || firstCss.has(file);
      return { file, kind, firstLoad, ...sizes(outDir, file) };
    });
    const order = { entry: 0, static: 1, worker: 2, lazy: 3, css: 4 };
    rows.sort((a, b) => order[a.kind] - order[b.kind] || Number(b.firstLoad) - Number(a.firstLoad) || b.gzip - a.gzip);
    table(rows);

    const sum = (pick: (r: FileRow) => boolean) => rows.filter(pick).reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip }), { raw: 0, gzip: 0 });
    const main = sum((r) => r.kind === 'entry' || r.kind === 'static');
    const worker = sum((r) => r.kind === 'worker');
    const lazy = sum((r) => r.kind === 'lazy');
    const css = sum((r) => r.kind === 'css' && r.firstLoad);
    const first = { raw: main.raw + worker.raw, gzip: main.gzip + worker.gzip };
    const all = sum((r) => r.kind !== 'css');
    const fonts = new Set(readdirSync(join(outDir, 'assets')).filter((a) => /\.(woff2?|ttf|otf|eot)$/.test(a)).map((a) => `assets/${a}`));
    // Each family's woff2 files: the shipped UI faces (noto-sans-sc-12-400-normal-<hash>.woff2) and KaTeX's (KaTeX_Main-Regular-<hash>.woff2).
    const family = (file: string): string => /^(noto-sans(?:-sc|-mono)?)-/.exec(file.split('/').pop()!)?.[1] ?? (/KaTeX_/.test(file) ? 'KaTeX' : 'other');
    const families = new Map<string, { files: number; bytes: number }>();
    for (const f of fonts) {
      if (!f.endsWith('.woff2')) continue;
      const name = family(f);
      const row = families.get(name) ?? { files: 0, bytes: 0 };
      families.set(name, { files: row.files + 1, bytes: row.bytes + readFileSync(join(outDir, f)).length });
    }
    const fontLines = [...families].sort(([a], [b]) => a.localeCompare(b))
      .map(([name, r]) => `  ${name.padEnd(16)} ${String(r.files).padStart(4)} woff2 files ${kB(r.bytes).padStart(9)} kB in all`).join('\n');

    console.log(`
Sizes in kB (1000 bytes); gzip is node:zlib at level 9 of the file as served.
First-load JavaScript: the entry chunk and its static imports (${firstJs.size} file${firstJs.size === 1 ? '' : 's'}), and the worker the app
creates at boot (${workers.size} file${workers.size === 1 ? '' : 's'}, found as new Worker(new URL(...)) in those chunks).
  main thread (entry + static imports)  ${kB(main.raw).padStart(7)} raw  ${kB(main.gzip).padStart(6)} gzip
  worker (created at boot)              ${kB(worker.raw).padStart(7)} raw  ${kB(worker.gzip).padStart(6)} gzip
  first load, JavaScript (both)         ${kB(first.raw).padStart(7)} raw  ${kB(first.gzip).padStart(6)} gzip   <- compared with the budget
  loaded later (import())               ${kB(lazy.raw).padStart(7)} raw  ${kB(lazy.gzip).padStart(6)} gzip
  all JavaScript                        ${kB(all.raw).padStart(7)} raw  ${kB(all.gzip).padStart(6)} gzip
  first-load CSS (not counted)          ${kB(css.raw).padStart(7)} raw  ${kB(css.gzip).padStart(6)} gzip
Fonts are not counted in the budget; source maps (.map) are not loaded by a browser and are not counted.
Fonts, apart (${fonts.size} files with the woff fallbacks; a page loads only the woff2 subsets of the glyphs it shows):
${fontLines}`);
    if (htmlMismatch.length > 0) console.log(`\nWARNING: index.html and the manifest disagree on the first-load scripts: ${htmlMismatch.join(', ')}`);
    else console.log(`index.html loads exactly these ${firstJs.size} script file${firstJs.size === 1 ? '' : 's'} (module script and modulepreload links).`);

    // What boot imports when there is a link or a saved state to read (src/store/stateRead.ts, the checks and their schemas).
    const restoreKey = Object.keys(manifest).find((k) => /src\/store\/stateRead\.ts$/.test(k));
    if (restoreKey === undefined) throw new Error('the manifest has no chunk for src/store/stateRead.ts (boot imports it to restore a state)');
    const restoreJs = new Set<string>();
    const visitRestore = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || firstJs.has(chunk.file) || restoreJs.has(chunk.file)) return;
      restoreJs.add(chunk.file);
      for (const imported of chunk.imports ?? []) visitRestore(imported);
    };
    visitRestore(restoreKey);
    const restore = sum((r) => restoreJs.has(r.file));
    console.log(`With a link or a saved state to restore, boot also loads ${[...restoreJs].join(', ')}: ${kB(restore.gzip)} kB gzip, ` +
      `${kB(first.gzip + restore.gzip)} kB in all (${first.gzip + restore.gzip <= BUDGET_KB * 1000 ? 'within' : 'over'} the budget).`);

    const pass = first.gzip <= BUDGET_KB * 1000;
    console.log(`\nBudget: first-load JavaScript (worker included) at most ${BUDGET_KB} kB gzip: ${kB(first.gzip)} kB: ${pass ? 'PASS' : 'FAIL'}` +
      ` (${pass ? `${kB(BUDGET_KB * 1000 - first.gzip)} kB to spare` : `${kB(first.gzip - BUDGET_KB * 1000)} kB over`}; aim ${AIM_KB} kB: ${first.gzip <= AIM_KB * 1000 ? 'met' : 'not met'}).`);
    console.log(`Without the worker (main thread only): ${kB(main.gzip)} kB gzip: ${main.gzip <= BUDGET_KB * 1000 ? 'PASS' : 'FAIL'}.`);
    return 0;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
