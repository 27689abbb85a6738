/**
 * Share tokens for the public AQI card: HS256 JWTs carrying the card's claims (city, day, standard,
 * language) with an expiry (default 7 days, at most 30). The key is derived from the app's session secret
 * (NEXTAUTH_SECRET, or the embedded demo's generated one) with HMAC under a fixed label, so a share token can
 * never pass for a session and no new setting is needed.
 *
 * Verification never throws: a bad token is a result (`invalid` → 404, `expired` → 410) that the page and
 * the image route turn into their answers, so a forged or stale link is never a 500.
 */
import { createHmac } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { DEFAULT_SHARE_TTL_DAYS, MAX_SHARE_TTL_DAYS, shareClaimsSchema, type ShareClaims } from "./share-schemas";

const ALG = "HS256";
const AUDIENCE = "almanac:aqi-share";
const KEY_LABEL = "almanac share-token v1";
const DAY_S = 86_400;

export function shareTokenKey(appSecret: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", appSecret).update(KEY_LABEL).digest());
}

export interface SignShareTokenOptions {
  /** Lifetime in days, 1 to 30 (default 7). */
  ttlDays?: number;
  /** Issue time (tests); default now. */
  now?: Date;
}

export async function signShareToken(key: Uint8Array, claims: ShareClaims, options: SignShareTokenOptions = {}): Promise<{ token: string; expiresAt: Date }> {
  const body = shareClaimsSchema.parse(claims);
  const ttlDays = options.ttlDays ?? DEFAULT_SHARE_TTL_DAYS;
  if (!Number.isInteger(ttlDays) || ttlDays < 1 || ttlDays > MAX_SHARE_TTL_DAYS) throw new RangeError(`ttlDays must be a whole number from 1 to ${MAX_SHARE_TTL_DAYS}`);
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const exp = iat + ttlDays * DAY_S;
  const token = await new SignJWT({ date: body.date, std: body.standard, lang: body.lang })
    .setProtectedHeader({ alg: ALG, typ: "JWT" })
    .setSubject(body.assetId)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000) };
}

export type ShareTokenResult =
  | { ok: true; claims: ShareClaims; expiresAt: Date }
  | { ok: false; reason: "invalid" | "expired"; status: 404 | 410; message: string };

const invalid = (message: string): ShareTokenResult => ({ ok: false, reason: "invalid", status: 404, message });

export async function verifyShareToken(key: Uint8Array, token: string, options: { now?: Date } = {}): Promise<ShareTokenResult> {
  if (typeof token !== "string" || token.length === 0 || token.length > 2048) return invalid("this share link is not valid");
  try {
    const { payload } = await jwtVerify(token, key, {
      // Only HS256: `alg: none` and any other algorithm are refused before the signature is looked at.
      algorithms: [ALG],
      audience: AUDIENCE,
      requiredClaims: ["exp", "sub"],
      currentDate: options.now,
    });
    const claims = shareClaimsSchema.safeParse({ assetId: payload.sub, date: payload.date, standard: payload.std, lang: payload.lang });
    if (!claims.success) return invalid("this share link is not valid");
    // Lifetimes are capped at minting; a longer one was not made here.
    if (payload.iat !== undefined && payload.exp! - payload.iat > MAX_SHARE_TTL_DAYS * DAY_S) return invalid("this share link is not valid");
    return { ok: true, claims: claims.data, expiresAt: new Date(payload.exp! * 1000) };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired", status: 410, message: "this share link has expired" };
    if (error instanceof errors.JOSEError) return invalid("this share link is not valid");
    throw error;
  }
}
