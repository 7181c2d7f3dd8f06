/**
 * Bytes through a (de)compression stream with a bound on what comes out: links compress and
 * inflate through it, and the worker compresses a large state with it, off the main thread.
 */

/** Compressed bytes past which a state's link is not worked out (its base64 would be work for nothing): 1 MiB. */
export const DEFLATED_MAX_BYTES = 1 << 20;

/** Runs data through the stream; null as soon as more than `limit` bytes come out (the stream is stopped). */
export async function pipeAtMost(data: Blob, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = data.stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

/** A state's JSON text in pieces, deflated (zlib's format); null past DEFLATED_MAX_BYTES. */
export function deflateAtMost(parts: readonly (string | Uint8Array<ArrayBuffer>)[]): Promise<Uint8Array<ArrayBuffer> | null> {
  return pipeAtMost(new Blob([...parts]), new CompressionStream('deflate'), DEFLATED_MAX_BYTES);
}
