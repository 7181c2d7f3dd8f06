/**
 * `npm run bench:memory`: whether memory stays flat over many cycles of use, in Debian's headless
 * Chromium on a production build. One cycle: reset (choose a task preset), import a model file
 * (the file input, with a fixture from /work/shared/fixtures), play its short sequence to the end
 * at 60 steps/s, and replace the worker (window.__unroll.crashWorker(), then wait until the client
 * has restarted it and the new worker has answered a snapshot).
 *
 * After WARMUP cycles it measures the start, after CYCLES more the end, each once the page is
 * quiet and after forcing garbage collection (CDP HeapProfiler.collectGarbage, GC_ROUNDS times):
 * - JS heap used: CDP Runtime.getHeapUsage `usedSize` (the page's V8 heap; the same figure as
 *   Performance.getMetrics JSHeapUsedSize, which leaves ArrayBuffer contents out);
 * - array buffers: Runtime.getHeapUsage `backingStorageSize`, the bytes of ArrayBuffer backing
 *   stores (every typed array's contents) and external strings of the page's isolate, which V8
 *   keeps outside its heap. (performance.measureUserAgentSpecificMemory would need a
 *   cross-origin-isolated page; a heap snapshot's ArrayBuffer nodes give the same bytes, slowly.)
 * - live engine workers: Playwright's page.workers() whose URL is the engine worker's.
 * The target: heap and array buffers each within 1 MB (2^20 bytes) of the start, one live worker.
 * Both cycles measured end in the same state (the same fixture imported, played, the worker
 * replaced, the cursor back at 0), so a difference is growth, not a different model.
 *
 * DevTools keeps the arguments of console messages alive while it is attached; the bench discards
 * them (Runtime.discardConsoleEntries) before each measurement and counts them, so that what the
 * tool retains is not counted as the app's. A figure printer: it exits 0 unless the app fails.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { FIXTURE_NAMES } from '../tests/fixtures';
import { SETTLE, openApp, serveApp } from './app';

/** The shared fixtures beside the project (../shared/fixtures), or UNROLL_FIXTURES. */
const FIXTURES = process.env.UNROLL_FIXTURES ?? fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
/**
 * Cycles before the start is measured. The first cycles fill what is bounded but not yet full:
 * V8's optimised code for every preset's and file's paths (the heap grows about 0.8 MiB over the
 * first 20 cycles, 0.3 MiB over the next 20, then stays within about 0.1 MiB), the engine's
 * cache of 8 model-file schemas, the lazy panels. 40 cycles show each of the 13 presets at least
 * 3 times and each of the 8 files 5 times. UNROLL_MEMORY_WARMUP=5 shows the heap with that warm-up in it.
 */
const WARMUP = Number(process.env.UNROLL_MEMORY_WARMUP ?? 40);
/** Cycles between the start and the end. */
const CYCLES = Number(process.env.UNROLL_MEMORY_CYCLES ?? 200);
/** Progress (with a measurement) every this many cycles. */
const EVERY = 20;
/** Garbage collections before each measurement. */
const GC_ROUNDS = 5;
/** The most each figure may grow, bytes. */
const LIMIT = 1 << 20;

/** One measurement. */
interface Sample {
  /** V8 heap used, bytes. */
  readonly heap: number;
  /** ArrayBuffer backing stores and external strings, bytes. */
  readonly buffers: number;
  /** Blink's own heap (DOM objects), bytes; for information. */
  readonly embedder: number;
  readonly nodes: number;
  readonly listeners: number;
  readonly documents: number;
  /** Live engine workers. */
  readonly workers: number;
  /** From a heap snapshot: compiled code (V8's `code` nodes: bytecode, optimised code) and everything else, bytes. */
  readonly code: number;
  readonly objects: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));


/** The model files to import, as the app's export writes them (a fixture's `model`). */
function fixtures(): { name: string; text: string }[] {
  // The fixtures of the networks the app has (the gated cells' wait for the cells issue).
  const names = FIXTURE_NAMES.filter((f) => readdirSync(FIXTURES).includes(f));
  if (names.length === 0) throw new Error(`no fixtures in ${FIXTURES}`);
  return names.map((name) => ({ name, text: JSON.stringify((JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { model: unknown }).model) }));
}

const engineWorkers = (page: Page) => page.workers().filter((w) => w.url().includes('engine.worker')).length;

