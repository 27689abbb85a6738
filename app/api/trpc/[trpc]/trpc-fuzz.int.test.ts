/**
 * Fuzz of every tRPC mutation (issue #9), on a seeded test database (real Postgres with TEST_DATABASE_URL,
 * PGlite otherwise). The mutation list is discovered from the app router, so a new mutation without a driver
 * here fails the first test. Two ways in:
 *   - createCaller with each role and generated inputs (near-valid shapes with hostile fields, and anything):
 *     a call either succeeds or throws a TRPCError other than INTERNAL_SERVER_ERROR;
 *   - the HTTP endpoint (app/api/trpc/[trpc]/route.ts) in Next's request scope with signed session cookies:
 *     raw bodies (superjson with forged `meta`, malformed JSON, batches, wrong content types), foreign and
 *     missing origins; every answer is below 500 and is either a tRPC error whose httpStatus is the HTTP
 *     status or a problem+json (the same-origin refusal, a wrong method).
 * Both check no partial writes: the watched row counts change by exactly what the successful calls
 * acknowledged (one user, one API key, one job run, the import's rows and new series and asset) and by
 * nothing for a refused one.
 *
 * Replay a failure with the printed seed: FUZZ_SEED=<seed> npx vitest run --project integration "app/api/trpc/[trpc]/trpc-fuzz.int.test.ts"
 */
import { inRequestScope, routeRequest, sessionCookie } from "@/server/testing/authz-kit";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { ensureAsset } from "@/server/assets";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { ALERT_METRICS, anomalies, API_KEY_SCOPES, ASSET_KINDS, assets, series, USER_ROLES } from "@/db/schema";
import { createAlertRule } from "@/server/alerts/alert-rules";
import { evaluateAlertRules } from "@/server/alerts/evaluate-alert-rules";
import { createWebhookEndpoint } from "@/server/alerts/webhook-endpoints";
import { setRouteDbForTests } from "@/server/http/handle-route";
import {
  contentTypes,
  countDelta,
  csvText,
  fcParams,
  FUZZ_SCALE_NOTE,
  FUZZ_SEED,
  hostileString,
  rowCounts,
  runs,
  seedFuzzWorld,
  trainOptionArb,
  validCsvText,
  type FuzzWorld,
  type Role,
  type RowCounts,
} from "@/server/testing/fuzz-kit";
import { appRouter, createCaller } from "@/server/trpc/root";
// The job runtime behind server/jobs' dispatch port (jobs.startTraining, promote and rollback dispatch).
import "@/inngest/runtime";

const ORIGIN = "http://localhost";

interface MutationDriver {
  /** Generated calls through createCaller. */
  numRuns: number;
  input: (w: FuzzWorld) => fc.Arbitrary<unknown>;
  /** The row-count changes a successful call acknowledges (its output as the client receives it). */
  acknowledged: (output: unknown) => Partial<RowCounts>;
}

// ---- input generators ------------------------------------------------------------------------------------

/** A value of the wrong kind for any field. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
  fc.constantFrom(1e308, -0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "", [], {}),
);
/** Mostly a valid value, sometimes junk. */
function field<T>(valid: fc.Arbitrary<T>, validWeight = 5): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: 1, arbitrary: junk });
}
/** A record of fields, any of which may be missing, or (rarely) something else entirely. */
function inputOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.record(fields) },
    { weight: 3, arbitrary: fc.record(fields, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );
}
const uuidOr = (...known: string[]) => field(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileString }));
const dateArb = fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: false });
/** New asset slugs the imports may create (never fz-train: its series must stay too short to fit). */
const newSlug = fc.stringMatching(/^fzn-[a-z0-9]{1,4}$/);

