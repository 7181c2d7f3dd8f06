import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { CSP_HEADER, CSP_META, EMBED_CSP_HEADER, EMBED_DIR } from './csp.config.js';

/**
 * The built index.html carries the policy as a <meta> right after its charset, before any
 * script or stylesheet, for a static host that sends no header. Build only: the dev server's
 * React refresh needs inline scripts.
 */
function cspMeta(): Plugin {
  const charset = /<meta charset="[^"]*"\s*\/?>/i;
  const content = CSP_META.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return {
    name: 'unroll:csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      if (!charset.test(html)) throw new Error('index.html: no <meta charset> to put the Content-Security-Policy after');
      return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${content}" />`);
    },
  };
}

/**
 * `vite preview` sends the embed page (embed/, embed/index.html) its own policy, which lets any
 * page frame it; every other path keeps `preview.headers`, the app's (frame-ancestors 'none').
 * The header is replaced wherever the files middleware sets it, so the page is served as before.
 */
function embedPolicy(): Plugin {
  return {
    name: 'unroll:embed-policy',
    configurePreviewServer(server) {
      const base = server.config.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const embedPage = new RegExp(`^${base}${EMBED_DIR}/(index\\.html)?(\\?|#|$)`);
      server.middlewares.use((req, res, next) => {
        if (req.url !== undefined && embedPage.test(req.url)) {
          const setHeader = res.setHeader.bind(res);
          res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'content-security-policy' ? EMBED_CSP_HEADER : value);
          res.setHeader('Content-Security-Policy', EMBED_CSP_HEADER);
        }
        next();
      });
    },
  };
}

/**
 * zod's only uses of the Function constructor are its JIT: the probe for eval (core/util.js) and
 * the compiler (core/doc.js). schema.ts turns the JIT off (jitless), so neither runs; this cuts
 * both from the bundle, so that it holds no eval at all (tests/e2e/security.test.ts scans it).
 * The build fails if zod's code no longer matches, rather than ship them unnoticed.
 */
function zodWithoutEval(): Plugin {
  const cuts: readonly { file: RegExp; find: RegExp; replace: string }[] = [
    { file: /[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/, find: /const F = Function;\s*new F\(""\);\s*return true;/, replace: 'return false;' },
    {
      file: /[\\/]zod[\\/]v4[\\/]core[\\/]doc\.js$/,
      find: /const F = Function;[^]*?return factory\(\.\.\.Object\.values\(this\.closed\)\);/,
      replace: 'throw new Error("zod: code generation is off (the Content-Security-Policy forbids eval)");',
    },
  ];
  return {
    name: 'unroll:zod-without-eval',
    apply: 'build',
    transform(code, id) {
      const cut = cuts.find((c) => c.file.test(id));
      if (!cut) return null;
      if (!cut.find.test(code)) throw new Error(`${id}: zod's JIT code changed; update zodWithoutEval in vite.config.ts`);
      return { code: code.replace(cut.find, cut.replace), map: null };
    },
  };
}

/**
 * The engine and the graph's geometry (src/engine/, src/graph/) are pure: importing one of their
 * modules does nothing but define it (the one top-level call, zod's config in
 * src/engine/file/fields.ts, runs with the schemas that need it). So each is bundled only for what
 * is used of it: the page writes model files on its main thread and reads them in the worker, and
 * without this the schemas (zod) and every chart would come with any import of an index into
 * the first load (`npm run bench:bundle`).
 */
const PURE_MODULES = { moduleSideEffects: (id: string) => !/[\\/]src[\\/](engine|graph)[\\/]/.test(id) };

export default defineConfig({
  plugins: [react(), cspMeta(), zodWithoutEval(), embedPolicy()],
  // The worker bundles zod too (model files are parsed there).
  worker: { format: 'es', plugins: () => [zodWithoutEval()], rolldownOptions: { treeshake: PURE_MODULES } },
  // No asset inlined as a data: URL (KaTeX's smallest font would be): fonts stay font-src 'self'.
  build: {
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
    rolldownOptions: {
      treeshake: PURE_MODULES,
      // The app, and the embed page (src/components/present/pageMode.ts), its own entry so that a host can send it its own header.
      input: { main: fileURLToPath(new URL('index.html', import.meta.url)), embed: fileURLToPath(new URL(`${EMBED_DIR}/index.html`, import.meta.url)) },
      output: {
        // What the first paint needs, bar the entry itself (index.html and main.tsx), in one
        // chunk that the lazy panels share, rather than a handful of small common chunks
        // (`npm run bench:bundle` prints the split).
        codeSplitting: { groups: [{ name: 'shared', tags: ['$initial'], test: (id) => !/[\\/](index\.html|src[\\/]main\.tsx)$/.test(id) }] },
      },
    },
  },
  // The production policy as a real header (the e2e tests run against `vite preview`).
  preview: { headers: { 'Content-Security-Policy': CSP_HEADER } },
  test: {
    reporters: ['default', './tests/closing-line-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          environment: 'node',
          // The property tests against central differences run hundreds of passes each: seconds, not milliseconds.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
