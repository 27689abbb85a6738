import { describe, expect, it } from "vitest";
import { readLimitedBody } from "./read-limited-body";

class TooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`over ${limitBytes}`);
  }
}
const tooLarge = (limitBytes: number) => new TooLarge(limitBytes);

async function* chunks(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Uint8Array.from(p);
}

describe("readLimitedBody", () => {
  it("joins the chunks of a body within the limit", async () => {
    expect(Array.from(await readLimitedBody(chunks([1, 2], [3], [4, 5]), { limitBytes: 5, tooLarge }))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(await readLimitedBody([], { limitBytes: 5, tooLarge }))).toEqual([]);
  });

  it("stops reading at the first chunk past the limit, whatever Content-Length claimed", async () => {
    let pulled = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield new Uint8Array(4);
      }
    }
    await expect(readLimitedBody(counted(), { limitBytes: 10, tooLarge, contentLength: "8" })).rejects.toEqual(new TooLarge(10));
    expect(pulled).toBe(3);
  });

  it("refuses a declared Content-Length over the limit before reading, and ignores an unparsable one", async () => {
    let pulled = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      pulled = true;
      yield new Uint8Array(1);
    }
    await expect(readLimitedBody(body(), { limitBytes: 10, tooLarge, contentLength: "11" })).rejects.toBeInstanceOf(TooLarge);
    expect(pulled).toBe(false);
    expect((await readLimitedBody(body(), { limitBytes: 10, tooLarge, contentLength: "lots" })).byteLength).toBe(1);
  });
});