/** Waits until `check` holds, polling; throws `what` after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The memory text once the worker has answered at the cursor ("BPTT memory: N numbers (...)"). */
const answered = (page: Page) => page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor({ timeout: 20_000 });

/** One cycle: reset to a preset, import a file, play it to the end, replace the worker. */
async function cycle(page: Page, i: number, presets: readonly string[], files: readonly { name: string; text: string }[]): Promise<void> {
  // Reset: a task preset replaces the scene, at position 0.
  await page.getByLabel('Task preset').selectOption(presets[i % presets.length]!);
  await until('the preset', async () => /t = 0 \//.test(await page.getByTestId('position').textContent() ?? ''));
  await answered(page);
  // Import a model file through the file input.
  const file = files[i % files.length]!;
  const name = `cycle-${i}-${file.name}`;
  await page.getByLabel('Model file to import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(file.text) });
  await page.getByRole('status').filter({ hasText: name }).first().waitFor({ timeout: 20_000 });
  await answered(page);
  // Play to the end: Step forward is disabled there and Play is back.
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.click();
  await until('the end of the pass', async () => (await page.getByRole('button', { name: 'Step forward', exact: true }).isDisabled()) && (await play.count()) === 1, 60_000);
  // Replace the worker: crash it, wait for the restart and one live worker, and for the new one to answer.
  const restarts = await page.evaluate(() => window.__unroll?.restarts() ?? -1);
  await page.evaluate(() => window.__unroll?.crashWorker());
  await until('the worker restart', async () => (await page.evaluate(() => window.__unroll?.restarts() ?? -1)) > restarts);
  await until('one live worker', () => engineWorkers(page) === 1);
  await page.getByTestId('position').click();
  await page.keyboard.press('Home');
  await until('the cursor at 0', async () => /t = 0 \//.test(await page.getByTestId('position').textContent() ?? ''));
  await answered(page);
}

/** The node fields of a heap snapshot that this script reads. */
interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
}

/** Self sizes of a heap snapshot, summed: V8's compiled code, and the rest (objects, strings, arrays, DOM wrappers). */
async function heapBreakdown(cdp: CDPSession): Promise<{ code: number; objects: number }> {
  const chunks: string[] = [];
  const take = (e: { chunk: string }) => { chunks.push(e.chunk); };
  cdp.on('HeapProfiler.addHeapSnapshotChunk', take);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', take);
  }
  const snap = JSON.parse(chunks.join('')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const type = fields.indexOf('type');
  const size = fields.indexOf('self_size');
  const code = types.indexOf('code');
  const native = types.indexOf('native');
  let inCode = 0;
  let other = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const t = snap.nodes[i + type]!;
    if (t === native) continue; // Blink's objects: the embedder heap, not V8's
    if (t === code) inCode += snap.nodes[i + size]!;
    else other += snap.nodes[i + size]!;
  }
  return { code: inCode, objects: other };
}

/** Measures once the page is quiet, after GC_ROUNDS forced collections (with a heap snapshot's breakdown when `breakdown`). */
async function measure(page: Page, cdp: CDPSession, breakdown = false): Promise<Sample> {
  await page.evaluate(SETTLE);
  await sleep(500); // autosave and other short timers
  await cdp.send('Runtime.discardConsoleEntries');
  for (let i = 0; i < GC_ROUNDS; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(50);
  }
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const split = breakdown ? await heapBreakdown(cdp) : { code: 0, objects: 0 };
  return {
    heap: heap.usedSize, buffers: heap.backingStorageSize, embedder: heap.embedderHeapUsedSize,
    nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents, workers: engineWorkers(page), ...split,
  };
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(3)} MiB`;
const signed = (bytes: number) => `${bytes >= 0 ? '+' : '-'}${(Math.abs(bytes) / 1048576).toFixed(3)} MiB (${bytes >= 0 ? '+' : '-'}${Math.abs(bytes).toLocaleString('en')} B)`;

function report(start: Sample, end: Sample, consoleMessages: number, seconds: number): void {
  const rows: [string, string, string, string, string][] = [
    ['JS heap used (V8)', mib(start.heap), mib(end.heap), signed(end.heap - start.heap), Math.abs(end.heap - start.heap) <= LIMIT ? 'PASS' : 'FAIL'],
    ['array buffers (backing stores)', mib(start.buffers), mib(end.buffers), signed(end.buffers - start.buffers), Math.abs(end.buffers - start.buffers) <= LIMIT ? 'PASS' : 'FAIL'],
    ['live engine workers', String(start.workers), String(end.workers), String(end.workers - start.workers), end.workers === 1 ? 'PASS' : 'FAIL'],
    ['  of which compiled code (info)', mib(start.code), mib(end.code), signed(end.code - start.code), ''],
    ['  of which the rest (info)', mib(start.objects), mib(end.objects), signed(end.objects - start.objects), ''],
    ['Blink heap (info)', mib(start.embedder), mib(end.embedder), signed(end.embedder - start.embedder), ''],
    ['DOM nodes (info)', String(start.nodes), String(end.nodes), String(end.nodes - start.nodes), ''],
    ['JS event listeners (info)', String(start.listeners), String(end.listeners), String(end.listeners - start.listeners), ''],
    ['documents (info)', String(start.documents), String(end.documents), String(end.documents - start.documents), ''],
  ];
  const head = ['figure', 'start', 'end', 'difference', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`\n${line(head)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const r of rows) console.log(line(r));
  const pass = Math.abs(end.heap - start.heap) <= LIMIT && Math.abs(end.buffers - start.buffers) <= LIMIT && end.workers === 1;
  console.log(`
Start: after ${WARMUP} warm-up cycles; end: after ${CYCLES} more (${seconds.toFixed(0)} s). Each measured with the page quiet,
after ${GC_ROUNDS} forced collections (CDP HeapProfiler.collectGarbage). JS heap: Runtime.getHeapUsage usedSize; the
split into compiled code and the rest sums a heap snapshot's self sizes (V8's nodes only; it need not add up to usedSize).
Array buffers: Runtime.getHeapUsage backingStorageSize (ArrayBuffer contents and external strings, outside V8's heap).
Workers: page.workers() running the engine worker. Console messages during the cycles: ${consoleMessages} (their
arguments, which DevTools retains, were discarded before measuring).
Target: JS heap and array buffers within 1 MiB of the start, one live worker: ${pass ? 'PASS' : 'FAIL'}.`);
}