const csvOptionsArb = fc.record(
  {
    timestampColumn: field(fc.constantFrom("time", "timestamp", "date", "nope")),
    timestampFormat: field(fc.constantFrom("auto", "iso", "epoch_s", "epoch_ms", "excel")),
    timezone: field(fc.constantFrom("UTC", "Europe/London", "Mars/Olympus", "")),
    dateOnly: field(fc.constantFrom("utc", "local", "mars")),
    metrics: field(fc.array(fc.record({ column: field(fc.constantFrom("v", "temp_c", "x", "")), metric: field(fc.constantFrom("m", "temp_c", "")), unit: field(fc.constantFrom("C", "")) }, { requiredKeys: ["column"] }), { maxLength: 3 })),
    ignoreColumns: field(fc.array(fc.constantFrom("v", "time", "x"), { maxLength: 3 })),
    missingValues: field(fc.array(fc.constantFrom("", "NA", "-", "x".repeat(80)), { maxLength: 3 })),
    skipMissing: field(fc.oneof(fc.boolean(), fc.constantFrom("true", "false", "maybe"))),
    delimiter: field(fc.constantFrom(",", ";", "\t", "", ",,")),
    source: field(fc.constantFrom("ui", "")),
  },
  { requiredKeys: [] },
);

const knownSlugs = new Set<string>();
const cityIds: string[] = [];
const anomalyIds: string[] = [];
const knownSeries = new Set<string>();

const alertRuleIds: string[] = [];
const webhookEndpointIds: string[] = [];
const alertEventIds: string[] = [];
/** Alert rule fields: mostly valid (a fresh name, scope all without ids, no channels), sometimes hostile. */
const alertRuleInput = (w: FuzzWorld) =>
  inputOf({
    name: field(fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^fz-rule-[a-z0-9]{1,6}$/) }, { weight: 1, arbitrary: hostileString })),
    metric: field(fc.constantFrom(...ALERT_METRICS), 8),
    threshold: field(fc.oneof(fc.integer({ min: -10, max: 100 }), fc.double())),
    windowMinutes: field(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 10_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: 200_000 }) })),
    cooldownMinutes: field(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 10_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: 200_000 }) })),
    scope: field(fc.constantFrom("all", "all", "all", "asset", "model", "galaxy")),
    assetId: field(fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: uuidOr(w.asset.a.id) })),
    modelId: field(fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: uuidOr(w.model.id) })),
    channels: field(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant({ webhookEndpointIds: [], emails: [] }) },
        { weight: 1, arbitrary: fc.record({ webhookEndpointIds: field(fc.array(uuidOr(...webhookEndpointIds), { maxLength: 2 })), emails: field(fc.array(fc.oneof(fc.constant("ops@example.com"), hostileString), { maxLength: 2 })) }) },
      ),
    ),
    enabled: field(fc.boolean()),
    openRetrainJob: field(fc.boolean()),
  });

