/**
 * Request bodies with a size limit enforced while reading (a missing or lying Content-Length cannot get
 * past it), so a huge upload is refused with 413 before it fills memory. The reading is the shared
 * server/serving/read-limited-body.ts (the sidecar reads its bodies with it too).
 */
import { byteCounter, checkDeclaredLength, concatChunks, readLimitedBody } from "@/server/serving/read-limited-body";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors";

export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

const tooLarge = (limitBytes: number) => new PayloadTooLargeError(limitBytes);

/** The body as a byte stream that errors with PayloadTooLargeError once more than limitBytes arrive. */
export function limitedBody(request: Request, limitBytes: number): ReadableStream<Uint8Array> {
  checkDeclaredLength(request.headers.get("content-length"), limitBytes, tooLarge);
  const body = request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  const count = byteCounter(limitBytes, tooLarge);
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        count(chunk); // a throw here errors the stream with PayloadTooLargeError
        controller.enqueue(chunk);
      },
    }),
  );
}

/** A web stream's chunks as an async iterable; a reader abandoned early (over the limit) cancels the stream. */
async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    if (!done) await reader.cancel().catch((error: unknown) => console.warn("[http] cancelling an abandoned request body failed", error));
  }
}

export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
  try {
    return await readLimitedBody(request.body ? streamChunks(request.body) : [], {
      limitBytes,
      tooLarge,
      contentLength: request.headers.get("content-length"),
    });
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    throw new BadRequestError(`could not read the request body: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export { concatChunks };

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
