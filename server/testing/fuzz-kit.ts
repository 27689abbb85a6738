/**
 * Shared pieces of the fuzz and authorization-matrix suites (issue #9): the discovered route list, a seeded
 * world (assets, series, API keys of every kind, users of every role, a model with one champion), row
 * counts for the no-partial-writes property, fast-check arbitraries for hostile path segments, query
 * strings and headers, and the problem+json check.
 *
 * Test-only: nothing under app/ or server/ imports this file.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import type { Db } from "@/db/client";
import { assets, forecasts, jobRuns, observations, series, users, type ApiKeyScope, type UserRole } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/server/api-keys/manage-api-keys";
import type { SessionUser } from "@/server/auth/session-user";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";

/**
 * Fixed seed so a CI failure replays locally; `FUZZ_SEED=n` explores other inputs and `FUZZ_RUNS=x` scales
 * every suite's run counts (e.g. 0.2 for a quick local pass). Full scale on a real Postgres
 * (TEST_DATABASE_URL, as CI's first integration run); a quarter on PGlite, CI's second run of the same
 * suite, which is several times slower per request and repeats the same seed. Tests, like db/testing.ts,
 * read these raw knobs before the app's env module matters.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 9_2026);
const onRealPostgres = Boolean(process.env.TEST_DATABASE_URL);
const RUNS_SCALE = Number(process.env.FUZZ_RUNS ?? (onRealPostgres ? 1 : 0.25));
/** How the run counts were scaled, for the suites' summaries. */
export const FUZZ_SCALE_NOTE = `run counts x${RUNS_SCALE}${process.env.FUZZ_RUNS ? " (FUZZ_RUNS)" : onRealPostgres ? " (real Postgres: full)" : " (PGlite: scaled down; full on real Postgres)"}`;
export function runs(n: number): number {
  return Math.max(1, Math.round(n * RUNS_SCALE));
}

/**
 * fast-check parameters for one property: the fixed seed, and no shrinking: every request changes the database,
 * so a replayed input would run against another state; the first failing input is the one to read.
 */
export function fcParams(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: runs(numRuns), endOnFailure: true, verbose: 1 };
}

export interface RouteFile {
  /** Repository-relative file, e.g. `app/api/v1/imports/route.ts`. */
  file: string;
  /** The URL pattern with Next's segment syntax kept, e.g. `/api/v1/assets/[assetId]/forecast`. */
  pattern: string;
  /** Dynamic segment names in order (`[...x]` catch-alls included, without the dots). */
  params: string[];
}

/** Every `app/api/**\/route.ts` file: the list is discovered, so a new route shows up in the suites. */
export function discoverApiRoutes(root = process.cwd()): RouteFile[] {
  const dir = path.join(root, "app", "api");
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f === "route.ts" || f.endsWith("/route.ts"))
    .sort()
    .map((f) => {
      const rel = f.replace(/\/?route\.ts$/, "");
      const pattern = `/api${rel ? `/${rel}` : ""}`;
      const params = [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]);
      return { file: `app/api/${f}`, pattern, params };
    });
}

/** The HTTP methods a route module exports. */
export function exportedMethods(mod: Record<string, unknown>): string[] {
  return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((m) => typeof mod[m] === "function");
}