const DRIVERS: Record<string, MutationDriver> = {
  "alerts.createRule": {
    numRuns: 150,
    input: (w) => alertRuleInput(w),
    acknowledged: () => ({}),
  },
  "alerts.updateRule": {
    numRuns: 150,
    input: (w) => fc.tuple(uuidOr(...alertRuleIds), alertRuleInput(w)).map(([id, rest]) => (rest && typeof rest === "object" && !Array.isArray(rest) ? { ...rest, id } : rest)),
    acknowledged: () => ({}),
  },
  "alerts.deleteRule": { numRuns: 100, input: () => inputOf({ id: uuidOr(...alertRuleIds) }), acknowledged: () => ({}) },
  "alerts.createEndpoint": {
    numRuns: 100,
    input: () =>
      inputOf({
        // Mostly valid (so enough calls get past validation on every seed), sometimes refused or hostile.
        name: field(fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^fz-hook-[a-z0-9]{6,10}$/) }, { weight: 1, arbitrary: hostileString })),
        url: field(
          fc.oneof(
            { weight: 4, arbitrary: fc.constant("https://hooks.example.com/a") },
            { weight: 2, arbitrary: fc.constantFrom("http://127.0.0.1:9/x", "ftp://x", "javascript:alert(1)", "https://") },
            { weight: 1, arbitrary: hostileString },
          ),
        ),
        enabled: field(fc.boolean()),
      }),
    acknowledged: () => ({}),
  },
  "alerts.deleteEndpoint": { numRuns: 100, input: () => inputOf({ id: uuidOr(...webhookEndpointIds) }), acknowledged: () => ({}) },
  "alerts.markRead": {
    numRuns: 100,
    input: () => fc.oneof(inputOf({ ids: field(fc.array(uuidOr(...alertEventIds), { maxLength: 3 })) }), inputOf({ all: field(fc.constantFrom(true, false, "yes")) })),
    acknowledged: () => ({}),
  },
  "anomalies.acknowledge": {
    numRuns: 150,
    // Known anomalies (acknowledged once, then again: the first acknowledgement stays), unknown and hostile ids;
    // an acknowledgement changes no row counts.
    input: () => inputOf({ id: uuidOr(...anomalyIds) }),
    acknowledged: () => ({}),
  },
  "apiKeys.create": {
    numRuns: 300,
    input: (w) =>
      inputOf({
        name: field(fc.oneof({ weight: 3, arbitrary: fc.constant("fuzz key") }, { weight: 1, arbitrary: fc.constantFrom(" ", "k".repeat(101)) }, { weight: 2, arbitrary: hostileString })),
        scopes: field(fc.oneof(fc.subarray([...API_KEY_SCOPES]), fc.array(fc.constantFrom(...API_KEY_SCOPES, "admin", ""), { maxLength: 6 }))),
        assetIds: field(fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.constantFrom(w.asset.a.id, w.asset.b.id), fc.uuid(), hostileString), { maxLength: 3 }))),
        expiresAt: field(fc.oneof(fc.constant(null), fc.constant(undefined), fc.date({ min: new Date(Date.now() + 86_400_000), max: new Date(Date.UTC(2100, 0, 1)) }), dateArb)),
      }),
    acknowledged: () => ({ apiKeys: 1 }),
  },
  "air.createShareLink": {
    numRuns: 150,
    // A meter, unknown and hostile ids, bad standards, languages, days and lifetimes: a link or a field error; nothing is written.
    input: (w) =>
      inputOf({
        assetId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...cityIds) }, { weight: 1, arbitrary: uuidOr(w.asset.a.id) }),
        standard: field(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("epa", "china") }, { weight: 1, arbitrary: fc.constant("who") })),
        lang: field(fc.oneof({ weight: 4, arbitrary: fc.constantFrom("en", "zh") }, { weight: 1, arbitrary: fc.constant("fr") })),
        // Mostly a day the city has (or none: the latest), sometimes one it has not, or not a day.
        date: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(undefined, "2024-01-03", "2024-01-07") }, { weight: 1, arbitrary: field(fc.oneof(dateArb, fc.constant("not a day"))) }),
        ttlDays: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: field(fc.oneof(fc.integer({ min: -1, max: 40 }), fc.double())) }),
      }),
    acknowledged: () => ({}),
  },
  "apiKeys.revoke": {
    numRuns: 150,
    input: (w) => inputOf({ id: uuidOr(w.spareKeyId) }),
    acknowledged: () => ({}),
  },
  "imports.csv": {
    numRuns: 500,
    input: (w) =>
      inputOf({
        assetSlug: field(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(w.asset.a.slug, w.asset.b.slug) }, { weight: 3, arbitrary: newSlug }, { weight: 1, arbitrary: hostileString })),
        newAsset: fc.oneof(
          { weight: 2, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: junk },
          {
            weight: 2,
            arbitrary: fc.record(
              {
                name: field(fc.oneof({ weight: 3, arbitrary: fc.constant("Fuzz new") }, { weight: 1, arbitrary: hostileString }), 8),
                kind: field(fc.constantFrom(...ASSET_KINDS, "bogus"), 8),
                timezone: field(fc.constantFrom("UTC", "Europe/London", "Mars/Olympus")),
              },
              { requiredKeys: ["name", "kind"] },
            ),
          },
        ),
        csv: field(fc.oneof({ weight: 3, arbitrary: validCsvText }, { weight: 2, arbitrary: csvText }, { weight: 1, arbitrary: hostileString })),
        options: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: csvOptionsArb }, { weight: 1, arbitrary: junk }),
      }),
    acknowledged: (output) => {
      const o = output as { assetSlug: string; rowsInserted: number; series: { seriesId: string }[]; forecastRefreshes?: string[] };
      const out: Partial<RowCounts> = { ingestRunsSucceeded: 1 };
      // Data for a series with a champion queues one forecast refresh per model per minute (a job run each).
      if (o.forecastRefreshes?.length) out.jobRuns = o.forecastRefreshes.length;
      if (o.rowsInserted) out.observations = o.rowsInserted;
      const created = new Set(o.series.map((s) => s.seriesId).filter((id) => !knownSeries.has(id)));
      if (created.size) out.series = created.size;
      if (!knownSlugs.has(o.assetSlug)) out.assets = 1;
      return out;
    },
  },
  "jobs.startTraining": {
    numRuns: 300,
    input: (w) =>
      inputOf({
        // Only the tiny-series asset resolves, so an accepted job fails fast instead of fitting.
        asset: field(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(w.asset.train.slug, w.asset.train.id) }, { weight: 1, arbitrary: hostileString })),
        metric: field(fc.oneof(fc.constant("load"), hostileString)),
        options: field(fc.oneof(trainOptionArb, fc.jsonValue({ maxDepth: 2 }))),
      }),
    acknowledged: () => ({ jobRuns: 1 }),
  },
  "models.promote": {
    numRuns: 200,
    input: (w) => inputOf({ versionId: uuidOr(w.model.championVersionId, w.model.candidateVersionId) }),
    // The promotion queues a refresh-forecasts run and its health check (check-deployment); an incompatible
    // version (the seeded champion has no artifact manifest) is refused with a 422 before anything is written.
    acknowledged: () => ({ jobRuns: 2 }),
  },
  "models.setTags": {
    numRuns: 200,
    input: (w) =>
      inputOf({
        modelId: uuidOr(w.model.id),
        tags: field(fc.array(fc.oneof(fc.constantFrom("prod", "Site:North", "a".repeat(32), "a".repeat(33), "bad tag", "", "-x"), hostileString), { maxLength: 25 })),
      }),
    acknowledged: () => ({}),
  },
  "models.rollback": {
    numRuns: 200,
    input: (w) => inputOf({ modelId: uuidOr(w.model.id) }),
    acknowledged: () => ({ jobRuns: 1 }),
  },
  "users.create": {
    // Each accepted user costs a scrypt hash: fewer runs.
    numRuns: 100,
    input: () =>
      inputOf({
        email: field(
          fc.oneof(
            { weight: 4, arbitrary: fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[a-z]{1,8}$/)).map(([user, host]) => `${user}@${host}.test`) },
            { weight: 1, arbitrary: fc.emailAddress() },
            { weight: 1, arbitrary: fc.constantFrom("fuzz-admin@test.local", "FUZZ-ADMIN@TEST.LOCAL", "a@b", "@", "x".repeat(330) + "@t.io") },
            { weight: 1, arbitrary: hostileString },
          ),
        ),
        name: field(fc.oneof(fc.constant("Fuzz Person"), hostileString)),
        role: field(fc.constantFrom(...USER_ROLES, "root")),
        password: field(fc.oneof(fc.constant("correct horse battery staple"), hostileString)),
      }),
    acknowledged: () => ({ users: 1 }),
  },
  "users.changeRole": {
    numRuns: 200,
    // The target user and the admin itself (refused); the other seeded users keep their roles for the HTTP sessions.
    input: (w) => inputOf({ userId: uuidOr(w.users.target.id, w.users.admin.id), role: field(fc.constantFrom(...USER_ROLES, "root")) }),
    acknowledged: () => ({}),
  },
  "users.setDisabled": {
    numRuns: 200,
    input: (w) => inputOf({ userId: uuidOr(w.users.target.id, w.users.admin.id), disabled: field(fc.boolean()) }),
    acknowledged: () => ({}),
  },
};

