/**
 * Key format `alm_<prefix>_<secret>`: the prefix (12 hex chars) is public and indexed for lookup; the
 * secret is 32 random bytes, base64url. Only SHA-256(secret) is stored: with 256 bits of entropy a
 * fast hash is as strong as a slow one (no dictionary to attack), and verifying stays cheap per request.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const KEY_PREFIX = "alm_";

export interface GeneratedKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function generateKey(): GeneratedKey {
  const prefix = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { key: `${KEY_PREFIX}${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

/** Splits a presented key; undefined when it is not shaped like one of ours. */
export function parseKey(key: string): { prefix: string; secret: string } | undefined {
  const m = /^alm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { prefix: m[1], secret: m[2] } : undefined;
}

/** Constant-time comparison of the presented secret's hash with the stored one. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
