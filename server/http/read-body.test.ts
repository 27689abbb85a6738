import { describe, expect, it } from "vitest";
import { PayloadTooLargeError } from "./errors";
import { limitedBody, readBodyBytes, readJson } from "./read-body";

/** A streamed request (no Content-Length) whose body is `n` chunks of 4 bytes; `pulled` counts the chunks read. */
function streamedRequest(n: number) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === n) return controller.close();
      state.pulled++;
      controller.enqueue(new Uint8Array(4).fill(65));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const request = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, state };
}

describe("read-body", () => {
  it("reads a streamed body within the limit", async () => {
    const { request } = streamedRequest(3);
    expect(new TextDecoder().decode(await readBodyBytes(request, 12))).toBe("AAAAAAAAAAAA");
  });

  it("answers 413 once a streamed body passes the limit, and stops reading it", async () => {
    const { request, state } = streamedRequest(1000);
    await expect(readBodyBytes(request, 10)).rejects.toEqual(new PayloadTooLargeError(10));
    expect(state.pulled).toBeLessThan(10);
    expect(state.cancelled).toBe(true);
  });

  it("refuses a declared Content-Length over the limit", async () => {
    const request = new Request("http://x/", { method: "POST", body: "x".repeat(20), headers: { "content-type": "application/json" } });
    await expect(readJson(request, 10)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("limitedBody errors its stream with PayloadTooLargeError past the limit", async () => {
    const reader = limitedBody(streamedRequest(5).request, 10).getReader();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
