import { describe, expect, it } from "vitest";
import { shareOrigin } from "./share-origin";

describe("shareOrigin", () => {
  it("prefers the configured public URL", () => {
    expect(shareOrigin(new Headers({ host: "internal:3000" }), { publicUrl: "https://air.example.org/app", trustProxy: false })).toBe("https://air.example.org");
  });
  it("uses Host, and the forwarded host and scheme only behind a trusted proxy", () => {
    const h = new Headers({ host: "internal:3000", "x-forwarded-host": "air.example.org", "x-forwarded-proto": "https" });
    expect(shareOrigin(h, { publicUrl: "", trustProxy: false })).toBe("http://internal:3000");
    expect(shareOrigin(h, { publicUrl: "", trustProxy: true })).toBe("https://air.example.org");
  });
  it("does not echo a Host that is not a host", () => {
    expect(shareOrigin(new Headers({ host: "evil.example/<script>" }), { publicUrl: "", trustProxy: false })).toBe("http://localhost");
  });
});