type ProcedureType = "query" | "mutation" | "subscription";
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType } }>).map(([path, p]) => ({ path, type: p._def.type }));
const MUTATIONS = procedures.filter((p) => p.type === "mutation").map((p) => p.path).sort();
const QUERIES = procedures.filter((p) => p.type === "query").map((p) => p.path).sort();

const roleArb: fc.Arbitrary<Role> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("admin" as const) },
  { weight: 3, arbitrary: fc.constant("analyst" as const) },
  { weight: 1, arbitrary: fc.constant("viewer" as const) },
  { weight: 1, arbitrary: fc.constant("anonymous" as const) },
);

// ---- the suite -------------------------------------------------------------------------------------------

let handle: Awaited<ReturnType<typeof createTestDb>>;
let world: FuzzWorld;
let cookies: Record<Role, string | null>;
const sent = { caller: 0, http: 0 };
const outcomes = { caller: new Map<string, number>(), http: new Map<number, number>() };
const timings: string[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  world = await seedFuzzWorld(handle.db);
  for (const a of await handle.db.select({ slug: assets.slug }).from(assets)) knownSlugs.add(a.slug);
  for (const s of await handle.db.select({ id: series.id }).from(series)) knownSeries.add(s.id);
  const found = await handle.db
    .insert(anomalies)
    .values(Array.from({ length: 5 }, (_, i) => ({ seriesId: world.seriesId.temp, ts: new Date(Date.UTC(2030, 0, 1, i)), kind: "spike_above" as const, score: 2, reason: "fuzz", method: "seasonal-baseline" })))
    .returning({ id: anomalies.id });
  anomalyIds.push(...found.map((a) => a.id));
  // A city with a week of PM2.5, so share links can be made (before the row counts are taken).
  const city = await ensureAsset(handle.db, { slug: "fz-city", name: "Fuzz city", kind: "city" });
  await ingestBatch(handle.db, { assetId: city.id, source: "fuzz", series: [{ metric: "pm25", unit: "µg/m³", points: Array.from({ length: 7 }, (_, i) => ({ tsMs: Date.UTC(2024, 0, 1 + i), value: 20 + i })) }] });
  cityIds.push(city.id);
  knownSlugs.add("fz-city");
  for (let i = 0; i < 3; i++) {
    webhookEndpointIds.push((await createWebhookEndpoint(handle.db, { input: { name: `fz seeded hook ${i}`, url: "https://hooks.example.com/seeded" }, userId: null })).id);
    alertRuleIds.push((await createAlertRule(handle.db, { input: { name: `fz seeded rule ${i}`, metric: "job_failure", threshold: 0, windowMinutes: 60, cooldownMinutes: 0 }, userId: null })).id);
  }
  alertEventIds.push(...(await evaluateAlertRules(handle.db, {}, { now: new Date() })).fired.map((f) => f.eventId));
  cookies = {
    anonymous: null,
    viewer: await sessionCookie(world.users.viewer),
    analyst: await sessionCookie(world.users.analyst),
    admin: await sessionCookie(world.users.admin),
  };
});

