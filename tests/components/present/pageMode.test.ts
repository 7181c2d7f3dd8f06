/** The page's mode from its URL: the embed page by its path, presenting by `?present`, with share links in the hash untouched. */
import { describe, expect, it } from 'vitest';
import { pageModeOf, withPresent, withoutPresent } from '../../../src/components/present/pageMode';
import { isShareHash } from '../../../src/store/share';

const at = (path: string) => new URL(path, 'https://unroll.example');

describe('pageModeOf', () => {
  it('reads the app, presenting or not', () => {
    expect(pageModeOf(at('/'))).toEqual({ embedded: false, presenting: false });
    expect(pageModeOf(at('/?present'))).toEqual({ embedded: false, presenting: true });
    expect(pageModeOf(at('/index.html?present=1'))).toEqual({ embedded: false, presenting: true });
    expect(pageModeOf(at('/?present=0'))).toEqual({ embedded: false, presenting: false });
    expect(pageModeOf(at('/?presenting'))).toEqual({ embedded: false, presenting: false });
  });

  it('reads the embed page by its folder, under any base, and not the app at a look-alike path', () => {
    for (const path of ['/embed/', '/embed/index.html', '/unroll/embed/', '/unroll/embed/index.html']) expect(pageModeOf(at(path)).embedded, path).toBe(true);
    for (const path of ['/embed', '/embedded/', '/embed/other.html', '/notembed/']) expect(pageModeOf(at(path)).embedded, path).toBe(false);
    expect(pageModeOf(at('/embed/?present'))).toEqual({ embedded: true, presenting: true });
  });

  it('combines with share links in the hash, which stay share links', () => {
    for (const hash of ['#c=1.eJyrVg', '#s=1.eJyrVg']) {
      const url = at(`/embed/?present${hash}`);
      expect(pageModeOf(url)).toEqual({ embedded: true, presenting: true });
      expect(isShareHash(url.hash)).toBe(true);
      // A hash that looks like a mode is no mode: the hash is the link's.
      expect(pageModeOf(at(`/${hash}&present`)).presenting).toBe(false);
    }
  });
});

describe('withPresent and withoutPresent', () => {
  it('add and remove ?present, keeping the path, the rest of the query and the link', () => {
    expect(withPresent(at('/#c=1.abc'))).toBe('/?present#c=1.abc');
    expect(withPresent(at('/embed/?lang=zh#s=1.abc'))).toBe('/embed/?lang=zh&present#s=1.abc');
    expect(withPresent(at('/?present'))).toBe('/?present');
    expect(withoutPresent(at('/?present#c=1.abc'))).toBe('/#c=1.abc');
    expect(withoutPresent(at('/embed/?lang=zh&present=1#s=1.x'))).toBe('/embed/?lang=zh#s=1.x');
    expect(pageModeOf(at(withoutPresent(at('/?present')))).presenting).toBe(false);
  });
});