export const KEY_KINDS = ["none", "malformed", "unknown", "revoked", "expired", "read", "ingest", "predict", "train", "all", "allowIn", "allowOut"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
export const ROLES = ["anonymous", "viewer", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface FuzzWorld {
  db: Db;
  /** `a`: in the allow-listed key's list; `b`: outside it; `train`: tiny series for training requests. */
  asset: Record<"a" | "b" | "train", { id: string; slug: string }>;
  /** Series of asset a (`temp_c`, with points) and of the train asset (`load`). */
  seriesId: { temp: string; load: string };
  /** Authorization header value per key kind (`none`: no header; `allowOut` is the allow-listed key used on asset b). */
  auth: Record<KeyKind, string | null>;
  users: Record<Exclude<Role, "anonymous">, SessionUser> & { target: SessionUser };
  /** Training job runs (finished, so no runner picks them up) of asset a and asset b. */
  jobRun: { a: string; b: string };
  model: { id: string; championVersionId: string; candidateVersionId: string };
  /** A revocable key of its own for apiKeys.revoke. */
  spareKeyId: string;
}

const ALL_SCOPES: ApiKeyScope[] = ["read", "ingest", "predict", "train"];

export async function seedFuzzWorld(db: Db): Promise<FuzzWorld> {
  const [a, b, train] = await db
    .insert(assets)
    .values([
      { slug: "fz-a", name: "Fuzz A", kind: "meter", timezone: "Europe/London" },
      { slug: "fz-b", name: "Fuzz B", kind: "meter" },
      { slug: "fz-train", name: "Fuzz train", kind: "meter" },
    ])
    .returning({ id: assets.id, slug: assets.slug });
  const [temp, load] = await db
    .insert(series)
    .values([
      { assetId: a.id, metric: "temp_c", unit: "C" },
      { assetId: train.id, metric: "load" },
    ])
    .returning({ id: series.id });
  const t0 = Date.UTC(2024, 0, 1);
  await db.insert(observations).values(Array.from({ length: 48 }, (_, i) => ({ seriesId: temp.id, ts: new Date(t0 + i * 3_600_000), value: i })));
  // Three points: a training request for it is accepted (202) and the job fails fast as too short, so the
  // fuzz never pays for a real fit.
  await db.insert(observations).values(Array.from({ length: 3 }, (_, i) => ({ seriesId: load.id, ts: new Date(t0 + i * 3_600_000), value: i })));

  const people = {} as FuzzWorld["users"];
  for (const role of ["admin", "analyst", "viewer"] as const) {
    people[role] = await insertUser(db, `fuzz-${role}@test.local`, role);
  }
  people.target = await insertUser(db, "fuzz-target@test.local", "viewer");

  const key = async (name: string, scopes: ApiKeyScope[], extra: { assetIds?: string[]; expiresAt?: Date } = {}) =>
    createApiKey(db, { name, scopes, ...extra, createdBy: people.admin.id });
  const bearer = (k: string) => `Bearer ${k}`;
  const revoked = await key("revoked", ALL_SCOPES);
  await revokeApiKey(db, { id: revoked.apiKey.id });
  const expired = await key("expired", ALL_SCOPES, { expiresAt: new Date(Date.now() - 60_000) });
  const allowListed = await key("allow-listed", ALL_SCOPES, { assetIds: [a.id, train.id] });
  const spare = await key("spare", ["read"]);
  const auth: FuzzWorld["auth"] = {
    none: null,
    malformed: "Bearer not-an-almanac-key",
    // Well-formed (prefix and secret lengths) but never issued.
    unknown: bearer(`alm_0123456789ab_${"x".repeat(43)}`),
    revoked: bearer(revoked.key),
    expired: bearer(expired.key),
    read: bearer((await key("read", ["read"])).key),
    ingest: bearer((await key("ingest", ["ingest"])).key),
    predict: bearer((await key("predict", ["predict"])).key),
    train: bearer((await key("train", ["train"])).key),
    all: bearer((await key("all", ALL_SCOPES)).key),
    allowIn: bearer(allowListed.key),
    allowOut: bearer(allowListed.key),
  };

  const [runA, runB] = await db
    .insert(jobRuns)
    .values([
      { jobId: "train-model", status: "succeeded", assetId: a.id, payload: { assetId: a.id, metric: "temp_c" }, finishedAt: new Date() },
      { jobId: "train-model", status: "succeeded", assetId: b.id, payload: { assetId: b.id, metric: "x" }, finishedAt: new Date() },
    ])
    .returning({ id: jobRuns.id });

  const model = await ensureModel(db, { assetId: a.id, seriesId: temp.id, metric: "temp_c", horizon: 2, frequency: "1h", seasonLengths: [24] });
  const evidence = {
    algorithm: "seasonal-naive",
    parameters: {},
    featureSpec: {},
    featureSpecHash: "fuzz",
    trainingSnapshot: { seriesId: temp.id, fromTs: "a", toTs: "b", rowCount: 48, contentHash: "x", stepMs: 3_600_000 },
    backtestMetrics: { all: { mase: 1 } } as never,
    calibration: {},
    artifactUri: "file:///nonexistent/fuzz.onnx",
    artifactSha256: "00",
  };
  // The first version becomes champion with no predecessor: a rollback has nowhere to go.
  const v1 = await createVersion(db, { modelId: model.id, algorithm: "seasonal-naive", codeVersion: "fuzz" });
  const champion = await completeVersion(db, { versionId: v1.id, ...evidence, promoteIfNoChampion: true });
  // A stored forecast of the champion, so the forecast route answers 200 for asset a.
  const hour = 3_600_000;
  await db.insert(forecasts).values({
    modelId: model.id,
    modelVersionId: champion.id,
    originTs: new Date(t0 + 47 * hour),
    stepMs: hour,
    horizon: 2,
    levels: [80],
    points: [1, 2].map((h) => ({ ts: new Date(t0 + (47 + h) * hour).toISOString(), mean: 47, lower: { "80": 46 }, upper: { "80": 48 } })),
  });
  const v2 = await createVersion(db, { modelId: model.id, algorithm: "seasonal-naive", codeVersion: "fuzz" });
  // The candidate passes the compatibility check (a state manifest), so a promotion gets past it.
  const sha256 = "0".repeat(64);
  const manifest = { format: "almanac-state" as const, manifestVersion: 1 as const, kind: "local" as const, model: "seasonal-naive", sha256, sizeBytes: 1 };
  const candidate = await completeVersion(db, { versionId: v2.id, ...evidence, artifactSha256: sha256, manifest, promoteIfNoChampion: false });

  return {
    db,
    asset: { a, b, train },
    seriesId: { temp: temp.id, load: load.id },
    auth,
    users: people,
    jobRun: { a: runA.id, b: runB.id },
    model: { id: model.id, championVersionId: champion.id, candidateVersionId: candidate.id },
    spareKeyId: spare.apiKey.id,
  };
}

async function insertUser(db: Db, email: string, role: UserRole): Promise<SessionUser> {
  const [u] = await db
    .insert(users)
    .values({ email, role, passwordHash: null })
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  return u;
}

export interface RowCounts {
  assets: number;
  series: number;
  observations: number;
  ingestRunsSucceeded: number;
  jobRuns: number;
  apiKeys: number;
  users: number;
}

/** One round trip for every table the no-partial-writes property watches. */
export async function rowCounts(db: Db): Promise<RowCounts> {
  const rows: unknown = await db.execute(sql`
    select
      (select count(*) from assets) as "assets",
      (select count(*) from series) as "series",
      (select count(*) from observations) as "observations",
      (select count(*) from ingest_runs where status = 'succeeded') as "ingestRunsSucceeded",
      (select count(*) from job_runs) as "jobRuns",
      (select count(*) from api_keys) as "apiKeys",
      (select count(*) from users) as "users"`);
  // PGlite answers { rows }, postgres-js an array of rows.
  const row = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as Record<keyof RowCounts, string | number>;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as RowCounts;
}

export function countDelta(before: RowCounts, after: RowCounts): Partial<RowCounts> {
  const out: Partial<RowCounts> = {};
  for (const k of Object.keys(before) as (keyof RowCounts)[]) {
    if (after[k] !== before[k]) out[k] = after[k] - before[k];
  }
  return out;
}

/** Strings a path segment or query value should survive: NUL, raw percent-escapes, dot segments, huge, unicode. */
export const HOSTILE_STRINGS = [
  "",
  "\0",
  "a\0b",
  "fz-a\0",
  "%ff",
  "%",
  "%zz",
  "%E0%A4%A",
  "%00",
  "..",
  "../..",
  ".",
  "%2e%2e",
  "%2F",
  "a/b",
  "\\",
  " ",
  "\t",
  "\n",
  "\r\n",
  "\u202e",
  "\uFEFF",
  "\uFFFF",
  "\uD800",
  "😀",
  "é",
  "e\u0301",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "-0",
  "0x10",
  "9".repeat(400),
  "00000000-0000-0000-0000-000000000000",
  "00000000-0000-4000-8000-000000000000",
  "00000000-0000-4000-8000-00000000000g",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "'; drop table assets; --",
  "$1",
  "${x}",
  "a".repeat(5000),
  "ü".repeat(3000),
  "<script>",
  "__proto__",
  "constructor",
] as const;

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** Any string, biased towards the hostile ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 2, arbitrary: printable },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,70}$/) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), printable).map(([h, p]) => h + p) },
);