afterAll(async () => {
  // Accepted training jobs and forecast refreshes run on the embedded runner; let them finish (they fail fast).
  const { getJobRuntime } = await import("@/inngest/runtime");
  await (await getJobRuntime()).runner?.stop();
  await handle?.close();
  const hist = <K extends string | number>(m: Map<K, number>) => JSON.stringify(Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1))));
  console.log(
    `[fuzz] tRPC: ${sent.caller} createCaller calls, outcomes ${hist(outcomes.caller)}; ${sent.http} HTTP requests, statuses ${hist(outcomes.http)}; on ${handle?.driver} (${FUZZ_SCALE_NOTE}), seed ${FUZZ_SEED}\n${timings.join("\n")}`,
  );
});

function remember(path: string, output: unknown): void {
  if (path !== "imports.csv") return;
  const o = output as { assetSlug: string; series: { seriesId: string }[] };
  knownSlugs.add(o.assetSlug);
  for (const s of o.series) knownSeries.add(s.seriesId);
}

function callerFor(role: Role) {
  return createCaller({ db: handle.db, user: role === "anonymous" ? null : world.users[role] });
}

async function callProcedure(role: Role, path: string, input: unknown): Promise<unknown> {
  const [domain, name] = path.split(".");
  const caller = callerFor(role) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  return caller[domain][name](input);
}

