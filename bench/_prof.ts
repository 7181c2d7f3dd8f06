import { SETTLE, openApp, serveApp } from './app';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const app = await serveApp();
const { browser } = app;
const opened = await openApp(app, (p) => p.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor({ timeout: 30_000 }));
const page = opened!.page;
const tau = Number(process.env.TAU ?? 512);
await page.getByLabel('Sequence length').fill(String(tau));
await page.getByTestId('position').filter({ hasText: `Forward t = 0 / ${tau}` }).waitFor({ timeout: 30_000 });
await page.getByTestId('memory').filter({ hasText: 'numbers' }).waitFor({ timeout: 30_000 });
if (process.env.TAB) await page.getByRole('tab', { name: process.env.TAB }).click();
await page.getByLabel('Speed').selectOption('60');
await page.getByTestId('position').click();
await page.keyboard.press('Home');
await page.evaluate(SETTLE);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await page.evaluate(`window.__benchReplay = setInterval(() => { const play = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Play'); if (play) play.click(); }, 50)`);
await sleep(3000);
await page.evaluate('clearInterval(window.__benchReplay)');
const trace = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents as any[];
const main = trace.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const ev = trace.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
const all = trace.filter((e) => e.pid === main.pid && e.tid === main.tid).sort((a, b) => a.ts - b.ts);
const tasks = ev.filter((e) => e.name === 'RunTask' && e.dur > 25000).sort((a, b) => b.dur - a.dur).slice(0, 3);
for (const t of tasks) {
  console.log(`\nTASK ${(t.dur / 1000).toFixed(1)} ms at ${((t.ts - ev[0].ts) / 1000).toFixed(0)}`);
  if (tasks.indexOf(t) < 2) for (const e of all.filter((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur)) console.log(`    . +${((e.ts - t.ts) / 1000).toFixed(2)} ${e.ph} ${e.name} ${e.dur ? (e.dur / 1000).toFixed(2) : ''} ${JSON.stringify(e.args?.data ?? e.args?.beginData ?? '').slice(0, 160)}`);
  const inside = ev.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e !== t && e.dur > 800).sort((a, b) => a.ts - b.ts);
  for (const e of inside) {
    const d = e.args?.data ?? {};
    const beginData = e.args?.beginData ?? {};
    const st = e.args?.beginData?.stackTrace;
    if (st) console.log('     forced by', st.slice(0, 4).map((f: any) => `${f.functionName}:${String(f.url).split('/').pop()}:${f.lineNumber}`).join(' < '));
    console.log(`  +${((e.ts - t.ts) / 1000).toFixed(1)} ${e.name} ${(e.dur / 1000).toFixed(1)} ${d.functionName ?? ''} ${d.url ? String(d.url).split('/').pop() + ':' + d.lineNumber : ''} ${beginData.dirtyObjects ?? ''} ${d.type ?? ''}`);
  }
}
{
  // Totals over the phase, per top-level kind (events directly under a RunTask).
  const runs = ev.filter((e) => e.name === 'RunTask');
  const total = new Map<string, number>();
  for (const r of runs) {
    const kids = ev.filter((e) => e.ts >= r.ts && e.ts + e.dur <= r.ts + r.dur && e !== r);
    // direct children only: not inside another child
    for (const k of kids) {
      if (kids.some((o) => o !== k && o.ts <= k.ts && o.ts + o.dur >= k.ts + k.dur && o.dur > k.dur)) continue;
      const key = k.name === 'FunctionCall' || k.name === 'FireAnimationFrame' || k.name === 'EventDispatch' || k.name === 'TimerFire' ? `${k.name}:${k.args?.data?.functionName ?? k.args?.data?.type ?? ''}` : k.name;
      total.set(key, (total.get(key) ?? 0) + k.dur / 1000);
    }
  }
  const sum = runs.reduce((a, r) => a + r.dur / 1000, 0);
  console.log(`
RunTask total ${sum.toFixed(0)} ms over 3 s`);
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(0).padStart(6)}  ${k}`);
}
await app.close();
