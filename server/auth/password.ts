/**
 * Password hashing with scrypt (RFC 7914) from node:crypto. Hashes are self-describing,
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url), so the cost can be raised later without
 * invalidating stored hashes: verification always uses the parameters stored with the hash.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { env } from "@/server/env";
import { Semaphore } from "./semaphore";

/** OWASP's 2023 scrypt minimum is N=2^17, r=8, p=1; that needs 128 MiB, so maxmem is raised to match. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const MAX_N = 2 ** 20;

export class PasswordHashFormatError extends Error {
  constructor(reason: string) {
    super(`Stored password hash is malformed: ${reason}`);
    this.name = "PasswordHashFormatError";
  }
}

/**
 * Every hash in this process runs in one of PASSWORD_HASH_CONCURRENCY slots; the rest wait in order. Unbounded
 * scrypt would let concurrent sign-ins take all of libuv's threads (other requests' file and DNS work waits
 * behind them) and 128 MiB each. The wait is bounded where anonymous callers come in: the sign-in route
 * admits only a few attempts at a time (server/auth/sign-in-route.ts).
 */
const hashSlots = new Semaphore(env.PASSWORD_HASH_CONCURRENCY);

/** Hashes running and waiting now (for tests and the sign-in bench). */
export function passwordHashLoad(): { active: number; queued: number; limit: number } {
  return { active: hashSlots.active, queued: hashSlots.queued, limit: hashSlots.limit };
}

function scrypt(password: string, salt: Buffer, keyBytes: number, params: { N: number; r: number; p: number }) {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return hashSlots.use(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCallback(password.normalize("NFKC"), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): Promise<string> {
  if (password.length === 0) throw new RangeError("password must not be empty");
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

function parseHash(stored: string) {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") throw new PasswordHashFormatError("expected scrypt$N$r$p$salt$hash");
  const [N, r, p] = parts.slice(1, 4).map((s) => Number.parseInt(s, 10));
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) throw new PasswordHashFormatError("bad N");
  if (!Number.isInteger(r) || r < 1 || r > 32) throw new PasswordHashFormatError("bad r");
  if (!Number.isInteger(p) || p < 1 || p > 16) throw new PasswordHashFormatError("bad p");
  const salt = Buffer.from(parts[4], "base64url");
  const key = Buffer.from(parts[5], "base64url");
  if (salt.length < 8 || key.length < 16) throw new PasswordHashFormatError("salt or hash too short");
  return { N, r, p, salt, key };
}

/** Constant-time comparison of the derived key; a malformed stored hash throws rather than returning false. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { N, r, p, salt, key } = parseHash(stored);
  const candidate = await scrypt(password, salt, key.length, { N, r, p });
  return timingSafeEqual(candidate, key);
}

/** True when the stored hash uses weaker parameters than today's, so it should be re-hashed on sign-in. */
export function needsRehash(stored: string): boolean {
  const { N, r, p } = parseHash(stored);
  return N < SCRYPT_PARAMS.N || r < SCRYPT_PARAMS.r || p < SCRYPT_PARAMS.p;
}

/** A random password for generated accounts: 18 bytes → 24 url-safe characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
