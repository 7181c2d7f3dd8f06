/** The production Content-Security-Policy: its required directives, and the copies made of it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, CSP_HEADER, CSP_META, EMBED_CSP_HEADER, EMBED_DIR, headersFile } from '../csp.config';

/** Each directive of a serialized policy and its sources. */
const parse = (policy: string) => Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));

describe('the Content-Security-Policy', () => {
  it('has at least the directives the app promises, with scripts from its own files only', () => {
    const header = parse(CSP_HEADER);
    expect(header).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'worker-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(header).toEqual(CSP_DIRECTIVES);
    expect(CSP_HEADER).not.toMatch(/unsafe-eval|wasm-unsafe-eval|data:|blob:|\*/);
    // Inline styles are allowed for KaTeX's style attributes only: style elements stay 'self'.
    expect(header['style-src-elem']).toEqual(["'self'"]);
  });

  it('in a meta drops only what a meta cannot carry', () => {
    const { 'frame-ancestors': _, ...rest } = CSP_DIRECTIVES;
    expect(parse(CSP_META)).toEqual(rest);
  });

  it('for the embed page drops frame-ancestors alone, so that any page may frame it', () => {
    const { 'frame-ancestors': _, ...rest } = CSP_DIRECTIVES;
    expect(parse(EMBED_CSP_HEADER)).toEqual(rest);
    expect(EMBED_CSP_HEADER).not.toMatch(/frame-ancestors|unsafe-eval|\*/);
  });

  it('public/_headers sends the app policy to every path, then the embed page policy to its folder', () => {
    const file = readFileSync(fileURLToPath(new URL('../public/_headers', import.meta.url)), 'utf8');
    expect(file, 'public/_headers differs from csp.config.ts: write headersFile() into it').toBe(headersFile());
    expect(file).toContain(`/*\n  Content-Security-Policy: ${CSP_HEADER}\n`);
    // Later, so that a host that lets the later rule win (Netlify) sends it to the embed page.
    expect(file.indexOf(`/${EMBED_DIR}/*\n  Content-Security-Policy: ${EMBED_CSP_HEADER}\n`)).toBeGreaterThan(file.indexOf('/*\n'));
  });
});
