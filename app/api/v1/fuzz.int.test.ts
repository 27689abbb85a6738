/**
 * Fuzz suite for every route file under app/api (issue #9). The route list is discovered from the tree; each
 * pattern needs a driver here that fills its dynamic segments from hostile strings and knows its query keys
 * and body shapes, so a new route without one fails the first test.
 *
 * Properties, for every generated request, called in-process with a real Request on a seeded test database
 * (real Postgres with TEST_DATABASE_URL, PGlite otherwise; routes that read the session run in Next's request
 * scope with signed session cookies, see server/testing/authz-kit.ts):
 *   - the status is below 500, and within the route's expected set (404/400 only for unknown routes);
 *   - a 4xx is `application/problem+json` with a string `title` and `detail` (and `status` matching HTTP);
 *   - an exported method the route does not serve answers 405 with `Allow`;
 *   - no partial writes: the row counts after the request differ from those before by exactly what a 2xx
 *     acknowledged (`rowsInserted` observations, one succeeded ingest run and the series it names as new,
 *     one job run per 202), and by nothing for any other status;
 *   - each route that can succeed gets at least one 2xx (the generators reach past validation).
 * The tRPC endpoint is driven by app/api/trpc/[trpc]/trpc-fuzz.int.test.ts. Raw paths Next's router sees before any
 * handler (malformed percent-escapes, dot segments, bare /api) go to the production server in
 * playwright/specs/fuzz-paths.spec.ts.
 *
 * Full scale (~11,000 requests) on a real Postgres; x0.25 on PGlite (CI's second integration run), or
 * FUZZ_RUNS=x. The summary (requests, status histogram, per-route timings) is printed after the file.
 *
 * Replay a failure with the printed seed: FUZZ_SEED=<seed> npx vitest run --project integration app/api/v1/fuzz.int.test.ts
 */
import { inRequestScope, routeRequest, sessionCookie } from "@/server/testing/authz-kit";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { series } from "@/db/schema";
import { setRouteDbForTests } from "@/server/http/handle-route";
import {
  authorizationHeader,
  checkResponse,
  contentTypes,
  countDelta,
  csvText,
  discoverApiRoutes,
  encodeSegment,
  exportedMethods,
  fcParams,
  FUZZ_SCALE_NOTE,
  FUZZ_SEED,
  hostileString,
  queryString,
  rowCounts,
  runs,
  seedFuzzWorld,
  segment,
  trainOptionArb,
  validCsvText,
  type FuzzWorld,
  type RowCounts,
} from "@/server/testing/fuzz-kit";

const ORIGIN = "http://localhost";

interface FuzzRequest {
  /** Only drivers serving several methods set it; otherwise the method under test is used. */
  method?: string;
  params: Record<string, string | string[]>;
  query: string;
  headers: Record<string, string>;
  body?: BodyInit;
  /** A short description for the counterexample (bodies can be binary or huge). */
  note?: string;
}

type Ack = (status: number, body: unknown) => Partial<RowCounts> | "unchecked";

interface Driver {
  /** Generated requests per served method; every other method the module exports must answer 405. */
  numRuns: number;
  /** The methods the route serves (the rest of its exports are methodNotAllowed handlers). */
  served: string[];
  request: (w: FuzzWorld) => fc.Arbitrary<FuzzRequest>;
  /** The served methods write: row counts are checked around every request (else around all of them). */
  writes: boolean;
  /** The row-count changes a response acknowledges (only statuses below 300 may change anything). */
  acknowledged: Ack;
  /** Statuses a served method may answer; anything else fails (e.g. a 2xx from the unknown-route catch-all). */
  statuses: (status: number) => boolean;
  /** The generated requests must get at least one 2xx, so the fuzz reaches past authentication and validation. */
  mustSucceed: boolean;
  /** The handler reads the session (headers(), cookies()): call it in Next's request scope with a NextRequest. */
  scope?: boolean;
}

/** Routes that cannot be called in-process: why, and which suite drives them instead. */
interface ServedOnly {
  servedOnly: string;
}

/** Generated requests per exported method a route does not serve (each must be a problem+json 405 with Allow). */
const WRONG_METHOD_RUNS = 25;
const belowFiveHundred = (status: number) => status >= 200 && status < 500;

const readOnly: Ack = () => ({});

