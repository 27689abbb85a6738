import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDatabaseUrl } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { verifyApiKey } from "@/server/api-keys";
import { createAsset } from "@/server/assets";
import { verifyCredentials } from "@/server/auth/verify-credentials";
import { runAlmanacCli } from "./commands";

let handle: DbHandle & { url?: string };

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAlmanacCli(argv, async () => handle.db, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  handle = await createTestDb();
  await createAsset(handle.db, { slug: "line-a", name: "Production line A", kind: "meter", timezone: "UTC" });
  await createAsset(handle.db, { slug: "beijing", name: "Beijing", kind: "city", timezone: "Asia/Shanghai" });
});
afterAll(async () => handle?.close());

describe("npm run almanac", () => {
  it("creates a key limited to named assets, prints it once, and the key verifies with those scopes", async () => {
    const r = await cli("keys", "create", "--name", "plant gateway", "--scopes", "predict,ingest", "--assets", "line-a", "--rate-limit", "120");
    expect(r.code).toBe(0);
    const key = r.out.trim();
    expect(key).toMatch(/^alm_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
    expect(r.err).toMatch(/shown only this once/);
    const verified = await verifyApiKey(handle.db, { key });
    expect([...verified.scopes].sort()).toEqual(["ingest", "predict"]);
    expect(verified.assetIds).toHaveLength(1);
    expect(verified.rateLimitPerMinute).toBe(120);

    const list = await cli("keys", "list");
    expect(list.out).toContain("plant gateway");
    expect(list.out).not.toContain(key.split("_")[2]);

    const prefix = key.split("_")[1];
    expect((await cli("keys", "revoke", prefix)).code).toBe(0);
    await expect(verifyApiKey(handle.db, { key })).rejects.toThrow();
    expect((await cli("keys", "list")).out).not.toContain("plant gateway");
    expect((await cli("keys", "list", "--all")).out).toContain("plant gateway");
  });

  it("creates users with a generated password that signs in, and lists them and the assets", async () => {
    const r = await cli("users", "create", "--email", "Ops@Example.com", "--role", "analyst", "--name", "Ops");
    expect(r.code).toBe(0);
    const password = /password: (\S+)/.exec(r.out)?.[1];
    expect(password).toBeDefined();
    expect(await verifyCredentials(handle.db, "ops@example.com", password!)).toMatchObject({ role: "analyst" });
    expect((await cli("users", "list")).out).toMatch(/ops@example\.com\s+Ops\s+analyst/);
    const assets = await cli("assets", "list", "--kind", "city");
    expect(assets.out).toContain("beijing");
    expect(assets.out).not.toContain("line-a");
  });

  it("refuses bad usage with exit 2 and a message naming the flag", async () => {
    const cases: [string[], RegExp][] = [
      [["keys", "create", "--name", "x"], /--scopes is required/],
      [["keys", "create", "--name", "x", "--scopes", "predict,fly"], /unknown scope "fly"/],
      [["keys", "create", "--name", "x", "--scopes", "read", "--assets", "nowhere"], /--assets: no asset "nowhere"/],
      [["keys", "create", "--name", "x", "--scopes", "read", "--expires", "soon"], /--expires: not a date/],
      [["keys", "create", "--name", "x", "--scopes", "read", "--expires", "2001-01-01"], /expiresAt must be in the future|future/],
      [["keys", "create", "--name", "x", "--scopes", "read", "--colour", "red"], /unknown flag --colour/],
      [["keys", "create", "--name"], /--name needs a value/],
      [["keys", "create", "--name", "x", "--scopes", "read", "--rate-limit", "0"], /--rate-limit: requests per minute/],
      [["keys", "revoke"], /one key id or prefix/],
      [["keys", "revoke", "nope"], /no key "nope"/],
      [["users", "create", "--email", "a@b.c", "--role", "king"], /unknown role "king"/],
      [["users", "create", "--email", "a@b.c", "--role", "viewer", "--password", "short"], /at least 12/],
      [["users", "create", "--email", "ops@example.com", "--role", "viewer"], /already exists/],
      [["assets", "list", "--kind", "planet"], /unknown kind "planet"/],
      [["launch", "rockets"], /unknown command "launch rockets"/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.err).toMatch(message);
    }
  });

  // The subprocess needs a server database: an in-memory PGlite lives in this process only.
  it.skipIf(!testDatabaseUrl())("runs as `npm run almanac` against the configured database", () => {
    const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
    const r = spawnSync(tsx, ["scripts/almanac.ts", "assets", "list"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: handle.url! }, timeout: 60_000 });
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("line-a");
    const bad = spawnSync(tsx, ["scripts/almanac.ts", "keys", "create"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: handle.url! }, timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--name is required/);
  });
});
