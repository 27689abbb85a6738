/**
 * The one size-limited body reader, for the app's Web Requests (server/http/read-body.ts) and the
 * sidecar's Node requests (sidecar/create-sidecar.ts): the limit is enforced while reading, so a missing
 * or lying Content-Length cannot get past it and a huge upload is refused before it fills memory. Each
 * caller passes the error its layer answers 413 with (`tooLarge`).
 */

export type TooLarge = (limitBytes: number) => Error;

/** Refuses up front a body whose declared Content-Length is over the limit (absent or unparsable: no check). */
export function checkDeclaredLength(contentLength: string | null | undefined, limitBytes: number, tooLarge: TooLarge): void {
  const declared = Number(contentLength ?? undefined);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
}

/** A running byte count that throws tooLarge(limitBytes) once more than limitBytes have been counted. */
export function byteCounter(limitBytes: number, tooLarge: TooLarge): (chunk: Uint8Array) => number {
  let seen = 0;
  return (chunk) => {
    seen += chunk.byteLength;
    if (seen > limitBytes) throw tooLarge(limitBytes);
    return seen;
  };
}

/** Reads every chunk into one array, throwing tooLarge(limitBytes) as soon as more than limitBytes arrive. */
export async function readLimitedBody(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: { limitBytes: number; tooLarge: TooLarge; contentLength?: string | null },
): Promise<Uint8Array> {
  checkDeclaredLength(opts.contentLength, opts.limitBytes, opts.tooLarge);
  const count = byteCounter(opts.limitBytes, opts.tooLarge);
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total = count(chunk);
    parts.push(chunk);
  }
  return parts.length === 1 ? parts[0] : concatChunks(parts, total);
}

/** Joins streamed chunks into one array of `total` bytes (the sum of their lengths). */
export function concatChunks(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