describe("tRPC mutation fuzz (createCaller)", () => {
  it("has a driver for every mutation of the app router, and none for one that is gone", () => {
    expect(MUTATIONS.length).toBeGreaterThan(5);
    expect(MUTATIONS.filter((m) => !(m in DRIVERS)), "mutations without a fuzz driver").toEqual([]);
    expect(Object.keys(DRIVERS).filter((m) => !MUTATIONS.includes(m)), "drivers for mutations that no longer exist").toEqual([]);
  });

  for (const [path, driver] of Object.entries(DRIVERS)) {
    it(`${path}: no INTERNAL_SERVER_ERROR, no partial writes`, async () => {
      const t0 = performance.now();
      let n = 0;
      const local = new Map<string, number>();
      let counts: RowCounts | null = null;
      const property = fc.asyncProperty(roleArb, driver.input(world), async (role, input) => {
        n++;
        const before = counts ?? (await rowCounts(handle.db));
        counts = null;
        let output: unknown;
        let code = "OK";
        try {
          output = await callProcedure(role, path, input);
        } catch (error) {
          if (!(error instanceof TRPCError)) throw new Error(`${path} threw a non-tRPC error: ${String(error)}`);
          code = error.code;
          if (code === "INTERNAL_SERVER_ERROR") throw new Error(`${path} as ${role}: INTERNAL_SERVER_ERROR: ${String(error.cause ?? error.message)}`);
        }
        local.set(code, (local.get(code) ?? 0) + 1);
        outcomes.caller.set(code, (outcomes.caller.get(code) ?? 0) + 1);
        const after = await rowCounts(handle.db);
        const expected = code === "OK" ? driver.acknowledged(output) : {};
        expect(countDelta(before, after), `row counts after ${path} as ${role} → ${code} (acknowledged ${JSON.stringify(expected)})`).toEqual(expected);
        if (code === "OK") remember(path, output);
        counts = after;
      });
      await fc.assert(property, fcParams(driver.numRuns));
      sent.caller += n;
      expect(n).toBeGreaterThanOrEqual(runs(driver.numRuns));
      // The generators must reach past validation (a mutation that only ever refuses is not being fuzzed).
      expect(local.get("OK") ?? 0, `${path} never succeeded`).toBeGreaterThan(0);
      timings.push(`  ${path}: ${n} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${JSON.stringify(Object.fromEntries(local))}`);
    });
  }
});

// ---- the HTTP endpoint -----------------------------------------------------------------------------------

interface HttpCase {
  method: "GET" | "POST";
  paths: string[];
  batch: boolean;
  role: Role;
  headers: Record<string, string>;
  /** POST body text, or the GET `input` query value. */
  payload: string;
  note: string;
}