// Series ids known to exist, so a 2xx that names a series can be checked as "created" or "already there".
const knownSeries = new Set<string>();
const ingestAck: Ack = (status, body) => {
  if (status >= 300) return {};
  const b = body as { rowsInserted: number; series: { seriesId: string }[]; forecastRefreshes?: string[] };
  const created = new Set(b.series.map((s) => s.seriesId).filter((id) => !knownSeries.has(id)));
  const out: Partial<RowCounts> = { ingestRunsSucceeded: 1 };
  // New data for a series with a champion queues one forecast refresh per model per minute (a job run each).
  if (b.forecastRefreshes?.length) out.jobRuns = b.forecastRefreshes.length;
  if (b.rowsInserted) out.observations = b.rowsInserted;
  if (created.size) out.series = created.size;
  return out;
};

// ---- body generators -------------------------------------------------------------------------------------

const timestampArb = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: -2e12, max: 4e12 }),
  fc.double(),
  fc.constantFrom(
    "2024-01-01",
    "2024-02-30",
    "2024-01-01T00:00",
    "2024-01-01T00:00:00+25:00",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    1e20,
    -1e20,
    8.64e15,
    -8.64e15,
    Number.MAX_SAFE_INTEGER,
  ),
  hostileString,
);
const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom("1", "NaN", "1e999", true, [], {}, 1e308, -1e308, 5e-324) },
);
const qualityArb = fc.oneof(fc.integer({ min: -40_000, max: 40_000 }), fc.constantFrom(2 ** 31, 2 ** 53, -1, 1.5, "1", null));
/** Points that pass validation, so a share of the pushes are written and the acknowledged counts are exercised. */
const validPointArb = fc.record({
  timestamp: fc.oneof(
    fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.integer({ min: 946_684_800, max: 1_900_000_000 }),
  ),
  value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
});
const pointArb = fc.record({ timestamp: timestampArb, value: valueArb, quality: qualityArb }, { requiredKeys: ["timestamp", "value"] });
const metricArb = segment(["temp_c", "fuzz_metric", "x.y-z"]);

/** Raw JSON texts JSON.stringify cannot produce: overflowing numbers, duplicate keys, NaN, a BOM, deep nesting. */
const rawJsonBodies = fc.constantFrom(
  '[{"timestamp":"2024-01-01T00:00:00Z","value":1e999}]',
  '[{"timestamp":1e999,"value":1}]',
  '[{"timestamp":"2024-01-01T00:00:00Z","value":NaN}]',
  '[{"timestamp":"2024-01-01T00:00:00Z","value":1,"value":"x"}]',
  '\uFEFF[{"timestamp":"2024-01-01T00:00:00Z","value":1}]',
  '{"metric":"temp_c","points":[{"timestamp":"2024-01-01T00:00:00Z","value":-0}]}',
  "[".repeat(5000) + "]".repeat(5000),
  '{"__proto__":{"metric":"x"},"points":[]}',
  '{"metric":"temp_c","points":{"length":3}}',
  "null",
  "true",
  '""',
  "[]",
  "{}",
  "[{",
);

const observationsBody: fc.Arbitrary<{ text: string; note: string }> = fc.oneof(
  { weight: 4, arbitrary: fc.array(pointArb, { maxLength: 20 }).map((p) => ({ text: JSON.stringify(p), note: "points" })) },
  { weight: 6, arbitrary: fc.array(validPointArb, { maxLength: 30 }).map((p) => ({ text: JSON.stringify(p), note: "valid points" })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ metric: fc.constantFrom("temp_c", "fuzz_metric", "other.metric"), points: fc.array(validPointArb, { maxLength: 30 }) })
      .map((b) => ({ text: JSON.stringify(b), note: "valid series object" })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ metric: metricArb, unit: fc.option(hostileString), points: fc.array(pointArb, { maxLength: 20 }) }, { requiredKeys: ["metric", "points"] })
      .map((b) => ({ text: JSON.stringify(b), note: "series object" })),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(timestampArb, fc.dictionary(metricArb, valueArb, { maxKeys: 4 })), { maxLength: 12 })
      .map((rows) => ({ text: JSON.stringify(rows.map(([timestamp, m]) => ({ timestamp, ...m }))), note: "wide rows" })),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }).map((text) => ({ text, note: "fc.json" })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v) ?? "null", note: "jsonValue" })) },
  { weight: 1, arbitrary: rawJsonBodies.map((text) => ({ text, note: "raw json" })) },
  { weight: 1, arbitrary: hostileString.map((text) => ({ text, note: "not json" })) },
);

