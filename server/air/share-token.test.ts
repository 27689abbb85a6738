import { createHmac } from "node:crypto";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { ShareClaims } from "./share-schemas";
import { shareTokenKey, signShareToken, verifyShareToken } from "./share-token";

const key = shareTokenKey("x".repeat(40));
const claims: ShareClaims = { assetId: "00000000-0000-4000-8000-000000000001", date: "2014-01-15", standard: "china", lang: "zh" };
const NOW = new Date("2026-01-01T00:00:00Z");
const DAY_MS = 86_400_000;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("share tokens", () => {
  it("round-trips the claims and expires after 7 days by default", async () => {
    const { token, expiresAt } = await signShareToken(key, claims, { now: NOW });
    expect(expiresAt.getTime() - NOW.getTime()).toBe(7 * DAY_MS);
    const r = await verifyShareToken(key, token, { now: new Date(NOW.getTime() + 6 * DAY_MS) });
    expect(r).toEqual({ ok: true, claims, expiresAt });
  });

  it("refuses an expired token with 410", async () => {
    const { token } = await signShareToken(key, claims, { now: NOW, ttlDays: 1 });
    const r = await verifyShareToken(key, token, { now: new Date(NOW.getTime() + DAY_MS + 1000) });
    expect(r).toMatchObject({ ok: false, reason: "expired", status: 410 });
  });

  it("takes 1 to 30 days and nothing else", async () => {
    const { expiresAt } = await signShareToken(key, claims, { now: NOW, ttlDays: 30 });
    expect(expiresAt.getTime() - NOW.getTime()).toBe(30 * DAY_MS);
    await expect(signShareToken(key, claims, { ttlDays: 31 })).rejects.toThrow(/ttlDays/);
    await expect(signShareToken(key, claims, { ttlDays: 0 })).rejects.toThrow(/ttlDays/);
    await expect(signShareToken(key, claims, { ttlDays: 1.5 })).rejects.toThrow(/ttlDays/);
  });

  it("refuses a tampered payload, a tampered signature and another key with 404", async () => {
    const { token } = await signShareToken(key, claims, { now: NOW });
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${b64({ ...payload, sub: "00000000-0000-4000-8000-000000000002" })}.${s}`;
    expect(await verifyShareToken(key, forged, { now: NOW })).toMatchObject({ ok: false, reason: "invalid", status: 404 });
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith("AA") ? "BB" : "AA"}`;
    expect(await verifyShareToken(key, flipped, { now: NOW })).toMatchObject({ ok: false, status: 404 });
    expect(await verifyShareToken(shareTokenKey("y".repeat(40)), token, { now: NOW })).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses alg none, with or without a signature", async () => {
    const { token } = await signShareToken(key, claims, { now: NOW });
    const [, p, s] = token.split(".");
    const none = b64({ alg: "none", typ: "JWT" });
    expect(await verifyShareToken(key, `${none}.${p}.`, { now: NOW })).toMatchObject({ ok: false, status: 404 });
    expect(await verifyShareToken(key, `${none}.${p}.${s}`, { now: NOW })).toMatchObject({ ok: false, status: 404 });
    const unsecured = new UnsecuredJWT({ date: claims.date, std: claims.standard, lang: claims.lang }).setSubject(claims.assetId).setAudience("almanac:aqi-share").setExpirationTime("1d").encode();
    expect(await verifyShareToken(key, unsecured)).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses another HMAC algorithm under the same key", async () => {
    const t = await new SignJWT({ date: claims.date, std: claims.standard, lang: claims.lang }).setProtectedHeader({ alg: "HS512" }).setSubject(claims.assetId).setAudience("almanac:aqi-share").setIssuedAt().setExpirationTime("1d").sign(key);
    expect(await verifyShareToken(key, t)).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses a validly signed token for another audience, bad claims, or a lifetime over 30 days", async () => {
    const sign = (body: Record<string, unknown>, aud: string, exp: string) =>
      new SignJWT(body).setProtectedHeader({ alg: "HS256" }).setSubject(claims.assetId).setAudience(aud).setIssuedAt().setExpirationTime(exp).sign(key);
    const body = { date: claims.date, std: claims.standard, lang: claims.lang };
    expect(await verifyShareToken(key, await sign(body, "almanac:session", "1d"))).toMatchObject({ ok: false, status: 404 });
    expect(await verifyShareToken(key, await sign({ ...body, std: "who" }, "almanac:aqi-share", "1d"))).toMatchObject({ ok: false, status: 404 });
    expect(await verifyShareToken(key, await sign({ ...body, date: "2014-13-45" }, "almanac:aqi-share", "1d"))).toMatchObject({ ok: false, status: 404 });
    expect(await verifyShareToken(key, await sign(body, "almanac:aqi-share", "40d"))).toMatchObject({ ok: false, status: 404 });
    expect((await verifyShareToken(key, await sign(body, "almanac:aqi-share", "30d"))).ok).toBe(true);
  });

  it("refuses garbage and an empty string with 404", async () => {
    for (const t of ["", "abc", "a.b.c", "x".repeat(5000), "..."]) expect(await verifyShareToken(key, t)).toMatchObject({ ok: false, status: 404 });
  });

  it("derives its key from the app secret under its own label, not the secret itself", () => {
    const secret = "s".repeat(40);
    const k = Buffer.from(shareTokenKey(secret));
    expect(k).toHaveLength(32);
    expect(k.equals(Buffer.from(secret))).toBe(false);
    expect(k.equals(createHmac("sha256", secret).update("almanac share-token v1").digest())).toBe(true);
  });
});
