/**
 * Ingestion throughput into real Postgres.
 *
 *   npm run bench -- ingest [--db postgres://postgres@127.0.0.1:5432/postgres] [--batches 240] [--clients 4]
 *                            [--batch-size 1000] [--csv data/demo/taylor-england-wales-demand-half-hourly.csv]
 *
 * Creates a scratch database on the server, then measures:
 * - baseline: one raw `INSERT ... SELECT FROM unnest(...)` of all points (no conflict handling, no run
 *   record, no HTTP) — the ceiling for this server;
 * - ingestBatch in-process (validation, series lookup, upsert, ingest_run; no HTTP);
 * - REST: a plain node:http server on 127.0.0.1 forwarding to the exported route handler
 *   (app/api/v1/assets/[assetId]/observations/route.ts), N concurrent clients posting JSON batches,
 *   first with new points, then re-sending the same batches (all unchanged);
 * - CSV import of the demand file, in-process and through POST /api/v1/imports.
 * The clients run in the same process as the server, so client JSON encoding shares the CPU.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { openDb, type DbHandle } from "@/db/client";
import { printTable } from "../ml/io/format-table";
import { arg } from "./args";

async function scratchDb(adminUrl: string): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `almanac_bench_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), max: 10 });
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** node:http → Web Request → exported route handler → node:http response. */
function serve(routes: { pattern: RegExp; handler: Handler }[]) {
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const route = routes.find((r) => r.pattern.test(url.pathname));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const params = route.pattern.exec(url.pathname)!.groups ?? {};
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(url, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
      duplex: "half",
    } as RequestInit);
    const response = await route.handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export default async function ingestBench(args: string[]): Promise<void> {
  const adminUrl = arg(args, "db", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const batches = Number(arg(args, "batches", "240"));
  const clients = Number(arg(args, "clients", "4"));
  const batchSize = Number(arg(args, "batch-size", "1000"));
  const csvPath = arg(args, "csv", "data/demo/taylor-england-wales-demand-half-hourly.csv");
  const totalPoints = batches * batchSize;

  const handle = await scratchDb(adminUrl);
  const { setRouteDbForTests } = await import("@/server/http/handle-route");
  setRouteDbForTests(handle);
  const { POST: pushRoute } = await import("@/app/api/v1/assets/[assetId]/observations/route");
  const { POST: importRoute } = await import("@/app/api/v1/imports/route");
  const { createAsset } = await import("@/server/assets");
  const { createApiKey } = await import("@/server/api-keys/manage-api-keys");
  const { ingestBatch } = await import("@/server/ingest/ingest-batch");
  const { importCsv } = await import("@/server/ingest/import-csv");
  const { series: seriesTable } = await import("@/db/schema");

  const db = handle.db;
  const asset = await createAsset(db, { slug: "bench", name: "Bench", kind: "meter" });
  const { key } = await createApiKey(db, { name: "bench", scopes: ["ingest", "read"] });
  const T0 = Date.UTC(2020, 0, 1);
  const rows: (string | number)[][] = [];
  // Node CPU per 1,000 points says how much of the time is this process (parsing, validation, HTTP)
  // rather than waiting on Postgres; on a shared machine it is steadier than wall-clock rates.
  let cpuMark = process.cpuUsage();
  const startTimer = () => {
    cpuMark = process.cpuUsage();
    return performance.now();
  };
  const record = (name: string, points: number, ms: number, baselineRate?: number) => {
    const cpu = process.cpuUsage(cpuMark);
    const rate = points / (ms / 1000);
    const cpuMsPer1k = ((cpu.user + cpu.system) / 1000 / points) * 1000;
    rows.push([
      name,
      fmt(points),
      (ms / 1000).toFixed(2),
      fmt(rate),
      baselineRate ? (rate / baselineRate).toFixed(3) : "1.000",
      cpuMsPer1k.toFixed(2),
    ]);
    return rate;
  };

  // Baseline: one raw statement.
  const [raw] = await db.insert(seriesTable).values({ assetId: asset.id, metric: "raw" }).returning();
  const ts: string[] = [];
  const vals: string[] = [];
  for (let i = 0; i < totalPoints; i++) {
    ts.push(new Date(T0 + i * 60_000).toISOString());
    vals.push(String(Math.sin(i / 100) * 100));
  }
  let t = startTimer();
  await db.execute(sql`insert into observations (series_id, ts, value, quality)
    select ${raw.id}::uuid, t.ts, t.v, 0 from unnest(${`{${ts.join(",")}}`}::timestamptz[], ${`{${vals.join(",")}}`}::float8[]) as t(ts, v)`);
  const baseline = record("raw unnest INSERT, 1 statement (baseline)", totalPoints, performance.now() - t);

  const makeBatch = (client: number, b: number) =>
    Array.from({ length: batchSize }, (_, i) => ({ tsMs: T0 + (b * batchSize + i) * 60_000, value: Math.sin((b * batchSize + i) / 100) * 100 }));
  const runClients = async (work: (client: number, b: number) => Promise<void>) => {
    const perClient = Math.ceil(batches / clients);
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let b = 0; b < perClient; b++) await work(c, b);
      }),
    );
    return perClient * clients * batchSize;
  };

  // In-process ingestBatch.
  t = startTimer();
  let points = await runClients(async (c, b) => {
    await ingestBatch(db, { assetId: asset.id, source: "bench", series: [{ metric: `inproc_${c}`, points: makeBatch(c, b) }] });
  });
  record(`ingestBatch in-process, ${clients} concurrent × ${batchSize}`, points, performance.now() - t, baseline);

  // REST through node:http.
  const server = serve([
    { pattern: /^\/api\/v1\/assets\/(?<assetId>[^/]+)\/observations$/, handler: pushRoute as Handler },
    { pattern: /^\/api\/v1\/imports$/, handler: importRoute as Handler },
  ]);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bodies = new Map<string, string>();
  const restBody = (c: number, b: number) => {
    const k = `${c}/${b}`;
    let body = bodies.get(k);
    if (!body) {
      body = JSON.stringify(makeBatch(c, b).map((p) => ({ timestamp: new Date(p.tsMs).toISOString(), value: p.value })));
      bodies.set(k, body);
    }
    return body;
  };
  const post = async (c: number, b: number) => {
    const res = await fetch(`${base}/api/v1/assets/bench/observations?metric=rest_${c}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: restBody(c, b),
    });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  // Pre-encode the JSON so the timed loop measures the server path, not the client's stringify.
  await runClients(async (c, b) => void restBody(c, b));
  t = startTimer();
  points = await runClients(post);
  record(`REST POST observations, ${clients} clients × ${batchSize} (new)`, points, performance.now() - t, baseline);
  t = startTimer();
  points = await runClients(post);
  record(`REST POST observations, ${clients} clients × ${batchSize} (re-sent, unchanged)`, points, performance.now() - t, baseline);

  // CSV import of the demand file.
  const csv = readFileSync(csvPath);
  const csvRows = csv.toString("utf8").trim().split("\n").length - 1;
  await createAsset(db, { slug: "csv-a", name: "CSV A", kind: "meter" });
  await createAsset(db, { slug: "csv-b", name: "CSV B", kind: "meter" });
  t = startTimer();
  const imported = await importCsv(db, { asset: "csv-a", input: csv });
  record(`CSV import in-process (${csvRows} rows)`, imported.rowsInserted, performance.now() - t, baseline);
  t = startTimer();
  const res = await fetch(`${base}/api/v1/imports?asset=csv-b`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
    body: csv,
  });
  const body = (await res.json()) as { rowsInserted: number };
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`);
  record(`REST POST imports, text/csv (${csvRows} rows)`, body.rowsInserted, performance.now() - t, baseline);

  server.close();
  await handle.close();
  console.log(`ingest into ${new URL(adminUrl).host}, ${totalPoints.toLocaleString("en-US")} points per run`);
  const { loadavg, cpus } = await import("node:os");
  console.log(`${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  printTable(["path", "points", "seconds", "points/s", "vs baseline", "node CPU ms/1k pts"], rows);
}
