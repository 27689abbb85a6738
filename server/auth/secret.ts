/**
 * The secret that encrypts next-auth session JWTs. A real deployment (production on an external
 * Postgres) must set NEXTAUTH_SECRET; the embedded demo generates one on first start and keeps it
 * under DATA_DIR so sessions survive restarts.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "@/server/env";

export const SECRET_FILE = "nextauth-secret";
const MIN_SECRET_CHARS = 32;

export class AuthSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthSecretError";
  }
}

export function resolveAuthSecret(env: Pick<Env, "NEXTAUTH_SECRET" | "NODE_ENV" | "DATABASE_URL" | "DATA_DIR">): string {
  if (env.NEXTAUTH_SECRET) {
    if (env.NEXTAUTH_SECRET.length < MIN_SECRET_CHARS) {
      throw new AuthSecretError(`NEXTAUTH_SECRET must be at least ${MIN_SECRET_CHARS} characters (try: openssl rand -base64 32)`);
    }
    return env.NEXTAUTH_SECRET;
  }
  if (env.NODE_ENV === "production" && env.DATABASE_URL) {
    throw new AuthSecretError("NEXTAUTH_SECRET is required in production with DATABASE_URL (try: openssl rand -base64 32)");
  }
  const file = path.join(env.DATA_DIR, SECRET_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= MIN_SECRET_CHARS) return stored;
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  // `wx` fails if another process created the file first; then that process's secret wins.
  try {
    writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    writeFileSync(file, secret + "\n", { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}
