/**
 * `npm run bench:ui`: how smooth the app stays while playing (as fast as it goes, and slowly,
 * where each step sends its numbers moving along the edges) and while panning the unfolded
 * graph, at tau = 16, 128 and 512, in Debian's headless Chromium on a production build. Prints
 * a table per phase (frames, main-thread work per frame, long frames, long tasks, JS heap) and
 * whether the target holds: no frame over 50 ms while panning or playing at tau = 512. A figure
 * printer, not a test: it exits 0 unless the app fails to load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SETTLE, openApp, serveApp } from './app';

/** The sequence lengths measured (UNROLL_BENCH_TAUS=512 measures one, e.g. while profiling). */
const TAUS = (process.env.UNROLL_BENCH_TAUS ?? '16,128,512').split(',').map(Number);
const TARGET_TAU = 512;
/** Steps per second of the motion phase: slow enough for each step's pulses to be drawn. */
const MOTION_SPEED = 2;
/** How long each phase is sampled. */
const SAMPLE_MS = 3000;
/** A frame gap or a task longer than this is long. */
const LONG_MS = 50;
/** Whether to record a Chrome trace for the per-frame work (UNROLL_BENCH_TRACE=0 turns it off, to see its overhead). */
const TRACE = process.env.UNROLL_BENCH_TRACE !== '0';
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
/** Where to keep each phase's trace (UNROLL_BENCH_TRACE_DIR; as `<tau>-<phase>.json`, for DevTools' Performance panel), or nowhere. */
const TRACE_DIR = process.env.UNROLL_BENCH_TRACE_DIR ?? null;

/** What the page measured in one phase. */
interface PageSample {
  /** Gaps between successive rAF frame times, ms. */
  readonly gaps: number[];
  /** Per frame: rAF frame time to the MessageChannel message posted from the rAF callback, ms. */
  readonly render: number[];
  /** Long tasks (PerformanceObserver 'longtask'), ms. */
  readonly longTasks: number[];
}

/** One row of the table. */
interface Row {
  readonly tau: number;
  /** play: 60 steps/s (too quick for the steps' motion); motion: MOTION_SPEED steps/s, each step's pulses moving; pan: dragging. */
  readonly phase: 'play' | 'motion' | 'pan';
  readonly frames: number;
  /** Main-thread busy time per frame interval, from the trace: median, p95, max (ms); null when the trace had no frames. */
  readonly work: readonly [number, number, number] | null;
  /** rAF to after-render message, p95 and max (ms). */
  readonly render: readonly [number, number];
  readonly longFrames: number;
  readonly worstGap: number;
  readonly longTasks: number;
  readonly worstTask: number;
  readonly heapMiB: number;
  readonly note: string;
}

/** A Chrome trace event, as far as this script reads it. */
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly message?: string } };
}

/**
 * The in-page probe, as plain JavaScript (not passed as a function, so no bundler helper leaks
 * into the page): a rAF loop records frame gaps and, with a MessageChannel message posted from
 * the callback, the end of the frame's main-thread rendering; a PerformanceObserver records long tasks.
 */
const PROBE = `(() => {
  const s = { gaps: [], render: [], longTasks: [], running: true, last: null };
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => { if (s.running) s.render.push(performance.now() - e.data); };
  const frame = (ts) => {
    if (!s.running) return;
    if (s.last !== null) s.gaps.push(ts - s.last);
    s.last = ts;
    console.timeStamp('unroll-bench-frame');
    channel.port2.postMessage(ts);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) s.longTasks.push(e.duration); });
  observer.observe({ type: 'longtask' });
  window.__benchStop = () => { s.running = false; observer.disconnect(); return { gaps: s.gaps, render: s.render, longTasks: s.longTasks }; };
})()`;

/** Keeps the app playing: clicks Play again whenever a pass ends (short sequences end within the sample). */
const KEEP_PLAYING = `window.__benchReplay = setInterval(() => {
  const play = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Play');
  if (play) play.click();
}, 50)`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The q-quantile (nearest rank) of some numbers; 0 for none. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Main-thread work per frame from a trace: the renderer main thread's top-level tasks (RunTask),
 * merged, summed over each interval between the probe's successive rAF callbacks (each leaves a
 * console.timeStamp in the trace), so frames here are the frames whose gaps the page measured.
 */
