/** `npm test` on a machine without Chromium: one line saying what is missing and how to get it. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./require-browser.mjs', import.meta.url));
const run = (env: Record<string, string>) => spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('the browser check before npm test', () => {
  it('names a missing Chromium in one line, with the command that installs it', () => {
    const r = run({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('CHROMIUM_PATH=/nonexistent/chromium');
    expect(lines[0]).toContain('apt-get install -y chromium fonts-wqy-microhei');
  });

  it('says nothing when the browser is there', () => {
    // The test machine has what the browser tests need (they would fail otherwise).
    const r = run({ CHROMIUM_PATH: process.execPath });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