/**
 * A path segment: a known-good value (so fuzzing reaches past the first lookup) or a hostile string;
 * `knownWeight` against the hostile strings' 3.
 */
export function segment(known: string[], knownWeight = 2): fc.Arbitrary<string> {
  return known.length ? fc.oneof({ weight: knownWeight, arbitrary: fc.constantFrom(...known) }, { weight: 3, arbitrary: hostileString }) : hostileString;
}

/** encodeURIComponent that does not throw on lone surrogates (they become U+FFFD, as a UTF-8 client would send). */
export function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
  }
}

export type QueryPair = [string, string];

/**
 * Query strings: the route's known keys with known-good or hostile values, arbitrary extra keys, repeated
 * keys, and three encodings (percent-encoded, raw, and `+` for spaces with raw percent-escapes kept).
 */
export function queryString(known: Record<string, string[]>): fc.Arbitrary<string> {
  const names = Object.keys(known);
  const pair: fc.Arbitrary<QueryPair> = fc.oneof(
    ...(names.length
      ? [
          {
            weight: 4,
            arbitrary: fc.constantFrom(...names).chain((k) => fc.tuple(fc.constant(k), segment(known[k]))),
          },
        ]
      : []),
    { weight: 1, arbitrary: fc.tuple(hostileString, hostileString) },
  );
  return fc
    .tuple(fc.array(pair, { maxLength: 6 }), fc.constantFrom("encoded", "raw", "plus"), fc.boolean())
    .map(([pairs, mode, trailingAmp]) => {
      if (!pairs.length) return "";
      const enc = (s: string) => (mode === "encoded" ? encodeSegment(s) : mode === "plus" ? s.replace(/ /g, "+").replace(/[#&=]/g, encodeSegment) : s.replace(/[#&]/g, encodeSegment));
      return `?${pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")}${trailingAmp ? "&" : ""}`;
    });
}

const csvCell = fc.oneof(
  { weight: 4, arbitrary: fc.double({ noNaN: true }).map(String) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 2, arbitrary: fc.constantFrom("", "NA", "NaN", "null", "1e999", "-", "1,5", '"1"', '"', '""', "0x1F", "Infinity", " 3 ") },
  { weight: 2, arbitrary: hostileString },
);
const csvTimeCell = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.integer({ min: 0, max: 2e9 }).map(String),
  fc.constantFrom("2024-02-30", "24/01/2024", "0000-00-00", "-271821-04-20", "275760-09-14"),
  hostileString,
);
const csvHeaderName = fc.oneof(fc.constantFrom("time", "timestamp", "date", "v", "temp_c", "a b", "", '"q"', "é"), hostileString);
/** CSV texts: any header, hostile cells and timestamps, five delimiters, three newlines, a BOM, ragged endings. */
export const csvText = fc
  .record({
    header: fc.array(csvHeaderName, { minLength: 0, maxLength: 4 }),
    rows: fc.array(fc.tuple(csvTimeCell, fc.array(csvCell, { maxLength: 5 })), { maxLength: 15 }),
    delimiter: fc.constantFrom(",", ",", ";", "\t", "|"),
    newline: fc.constantFrom("\n", "\r\n", "\r"),
    bom: fc.boolean(),
    trailing: fc.constantFrom("", "\n", "\n\n", ",", '"'),
  })
  .map(({ header, rows, delimiter, newline, bom, trailing }) => {
    const lines = [["time", ...header].join(delimiter), ...rows.map(([t, cells]) => [t, ...cells].join(delimiter))];
    return (bom ? "\uFEFF" : "") + lines.join(newline) + trailing;
  });

/** Well-formed CSVs (ISO timestamps, finite numbers), so a share of the imports is written and acknowledged. */
export const validCsvText = fc
  .record({
    metrics: fc.subarray(["v", "temp_c", "fuzz_metric"], { minLength: 1 }),
    rows: fc.array(
      fc.tuple(
        fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }),
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), { minLength: 3, maxLength: 3 }),
      ),
      { minLength: 1, maxLength: 20 },
    ),
  })
  .map(({ metrics, rows }) => [["time", ...metrics].join(","), ...rows.map(([t, v]) => [t.toISOString(), ...v.slice(0, metrics.length)].join(","))].join("\n"));