function workPerFrame(events: readonly TraceEvent[]): number[] {
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  // The page's renderer is the one whose main thread ran animation frames.
  const main = mains
    .map((m) => ({ m, n: events.filter((e) => e.name === 'FireAnimationFrame' && e.pid === m.pid && e.tid === m.tid).length }))
    .sort((a, b) => b.n - a.n)[0]?.m;
  if (!main) return [];
  const onMain = (e: TraceEvent) => e.pid === main.pid && e.tid === main.tid;
  const starts = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'unroll-bench-frame' && onMain(e))
    .map((e) => e.ts).sort((a, b) => a - b);
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && onMain(e) && e.dur !== undefined)
    .map((e) => [e.ts, e.ts + e.dur!] as const).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of tasks) {
    const prev = merged[merged.length - 1];
    if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
    else merged.push([a, b]);
  }
  const work: number[] = [];
  let k = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const from = starts[i]!;
    const to = starts[i + 1]!;
    while (k < merged.length && merged[k]![1] <= from) k++;
    let busy = 0;
    for (let j = k; j < merged.length && merged[j]![0] < to; j++) busy += Math.min(to, merged[j]![1]) - Math.max(from, merged[j]![0]);
    work.push(busy / 1000);
  }
  return work;
}

/** Samples one phase: starts the probe and a trace, runs `act` for SAMPLE_MS, and summarises. */
async function measure(browser: Browser, page: Page, tau: number, phase: Row['phase'], act: () => Promise<void>, note = ''): Promise<Row> {
  await page.evaluate(PROBE);
  if (TRACE) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await act();
  const sample = await page.evaluate('window.__benchStop()') as PageSample;
  let work: number[] = [];
  if (TRACE) {
    const trace = (await browser.stopTracing()).toString('utf8');
    if (TRACE_DIR) {
      mkdirSync(TRACE_DIR, { recursive: true });
      writeFileSync(join(TRACE_DIR, `${tau}-${phase}.json`), trace);
    }
    work = workPerFrame((JSON.parse(trace) as { traceEvents: TraceEvent[] }).traceEvents);
  }
  const cdp = await page.context().newCDPSession(page);
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const longGaps = sample.gaps.filter((g) => g > LONG_MS);
  const longTasks = sample.longTasks.filter((d) => d > LONG_MS);
  return {
    tau, phase, frames: sample.gaps.length + 1, note,
    work: work.length ? [quantile(work, 0.5), quantile(work, 0.95), Math.max(...work)] : null,
    render: [quantile(sample.render, 0.95), Math.max(0, ...sample.render)],
    longFrames: longGaps.length, worstGap: Math.max(0, ...sample.gaps),
    longTasks: longTasks.length, worstTask: Math.max(0, ...sample.longTasks),
    heapMiB: heap.usedSize / 1024 / 1024,
  };
}

/** Sets the sequence length and waits until the new pass is drawn and the page is quiet. */
async function setLength(page: Page, tau: number): Promise<void> {
  await page.getByLabel('Sequence length').fill(String(tau));
  await page.getByTestId('position').filter({ hasText: `Forward t = 0 / ${tau}` }).waitFor({ timeout: 30_000 });
  await page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('position').click();
  await page.evaluate(SETTLE);
}

/** Plays at `speed` steps/s from the start for SAMPLE_MS (replaying when a short pass ends). */
async function playing(browser: Browser, page: Page, tau: number, speed = 60): Promise<Row> {
  await page.getByLabel('Speed').selectOption(String(speed));
  await page.getByTestId('position').click();
  await page.keyboard.press('Home');
  await page.evaluate(SETTLE);
  const row = await measure(browser, page, tau, speed === 60 ? 'play' : 'motion', async () => {
    await page.evaluate(KEEP_PLAYING);
    await sleep(SAMPLE_MS);
    await page.evaluate('clearInterval(window.__benchReplay)');
  }, `${speed} steps/s, ${tau * 2 / speed < SAMPLE_MS / 1000 ? 'replayed at each end' : `positions 0..~${Math.round((SAMPLE_MS / 1000) * speed)} of ${2 * tau}`}`);
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.count()) await pause.click();
  return row;
}

