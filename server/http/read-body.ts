/**
 * Request bodies with a size limit enforced while reading (a missing or lying Content-Length cannot get
 * past it), so a huge upload is refused with 413 before it fills memory.
 */
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors";

export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

function checkDeclaredLength(request: Request, limitBytes: number): void {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) throw new PayloadTooLargeError(limitBytes);
}

/** The body as a byte stream that errors with PayloadTooLargeError once more than limitBytes arrive. */
export function limitedBody(request: Request, limitBytes: number): ReadableStream<Uint8Array> {
  checkDeclaredLength(request, limitBytes);
  const body = request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limitBytes) controller.error(new PayloadTooLargeError(limitBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
}

export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
  const reader = limitedBody(request, limitBytes).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    throw new BadRequestError(`could not read the request body: ${error instanceof Error ? error.message : String(error)}`);
  }
  return concatChunks(chunks, total);
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

const JSON_TYPES = ["application/json"];

/** Parses a JSON body; malformed JSON is a 400 naming the position, a non-JSON content type a 415. */
export async function readJson(request: Request, limitBytes: number): Promise<unknown> {
  const type = mediaType(request);
  if (type && !JSON_TYPES.includes(type) && !type.endsWith("+json")) throw new UnsupportedMediaTypeError(type, JSON_TYPES);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(await readBodyBytes(request, limitBytes));
  if (text.trim() === "") throw new BadRequestError("request body is empty; send a JSON array or object", "(body)");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`malformed JSON: ${error instanceof Error ? error.message : String(error)}`, "(body)");
  }
}
