/**
 * The safetensors reader and writer: a round trip bit for bit (float64) and to the float32
 * rounding, the header as the Python library pads it, every refusal with the tensor it names,
 * and float16 and bfloat16 decoded exactly.
 */
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, bfloat16, decodeUtf8, float16, readSafetensors, writeSafetensors } from '../../../src/engine/file/safetensors';

/** A file of a header (an object, or raw text) and a data section. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0), length?: number): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + bytes.length + data.length);
  new DataView(out.buffer).setUint32(0, length ?? bytes.length, true);
  out.set(bytes, 8);
  out.set(data, 8 + bytes.length);
  return out;
}

/** Little-endian bytes of doubles, floats or 16-bit patterns. */
function f64(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  values.forEach((v, i) => new DataView(out.buffer).setFloat64(i * 8, v, true));
  return out;
}
function f32(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => new DataView(out.buffer).setFloat32(i * 4, v, true));
  return out;
}
function u16(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(out.buffer).setUint16(i * 2, v, true));
  return out;
}

/** The message of what `read` throws. */
function refusal(bytes: Uint8Array): string {
  try {
    readSafetensors(bytes);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal, but the file was read');
}

describe('writeSafetensors and readSafetensors', () => {
  const tensors = [
    { name: 'rnn.weight_ih_l0', dtype: 'F64', shape: [2, 3], values: [1, -0, 5e-324, -1.5, Math.PI, 1e308] },
    { name: 'fc.bias', dtype: 'F32', shape: [3], values: [0.1, -2, 3.4e38] },
    { name: 'empty', dtype: 'F64', shape: [0, 4], values: [] },
    { name: 'scalar', dtype: 'F64', shape: [], values: [7] },
  ] as const;

  it('round-trip every tensor, in order, with its dtype and shape: doubles bit for bit, floats to their float32 rounding', () => {
    const bytes = writeSafetensors(tensors, { 'unroll.scene': '{"variant":"gru"}', 'ünïcode ✓': 'β' });
    const read = readSafetensors(bytes);
    expect([...read.tensors.keys()]).toEqual(tensors.map((t) => t.name));
    expect(read.metadata).toEqual({ 'unroll.scene': '{"variant":"gru"}', 'ünïcode ✓': 'β' });
    for (const t of tensors) {
      const got = read.tensors.get(t.name)!;
      expect(got.dtype).toBe(t.dtype);
      expect(got.shape).toEqual(t.shape);
      const want = Float64Array.from(t.values, (v) => (t.dtype === 'F32' ? Math.fround(v) : v));
      expect(new Uint8Array(got.values.buffer)).toEqual(new Uint8Array(want.buffer));
    }
  });

  it('write the header as the Python library does: ASCII JSON padded with spaces to a multiple of 8 bytes, the data after it', () => {
    const bytes = writeSafetensors([{ name: 'w', dtype: 'F32', shape: [1], values: [1] }], { é: 'x' });
    const length = new DataView(bytes.buffer).getUint32(0, true);
    expect(length % 8).toBe(0);
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + length));
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(header.trimEnd()).toBe('{"__metadata__":{"\\u00e9":"x"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    expect(header.length - header.trimEnd().length).toBeLessThan(8);
    expect(bytes.subarray(8 + length)).toEqual(f32(1));
    expect(bytes.length).toBe(8 + length + 4);
  });

  it('write the same bytes for the same tensors (deterministic)', () => {
    expect(writeSafetensors(tensors, { a: 'b' })).toEqual(writeSafetensors(tensors, { a: 'b' }));
  });

  it('refuse to write a value that is not finite, or not finite in float32, or the wrong count, naming the tensor', () => {
    expect(() => writeSafetensors([{ name: 'w', dtype: 'F64', shape: [2], values: [1, NaN] }])).toThrow('w: value 1 is NaN, not a finite float64');
    expect(() => writeSafetensors([{ name: 'w', dtype: 'F32', shape: [1], values: [1e39] }])).toThrow('w: value 0 is 1e+39, not a finite float32');
    expect(() => writeSafetensors([{ name: 'w', dtype: 'F64', shape: [2, 2], values: [1] }])).toThrow('w: 1 values, shape [2, 2] needs 4');
    expect(() => writeSafetensors([{ name: 'w', dtype: 'F64', shape: [1], values: [1] }, { name: 'w', dtype: 'F64', shape: [1], values: [1] }])).toThrow('w: a tensor name written twice');
  });
});

