import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./webhook-signature";

const secret = "whsec_test";
const body = JSON.stringify({ id: "e1", message: "coverage 81 % < 95 %" });
const now = new Date("2026-01-01T00:00:00Z");

describe("webhook signature", () => {
  it("is HMAC-SHA256 over `${t}.${body}`, hex, in t=…,v1=…", () => {
    const header = signWebhook(secret, body, now);
    const t = now.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
    expect(verifyWebhookSignature({ secret, header, body, now })).toEqual({ ok: true, timestampS: t });
  });

  it("rejects another body, another secret, a stale timestamp and garbage", () => {
    const header = signWebhook(secret, body, now);
    expect(verifyWebhookSignature({ secret, header, body: body + " ", now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature({ secret: "other", header, body, now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature({ secret, header, body, now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: "expired" });
    expect(verifyWebhookSignature({ secret, header, body, now: new Date(now.getTime() + 299_000) }).ok).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body, toleranceS: 10, now: new Date(now.getTime() - 11_000) })).toEqual({ ok: false, reason: "expired" });
    for (const bad of [null, "", "t=abc,v1=00", `v1=${"a".repeat(64)}`, "t=1767225600"]) {
      expect(verifyWebhookSignature({ secret, header: bad, body, now }).ok).toBe(false);
    }
  });

  it("matches the README's worked example (Python hmac)", () => {
    expect(signWebhook("whsec_example", "{}", new Date(1767225600_000))).toBe("t=1767225600,v1=6bbc2e217ae6cc30ea42c1a53abb4f941db79f555ead79ec4c6a5023a4688659");
  });

  it("accepts any matching v1 (secret rotation)", () => {
    const good = signWebhook(secret, body, now);
    const header = `t=${now.getTime() / 1000},v1=${"0".repeat(64)},${good.split(",")[1]}`;
    expect(verifyWebhookSignature({ secret, header, body, now }).ok).toBe(true);
  });
});