/** superjson envelopes whose `meta` lies about the value, and other bodies no tRPC client sends. */
const forgedEnvelopes = fc.constantFrom(
  '{"json":{"expiresAt":"not a date"},"meta":{"values":{"expiresAt":["Date"]}}}',
  '{"json":{"name":"x","scopes":["read"],"expiresAt":"2024-13-45"},"meta":{"values":{"expiresAt":["Date"]}}}',
  '{"json":{"a":1},"meta":{"values":{"a":["class","Nope"]}}}',
  '{"json":{"a":1},"meta":{"values":{"a":["custom","Nope"]}}}',
  '{"json":{"a":"1"},"meta":{"values":{"a":["bigint"]}}}',
  '{"json":{"a":"zz"},"meta":{"values":{"a":["bigint"]}}}',
  '{"json":{"a":"/(/"},"meta":{"values":{"a":["regexp"]}}}',
  '{"json":[1],"meta":{"values":{"0":["set"]}}}',
  '{"json":{"a":[[1]]},"meta":{"values":{"a":["map"]}}}',
  '{"json":{"a":1},"meta":{"values":{"__proto__":["Date"]}}}',
  '{"json":{"a":1},"meta":{"referentialEqualities":{"a":["b.c.d"]}}}',
  '{"json":{"a":1},"meta":{"values":"x"}}',
  '{"json":{"a":1},"meta":null}',
  '{"json":null}',
  '{"meta":{}}',
  "{}",
  "[]",
  "null",
  '{"0":{"json":{}}}',
  '{"json":{"assetSlug":"fz-a","csv":"time,v\\n2024-01-01T00:00:00Z,1"}}',
  "{",
  "",
  "\u0000",
);

/** The body a tRPC client would send; superjson refuses to write a `__proto__` key, which then goes as plain JSON. */
function envelope(input: unknown): string {
  try {
    return superjson.stringify(input);
  } catch {
    return JSON.stringify({ json: input }) ?? "{}";
  }
}

function httpCases(w: FuzzWorld): fc.Arbitrary<HttpCase> {
  const mutationInput = fc.constantFrom(...MUTATIONS).chain((m) => fc.tuple(fc.constant(m), DRIVERS[m].input(w)));
  const pathArb = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...MUTATIONS) },
    { weight: 2, arbitrary: fc.constantFrom(...QUERIES) },
    { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom("users", "users.create.x", "__proto__.x", "toString", ".", "users..create")) },
  );
  return fc
    .record({
      method: fc.oneof({ weight: 6, arbitrary: fc.constant("POST" as const) }, { weight: 1, arbitrary: fc.constant("GET" as const) }),
      batch: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      paths: fc.array(pathArb, { minLength: 1, maxLength: 3 }),
      // Most requests name the procedure whose input they carry.
      coherent: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      role: roleArb,
      origin: fc.oneof(
        { weight: 8, arbitrary: fc.constant<Record<string, string>>({ origin: ORIGIN }) },
        { weight: 1, arbitrary: fc.constant<Record<string, string>>({ "sec-fetch-site": "same-origin" }) },
        { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, {}, { origin: "null" }) },
      ),
      type: fc.oneof({ weight: 6, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: contentTypes }),
      payload: fc.oneof(
        { weight: 5, arbitrary: mutationInput.map(([m, input]) => ({ text: envelope(input), note: `superjson ${m} input`, procedure: m })) },
        { weight: 2, arbitrary: forgedEnvelopes.map((text) => ({ text, note: "forged envelope" })) },
        { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => ({ text, note: "json" })) },
        { weight: 1, arbitrary: hostileString.map((text) => ({ text, note: "not json" })) },
      ),
    })
    .map(({ method, batch, paths, coherent, role, origin, type, payload }) => {
      const named = coherent && "procedure" in payload ? [payload.procedure, ...paths.slice(1)] : paths;
      const used = batch ? named : named.slice(0, 1);
      // A batch carries one envelope per call, keyed by index.
      const text = batch ? `{${used.map((_, i) => `"${i}":${payload.text || "null"}`).join(",")}}` : payload.text;
      return {
        method,
        paths: used,
        batch,
        role,
        headers: { ...origin, ...(method === "POST" ? { "content-type": type } : {}) },
        payload: text,
        note: payload.note,
      };
    });
}

interface TrpcEnvelope {
  result?: { data: unknown };
  error?: { json?: { data?: { httpStatus?: number; code?: string; path?: string } } };
}

