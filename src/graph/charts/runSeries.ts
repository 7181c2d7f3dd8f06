/**
 * A quantity over a whole training run (the loss before each iteration, the spectral radius of W
 * after each batch), kept compactly with a bound on its memory: Float64Arrays of buckets, each the
 * minimum, maximum and last of `stride` consecutive values. While the run is short a bucket is one
 * value (stride 1, exact); when the buckets fill RUN_SERIES_BYTES, neighbours merge in pairs and the
 * stride doubles, so the extremes of every stretch (a spike) survive at any length.
 *
 * Persistent for the reader: appending returns a new series and never changes what an earlier one
 * shows (it writes only past that one's stored buckets, and the bucket still filling is a field of
 * the value), so a store can hold it as state. Append only to the latest series of a run.
 */

/** The most memory a series' buckets take: three Float64Arrays of RUN_SERIES_BUCKETS each, 3 MiB. */
export const RUN_SERIES_BYTES = 3 * 1024 * 1024;
/** The most buckets a series stores before neighbours merge (RUN_SERIES_BYTES over 3 float64s). */
export const RUN_SERIES_BUCKETS = RUN_SERIES_BYTES / 24;
/** Buckets a series' arrays first hold; they double up to RUN_SERIES_BUCKETS as the run grows. */
const FIRST_CAPACITY = 1024;

/** The bucket still filling: the min, max and last of its `n` values so far (n < stride). */
export interface OpenBucket {
  readonly min: number;
  readonly max: number;
  readonly last: number;
  readonly n: number;
}

export interface RunSeries {
  /** How many values were appended in all (one per iteration for the loss). */
  readonly length: number;
  /** The first value appended, NaN while empty. */
  readonly first: number;
  /** Values per stored bucket: 1, 2, 4, ... */
  readonly stride: number;
  /** Stored (full) buckets; entries past it belong to later series. */
  readonly count: number;
  /** Smallest, largest and last value of each stored bucket (NaN is skipped by min and max). */
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly last: Float64Array;
  /** The bucket still filling, or null when every value is in a stored bucket. */
  readonly open: OpenBucket | null;
}

/** A series with no values (its arrays are made with the first bucket). */
export function emptyRunSeries(): RunSeries {
  return { length: 0, first: NaN, stride: 1, count: 0, min: new Float64Array(0), max: new Float64Array(0), last: new Float64Array(0), open: null };
}

/** The last value appended, or undefined for an empty series. */
export function lastOfRunSeries(s: RunSeries): number | undefined {
  if (s.open) return s.open.last;
  return s.count > 0 ? s.last[s.count - 1] : undefined;
}

/** Arrays of a new capacity holding the first `count` buckets. */
function grown(s: RunSeries, capacity: number): Pick<RunSeries, 'min' | 'max' | 'last'> {
  const copy = (a: Float64Array) => {
    const b = new Float64Array(capacity);
    b.set(a.subarray(0, s.count));
    return b;
  };
  return { min: copy(s.min), max: copy(s.max), last: copy(s.last) };
}

/** Neighbouring buckets merged in pairs into new arrays (an odd last one becomes the open bucket): the stride doubles. */
function merged(s: RunSeries): RunSeries {
  const capacity = s.min.length;
  const min = new Float64Array(capacity);
  const max = new Float64Array(capacity);
  const last = new Float64Array(capacity);
  const pairs = Math.floor(s.count / 2);
  for (let i = 0; i < pairs; i++) {
    min[i] = lower(s.min[2 * i]!, s.min[2 * i + 1]!);
    max[i] = higher(s.max[2 * i]!, s.max[2 * i + 1]!);
    last[i] = s.last[2 * i + 1]!;
  }
  const odd = s.count % 2 === 1 ? { min: s.min[s.count - 1]!, max: s.max[s.count - 1]!, last: s.last[s.count - 1]!, n: s.stride } : null;
  return { length: s.length, first: s.first, stride: s.stride * 2, count: pairs, min, max, last, open: odd };
}

/** The smaller of two values, skipping NaN (NaN only when both are). */
const lower = (a: number, b: number) => (a <= b || Number.isNaN(b) ? a : b);
/** The larger of two values, skipping NaN. */
const higher = (a: number, b: number) => (a >= b || Number.isNaN(b) ? a : b);

/** The series with `values` appended, in order; `bucketCap` buckets at most before neighbours merge (tests pass a small one). */
export function appendRunSeries(series: RunSeries, values: ArrayLike<number>, bucketCap = RUN_SERIES_BUCKETS): RunSeries {
  if (values.length === 0) return series;
  // Writes go past `series.count` only, where no earlier series reads: the arrays are shared, not copied.
  let { min, max, last, count, stride } = series;
  // The open bucket as scalars: its min, max, last and how many values it holds.
  let oMin = series.open?.min ?? NaN;
  let oMax = series.open?.max ?? NaN;
  let oLast = series.open?.last ?? NaN;
  let n = series.open?.n ?? 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    oMin = n === 0 ? v : lower(oMin, v);
    oMax = n === 0 ? v : higher(oMax, v);
    oLast = v;
    n++;
    if (n < stride) continue;
    if (count === min.length) {
      const full: RunSeries = { length: 0, first: NaN, stride, count, min, max, last, open: null };
      const next = min.length < bucketCap ? { ...full, ...grown(full, Math.min(bucketCap, Math.max(FIRST_CAPACITY, min.length * 2))) } : merged(full);
      ({ min, max, last, count, stride } = next);
      // The full bucket joins the odd one a merge leaves, or stays open: it is half the new stride.
      if (next.open) {
        oMin = lower(next.open.min, oMin);
        oMax = higher(next.open.max, oMax);
        n += next.open.n;
      }
      if (n < stride) continue;
    }
    min[count] = oMin;
    max[count] = oMax;
    last[count] = oLast;
    count++;
    n = 0;
  }
  return { length: series.length + values.length, first: series.length === 0 ? values[0]! : series.first, stride, count, min, max, last, open: n === 0 ? null : { min: oMin, max: oMax, last: oLast, n } };
}
