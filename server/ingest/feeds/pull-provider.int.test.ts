/**
 * Provider connectors end to end: a fixture HTTP server on 127.0.0.1 answers with the recorded responses
 * (beside each connector), the pull writes to the real Postgres (TEST_DATABASE_URL) or PGlite.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, asc, desc, eq } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { createTestDb } from "@/db/testing";
import { ingestRuns, ingestSources, observations, series } from "@/db/schema";
import { createAsset } from "@/server/assets";
import { ProviderHttpError } from "./connector-http";
import { pullProviderSource, readCursors } from "./pull-provider";

const fx = (p: string) => readFileSync(path.join(import.meta.dirname, p), "utf8");
type Handler = (req: IncomingMessage, url: URL, res: ServerResponse) => void;

describe("provider connectors against a fixture server", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let requests: { url: URL; headers: IncomingMessage["headers"] }[];
  let waits: number[];
  let handlerErrors: string[] = [];
  let n = 0;
  const http = () => ({ sleep: async (ms: number) => void waits.push(ms), baseDelayMs: 100, maxAttempts: 4, timeoutMs: 5_000 });

  beforeAll(async () => {
    handle = await createTestDb();
    server = createServer((req, res) => {
      const url = new URL(req.url!, "http://127.0.0.1");
      requests.push({ url, headers: req.headers });
      // A throwing handler answers 500 with its message instead of leaving the request (and the test) hanging.
      try {
        handler(req, url, res);
      } catch (err) {
        handlerErrors.push(err instanceof Error ? err.message : String(err));
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await handle?.close();
  });
  beforeEach(() => {
    requests = [];
    waits = [];
    handlerErrors = [];
  });
  afterEach(() => {
    // A fixture-server bug must fail loudly, not pass as a provider 500.
    expect(handlerErrors).toEqual([]);
  });

  const newSource = async (provider: string, config: Record<string, unknown>, credentials: Record<string, string> | null) => {
    n++;
    const asset = await createAsset(handle.db, { slug: `station-${provider}-${n}`, name: `Station ${n}`, kind: "city" });
    const [row] = await handle.db.insert(ingestSources).values({ name: `${provider}-${n}`, assetId: asset.id, provider, config, credentials }).returning();
    return row;
  };
  const reload = async (id: string) => (await handle.db.select().from(ingestSources).where(eq(ingestSources.id, id)))[0];
  const points = async (assetId: string, metric: string) => {
    const [s] = await handle.db.select().from(series).where(and(eq(series.assetId, assetId), eq(series.metric, metric)));
    if (!s) return [];
    return handle.db.select({ ts: observations.ts, value: observations.value, quality: observations.quality }).from(observations).where(eq(observations.seriesId, s.id)).orderBy(asc(observations.ts));
  };
  const json = (res: ServerResponse, body: string, status = 200, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };
  const openAqPages: Handler = (req, url, res) => {
    if (req.headers["x-api-key"] !== "test-key-123456") return json(res, '{"detail":"unauthorized"}', 401);
    json(res, fx(`openaq/fixtures/sensor-3917-hourly-page${url.searchParams.get("page")}.json`));
  };
  const openAq = { sensorIds: [3917], pageLimit: 2, startDate: "2024-01-01" };
  const NOW = Date.UTC(2024, 0, 2);

  it("OpenAQ: follows pages, keeps good records and reports the bad one, re-pull writes nothing", async () => {
    handler = openAqPages;
    const src = await newSource("openaq", openAq, { apiKey: "test-key-123456" });
    const r = await pullProviderSource(handle.db, src, { baseUrl, nowMs: NOW, http: http() });
    expect(r).toMatchObject({ pages: 2, inserted: 3, rejected: 1, issues: [{ stream: "3917", row: 1, field: "value", message: '"bad" is not a number' }] });
    expect(requests.map((q) => q.url.pathname)).toEqual(["/v3/sensors/3917/measurements/hourly", "/v3/sensors/3917/measurements/hourly"]);
    expect(requests.map((q) => q.url.searchParams.get("page"))).toEqual(["1", "2"]);
    expect(requests[0].url.searchParams.get("datetime_from")).toBe("2024-01-01T00:00:00.000Z");
    const pts = await points(src.assetId, "pm25");
    expect(pts.map((p) => [p.ts.toISOString(), p.value, p.quality])).toEqual([
      ["2024-01-01T00:00:00.000Z", 12.4, 0],
      ["2024-01-01T01:00:00.000Z", 14.1, 1],
      ["2024-01-01T03:00:00.000Z", 9.8, 0],
    ]);
    const runs = await handle.db.select().from(ingestRuns).where(eq(ingestRuns.source, `source:${src.name}`)).orderBy(desc(ingestRuns.startedAt));
    expect(runs.find((x) => x.rowsRejected === 1)?.error).toMatchObject({ issues: [{ row: 1, field: "value" }] });
    expect(readCursors((await reload(src.id)).cursor)).toEqual({ "3917": Date.UTC(2024, 0, 1, 3) });

    // Same window again (explicit from): nothing new is written.
    const again = await pullProviderSource(handle.db, await reload(src.id), { baseUrl, nowMs: NOW, fromMs: Date.UTC(2024, 0, 1), advanceCursor: false, http: http() });
    expect(again.inserted).toBe(0);
    expect(again.accepted).toBe(3);
    expect(await points(src.assetId, "pm25")).toHaveLength(3);
  });

  it("honours 429 Retry-After and retries 5xx with exponential backoff", async () => {
    let calls = 0;
    handler = (req, url, res) => {
      calls++;
      if (calls === 1) return json(res, "{}", 429, { "retry-after": "7" });
      if (calls === 2 || calls === 3) return json(res, "oops", 503);
      openAqPages(req, url, res);
    };
    const src = await newSource("openaq", openAq, { apiKey: "test-key-123456" });
    const r = await pullProviderSource(handle.db, src, { baseUrl, nowMs: NOW, http: http() });
    expect(r.inserted).toBe(3);
    expect(waits).toEqual([7000, 200, 400]); // Retry-After 7 s, then 100·2^1, 100·2^2
    expect(requests).toHaveLength(5);
  });

  it("gives up after the last attempt and does not retry a 4xx; the key is never in the error", async () => {
    handler = (_req, _url, res) => json(res, "{}", 500);
    const src = await newSource("openaq", openAq, { apiKey: "test-key-123456" });
    const err = await pullProviderSource(handle.db, src, { baseUrl, nowMs: NOW, http: http() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect(requests).toHaveLength(4);
    requests = [];
    handler = openAqPages; // a healthy server that refuses the key
    const bad = await newSource("openaq", openAq, { apiKey: "wrong-key-0000" });
    const err2 = await pullProviderSource(handle.db, bad, { baseUrl, nowMs: NOW, http: http() }).catch((e: unknown) => e);
    expect((err2 as ProviderHttpError).httpStatus).toBe(401);
    expect(requests).toHaveLength(1);
    const row = await reload(bad.id);
    expect(row.lastError).toContain("HTTP 401");
    expect(row.lastError).not.toContain("wrong-key");
  });

  it("resumes at the cursor after a crash on page 2", async () => {
    let failPage2 = true;
    handler = (req, url, res) => {
      if (failPage2 && url.searchParams.get("page") === "2") return json(res, "down", 502);
      // After the crash the query starts after page 1's newest point: serve what remains as one page.
      if (!failPage2) return json(res, fx("openaq/fixtures/sensor-3917-hourly-page2.json").replace('"page":2', '"page":1').replace('"found":4', '"found":2'));
      openAqPages(req, url, res);
    };
    const src = await newSource("openaq", openAq, { apiKey: "test-key-123456" });
    await expect(pullProviderSource(handle.db, src, { baseUrl, nowMs: NOW, http: http() })).rejects.toBeInstanceOf(ProviderHttpError);
    const afterCrash = await reload(src.id);
    expect(readCursors(afterCrash.cursor)).toEqual({ "3917": Date.UTC(2024, 0, 1, 1) });
    expect(await points(src.assetId, "pm25")).toHaveLength(2);

    failPage2 = false;
    requests = [];
    const r = await pullProviderSource(handle.db, afterCrash, { baseUrl, nowMs: NOW, http: http() });
    expect(requests[0].url.searchParams.get("datetime_from")).toBe("2024-01-01T01:00:00.001Z");
    expect(requests[0].url.searchParams.get("page")).toBe("1");
    expect(r.inserted).toBe(1);
    expect((await points(src.assetId, "pm25")).map((p) => p.value)).toEqual([12.4, 14.1, 9.8]);
  });

  it("Open-Meteo: several metrics of one asset, local Berlin times stored as UTC across DST", async () => {
    handler = (_req, url, res) => json(res, fx("open-meteo/fixtures/archive-hourly-berlin.json"));
    const src = await newSource("open-meteo", { latitude: 52.52, longitude: 13.41, timezone: "Europe/Berlin", startDate: "2024-03-31", chunkDays: 31 }, null);
    const r = await pullProviderSource(handle.db, src, { baseUrl, nowMs: Date.UTC(2024, 2, 31, 12), http: http() });
    const q = requests[0].url;
    expect(q.pathname).toBe("/v1/archive");
    expect(Object.fromEntries(q.searchParams)).toMatchObject({ start_date: "2024-03-31", end_date: "2024-03-31", timezone: "Europe/Berlin", latitude: "52.52" });
    expect(r.rejected).toBe(1);
    expect((await points(src.assetId, "temperature_2m")).map((p) => p.ts.toISOString())).toEqual(["2024-03-30T23:00:00.000Z", "2024-03-31T00:00:00.000Z", "2024-03-31T01:00:00.000Z"]);
    expect(await points(src.assetId, "surface_pressure")).toHaveLength(4);
    expect(await points(src.assetId, "precipitation")).toHaveLength(4);
  });

  it("QWeather: EdDSA bearer JWT, one request per day and kind, offsets honoured", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    handler = (_req, url, res) => {
      const day = url.searchParams.get("date");
      if (day !== "20241125") return json(res, '{"code":"204"}');
      json(res, fx(`qweather/fixtures/historical-${url.pathname.endsWith("air") ? "air" : "weather"}-101010100-20241125.json`));
    };
    const src = await newSource("qweather", { location: "101010100", apiHost: "abc.re.qweatherapi.com" }, { projectId: "P1", credentialId: "K1", privateKeyPem: pem });
    const r = await pullProviderSource(handle.db, src, { baseUrl, nowMs: Date.UTC(2024, 10, 27, 6), http: http() });
    expect(requests).toHaveLength(20);
    const auth = requests[0].headers.authorization!;
    expect(decodeProtectedHeader(auth.slice(7))).toEqual({ alg: "EdDSA", kid: "K1" });
    expect(decodeJwt(auth.slice(7)).sub).toBe("P1");
    expect(requests[0].url.searchParams.get("date")).toBe("20241117");
    expect(r.rejected).toBe(2);
    expect((await points(src.assetId, "temp")).map((p) => p.ts.toISOString())).toEqual(["2024-11-24T16:00:00.000Z", "2024-11-24T17:00:00.000Z"]);
    expect((await points(src.assetId, "air_pm2p5")).map((p) => p.value)).toEqual([39, 43]);
  });

  it("NOAA GSOD: a station-year CSV, missing markers left out", async () => {
    handler = (_req, url, res) => {
      if (url.pathname !== "/data/global-summary-of-the-day/access/2024/72503014732.csv") return json(res, "", 404);
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(fx("gsod/fixtures/72503014732-2024.csv"));
    };
    const src = await newSource("noaa-gsod", { station: "72503014732", startYear: 2024 }, null);
    const r = await pullProviderSource(handle.db, src, { baseUrl, nowMs: Date.UTC(2024, 5, 1), http: http() });
    expect(r.rejected).toBe(2);
    expect((await points(src.assetId, "sea_level_pressure")).map((p) => p.value)).toEqual([1013.4, 1020.1, 1009]);
    expect(readCursors((await reload(src.id)).cursor)).toEqual({ daily: Date.UTC(2024, 0, 5) });
  });
});
