/**
 * Every message bundle: both languages have the same keys, every Chinese text is there and is
 * not the English one left untranslated, and every parameterised message gives text for sample
 * arguments in both languages.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle, Message } from '../../src/i18n/i18n';
import { PRESETS } from '../../src/store/presets';

/** Every bundle of src/i18n/messages/, by file and export name. */
const modules = import.meta.glob<Record<string, unknown>>('../../src/i18n/messages/*.ts', { eager: true });
const bundles: [string, Bundle<Record<string, Message>>][] = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports).map(([name, bundle]): [string, Bundle<Record<string, Message>>] => [`${file.replace(/^.*\//, '')} ${name}`, bundle as Bundle<Record<string, Message>>]));

/** Words that are the same in both languages: names, and the symbols of the mathematics. */
const SHARED_WORDS = new Set(['Adam', 'SGD', 'BPTT', 'LSTM', 'Unroll', 'Elman', 'Jordan', 'softmax', 'Softmax', 'yhat', 'argmax', 'tanh', 'diag', 'onehot', 'logsumexp', 'hello', 'world']);

/** Whether a text may read the same in Chinese: no English word in it beyond the shared ones. */
const mayBeShared = (text: string): boolean => (text.match(/[A-Za-z]{4,}/g) ?? []).every((w) => SHARED_WORDS.has(w));

/** Calls a message with sample arguments: numbers, then words, then lists, whichever it takes. */
function sample(message: (...args: never[]) => string, value: number): string {
  const tries: unknown[] = [value, `x${value}`, [`a${value}`, `b${value}`]];
  for (const arg of tries) {
    try {
      const text = (message as (...args: unknown[]) => unknown)(...Array.from({ length: message.length }, () => arg));
      if (typeof text === 'string') return text;
    } catch {
      // Not this kind of argument: try the next.
    }
  }
  throw new Error('no sample arguments give text');
}

describe('message bundles', () => {
  it('are found', () => {
    expect(bundles.map(([name]) => name)).toEqual(expect.arrayContaining([
      'app.ts appMessages', 'toolbar.ts toolbarMessages', 'controls.ts controlsMessages', 'charts.ts chartsMessages',
      'inspector.ts inspectorMessages', 'dynamics.ts dynamicsMessages', 'training.ts trainingMessages', 'help.ts helpMessages',
    ]));
  });

  describe.each(bundles)('%s', (_, bundle) => {
    it('has the same keys and kinds of message in both languages', () => {
      expect(Object.keys(bundle.zh).sort()).toEqual(Object.keys(bundle.en).sort());
      for (const [key, en] of Object.entries(bundle.en)) {
        const zh = bundle.zh[key]!;
        expect(typeof zh, key).toBe(typeof en);
        if (typeof en === 'function' && typeof zh === 'function') expect(zh.length, key).toBe(en.length);
      }
    });

    it('translates every text', () => {
      for (const [key, en] of Object.entries(bundle.en)) {
        const zh = bundle.zh[key]!;
        const pairs = typeof en === 'string' ? [[en, zh as string]]
          : [1, 2, 7].map((v) => [sample(en, v), sample(zh as typeof en, v)]);
        for (const [e, z] of pairs) {
          expect(e!.trim().length > 0 || e === z, `${key}: English`).toBe(true);
          expect(z!.trim().length > 0 || e === z, `${key}: Chinese`).toBe(true);
          if (z === e) expect(mayBeShared(e!), `${key}: "${z}" is not translated`).toBe(true);
        }
      }
    });
  });
});

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s has its name and description in both languages', (_, p) => {
    for (const text of [p.name, p.description]) {
      expect(text.en.length).toBeGreaterThan(0);
      expect(text.zh.length).toBeGreaterThan(0);
      expect(text.zh).not.toBe(text.en);
      expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