const importOptionValues: Record<string, string[]> = {
  asset: ["fz-a", "fz-b"],
  timestampColumn: ["time", "date"],
  timestampFormat: ["auto", "iso", "epoch_s", "epoch_ms"],
  timezone: ["UTC", "Europe/London", "America/New_York"],
  dateOnly: ["utc", "local"],
  metrics: ["v", "v=volts:V", '[{"column":"v"}]', "[{", "=,:", '[{"column":""}]', '[{"column":"v","unit":"' + "u".repeat(40) + '"}]'],
  ignoreColumns: ["v", '["a"]', "[1]"],
  missingValues: ["NA", '["", "-"]'],
  skipMissing: ["true", "false", "maybe"],
  delimiter: [",", ";", "\t", "", ",,"],
  source: ["fuzz", ""],
};

/** data_url values refused before any network access (the SSRF rules have their own tests; a fuzz must not download). */
const refusedDataUrl = fc.oneof(
  fc.constantFrom(
    "http://example.com/a.csv",
    "ftp://example.com/a.csv",
    "https://127.0.0.1/a.csv",
    "https://[::1]/a.csv",
    "https://10.0.0.1/x",
    "https://169.254.169.254/latest/meta-data",
    "https://user:pass@127.0.0.1/a.csv",
    "https://0.0.0.0/",
    "https://[::ffff:127.0.0.1]/",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "not a url",
    "",
    "https://127.0.0.1/" + "a".repeat(3000),
  ),
  fc.string({ unit: "binary", maxLength: 30 }).filter((s) => !/^\s*https:/i.test(s)),
);

// ---- drivers ---------------------------------------------------------------------------------------------

/** A session cookie of a role, a forged or broken one, or none (precomputed in beforeAll: signing is async). */
const sessionCookies: Record<"viewer" | "analyst" | "admin" | "forged", string> = { viewer: "", analyst: "", admin: "", forged: "" };
function sessionCookieArb(): fc.Arbitrary<string | null> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom("viewer" as const, "analyst" as const, "admin" as const).map((r) => sessionCookies[r]) },
    { weight: 1, arbitrary: fc.constant(null) },
    // Read when generated, after beforeAll filled it in.
    { weight: 1, arbitrary: fc.constant("forged").map(() => sessionCookies.forged) },
    { weight: 1, arbitrary: fc.oneof(fc.constant("next-auth.session-token=garbage"), hostileString.map((v) => `next-auth.session-token=${encodeSegment(v)}`)) },
  );
}

const jsonType = fc.oneof({ weight: 5, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: contentTypes });

/** A well-formed reading stream: hourly, increasing, finite values (some null), 2–60 readings. */
const validStream = fc
  .array(fc.oneof({ weight: 9, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(null) }), { minLength: 2, maxLength: 60 })
  .map((values) => values.map((value, i) => ({ timestamp: new Date(Date.UTC(2024, 0, 3) + i * 3_600_000).toISOString(), value })));