/** Training options: the real option names (and one unknown) with out-of-range, fractional, huge and mistyped values. */
export const trainOptionArb = fc.dictionary(
  fc.constantFrom("horizon", "seasonLengths", "maxTrainPoints", "maxTrials", "searchBudgetMs", "maxTrees", "earlyStoppingRounds", "backtestWindows", "levels", "maxRows", "seed", "bogus"),
  fc.oneof(
    fc.integer({ min: -10, max: 100 }),
    fc.constantFrom(1e308, -1e308, 2 ** 31, 2 ** 53, 1.5, "12", "NaN", null, true),
    fc.array(fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom(1e9, 2 ** 53, 0.5, 99.9)), { maxLength: 6 }),
  ),
  { maxKeys: 5 },
);
/** Valid header values only (the Fetch API refuses the rest before any handler would see them). */
const headerSafe = printable;

export function authorizationHeader(world: FuzzWorld): fc.Arbitrary<string | null> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(world.auth.all, world.auth.allowIn) },
    { weight: 3, arbitrary: fc.constantFrom(...KEY_KINDS.map((k) => world.auth[k])) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        headerSafe,
        headerSafe.map((s) => `Bearer ${s}`),
        headerSafe.map((s) => `Basic ${s}`),
        fc.constantFrom("Bearer", "Bearer ", "bearer alm_", `Bearer alm_${"a".repeat(12)}_`, `Bearer alm_${"0".repeat(12)}_${"0".repeat(43)} extra`),
      ),
    },
  );
}

