import { describe, expect, it } from "vitest";
import { errorToResponse } from "@/server/http/problem";
import { domainErrorToTRPC } from "@/server/trpc/map-domain-error";
import { DownloadTimeoutError, UnsafeUrlError } from "./errors";

describe("download errors at the edges", () => {
  it.each([
    [new DownloadTimeoutError(30_000), 400, "BAD_REQUEST"],
    [new UnsafeUrlError('data_url host "x" resolves to a private or loopback address (127.0.0.1), which is loopback'), 422, "BAD_REQUEST"],
  ])("%s answers %i problem+json naming data_url, and tRPC %s", async (error, status, trpc) => {
    const res = errorToResponse(error);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { field?: string; detail?: string };
    expect(problem.field).toBe("data_url");
    expect(problem.detail).toBe(error.message);
    expect(domainErrorToTRPC(error)?.code).toBe(trpc);
  });
});
