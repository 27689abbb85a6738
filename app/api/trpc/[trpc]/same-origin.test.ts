import { describe, expect, it } from "vitest";
import { POST as trpcPOST, PUT as trpcPUT } from "@/app/api/trpc/[trpc]/route";
import { ForbiddenError } from "../../../../server/http/errors";
import { appOrigin, assertSameOrigin } from "../../../../server/http/same-origin";

const req = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/trpc/models.rollback") => new Request(url, { method: "POST", headers, body: "{}" });

describe("assertSameOrigin", () => {
  it("accepts the app's own pages: Sec-Fetch-Site same-origin/none, else Origin equal to the app's", () => {
    expect(() => assertSameOrigin(req({ "sec-fetch-site": "same-origin" }), { appUrl: undefined })).not.toThrow();
    expect(() => assertSameOrigin(req({ "sec-fetch-site": "none" }), { appUrl: undefined })).not.toThrow();
    expect(() => assertSameOrigin(req({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), { appUrl: undefined })).not.toThrow();
    expect(() => assertSameOrigin(req({ origin: "https://almanac.example" }), { appUrl: "https://almanac.example/" })).not.toThrow();
  });

  it("refuses cross-site and unlabelled writes", () => {
    for (const headers of [
      { "sec-fetch-site": "cross-site", origin: "http://127.0.0.1:3000" },
      { "sec-fetch-site": "same-site" },
      { origin: "https://evil.example", host: "127.0.0.1:3000" },
      { origin: "null", host: "127.0.0.1:3000" },
      {},
    ] as Record<string, string>[]) {
      expect(() => assertSameOrigin(req(headers), { appUrl: undefined })).toThrow(ForbiddenError);
    }
    // NEXTAUTH_URL names the origin: another Host does not make a foreign Origin acceptable.
    expect(() => assertSameOrigin(req({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), { appUrl: "https://almanac.example" })).toThrow(ForbiddenError);
    expect(appOrigin(req({ host: "h:1" }), { appUrl: undefined, trustProxy: false })).toBe("http://h:1");
  });
});

describe("tRPC route", () => {
  it("answers a mutation from a foreign origin with 403 before any procedure runs", async () => {
    const res = await trpcPOST(req({ origin: "https://evil.example", "content-type": "application/json" }));
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 403, detail: expect.stringContaining("evil.example") });
    expect((await trpcPOST(req({ "sec-fetch-site": "cross-site" }))).status).toBe(403);
  });

  it("answers a wrong method with a problem+json 405", async () => {
    const res = await trpcPUT(new Request("http://127.0.0.1:3000/api/trpc/models.list", { method: "PUT" }));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
