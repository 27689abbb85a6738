import { mkdtempSync, readFileSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuthSecretError, resolveAuthSecret, SECRET_FILE } from "./secret";

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "almanac-secret-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("resolveAuthSecret", () => {
  it("uses NEXTAUTH_SECRET when set", () => {
    const secret = "x".repeat(40);
    expect(resolveAuthSecret({ NEXTAUTH_SECRET: secret, NODE_ENV: "production", DATABASE_URL: "postgres://h/db", DATA_DIR: "/nonexistent" })).toBe(secret);
  });

  it("rejects a short secret", () => {
    expect(() => resolveAuthSecret({ NEXTAUTH_SECRET: "short", NODE_ENV: "development", DATABASE_URL: undefined, DATA_DIR: tempDir() })).toThrow(/at least 32/);
  });

  it("requires a secret in production with an external database", () => {
    expect(() => resolveAuthSecret({ NEXTAUTH_SECRET: undefined, NODE_ENV: "production", DATABASE_URL: "postgres://h/db", DATA_DIR: tempDir() })).toThrow(AuthSecretError);
  });

  it("generates, persists with 0600 and reuses a secret for the embedded demo", () => {
    const dir = tempDir();
    const env = { NEXTAUTH_SECRET: undefined, NODE_ENV: "production" as const, DATABASE_URL: undefined, DATA_DIR: dir };
    const first = resolveAuthSecret(env);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(resolveAuthSecret(env)).toBe(first);
  });
});
