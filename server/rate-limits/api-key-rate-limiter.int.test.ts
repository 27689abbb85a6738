/**
 * API key limits on every store: memory; real Redis (TEST_REDIS_URL; two limiters = two app processes share
 * the counts) with a dead Redis degrading to memory; Upstash through a loopback server speaking Upstash's
 * REST protocol that forwards each command to the real Redis (so @upstash/ratelimit's Lua scripts really run).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/server/testing/own-redis";
import { createApiKeyRateLimiter, rateLimitHeaders, type ApiKeyRateLimiter } from "./api-key-rate-limiter";

const redisUrl = process.env.TEST_REDIS_URL || undefined;
if (!redisUrl) console.warn("\n*** api-key-rate-limiter.int.test.ts: TEST_REDIS_URL is not set: the Redis and Upstash cases are skipped ***\n");
const quiet = { warn: () => {}, info: () => {} };

async function burst(l: ApiKeyRateLimiter, key: string, perMinute: number, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await l.check(key, perMinute));
  return out;
}

describe("API key rate limits in memory", () => {
  it("allows the limit, refuses the next with the time to wait, and keeps keys and limits apart", async () => {
    const l = await createApiKeyRateLimiter({ commandTimeoutMs: 50 });
    const d = await burst(l, "k1", 3, 4);
    expect(d.map((x) => x.allowed)).toEqual([true, true, true, false]);
    expect(d.map((x) => x.remaining)).toEqual([2, 1, 0, 0]);
    expect(d[3].resetS).toBeGreaterThanOrEqual(1);
    expect(d[3].resetS).toBeLessThanOrEqual(60);
    expect(rateLimitHeaders(d[3])).toEqual({ "RateLimit-Limit": "3", "RateLimit-Remaining": "0", "RateLimit-Reset": String(d[3].resetS), "RateLimit-Policy": "3;w=60", "Retry-After": String(d[3].resetS) });
    expect(rateLimitHeaders(d[0])["Retry-After"]).toBeUndefined();
    expect((await l.check("k2", 3)).allowed).toBe(true);
    expect((await l.check("k1", 10)).allowed).toBe(true); // a raised limit is its own budget
    expect((await l.check("k3", 5, 5)).remaining).toBe(0); // a batch counts its items
    expect((await l.check("k3", 5)).allowed).toBe(false);
  });

  it("opens a new window after the old one ends", async () => {
    const l = await createApiKeyRateLimiter({ commandTimeoutMs: 50, windowS: 1 });
    expect((await burst(l, "k", 1, 2)).map((x) => x.allowed)).toEqual([true, false]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await l.check("k", 1)).allowed).toBe(true);
  });
});

describe.skipIf(!redisUrl)("API key rate limits in Redis", () => {
  it("shares the counts between processes", async () => {
    const prefix = `test:rate:${randomUUID()}`;
    const a = await createApiKeyRateLimiter({ redisUrl, commandTimeoutMs: 200, keyPrefix: prefix });
    const b = await createApiKeyRateLimiter({ redisUrl, commandTimeoutMs: 200, keyPrefix: prefix });
    try {
      expect(a.store).toBe("redis");
      const results = [...(await burst(a, "key", 4, 2)), ...(await burst(b, "key", 4, 3))];
      expect(results.map((x) => x.allowed)).toEqual([true, true, true, true, false]);
      expect(results.every((x) => x.store === "redis")).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a Redis that is down degrades to per-process limits, never to refusals or errors", async () => {
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const warnings: string[] = [];
    const l = await createApiKeyRateLimiter({ redisUrl: deadUrl, commandTimeoutMs: 50, log: { warn: (m: string) => warnings.push(m), info: () => {} } });
    try {
      const t0 = performance.now();
      const d = await burst(l, "key", 2, 3);
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(d.map((x) => x.allowed)).toEqual([true, true, false]);
      expect(d.every((x) => x.store === "memory")).toBe(true);
      expect(warnings.length).toBe(1);
    } finally {
      await l.close();
    }
  });
});

/**
 * Upstash's scripts carry an Upstash-only shebang flag (`allow-key-locking`) that Redis 7 refuses; the proxy
 * drops it (and remembers scripts by the sha the client computed), as Upstash's own server accepts them.
 */
function upstashProxy(target: Redis) {
  const scripts = new Map<string, string>();
  const forward = async (name: string, args: string[]): Promise<unknown> => {
    const cmd = name.toLowerCase();
    if (cmd === "eval") {
      const [script, ...rest] = args;
      scripts.set(createHash("sha1").update(script).digest("hex"), script);
      return target.call("eval", script.replace(/^#!lua flags=allow-key-locking\n/, "#!lua\n"), ...rest);
    }
    if (cmd === "evalsha") {
      const script = scripts.get(args[0]);
      if (!script) throw new Error("NOSCRIPT No matching script. Please use EVAL.");
      return forward("eval", [script, ...args.slice(1)]);
    }
    return target.call(name, ...args);
  };
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== "Bearer tok") return void res.writeHead(401).end("{}");
    const base64 = req.headers["upstash-encoding"] === "base64";
    const enc = (v: unknown): unknown => (Array.isArray(v) ? v.map(enc) : base64 && typeof v === "string" ? Buffer.from(v).toString("base64") : v);
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const run = async (cmd: (string | number)[]) => {
        try {
          const [name, ...args] = cmd.map(String);
          return { result: enc(await forward(name, args)) };
        } catch (e) {
          return { error: (e as Error).message };
        }
      };
      const body = JSON.parse(raw) as (string | number)[] | (string | number)[][];
      const out = req.url?.startsWith("/pipeline") || req.url?.startsWith("/multi-exec") ? await Promise.all((body as (string | number)[][]).map(run)) : await run(body as (string | number)[]);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
    });
  });
  return server;
}

describe.skipIf(!redisUrl)("API key rate limits on Upstash", () => {
  let target: Redis;
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    target = new Redis(redisUrl!);
    server = upstashProxy(target);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    target.disconnect();
  });

  it("limits through @upstash/ratelimit, shared between processes", async () => {
    const prefix = `test:rate:${randomUUID()}`;
    const a = await createApiKeyRateLimiter({ upstashUrl: url, upstashToken: "tok", commandTimeoutMs: 500, keyPrefix: prefix, log: quiet });
    const b = await createApiKeyRateLimiter({ upstashUrl: url, upstashToken: "tok", commandTimeoutMs: 500, keyPrefix: prefix, log: quiet });
    expect(a.store).toBe("upstash");
    const results = [...(await burst(a, "key", 3, 2)), ...(await burst(b, "key", 3, 2))];
    expect(results.map((x) => x.allowed)).toEqual([true, true, true, false]);
    expect(results.map((x) => x.store)).toEqual(["upstash", "upstash", "upstash", "upstash"]);
    expect(results[3].remaining).toBe(0);
  });

  it("an Upstash endpoint that fails degrades to memory with one warning", async () => {
    const warnings: string[] = [];
    const l = await createApiKeyRateLimiter({ upstashUrl: url, upstashToken: "wrong", commandTimeoutMs: 200, log: { warn: (m: string) => warnings.push(m), info: () => {} } });
    const d = await burst(l, "key", 2, 3);
    expect(d.map((x) => x.allowed)).toEqual([true, true, false]);
    expect(d.every((x) => x.store === "memory")).toBe(true);
    expect(warnings.length).toBe(1);
  });
});