describe('readSafetensors refuses, naming the tensor and the problem', () => {
  const good = { 'rnn.weight_hh_l0': { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] } };
  const data = f32(1, 2, 3, 4);

  it('a file shorter than the header length, a header length past the file or past the limit, an empty header', () => {
    expect(refusal(new Uint8Array(5))).toBe('header: the file is 5 bytes, shorter than the 8-byte header length');
    expect(refusal(file(good, data, 10_000))).toMatch(/^header: a header length of 10000 bytes is past the end of the file \(\d+ bytes after the length\)$/);
    const huge = file(good, data);
    const low = new DataView(huge.buffer).getUint32(0, true);
    new DataView(huge.buffer).setUint32(4, 1, true);
    expect(refusal(huge)).toBe(`header: a header length of ${2 ** 32 + low} bytes is past the limit of ${MAX_HEADER_BYTES}`);
    expect(refusal(file('', new Uint8Array(8)))).toBe('header: a header length of 0 bytes cannot hold a JSON object');
  });

  it('a header that is not UTF-8, not JSON, or not an object', () => {
    const bad = file('{"a":1}');
    bad[10] = 0xff;
    expect(refusal(bad)).toBe('header: not UTF-8 (byte 2 (0xff) starts no character)');
    expect(refusal(file('{"w": {'))).toMatch(/^header: not valid JSON \(/);
    expect(refusal(file('[1, 2]'))).toBe('header: expected a JSON object of tensors');
  });

  it('metadata that is not a string -> string map', () => {
    expect(refusal(file({ __metadata__: { format: 3 } }))).toBe('__metadata__.format: expected a string, got 3');
    expect(refusal(file({ __metadata__: ['x'] }))).toBe('__metadata__: expected an object of strings');
  });

  it('a dtype it does not read, by name, and an unknown one', () => {
    expect(refusal(file({ 'emb.ids': { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, new Uint8Array(16))))
      .toBe('emb.ids: dtype I64 is not read; expected F64, F32, F16 or BF16');
    expect(refusal(file({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, new Uint8Array(16))))
      .toBe('w: unknown dtype "F128"; expected F64, F32, F16 or BF16');
    expect(refusal(file({ w: { shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)))).toBe('w: dtype: expected a string such as "F32", got nothing');
  });

  it('a shape that is not non-negative integers, and data_offsets that are not [begin, end]', () => {
    expect(refusal(file({ w: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 0] } }))).toBe('w: shape: expected an array of non-negative integers, got [2, -1]');
    expect(refusal(file({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 0] } }))).toBe('w: shape: expected an array of non-negative integers, got [1.5]');
    expect(refusal(file({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, data))).toBe('w: data_offsets: expected [begin, end], two non-negative integers, got [0]');
    expect(refusal(file({ w: { dtype: 'F32', shape: [1], data_offsets: [8, 4] } }, data))).toBe('w: data_offsets [8, 4] end before they begin');
    expect(refusal(file({ w: 3 }))).toBe('w: expected an object with dtype, shape and data_offsets, got 3');
  });

  it('data_offsets that do not hold the shape', () => {
    const big = f32(...new Array<number>(24).fill(0));
    expect(refusal(file({ 'rnn.weight_hh_l0': { dtype: 'F32', shape: [4, 4], data_offsets: [0, 96] } }, big)))
      .toBe('rnn.weight_hh_l0: data_offsets [0, 96] hold 24 float32 values, shape [4, 4] needs 16');
    expect(refusal(file({ w: { dtype: 'F64', shape: [1], data_offsets: [0, 6] } }, big)))
      .toBe('w: data_offsets [0, 6] hold 6 bytes, not a whole number of float64 values, shape [1] needs 1');
  });

  it('data_offsets past the data section, and two tensors that overlap', () => {
    expect(refusal(file({ 'fc.bias': { dtype: 'F32', shape: [8], data_offsets: [0, 32] } }, data)))
      .toBe('fc.bias: data_offsets [0, 32] are past the end of the data section (16 bytes)');
    expect(refusal(file({
      'fc.weight': { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
      'fc.bias': { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
    }, data))).toBe('fc.bias: data_offsets [8, 16] overlap those of fc.weight [0, 12]');
  });

  it('a value that is not finite, in each dtype, naming its index', () => {
    expect(refusal(file({ w: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }, f64(1, NaN)))).toBe('w: value 1 ([1]) is NaN, expected a finite number');
    expect(refusal(file({ 'rnn.bias_ih_l0': { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] } }, f32(1, 2, Infinity, 4))))
      .toBe('rnn.bias_ih_l0: value 2 ([1, 0]) is Infinity, expected a finite number');
    expect(refusal(file({ w: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, u16(0x3c00, 0xfc00)))).toBe('w: value 1 ([1]) is -Infinity, expected a finite number');
    expect(refusal(file({ w: { dtype: 'BF16', shape: [1], data_offsets: [0, 2] } }, u16(0x7fc0)))).toBe('w: value 0 ([0]) is NaN, expected a finite number');
  });

  it('a tensor name with control characters, escaped in the message', () => {
    expect(refusal(file({ 'w\u001b[2J': { dtype: 'X', shape: [], data_offsets: [0, 0] } }))).toBe('w\\u001b[2J: unknown dtype "X"; expected F64, F32, F16 or BF16');
  });

  it('reads what it accepts: an empty tensor, float16 and bfloat16 values, metadata absent', () => {
    const read = readSafetensors(file({
      h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [6, 10] },
      e: { dtype: 'F64', shape: [0], data_offsets: [10, 10] },
    }, new Uint8Array([...u16(0x3c00, 0xc000, 0x3555), ...u16(0x4049, 0x3f80)])));
    expect(Array.from(read.tensors.get('h')!.values)).toEqual([1, -2, 0.333251953125]);
    expect(Array.from(read.tensors.get('b')!.values)).toEqual([3.140625, 1]);
    expect(read.tensors.get('e')!.values.length).toBe(0);
    expect(read.metadata).toEqual({});
  });
});

describe('float16 and bfloat16 decoding', () => {
  it('float16: known bit patterns, normal, subnormal, signed zero, the largest, infinities and NaN', () => {
    const known: [number, number][] = [
      [0x3c00, 1], [0xc000, -2], [0x3555, 0.333251953125], [0x7bff, 65504], [0x0400, 2 ** -14],
      [0x0001, 2 ** -24], [0x03ff, 1023 * 2 ** -24], [0x0000, 0], [0x3bff, 1 - 2 ** -11], [0x3c01, 1 + 2 ** -10],
      [0x7c00, Infinity], [0xfc00, -Infinity],
    ];
    for (const [bits, value] of known) expect([bits, float16(bits)]).toEqual([bits, value]);
    expect(Object.is(float16(0x8000), -0)).toBe(true);
    expect(float16(0x7e00)).toBeNaN();
    expect(float16(0x7c01)).toBeNaN();
  });

  it('float16: every finite pattern, in order of its bits, strictly increasing, the negative ones the mirror', () => {
    const wrong: number[] = [];
    let previous = -1;
    for (let bits = 0; bits < 0x7c00; bits++) {
      const v = float16(bits);
      if (!(v > previous) || !Object.is(float16(bits | 0x8000), -v)) wrong.push(bits);
      previous = v;
    }
    expect(wrong).toEqual([]);
    // The steps between neighbours: 2^-24 up to 2^-14 (subnormals and the first binade), doubling with each binade after.
    expect(float16(0x0401) - float16(0x0400)).toBe(2 ** -24);
    expect(float16(0x7bff) - float16(0x7bfe)).toBe(32);
  });

  it('bfloat16: every one of the 65536 patterns is the float32 of those bits followed by 16 zero bits', () => {
    const view = new DataView(new ArrayBuffer(4));
    const wrong: number[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      view.setUint32(0, bits << 16 >>> 0);
      const want = view.getFloat32(0);
      const got = bfloat16(bits);
      if (Number.isNaN(want) ? !Number.isNaN(got) : !Object.is(got, want)) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
    expect(bfloat16(0x3f80)).toBe(1);
    expect(bfloat16(0x0001)).toBe(2 ** -133);
    expect(bfloat16(0x7f7f)).toBe(3.3895313892515355e38);
  });
});

describe('decodeUtf8', () => {
  it('decodes one to four bytes and refuses overlong, cut and surrogate sequences', () => {
    const text = 'aé✓𝄞';
    expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
    expect(() => decodeUtf8(new Uint8Array([0xc0, 0x80]))).toThrow('not a valid character');
    expect(() => decodeUtf8(new Uint8Array([0xe2, 0x9c]))).toThrow('a character cut short');
    expect(() => decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toThrow('not a valid character');
    expect(() => decodeUtf8(new Uint8Array([0x61, 0x80]))).toThrow('byte 1 (0x80) starts no character');
  });
});