export const contentTypes = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/problem+json",
    "text/csv",
    "text/csv; charset=latin1",
    "text/plain",
    "application/octet-stream",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=xyz",
    "application/x-www-form-urlencoded",
    "",
    ";",
  ),
  headerSafe,
);

export interface ProblemCheck {
  ok: boolean;
  why?: string;
  body?: unknown;
}

/** Property for every response: below 500, and a 4xx is problem+json whose title and detail are strings. */
export async function checkResponse(res: Response, opts: { problemJson: boolean }): Promise<ProblemCheck> {
  const text = await res.text();
  if (res.status >= 500) return { ok: false, why: `status ${res.status}: ${text.slice(0, 300)}` };
  if (res.status >= 400 && opts.problemJson) {
    const type = res.headers.get("content-type") ?? "";
    if (!type.startsWith("application/problem+json")) return { ok: false, why: `${res.status} with content-type "${type}": ${text.slice(0, 200)}` };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { ok: false, why: `${res.status} problem body is not JSON: ${text.slice(0, 200)}` };
    }
    if (typeof body.title !== "string" || typeof body.detail !== "string") return { ok: false, why: `${res.status} problem without title/detail: ${text.slice(0, 200)}` };
    if (body.status !== res.status) return { ok: false, why: `problem status ${String(body.status)} differs from HTTP ${res.status}` };
    return { ok: true, body };
  }
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      return { ok: true, body: JSON.parse(text) };
    } catch {
      return { ok: false, why: `${res.status} JSON body does not parse: ${text.slice(0, 200)}` };
    }
  }
  return { ok: true, body: text };
}