const DRIVERS: Record<string, Driver | ServedOnly> = {
  "/api": {
    numRuns: 10,
    served: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    statuses: (s) => s === 404 || s === 400,
    mustSucceed: false,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: queryString({ x: ["1"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
        body: fc.option(fc.json({ maxDepth: 2 }), { nil: undefined }),
      }),
  },
  "/api/[...path]": {
    numRuns: 25,
    served: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    // Unknown routes: 404, or 400 when the path holds a control character.
    statuses: (s) => s === 404 || s === 400,
    mustSucceed: false,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.record({ path: fc.array(segment(["v1", "v2", "assets", "nothing", "trpc", "auth", "jobs", "inngest"], 3), { minLength: 1, maxLength: 4 }) }),
        query: queryString({}),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/auth/[...nextauth]": {
    // Few runs: a credentials sign-in that passes the limits costs a 128 MiB scrypt hash.
    numRuns: 100,
    served: ["GET", "POST"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    scope: true,
    acknowledged: readOnly,
    request: (w) =>
      fc
        .record({
          nextauth: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(["session"], ["providers"], ["csrf"], ["signin"], ["signout"], ["error"], ["callback", "credentials"], ["signin", "credentials"], ["_log"]) },
            { weight: 2, arbitrary: fc.array(segment(["session", "callback", "credentials", "signin", "csrf", "providers", "error"], 3), { minLength: 1, maxLength: 3 }) },
          ),
          query: queryString({ callbackUrl: ["/", "https://evil.example/", "javascript:alert(1)", "//evil.example"], error: ["CredentialsSignin", "x"], csrf: ["true"] }),
          cookie: sessionCookieArb(),
          type: fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data"),
          body: fc
            .record(
              {
                email: fc.oneof(fc.constantFrom(w.users.admin.email, "nobody@test.local"), hostileString),
                password: fc.oneof(fc.constant("wrong password 123"), hostileString),
                csrfToken: fc.oneof(fc.constant("x"), hostileString),
                callbackUrl: fc.constantFrom("/", "https://evil.example/", "//evil.example", ""),
                json: fc.constantFrom("true", "false"),
              },
              { requiredKeys: [] },
            )
            .map((fields) => ({ fields, raw: null as string | null })),
          raw: fc.option(fc.oneof(hostileString, fc.json({ maxDepth: 2 }))),
        })
        .map(({ nextauth, query, cookie, type, body, raw }): FuzzRequest => {
          const text = raw ?? (type === "application/json" ? JSON.stringify(body.fields) : new URLSearchParams(body.fields as Record<string, string>).toString());
          return { params: { nextauth: [...nextauth] }, query, headers: dropNulls({ cookie, "content-type": type }), body: text, note: `${type}${raw !== null ? " raw" : ""}` };
        }),
  },
  "/api/inngest": {
    // Embedded mode (no Inngest configured, as in the tests): nothing lives here for any method.
    numRuns: 25,
    served: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    // (400 for a malformed query string, refused before the route looks at anything.)
    statuses: (s) => s === 404 || s === 400,
    mustSucceed: false,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: queryString({ fnId: ["train-model", "x"], stepId: ["step"], deployId: ["1"] }),
        headers: fc.record({ authorization: authorizationHeader(w), "x-inngest-signature": fc.constantFrom("t=1&s=abc", ""), "content-type": jsonType }).map(dropNulls),
        body: fc.option(fc.json({ maxDepth: 3 }), { nil: undefined }),
      }),
  },
  "/api/jobs/[id]/events": {
    numRuns: 400,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    scope: true,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.record({ id: segment([w.jobRun.a, w.jobRun.b, "00000000-0000-4000-8000-000000000000"], 4) }),
        query: queryString({ lastEventId: ["1", "x"] }),
        headers: fc.record({ cookie: sessionCookieArb() }).map(dropNulls),
      }),
  },
  "/api/trpc/[trpc]": {
    servedOnly: "driven in app/api/trpc/[trpc]/trpc-fuzz.int.test.ts: every mutation through createCaller, and this endpoint in Next's request scope with session cookies",
  },
  // ---- IoT endpoints, read endpoints and operations (#13) ----
  "/api/v1/assets/[assetId]/detect_anomalies": {
    numRuns: 600,
    served: ["POST"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc
        .record({
          assetId: segment([w.asset.a.slug, w.asset.a.id, w.asset.b.slug], 4),
          authorization: authorizationHeader(w),
          type: jsonType,
          body: fc.oneof(
            { weight: 4, arbitrary: validStream.map((data_stream) => ({ data_stream })) },
            { weight: 2, arbitrary: fc.record({ data_stream: fc.array(fc.record({ timestamp: timestampArb, value: fc.oneof(fc.double(), fc.constant(null), hostileString) }), { maxLength: 8 }), sensitivity: fc.oneof(fc.double(), fc.constant(99)) }, { requiredKeys: [] }) },
            { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((j) => JSON.parse(j) as unknown) },
          ),
        })
        .map(({ assetId, authorization, type, body }) => ({ params: { assetId }, query: "", headers: dropNulls({ authorization, "content-type": type }), body: JSON.stringify(body) })),
  },
  "/api/v1/assets/[assetId]/predict": {
    numRuns: 500,
    served: ["POST"],
    statuses: belowFiveHundred,
    // The fuzz world's champion has no trained artifact: every valid request is a 409 here; the success path is
    // app/api/v1/assets/[assetId]/predict/predict.int.test.ts on a champion trained by the real job.
    mustSucceed: false,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc
        .record({
          assetId: segment([w.asset.a.slug, w.asset.a.id, w.asset.b.slug], 4),
          authorization: authorizationHeader(w),
          type: jsonType,
          body: fc.oneof(
            { weight: 3, arbitrary: fc.record({ forecast_horizon: fc.oneof(fc.integer({ min: -2, max: 60 }), fc.double()), levels: fc.array(fc.oneof(fc.constantFrom(80, 95), fc.double()), { maxLength: 3 }), metric: fc.constantFrom("temp_c", "nope"), historical_data: validStream }, { requiredKeys: ["forecast_horizon"] }) },
            { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((j) => JSON.parse(j) as unknown) },
          ),
        })
        .map(({ assetId, authorization, type, body }) => ({ params: { assetId }, query: "", headers: dropNulls({ authorization, "content-type": type }), body: JSON.stringify(body) })),
  },
  "/api/v1/predict/batch": {
    numRuns: 300,
    served: ["POST"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc
        .record({
          authorization: authorizationHeader(w),
          type: jsonType,
          body: fc.oneof(
            { weight: 3, arbitrary: fc.record({ items: fc.array(fc.record({ asset_id: fc.constantFrom(w.asset.a.slug, w.asset.b.slug, "nowhere"), forecast_horizon: fc.integer({ min: -1, max: 5 }) }), { maxLength: 4 }) }) },
            { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((j) => JSON.parse(j) as unknown) },
          ),
        })
        .map(({ authorization, type, body }) => ({ params: {}, query: "", headers: dropNulls({ authorization, "content-type": type }), body: JSON.stringify(body) })),
  },
  "/api/v1/assets": {
    numRuns: 400,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: queryString({ kind: ["meter", "city", "planet"], q: ["fuzz", "%", "_", "\\"], cursor: ["fz-a", ""], limit: ["1", "0", "501", "x"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/anomalies": {
    numRuns: 300,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: queryString({ asset: [w.asset.a.slug, w.asset.b.slug, "nowhere"], open: ["true", "false", "maybe"], cursor: ["1_00000000-0000-0000-0000-000000000000", "junk"], limit: ["2", "-1"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/models": {
    numRuns: 300,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: queryString({ asset: [w.asset.a.slug, w.asset.b.slug, "nowhere"], cursor: [w.model.id, "junk"], limit: ["1", "0"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/jobs": {
    numRuns: 300,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: queryString({
          kind: ["train-model", "ingest-scheduled", "%"],
          status: ["queued", "succeeded", "sleeping"],
          asset: [w.asset.a.slug, w.asset.b.slug, "nowhere"],
          cursor: ["1_00000000-0000-0000-0000-000000000000", "999999999999999_00000000-0000-0000-0000-000000000000", "253402300799999_00000000-0000-0000-0000-000000000000", "junk"],
          limit: ["2", "0", "501", "x"],
        }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/forecasts": {
    numRuns: 300,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: queryString({
          asset: [w.asset.a.slug, w.asset.a.id, "nowhere"],
          metric: ["temp_c", "fuzz_metric", ""],
          cursor: ["1_00000000-0000-0000-0000-000000000000", "999999999999999_00000000-0000-0000-0000-000000000000", "junk"],
          limit: ["1", "-1", "1e3"],
        }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/assets/[assetId]/series": {
    numRuns: 400,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.record({ assetId: segment([w.asset.a.slug, w.asset.a.id, w.asset.b.slug], 6) }),
        query: queryString({ cursor: ["temp_c", "", "\u0000"], limit: ["1", "0", "501", "x"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/models/[modelId]/versions": {
    numRuns: 300,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.record({ modelId: segment([w.model.id], 4) }),
        query: queryString({ cursor: [w.model.championVersionId, "junk"], limit: ["1", "1000"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/openapi.json": {
    numRuns: 20,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: () => fc.record({ params: fc.constant({}), query: queryString({ x: ["1"] }), headers: fc.constant({}) }),
  },
  "/api/health": {
    numRuns: 20,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: () => fc.record({ params: fc.constant({}), query: queryString({ x: ["1"] }), headers: fc.constant({}) }),
  },
  "/api/ready": {
    numRuns: 20,
    served: ["GET"],
    // 503 is the documented answer while a required dependency fails (e.g. a job queued for over 5 minutes).
    statuses: (s) => belowFiveHundred(s) || s === 503,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: () => fc.record({ params: fc.constant({}), query: queryString({ x: ["1"] }), headers: fc.constant({}) }),
  },
  "/api/metrics": {
    numRuns: 40,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.constant({}),
        query: fc.constant(""),
        headers: fc.oneof(
          fc.constant({ "x-forwarded-for": "127.0.0.1" }),
          fc.constant({ "x-forwarded-for": "203.0.113.7" }),
          fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
        ),
      }),
  },
  "/api/v1/assets/[assetId]/forecast": {
    numRuns: 1200,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.record({ assetId: segment([w.asset.a.slug, w.asset.a.id, w.asset.b.slug], 4) }),
        query: queryString({ metric: ["temp_c", "nope"], explain: ["true", "false", "x"], top: ["1", "50", "0"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/assets/[assetId]/observations": {
    numRuns: 2800,
    served: ["POST"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: true,
    acknowledged: ingestAck,
    request: (w) =>
      fc
        .record({
          assetId: segment([w.asset.a.slug, w.asset.a.id, w.asset.b.slug], 6),
          query: fc.oneof(fc.constant(""), queryString({ metric: ["temp_c", "fuzz_metric"], unit: ["C", "", "u".repeat(40)] })),
          authorization: authorizationHeader(w),
          type: jsonType,
          body: fc.oneof(
            { weight: 12, arbitrary: observationsBody.map((b) => ({ body: b.text as BodyInit, note: b.note })) },
            { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((u) => ({ body: u as BodyInit, note: "bytes" })) },
            { weight: 1, arbitrary: fc.constant({ body: new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]) as BodyInit, note: "invalid utf-8" }) },
          ),
        })
        .map(({ assetId, query, authorization, type, body }) => ({
          params: { assetId },
          query,
          headers: dropNulls({ authorization, "content-type": type }),
          body: body.body,
          note: body.note,
        })),
  },
  "/api/v1/assets/[assetId]/series/[metric]": {
    numRuns: 1600,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.record({ assetId: segment([w.asset.a.slug, w.asset.a.id, w.asset.b.slug], 6), metric: segment(["temp_c", "fuzz_metric"], 6) }),
        query: queryString({
          from: ["2024-01-01T02:00", "2024-01-01", "1704067200", "1704067200000", "yesterday", "-271821-04-20T00:00:00Z", "275760-09-13T00:00:00Z"],
          to: ["2024-01-02", "2100-01-01T00:00:00Z", "0", "1e20"],
          limit: ["1", "10", "0", "-1", "1e3", "99999999999999999999", "1000001"],
        }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
  "/api/v1/imports": {
    numRuns: 2000,
    served: ["POST"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: true,
    acknowledged: ingestAck,
    request: (w) =>
      fc
        .record({
          query: queryString(importOptionValues),
          authorization: authorizationHeader(w),
          csv: csvText,
          validCsv: validCsvText,
          mode: fc.constantFrom("valid", "valid", "valid-multipart", "csv", "csv", "multipart", "multipart-no-file", "multipart-bad-boundary", "other-type"),
          type: contentTypes,
          formFields: fc.array(fc.tuple(fc.constantFrom(...Object.keys(importOptionValues), "file", "bogus"), hostileString), { maxLength: 3 }),
          formAsset: fc.option(fc.constantFrom(w.asset.a.slug, w.asset.b.slug)),
        })
        .map(({ query, authorization, csv, validCsv, mode, type, formFields, formAsset }) => {
          const headers = dropNulls({ authorization });
          if (mode === "valid") return { params: {}, query: `?asset=${w.asset.a.slug}`, headers: { ...headers, "content-type": "text/csv" }, body: validCsv, note: "valid csv" };
          if (mode === "valid-multipart") {
            const form = new FormData();
            form.set("asset", w.asset.a.id);
            form.set("file", new Blob([validCsv], { type: "text/csv" }), "valid.csv");
            return { params: {}, query: "", headers, body: form, note: "valid multipart" };
          }
          if (mode === "csv") return { params: {}, query, headers: { ...headers, "content-type": "text/csv" }, body: csv, note: "text/csv" };
          if (mode === "other-type") return { params: {}, query, headers: { ...headers, "content-type": type }, body: csv, note: `type ${type}` };
          if (mode === "multipart-bad-boundary") {
            const text = `--xyz\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${csv}\r\n--abc--`;
            return { params: {}, query, headers: { ...headers, "content-type": "multipart/form-data; boundary=xyz" }, body: text, note: "bad multipart" };
          }
          const form = new FormData();
          if (formAsset) form.set("asset", formAsset);
          for (const [k, v] of formFields) form.append(k, v);
          if (mode === "multipart") form.set("file", new Blob([csv], { type: "text/csv" }), "upload.csv");
          return { params: {}, query, headers, body: form, note: mode };
        }),
  },
  "/api/v1/training-jobs": {
    numRuns: 1200,
    served: ["POST"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: true,
    acknowledged: (status) => (status === 202 ? { jobRuns: 1 } : {}),
    request: (w) =>
      fc
        .record({
          authorization: authorizationHeader(w),
          type: jsonType,
          body: fc.oneof(
            {
              weight: 6,
              arbitrary: fc
                .record(
                  {
                    // Only the tiny-series asset resolves, so an accepted request queues a job that fails fast.
                    asset_id: segment([w.asset.train.slug, w.asset.train.id]),
                    metric: fc.oneof(fc.constant("load"), metricArb),
                    data_url: refusedDataUrl,
                    options: fc.oneof(trainOptionArb, fc.jsonValue({ maxDepth: 2 })),
                    extra: fc.jsonValue({ maxDepth: 1 }),
                  },
                  { requiredKeys: ["asset_id"] },
                )
                .map((b) => JSON.stringify(b)),
            },
            { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
            { weight: 1, arbitrary: hostileString },
            { weight: 1, arbitrary: fc.constantFrom('{"asset_id":"fz-train","options":{"horizon":1e999}}', '{"asset_id":"fz-train","metric":"load","options":{"seasonLengths":[1e400]}}') },
          ),
        })
        .map(({ authorization, type, body }) => ({ params: {}, query: "", headers: dropNulls({ authorization, "content-type": type }), body })),
  },
  "/api/v1/training-jobs/[id]": {
    numRuns: 1200,
    served: ["GET"],
    statuses: belowFiveHundred,
    mustSucceed: true,
    writes: false,
    acknowledged: readOnly,
    request: (w) =>
      fc.record({
        params: fc.record({ id: segment([w.jobRun.a, w.jobRun.b, "00000000-0000-4000-8000-000000000000"], 4) }),
        query: queryString({ logLines: ["1", "-1", "1e9"] }),
        headers: fc.record({ authorization: authorizationHeader(w) }).map(dropNulls),
      }),
  },
};

function dropNulls<T extends Record<string, string | null>>(h: T): Record<string, string> {
  return Object.fromEntries(Object.entries(h).filter(([, v]) => v !== null)) as Record<string, string>;
}

function urlFor(pattern: string, params: Record<string, string | string[]>, query: string): string {
  const p = pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const v = params[name];
    return Array.isArray(v) ? v.map(encodeSegment).join("/") : encodeSegment(v);
  });
  return `${ORIGIN}${p}${query}`;
}

// ---- the suite -------------------------------------------------------------------------------------------

const routes = discoverApiRoutes();
let handle: Awaited<ReturnType<typeof createTestDb>>;
let world: FuzzWorld;
let requestsSent = 0;
const histogram = new Map<number, number>();
const timings: string[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  world = await seedFuzzWorld(handle.db);
  for (const role of ["viewer", "analyst", "admin"] as const) sessionCookies[role] = await sessionCookie(world.users[role]);
  sessionCookies.forged = await sessionCookie(world.users.admin, { forged: true });
  for (const s of await handle.db.select({ id: series.id }).from(series)) knownSeries.add(s.id);
});

afterAll(async () => {
  // Training requests the fuzz got accepted are queued on the embedded runner; let them finish (they fail fast).
  const { getJobRuntime } = await import("@/inngest/runtime");
  await (await getJobRuntime()).runner?.stop();
  await handle?.close();
  const statuses = JSON.stringify(Object.fromEntries([...histogram].sort(([a], [b]) => a - b)));
  console.log(
    `[fuzz] REST: ${requestsSent} requests on ${handle?.driver} (${FUZZ_SCALE_NOTE}), seed ${FUZZ_SEED}; statuses ${statuses}\n${timings.join("\n")}`,
  );
});

type RouteModule = Record<string, (req: Request, ctx: unknown) => Promise<Response>>;

describe("REST fuzz (every app/api route file)", () => {
  it("has a driver for every discovered route, and no driver for a route that is gone", () => {
    expect(routes.length).toBeGreaterThan(0);
    const discovered = routes.map((r) => r.pattern);
    expect(discovered.filter((p) => !(p in DRIVERS)), "routes without a fuzz driver").toEqual([]);
    expect(Object.keys(DRIVERS).filter((p) => !discovered.includes(p)), "drivers for routes that no longer exist").toEqual([]);
  });

  for (const route of routes) {
    const driver = DRIVERS[route.pattern];
    if (!driver || "servedOnly" in driver) continue;
    it(`${route.pattern}: status < 500, problem+json 4xx, no partial writes`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve(route.file))) as RouteModule;
      const methods = exportedMethods(mod);
      expect(methods.filter((m) => !driver.served.includes(m)).length + driver.served.length, "a served method the module does not export").toBe(methods.length);
      const t0 = performance.now();
      let sent = 0;
      let planned = 0;
      const statuses = new Map<number, number>();
      for (const method of methods) {
        const served = driver.served.includes(method);
        const numRuns = served ? driver.numRuns : WRONG_METHOD_RUNS;
        planned += runs(numRuns);
        // Reads and refused methods may write nothing at all: one count around the whole property.
        const perRequest = served && driver.writes;
        let counts: RowCounts | null = null;
        const property = fc.asyncProperty(driver.request(world), async (r) => {
          sent++;
          // GET and HEAD cannot carry a body (the Fetch API refuses one, as Next's server drops it).
          const body = method === "GET" || method === "HEAD" ? undefined : r.body;
          const init = { method, headers: new Headers(r.headers), body };
          const url = urlFor(route.pattern, r.params, r.query);
          const request = driver.scope ? routeRequest(url, init) : new Request(url, init);
          const before = perRequest ? (counts ?? (await rowCounts(handle.db))) : null;
          const call = () => mod[method](request, { params: Promise.resolve(r.params) });
          const res = await (driver.scope ? inRequestScope(request, route.pattern, call) : call());
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
          const check = await checkResponse(res, { problemJson: true });
          if (!check.ok) throw new Error(`${method} ${request.url.slice(0, 300)} (${r.note ?? "no body"}): ${check.why}`);
          if (served) {
            expect(driver.statuses(res.status), `${method} answered ${res.status}`).toBe(true);
          } else {
            expect(res.status, `${method} is not served here`).toBe(405);
            expect(res.headers.get("allow")).toContain(driver.served[0]);
          }
          if (before) {
            // The next request's "before" is this one's "after": the requests run one at a time.
            counts = null;
            const after = await rowCounts(handle.db);
            const expected = driver.acknowledged(res.status, check.body);
            if (expected !== "unchecked") {
              expect(countDelta(before, after), `row counts after ${method} ${res.status} (acknowledged ${JSON.stringify(expected)})`).toEqual(expected);
            }
            counts = after;
          }
          const written = (check.body as { series?: unknown } | undefined)?.series;
          if (res.status < 300 && Array.isArray(written)) for (const s of written as { seriesId: string }[]) knownSeries.add(s.seriesId);
        });
        const start = perRequest ? null : await rowCounts(handle.db);
        await fc.assert(property, fcParams(numRuns));
        if (start) expect(countDelta(start, await rowCounts(handle.db)), `rows written by ${method} requests that must write nothing`).toEqual({});
      }
      requestsSent += sent;
      // Every method ran its planned runs (shrinking only adds to this after a failure).
      expect(sent).toBeGreaterThanOrEqual(planned);
      if (driver.mustSucceed) {
        const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
        expect(ok, `no 2xx among ${sent} requests: the generators never get past validation`).toBeGreaterThan(0);
      }
      timings.push(
        `  ${route.pattern}: ${sent} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
      );
    });
  }

  it(`sent at least ${runs(10_000)} requests across the routes (10,000 at full scale)`, () => {
    // Runs after every route test (vitest keeps the order within a file); FUZZ_RUNS or PGlite scale it down.
    expect(requestsSent).toBeGreaterThanOrEqual(runs(10_000));
  });
});