/** Drags the unfolded graph in small moves for SAMPLE_MS, or null when the page has no such element. */
async function panning(browser: Browser, page: Page, tau: number): Promise<Row | null> {
  const graph = page.locator('[data-testid="unfolded-graph"]');
  if ((await graph.count()) === 0) return null;
  await graph.scrollIntoViewIfNeeded();
  await page.evaluate(SETTLE);
  const box = await graph.boundingBox();
  if (!box) return null;
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  return measure(browser, page, tau, 'pan', async () => {
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    const end = Date.now() + SAMPLE_MS;
    let x = x0;
    let dir = -1;
    for (let i = 0; Date.now() < end; i++) {
      if (i % 60 === 0) dir = -dir;
      x += 4 * dir;
      await page.mouse.move(x, y0 + 20 * Math.sin(i / 15));
      await sleep(8);
    }
    await page.mouse.up();
  }, 'drag, 4 px moves every ~8 ms');
}

const ms = (v: number) => v.toFixed(1);

/** The table, with how it was measured and the target. */
function report(rows: readonly Row[], panMissing: boolean, errors: readonly string[]): void {
  const head = ['tau', 'phase', 'frames', 'work med', 'work p95', 'work max', 'render p95', 'render max', 'long frames (worst gap)', 'long tasks (worst)', 'heap MiB', 'note'];
  const body = rows.map((r) => [
    String(r.tau), r.phase, String(r.frames),
    r.work ? ms(r.work[0]) : '-', r.work ? ms(r.work[1]) : '-', r.work ? ms(r.work[2]) : '-',
    ms(r.render[0]), ms(r.render[1]),
    `${r.longFrames} (${ms(r.worstGap)})`, `${r.longTasks} (${ms(r.worstTask)})`, r.heapMiB.toFixed(1), r.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const b of body) console.log(line(b));
  console.log(`
Times in ms, sampled ${SAMPLE_MS / 1000} s per phase; headless Chromium's rAF runs at 60 Hz (16.7 ms), so frame time itself says little.
- work: main-thread busy time per frame, from a Chrome trace: the renderer main thread's RunTask events,
  merged, summed between successive rAF callbacks of the probe (marked in the trace with console.timeStamp):
  timers, worker messages, input, React renders, rAF callbacks, style, layout and paint all count.
- render: in the page, from a requestAnimationFrame callback's frame time to a MessageChannel message posted
  from it, i.e. the end of that frame's rendering work on the main thread.
- long frames: gaps over ${LONG_MS} ms between successive rAF frames; long tasks: PerformanceObserver 'longtask' entries.
- heap: the page's JS heap used (CDP Runtime.getHeapUsage) at the end of the phase.`);
  if (panMissing) console.log('\nPanning skipped: the page has no [data-testid="unfolded-graph"] element.');
  const target = rows.filter((r) => r.tau === TARGET_TAU);
  const bad = target.filter((r) => r.longFrames > 0 || r.longTasks > 0 || (r.work !== null && r.work[2] > LONG_MS));
  const phases = target.map((r) => r.phase).join(' and ') || 'nothing';
  const verdict = bad.length === 0
    ? `met${panMissing ? ' for playing (panning not measured)' : ''}`
    : `NOT met: ${bad.map((r) => `${r.phase} (${r.longFrames} long frames, worst gap ${ms(r.worstGap)} ms; ${r.longTasks} long tasks${r.work ? `; worst frame work ${ms(r.work[2])} ms` : ''})`).join('; ')}`;
  console.log(`\nTarget: no frame over ${LONG_MS} ms while panning or playing at tau = ${TARGET_TAU} (measured: ${phases}): ${verdict}.`);
  if (errors.length) console.log(`\nPage errors (${errors.length}):\n${errors.slice(0, 10).map((e) => `  ${e}`).join('\n')}`);
}

async function main(): Promise<number> {
  const app = await serveApp();
  const { browser } = app;
  try {
    const opened = await openApp(app, (p) => p.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor({ timeout: 30_000 }));
    if (!opened) return 1;
    const { page, errors } = opened;
    console.log(`Chromium ${browser.version()}, viewport 1280 x 900, production build.\n`);
    const rows: Row[] = [];
    let panMissing = false;
    for (const tau of TAUS) {
      try {
        await setLength(page, tau);
        rows.push(await playing(browser, page, tau));
        rows.push(await playing(browser, page, tau, MOTION_SPEED));
        const pan = await panning(browser, page, tau);
        if (pan) rows.push(pan);
        else panMissing = true;
      } catch (e) {
        console.log(`tau = ${tau}: could not measure: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
    report(rows, panMissing, errors);
    return 0;
  } finally {
    await app.close();
  }
}

process.exitCode = await main();
