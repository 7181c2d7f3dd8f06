/** How numbers are written: 4 significant digits, full precision on demand, NaN and infinities by name. */
import { describe, expect, it } from 'vitest';
import { euclideanNorm, formatFull, formatNumber } from '../../src/components/format';
import { vectorText } from '../../src/components/inspector/VectorView';

describe('formatNumber', () => {
  it('writes 4 significant digits', () => {
    expect(formatNumber(0.581234)).toBe('0.5812');
    expect(formatNumber(-0.10049)).toBe('-0.1005');
    expect(formatNumber(12.34567)).toBe('12.35');
    expect(formatNumber(1234.567)).toBe('1235');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(0)).toBe('0');
  });

  it('writes small and large numbers in exponent form, 4 significant digits too', () => {
    expect(formatNumber(1.23456e-5)).toBe('1.235e-5');
    expect(formatNumber(-9.87654e7)).toBe('-9.877e+7');
    expect(formatNumber(1.5e-4)).toBe('1.5e-4');
    expect(formatNumber(1e-7)).toBe('1e-7');
  });

  it('names what is not finite', () => {
    expect([NaN, Infinity, -Infinity].map(formatNumber)).toEqual(['NaN', '+Infinity', '-Infinity']);
    expect([NaN, Infinity, -Infinity].map(formatFull)).toEqual(['NaN', '+Infinity', '-Infinity']);
  });
});

describe('formatFull', () => {
  it('reads back as the same double', () => {
    for (const x of [0.1 + 0.2, Math.PI, -1 / 3, 1.23456789012345e-300, 5e-324, 2 ** 60 + 1, -0.5812345678901234]) {
      expect(Number(formatFull(x))).toBe(x);
    }
    expect(formatFull(0.1 + 0.2)).toBe('0.30000000000000004');
  });
});

describe('the norm and the copied text of a vector', () => {
  it('||v|| is the Euclidean norm', () => {
    expect(euclideanNorm([3, 4])).toBe(5);
    expect(euclideanNorm([])).toBe(0);
    expect(euclideanNorm(Float64Array.of(1, 1, 1, 1))).toBe(2);
  });

  it('copies every entry in full precision, tab-separated, the gradient beside the value', () => {
    const v = Float64Array.of(0.1 + 0.2, -1 / 3);
    const g = Float64Array.of(1e-17, Math.PI);
    expect(vectorText('h(3)', v, g, 'Entry')).toBe('Entry\th(3)\tdL/dh(3)\n0\t0.30000000000000004\t1e-17\n1\t-0.3333333333333333\t3.141592653589793');
    expect(vectorText('yhat(2)', v, undefined, 'Entry')).toBe('Entry\tyhat(2)\n0\t0.30000000000000004\n1\t-0.3333333333333333');
    expect(vectorText('h(3)', v, null, 'Entry').split('\n')[1]).toBe('0\t0.30000000000000004\t');
  });
});