describe("tRPC HTTP endpoint fuzz (app/api/trpc/[trpc])", () => {
  it("answers every generated request below 500, in the tRPC wire format or problem+json, with no partial writes", async () => {
    const mod = (await import("@/app/api/trpc/[trpc]/route")) as Record<string, (req: Request) => Promise<Response>>;
    const t0 = performance.now();
    let n = 0;
    let succeeded = 0;
    let counts: RowCounts | null = null;
    const property = fc.asyncProperty(httpCases(world), async (c) => {
      n++;
      const cookie = cookies[c.role];
      const pathPart = c.paths.map((p) => encodeURIComponent(p.replace(/[\uD800-\uDFFF]/g, "\uFFFD"))).join(",");
      const query = new URLSearchParams();
      if (c.batch) query.set("batch", "1");
      if (c.method === "GET") query.set("input", c.payload);
      const url = `${ORIGIN}/api/trpc/${pathPart}${query.size ? `?${query}` : ""}`;
      const request = routeRequest(url, {
        method: c.method,
        headers: { ...c.headers, ...(cookie ? { cookie } : {}) },
        body: c.method === "POST" ? c.payload : undefined,
      });
      const before = counts ?? (await rowCounts(handle.db));
      counts = null;
      const res = await inRequestScope(request, "/api/trpc/[trpc]", () => mod[c.method](request));
      const text = await res.text();
      outcomes.http.set(res.status, (outcomes.http.get(res.status) ?? 0) + 1);
      const where = `${c.method} ${url.slice(0, 200)} as ${c.role} (${c.note}, headers ${JSON.stringify(c.headers)})`;
      if (res.status >= 500) throw new Error(`${where}: ${res.status} ${text.slice(0, 400)}`);
      const type = res.headers.get("content-type") ?? "";
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${where}: ${res.status} ${type} body is not JSON: ${text.slice(0, 200)}`);
      }
      // What the successful calls acknowledged.
      let expected: Partial<RowCounts> = {};
      const oks: { path: string; output: unknown }[] = [];
      if (type.startsWith("application/problem+json")) {
        expect(res.status, `${where}: problem+json for a success`).toBeGreaterThanOrEqual(400);
        expect((body as { status?: number }).status).toBe(res.status);
      } else {
        expect(type, `${where}: ${res.status} ${text.slice(0, 300)}`).toContain("application/json");
        // A batch answers one envelope per call, or one error for the whole request (e.g. a mixed batch).
        const whole = !Array.isArray(body);
        const envelopes = (whole ? [body] : body) as TrpcEnvelope[];
        expect(whole ? !c.batch || "error" in (body as object) : c.batch && envelopes.length === c.paths.length, `${where}: ${text.slice(0, 200)}`).toBe(true);
        envelopes.forEach((e, i) => {
          if (e.error) {
            const status = e.error.json?.data?.httpStatus;
            expect(status, `${where}: tRPC error without httpStatus: ${JSON.stringify(e).slice(0, 300)}`).toBeTypeOf("number");
            expect(status!, `${where}: ${JSON.stringify(e).slice(0, 300)}`).toBeLessThan(500);
            if (whole) expect(status).toBe(res.status);
          } else {
            expect(e.result, `${where}: neither result nor error`).toBeDefined();
            const output = superjson.deserialize((e.result as { data: Parameters<typeof superjson.deserialize>[0] }).data);
            oks.push({ path: c.paths[i], output });
          }
        });
      }
      for (const ok of oks) {
        const driver = DRIVERS[ok.path];
        if (!driver) continue; // a query
        succeeded++;
        for (const [k, v] of Object.entries(driver.acknowledged(ok.output)) as [keyof RowCounts, number][]) expected[k] = (expected[k] ?? 0) + v;
        remember(ok.path, ok.output);
      }
      const after = await rowCounts(handle.db);
      expected = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== 0));
      expect(countDelta(before, after), `${where}: row counts (acknowledged ${JSON.stringify(expected)})`).toEqual(expected);
      counts = after;
    });
    await fc.assert(property, fcParams(1000));
    sent.http += n;
    expect(n).toBeGreaterThanOrEqual(runs(1000));
    expect(succeeded, "no mutation over HTTP ever succeeded: the generators stop at the origin check or validation").toBeGreaterThan(0);
    timings.push(`  HTTP: ${n} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${succeeded} mutations succeeded`);
  });
});
