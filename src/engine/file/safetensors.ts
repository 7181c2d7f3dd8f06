/**
 * The safetensors format (huggingface/safetensors, what `safetensors.torch.save_file` writes),
 * read strictly and written, over plain bytes (no Node or browser API):
 *
 *     8 bytes    N, the header's length in bytes, an unsigned little-endian 64-bit integer
 *     N bytes    the header: a UTF-8 JSON object, name -> { dtype, shape, data_offsets },
 *                and optionally "__metadata__": a string -> string map
 *     the rest   the data section: each tensor's values, row-major, little-endian, at
 *                data_offsets [begin, end) counted from the start of the data section
 *
 * The reader reads F64, F32, F16 and BF16 tensors (every value to a double, exactly) and refuses
 * everything else with an Error whose message names the tensor and the problem.
 */
import { escapeControls } from './quote';

/** The element types this reader decodes. */
export type Dtype = 'F64' | 'F32' | 'F16' | 'BF16';
/** The element types this writer writes. */
export type WriteDtype = 'F64' | 'F32';

/** Bytes per element of each decoded dtype. */
const DTYPE_BYTES: Readonly<Record<Dtype, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2 };
/** The dtype names the format defines that this reader does not decode (integers, booleans, 8-bit and smaller floats). */
const OTHER_DTYPES = ['BOOL', 'U8', 'I8', 'U16', 'I16', 'U32', 'I32', 'U64', 'I64', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64'];
/** Each dtype's name in PyTorch, for messages. */
const TORCH_NAME: Readonly<Record<Dtype, string>> = { F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16' };

/** The largest header accepted, in bytes (the Rust library's own limit). */
export const MAX_HEADER_BYTES = 100_000_000;
/** The key of the header's string -> string metadata. */
export const METADATA_KEY = '__metadata__';

/** One tensor, its values decoded to doubles. */
export interface Tensor {
  /** The element type it was stored as. */
  readonly dtype: Dtype;
  /** Its shape, outermost first ([] for a scalar). */
  readonly shape: readonly number[];
  /** Every value, row-major: product(shape) of them. */
  readonly values: Float64Array;
}

/** A safetensors file, read. */
export interface SafetensorsFile {
  /** Every tensor by name, in the header's order. */
  readonly tensors: ReadonlyMap<string, Tensor>;
  /** The header's `__metadata__` ({} when it has none). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** A tensor to write. */
export interface TensorToWrite {
  readonly name: string;
  readonly dtype: WriteDtype;
  readonly shape: readonly number[];
  /** product(shape) values, row-major. */
  readonly values: ArrayLike<number>;
}

/** A tensor's name as messages write it: control characters escaped, at most ~80 characters. */
export function tensorLabel(name: string): string {
  return escapeControls(name.length > 80 ? `${name.slice(0, 79)}…` : name);
}

/** The product of a shape's dimensions: its number of values. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

/** Reads a safetensors file; throws an Error naming the tensor (or the header) and the problem. */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new Error(`header: the file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) throw new Error(`header: a header length of ${length} bytes is past the limit of ${MAX_HEADER_BYTES}`);
  const headerBytes = Number(length);
  if (headerBytes > bytes.length - 8) throw new Error(`header: a header length of ${headerBytes} bytes is past the end of the file (${bytes.length - 8} bytes after the length)`);
  if (headerBytes < 2) throw new Error(`header: a header length of ${headerBytes} bytes cannot hold a JSON object`);
  let text: string;
  try {
    text = decodeUtf8(bytes.subarray(8, 8 + headerBytes));
  } catch (e) {
    throw new Error(`header: not UTF-8 (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/\s+/g, ' ') : String(e);
    throw new Error(`header: not valid JSON (${escapeControls(reason.length > 100 ? `${reason.slice(0, 99)}…` : reason)})`, { cause: e });
  }
  if (!isRecord(json)) throw new Error('header: expected a JSON object of tensors');
  const data = bytes.subarray(8 + headerBytes);
  const metadata = readMetadata(json[METADATA_KEY]);
  const entries = Object.entries(json).filter(([name]) => name !== METADATA_KEY).map(([name, info]) => readEntry(name, info, data.length));
  refuseOverlaps(entries);
  const tensors = new Map<string, Tensor>();
  for (const entry of entries) tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, values: decode(entry, data) });
  return { tensors, metadata };
}

