/**
 * Webhook signatures. Every webhook POST carries
 *
 *   X-Almanac-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * (the scheme Stripe uses). A receiver recomputes the HMAC over the timestamp, a dot and the raw body bytes
 * exactly as received, compares in constant time, and rejects a timestamp outside its tolerance (default
 * 5 minutes) so a captured request cannot be replayed later. Several v1= entries may appear while a secret
 * is being rotated; any one matching is enough.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Almanac-Signature";
export const DEFAULT_TOLERANCE_S = 300;

export function computeSignature(secret: string, timestampS: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampS}.${body}`).digest("hex");
}

/** The header value for `body` signed at `now`. */
export function signWebhook(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

export type VerifyResult = { ok: true; timestampS: number } | { ok: false; reason: "malformed" | "expired" | "mismatch" };

/** Checks a signature header against the raw body; `toleranceS` bounds the clock difference either way. */
export function verifyWebhookSignature(params: { secret: string; header: string | null | undefined; body: string; toleranceS?: number; now?: Date }): VerifyResult {
  const parts = (params.header ?? "").split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const candidates = parts.filter(([k, v]) => k === "v1" && /^[0-9a-f]{64}$/.test(v ?? "")).map(([, v]) => v);
  if (!Number.isInteger(t) || candidates.length === 0) return { ok: false, reason: "malformed" };
  const nowS = (params.now ?? new Date()).getTime() / 1000;
  if (Math.abs(nowS - t) > (params.toleranceS ?? DEFAULT_TOLERANCE_S)) return { ok: false, reason: "expired" };
  const expected = Buffer.from(computeSignature(params.secret, t, params.body), "hex");
  const match = candidates.some((c) => timingSafeEqual(Buffer.from(c, "hex"), expected));
  return match ? { ok: true, timestampS: t } : { ok: false, reason: "mismatch" };
}