async function main(): Promise<number> {
  const files = fixtures();
  const app = await serveApp();
  const { browser } = app;
  try {
    const opened = await openApp(app, answered);
    if (!opened) return 1;
    const { context, page, errors } = opened;
    const cdp = await context.newCDPSession(page);
    const presets = await page.getByLabel('Task preset').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
    if (presets.length === 0) throw new Error('the Task preset menu has no presets');
    await page.getByLabel('Speed').selectOption('60');
    console.log(`Chromium ${browser.version()}, production build; ${presets.length} presets, ${files.length} model files; ${WARMUP} warm-up cycles, then ${CYCLES}.`);
    // The measured cycles (WARMUP - 1 and WARMUP + CYCLES - 1) import the same file when CYCLES is a multiple of the file count.
    if (CYCLES % files.length !== 0) console.log(`Note: ${CYCLES} cycles is not a multiple of ${files.length} files: start and end hold different models.`);

    for (let i = 0; i < WARMUP; i++) await cycle(page, i, presets, files);
    const start = await measure(page, cdp, true);
    opened.console.messages = 0;
    console.log(`start: heap ${mib(start.heap)}, array buffers ${mib(start.buffers)}, workers ${start.workers}, DOM nodes ${start.nodes}`);
    const began = Date.now();
    let end = start;
    for (let n = 1; n <= CYCLES; n++) {
      try {
        await cycle(page, WARMUP + n - 1, presets, files);
      } catch (e) {
        console.error(`cycle ${n} failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}${errors.length ? `\n${errors.slice(-5).join('\n')}` : ''}`);
        return 1;
      }
      if (n % EVERY === 0 || n === CYCLES) {
        end = await measure(page, cdp, n === CYCLES);
        console.log(`cycle ${String(n).padStart(3)}: heap ${mib(end.heap)} (${signed(end.heap - start.heap)}), array buffers ${mib(end.buffers)} (${signed(end.buffers - start.buffers)}), workers ${end.workers}, DOM nodes ${end.nodes}, ${((Date.now() - began) / 1000).toFixed(0)} s`);
      }
    }
    report(start, end, opened.console.messages, (Date.now() - began) / 1000);
    const unexpected = errors.filter((e) => !e.includes('crash requested'));
    if (unexpected.length) console.log(`\nPage errors (${unexpected.length}):\n${unexpected.slice(0, 10).map((e) => `  ${e}`).join('\n')}`);
    return 0;
  } finally {
    await app.close();
  }
}

process.exitCode = await main();