/** A header entry, checked: the tensor's place in the data section. */
interface Entry {
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Error(`${METADATA_KEY}: expected an object of strings`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`${METADATA_KEY}.${tensorLabel(key)}: expected a string, got ${describe(v)}`);
    out[key] = v;
  }
  return out;
}

function readEntry(name: string, info: unknown, dataBytes: number): Entry {
  const label = tensorLabel(name);
  if (!isRecord(info)) throw new Error(`${label}: expected an object with dtype, shape and data_offsets, got ${describe(info)}`);
  const dtype = info['dtype'];
  if (typeof dtype !== 'string') throw new Error(`${label}: dtype: expected a string such as "F32", got ${describe(dtype)}`);
  if (!(dtype in DTYPE_BYTES)) {
    const known = OTHER_DTYPES.includes(dtype);
    throw new Error(`${label}: ${known ? `dtype ${dtype} is not read` : `unknown dtype ${escapeControls(JSON.stringify(dtype.slice(0, 20)))}`}; expected F64, F32, F16 or BF16`);
  }
  const type = dtype as Dtype;
  const shape = info['shape'];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new Error(`${label}: shape: expected an array of non-negative integers, got ${describe(shape)}`);
  }
  const dims = shape as number[];
  const offsets = info['data_offsets'];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new Error(`${label}: data_offsets: expected [begin, end], two non-negative integers, got ${describe(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  const where = `data_offsets [${begin}, ${end}]`;
  if (end < begin) throw new Error(`${label}: ${where} end before they begin`);
  if (end > dataBytes) throw new Error(`${label}: ${where} are past the end of the data section (${dataBytes} bytes)`);
  const size = DTYPE_BYTES[type];
  const count = sizeOf(dims);
  if ((end - begin) !== count * size) {
    const held = (end - begin) % size === 0 ? `hold ${(end - begin) / size} ${TORCH_NAME[type]} values` : `hold ${end - begin} bytes, not a whole number of ${TORCH_NAME[type]} values`;
    throw new Error(`${label}: ${where} ${held}, shape [${dims.join(', ')}] needs ${count}`);
  }
  return { name, dtype: type, shape: dims, begin, end };
}

/** Refuses two tensors that share a byte, naming both. */
function refuseOverlaps(entries: readonly Entry[]): void {
  const sorted = entries.filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!, cur = sorted[i]!;
    if (cur.begin < prev.end) {
      throw new Error(`${tensorLabel(cur.name)}: data_offsets [${cur.begin}, ${cur.end}] overlap those of ${tensorLabel(prev.name)} [${prev.begin}, ${prev.end}]`);
    }
  }
}

/** Decodes one tensor's values, refusing a value that is not finite. */
function decode(entry: Entry, data: Uint8Array): Float64Array {
  const view = new DataView(data.buffer, data.byteOffset + entry.begin, entry.end - entry.begin);
  const count = sizeOf(entry.shape);
  const out = new Float64Array(count);
  const read: (i: number) => number = {
    F64: (i: number) => view.getFloat64(i * 8, true),
    F32: (i: number) => view.getFloat32(i * 4, true),
    F16: (i: number) => float16(view.getUint16(i * 2, true)),
    BF16: (i: number) => bfloat16(view.getUint16(i * 2, true)),
  }[entry.dtype];
  for (let i = 0; i < count; i++) {
    const v = read(i);
    if (!Number.isFinite(v)) throw new Error(`${tensorLabel(entry.name)}: value ${i} (${indexOf(entry.shape, i)}) is ${String(v)}, expected a finite number`);
    out[i] = v;
  }
  return out;
}

/** The multi-index of flat index i in a shape, e.g. "[1, 2]". */
function indexOf(shape: readonly number[], i: number): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const dim = shape[d]!;
    index.unshift(i % dim);
    i = Math.floor(i / dim);
  }
  return `[${index.join(', ')}]`;
}

/** The value of IEEE 754 half-precision bits: 1 sign, 5 exponent (bias 15), 10 fraction bits. */
export function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal: fraction x 2^-14 / 2^10
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** The value of bfloat16 bits: the upper 16 bits of a float32 (1 sign, 8 exponent, 7 fraction bits). */
export function bfloat16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 7) & 0xff;
  const fraction = bits & 0x7f;
  if (exponent === 0xff) return fraction === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * fraction * 2 ** -133; // subnormal: fraction x 2^-126 / 2^7
  return sign * (128 + fraction) * 2 ** (exponent - 134);
}

/**
 * The bytes of a safetensors file holding `tensors` (in the order given: callers choose a
 * deterministic one) and `metadata`. The header is ASCII JSON (other characters as \u escapes),
 * padded with spaces to a multiple of 8 bytes, as the Rust and Python library writes it.
 */
export function writeSafetensors(tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA_KEY || t.name in header) throw new Error(`${tensorLabel(t.name)}: a tensor name written twice or reserved`);
    const count = sizeOf(t.shape);
    if (t.values.length !== count) throw new Error(`${tensorLabel(t.name)}: ${t.values.length} values, shape [${t.shape.join(', ')}] needs ${count}`);
    const bytes = count * DTYPE_BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = JSON.stringify(header).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes, true);
  for (let i = 0; i < headerBytes; i++) out[8 + i] = i < json.length ? json.charCodeAt(i) : 0x20;
  let at = 8 + headerBytes;
  for (const t of tensors) {
    const count = t.values.length;
    for (let i = 0; i < count; i++) {
      const v = t.values[i]!;
      if (!Number.isFinite(t.dtype === 'F64' ? v : Math.fround(v))) throw new Error(`${tensorLabel(t.name)}: value ${i} is ${String(v)}, not a finite ${TORCH_NAME[t.dtype]}`);
      if (t.dtype === 'F64') view.setFloat64(at + i * 8, v, true);
      else view.setFloat32(at + i * 4, v, true);
    }
    at += count * DTYPE_BYTES[t.dtype];
  }
  return out;
}

/** Strict UTF-8 to a string: refuses truncated, overlong and surrogate sequences. */
export function decodeUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let cp: number, len: number, min: number;
    if (b < 0x80) { cp = b; len = 1; min = 0; }
    else if ((b & 0xe0) === 0xc0) { cp = b & 0x1f; len = 2; min = 0x80; }
    else if ((b & 0xf0) === 0xe0) { cp = b & 0x0f; len = 3; min = 0x800; }
    else if ((b & 0xf8) === 0xf0) { cp = b & 0x07; len = 4; min = 0x10000; }
    else throw new Error(`byte ${i} (0x${b.toString(16)}) starts no character`);
    if (i + len > bytes.length) throw new Error(`byte ${i}: a character cut short`);
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) throw new Error(`byte ${i + k} (0x${c.toString(16)}) does not continue a character`);
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Error(`byte ${i}: not a valid character`);
    if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    i += len;
    if (units.length >= 8192) { out += String.fromCharCode(...units); units.length = 0; }
  }
  return out + String.fromCharCode(...units);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short description of a header value for a message. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `[${v.slice(0, 4).map((x) => (typeof x === 'number' ? String(x) : typeof x)).join(', ')}${v.length > 4 ? ', …' : ''}]`;
  if (typeof v === 'string') return escapeControls(JSON.stringify(v.length > 40 ? `${v.slice(0, 39)}…` : v));
  if (v === null || typeof v !== 'object') return String(v);
  return 'an object';
}
