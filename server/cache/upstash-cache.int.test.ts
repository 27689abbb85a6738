/**
 * The Upstash backend against a local HTTP server that speaks Upstash's REST protocol (POST a command as a JSON
 * array to `/`, or an array of commands to `/pipeline`; `{ result }` back, strings base64-encoded when the
 * client sends `Upstash-Encoding: base64`), started by the test on loopback. Covers the round trip, expiry,
 * the bearer token, and that a hung or dead endpoint costs one bounded timeout and degrades to misses.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstashCache } from "./upstash-cache";

const TOKEN = "test-token";

function fakeUpstash() {
  const store = new Map<string, { value: string; expiresAtMs: number }>();
  const state = { hang: false, requests: 0, unauthorized: 0 };
  const run = (cmd: string[]): unknown => {
    const [name, ...args] = cmd;
    const live = (k: string) => {
      const e = store.get(k);
      if (e && e.expiresAtMs <= Date.now()) store.delete(k);
      return store.get(k);
    };
    switch (name.toLowerCase()) {
      case "get":
        return live(args[0])?.value ?? null;
      case "set": {
        const ex = args.findIndex((a) => a.toLowerCase() === "ex");
        store.set(args[0], { value: args[1], expiresAtMs: ex >= 0 ? Date.now() + Number(args[ex + 1]) * 1000 : Infinity });
        return "OK";
      }
      case "del":
        return args.filter((k) => store.delete(k)).length;
      default:
        throw new Error(`ERR unknown command '${name}'`);
    }
  };
  const server = http.createServer((req, res) => {
    state.requests++;
    if (state.hang) return; // never answers: the client's timeout must fire
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      state.unauthorized++;
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "Unauthorized" }));
      return;
    }
    const base64 = req.headers["upstash-encoding"] === "base64";
    const enc = (v: unknown) => (base64 && typeof v === "string" ? Buffer.from(v).toString("base64") : v);
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as string[] | string[][];
      const one = (cmd: string[]) => {
        try {
          return { result: enc(run(cmd)) };
        } catch (e) {
          return { error: (e as Error).message };
        }
      };
      const out = req.url?.startsWith("/pipeline") ? (body as string[][]).map(one) : one(body as string[]);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
    });
  });
  return { server, store, state };
}

describe("Upstash cache (local REST server)", () => {
  const fake = fakeUpstash();
  let url: string;
  const logged = { warn: [] as string[], info: [] as string[] };
  const log = { warn: (m: string) => logged.warn.push(m), info: (m: string) => logged.info.push(m) };

  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    fake.server.closeAllConnections();
    await new Promise((r) => fake.server.close(r));
  });

  it("sets with expiry under the key prefix, reads back byte for byte and deletes", async () => {
    const cache = await createUpstashCache(url, TOKEN, { commandTimeoutMs: 50, log });
    expect(cache.backend).toBe("upstash");
    const value = JSON.stringify({ mean: [1.5, 2], note: "ünïcode ✓" });
    await cache.set("forecast:a", value, 1);
    expect(fake.store.has("almanac:forecast:a")).toBe(true);
    expect(await cache.get("forecast:a")).toBe(value);
    await cache.set("forecast:b", "x");
    await cache.del("forecast:b", "missing");
    expect(await cache.get("forecast:b")).toBeNull();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await cache.get("forecast:a")).toBeNull();
    expect(fake.state.unauthorized).toBe(0);
    expect(logged.warn).toEqual([]);
  });

  it("a hung endpoint costs one bounded timeout, then misses without asking, then recovers", async () => {
    const cache = await createUpstashCache(url, TOKEN, { commandTimeoutMs: 50, log });
    await cache.set("k", "v");
    fake.state.hang = true;
    const t0 = performance.now();
    expect(await cache.get("k")).toBeNull();
    const firstMs = performance.now() - t0;
    expect(firstMs).toBeLessThan(200 + 150); // 200 ms floor for an HTTPS round trip, plus scheduling slack
    const before = fake.state.requests;
    const t1 = performance.now();
    for (let i = 0; i < 10; i++) expect(await cache.get("k")).toBeNull();
    expect(performance.now() - t1).toBeLessThan(50);
    expect(fake.state.requests).toBe(before); // cool-down: not asked at all
    expect(logged.warn).toHaveLength(1);
    expect(logged.warn[0]).toMatch(/cache: Upstash.*unavailable/);
    fake.state.hang = false;
    await new Promise((r) => setTimeout(r, 1050));
    expect(await cache.get("k")).toBe("v");
    expect(logged.info).toHaveLength(1);
  });

  it("a wrong token is a miss with a warning, never a thrown error", async () => {
    logged.warn.length = 0;
    const cache = await createUpstashCache(url, "wrong", { commandTimeoutMs: 50, log });
    await expect(cache.get("k")).resolves.toBeNull();
    await expect(cache.set("k", "v2")).resolves.toBeUndefined();
    expect(fake.state.unauthorized).toBeGreaterThan(0);
    expect(logged.warn).toHaveLength(1);
  });
});
