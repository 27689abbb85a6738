/**
 * Authorization matrix of the tRPC API (issue #9): every procedure of the app router × every caller
 * (anonymous and each role), through createCaller on a seeded test database (real Postgres with
 * TEST_DATABASE_URL, PGlite otherwise).
 *
 * The procedure list comes from the router itself, and RULES gives each procedure its minimum role and a
 * valid input; a procedure without a rule, or a rule for a procedure that is gone, fails the first test.
 * A caller below the minimum gets UNAUTHORIZED (anonymous) or FORBIDDEN (signed in) and changes nothing;
 * a caller at or above it succeeds, so every input here is one the procedure really accepts.
 */
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { getJobRuntime } from "@/inngest/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { anomalies, USER_ROLES, type UserRole } from "@/db/schema";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { ensureAsset } from "@/server/assets";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { hasRole } from "@/server/auth/roles";
import { createAlertRule } from "@/server/alerts/alert-rules";
import { createWebhookEndpoint } from "@/server/alerts/webhook-endpoints";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { completeVersion, createVersion, ensureModel, promoteVersion } from "@/server/registry";
import { insertUser, seedAuthzWorld, versionEvidence, type AuthzWorld } from "@/server/testing/authz-kit";
import { appRouter, createCaller } from "../../../../server/trpc/root";

type Caller = "anonymous" | UserRole;
const CALLERS: Caller[] = ["anonymous", ...USER_ROLES];

interface Rule {
  /** The lowest role that may call it. */
  min: UserRole;
  /** A valid input; called once per caller, so anything it creates is fresh for that call. */
  input: (w: AuthzWorld, caller: Caller) => Promise<unknown> | unknown;
}

let seq = 0;
const unique = (caller: Caller) => `${caller}-${++seq}`;

/** A version of the world's model promoted over the current champion, so a rollback has somewhere to go. */
async function championWithPredecessor(w: AuthzWorld) {
  const v = await createVersion(w.db, { modelId: w.model.id, algorithm: "seasonal-naive", codeVersion: "authz" });
  await completeVersion(w.db, { versionId: v.id, ...versionEvidence(w.seriesId.temp), promoteIfNoChampion: false });
  await promoteVersion(w.db, { versionId: v.id });
}

/** A promotable candidate: it passes the compatibility check (a state manifest; its artifact is never loaded here). */
async function candidate(w: AuthzWorld) {
  const v = await createVersion(w.db, { modelId: w.model.id, algorithm: "seasonal-naive", codeVersion: "authz" });
  const sha256 = "0".repeat(64);
  const manifest = { format: "almanac-state" as const, manifestVersion: 1 as const, kind: "local" as const, model: "seasonal-naive", sha256, sizeBytes: 1 };
  return completeVersion(w.db, { versionId: v.id, ...versionEvidence(w.seriesId.temp), artifactSha256: sha256, manifest, promoteIfNoChampion: false });
}

/** A city with a week of daily PM2.5 (re-sent on each call: idempotent), for the air procedures. */
async function authzCity(w: AuthzWorld): Promise<string> {
  const city = await ensureAsset(w.db, { slug: "authz-city", name: "Authz city", kind: "city" });
  await ingestBatch(w.db, { assetId: city.id, source: "authz", series: [{ metric: "pm25", unit: "µg/m³", points: Array.from({ length: 7 }, (_, i) => ({ tsMs: Date.UTC(2024, 0, 1 + i), value: 20 + i })) }] });
  return city.id;
}

/** A ticker with 30 daily OHLCV bars (idempotent), for the markets procedures that read bars. */
async function authzTicker(w: AuthzWorld): Promise<string> {
  const t = await ensureAsset(w.db, { slug: "authz-ticker", name: "Authz ticker", kind: "ticker" });
  const bars = (f: (i: number) => number) => Array.from({ length: 30 }, (_, i) => ({ tsMs: Date.UTC(2024, 0, 1 + i), value: f(i) }));
  await ingestBatch(w.db, {
    assetId: t.id,
    source: "authz",
    series: [
      { metric: "open", points: bars((i) => 100 + i) },
      { metric: "high", points: bars((i) => 102 + i) },
      { metric: "low", points: bars((i) => 99 + i) },
      { metric: "close", points: bars((i) => 101 + i) },
      { metric: "volume", points: bars(() => 1000) },
    ],
  });
  return t.id;
}

const RULES: Record<string, Rule> = {
  "assets.list": { min: "viewer", input: () => undefined },
  "assets.get": { min: "viewer", input: (w) => ({ idOrSlug: w.asset.a.slug }) },
  "assets.series": { min: "viewer", input: (w) => ({ assetId: w.asset.a.id }) },
  "assets.observations": { min: "viewer", input: (w) => ({ seriesId: w.seriesId.temp }) },
  "assets.compare": { min: "viewer", input: (w) => ({ assets: [w.asset.a.slug, w.asset.a.id], metric: "temp_c" }) },

  "apiKeys.list": { min: "admin", input: () => undefined },
  "apiKeys.create": { min: "admin", input: (_w, c) => ({ name: `key ${unique(c)}`, scopes: ["read"] }) },
  "apiKeys.revoke": {
    min: "admin",
    input: async (w, c) => ({ id: (await createApiKey(w.db, { name: `to revoke ${unique(c)}`, scopes: ["read"] })).apiKey.id }),
  },

  "imports.csv": {
    min: "analyst",
    input: (w, c) => ({ assetSlug: w.asset.a.slug, csv: `timestamp,m_${c}\n2024-03-01T00:00:00Z,1\n2024-03-01T01:00:00Z,2\n` }),
  },

  "users.list": { min: "admin", input: () => undefined },
  "users.create": { min: "admin", input: (_w, c) => ({ email: `new-${unique(c)}@test.local`, role: "viewer", password: "correct horse battery" }) },
  "users.changeRole": { min: "admin", input: async (w, c) => ({ userId: (await insertUser(w.db, `role-${unique(c)}@test.local`, "viewer")).id, role: "analyst" }) },
  "users.setDisabled": { min: "admin", input: async (w, c) => ({ userId: (await insertUser(w.db, `off-${unique(c)}@test.local`, "viewer")).id, disabled: true }) },

  "jobs.list": { min: "viewer", input: () => ({}) },
  "jobs.get": { min: "viewer", input: (w) => ({ runId: w.jobRun.a }) },
  "jobs.trainability": { min: "viewer", input: (w) => ({ asset: w.asset.a.slug, metric: "temp_c" }) },
  // Three points: the job is queued and fails fast as too short, so no fit runs.
  "jobs.startTraining": { min: "analyst", input: (w) => ({ asset: w.asset.t.slug, metric: "load" }) },

  "anomalies.list": { min: "viewer", input: () => ({}) },
  "anomalies.acknowledge": {
    min: "analyst",
    input: async (w, c) => {
      const [row] = await w.db
        .insert(anomalies)
        .values({ seriesId: w.seriesId.temp, ts: new Date(Date.UTC(2030, 0, 1) + ++seq * 60_000), kind: "spike_above", score: 2, reason: `authz ${c}`, method: "seasonal-baseline" })
        .returning({ id: anomalies.id });
      return { id: row.id };
    },
  },

  "models.list": { min: "viewer", input: () => ({}) },
  "models.get": { min: "viewer", input: (w) => ({ modelId: w.model.id }) },
  "models.version": { min: "viewer", input: (w) => ({ versionId: w.model.championVersionId }) },
  "models.previousChampion": { min: "viewer", input: (w) => ({ modelId: w.model.id }) },
  "models.assetForecast": { min: "viewer", input: (w) => ({ assetId: w.asset.a.id }) },
  "models.coverage": { min: "viewer", input: (w) => ({ versionId: w.model.championVersionId }) },
  "models.intervalAdaptation": { min: "viewer", input: (w) => ({ versionId: w.model.championVersionId }) },
  "models.compatibility": { min: "viewer", input: (w) => ({ versionId: w.model.championVersionId }) },
  "models.deploymentEvents": { min: "viewer", input: (w) => ({ versionId: w.model.championVersionId }) },
  "models.setTags": { min: "analyst", input: (w, c) => ({ modelId: w.model.id, tags: [`authz-${unique(c)}`] }) },
  "air.cityAqi": { min: "viewer", input: async (w) => ({ assetId: await authzCity(w), standard: "epa" }) },
  "air.cityOutlook": { min: "viewer", input: async (w) => ({ assetId: await authzCity(w), standard: "china" }) },
  // Any signed-in user may share a city's card (it shows only what the city page shows them); nothing is stored.
  "air.createShareLink": { min: "viewer", input: async (w) => ({ assetId: await authzCity(w), standard: "china", lang: "zh" }) },
  "markets.bars": { min: "viewer", input: async (w) => ({ assetId: await authzTicker(w) }) },
  "markets.factors": { min: "viewer", input: async (w) => ({ assetId: await authzTicker(w), limit: 5, names: ["ROC5", "CORD60"] }) },
  // No close forecast is served for the ticker: the trend is null, which any viewer may read.
  "markets.trend": { min: "viewer", input: async (w) => ({ assetId: await authzTicker(w) }) },
  // No forecast-tickers run for the ticker: the backtest is null, which any viewer may read.
  "markets.forecastBacktest": { min: "viewer", input: async (w) => ({ assetId: await authzTicker(w) }) },
  "monitoring.models": { min: "viewer", input: () => ({}) },
  "monitoring.driftScores": { min: "viewer", input: (w) => ({ modelId: w.model.id }) },

  "alerts.listRules": { min: "analyst", input: () => undefined },
  "alerts.createRule": { min: "analyst", input: (_w, c) => ({ name: `rule ${unique(c)}`, metric: "job_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60 }) },
  "alerts.updateRule": {
    min: "analyst",
    input: async (w, c) => ({
      id: (await createAlertRule(w.db, { input: { name: `to update ${unique(c)}`, metric: "job_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60 }, userId: null })).id,
      threshold: 2,
    }),
  },
  "alerts.deleteRule": {
    min: "analyst",
    input: async (w, c) => ({ id: (await createAlertRule(w.db, { input: { name: `to delete ${unique(c)}`, metric: "job_failure", threshold: 1, windowMinutes: 60, cooldownMinutes: 60 }, userId: null })).id }),
  },
  "alerts.listEndpoints": { min: "analyst", input: () => undefined },
  "alerts.createEndpoint": { min: "admin", input: (_w, c) => ({ name: `hook ${unique(c)}`, url: "https://hooks.example.com/almanac" }) },
  "alerts.deleteEndpoint": {
    min: "admin",
    input: async (w, c) => ({ id: (await createWebhookEndpoint(w.db, { input: { name: `hook to delete ${unique(c)}`, url: "https://hooks.example.com/x" }, userId: null })).id }),
  },
  "alerts.deliveries": { min: "analyst", input: () => ({}) },
  "alerts.inbox": { min: "viewer", input: () => ({}) },
  "alerts.unreadCount": { min: "viewer", input: () => undefined },
  "alerts.markRead": { min: "viewer", input: () => ({ all: true }) },
  "markets.indicators": {
    min: "viewer",
    // Asset a gets a short close series (re-sent on each call: idempotent).
    input: async (w) => {
      await ingestBatch(w.db, { assetId: w.asset.a.id, source: "authz", series: [{ metric: "close", points: Array.from({ length: 30 }, (_, i) => ({ tsMs: Date.UTC(2024, 0, 1 + i), value: 100 + i })) }] });
      return { assetId: w.asset.a.id };
    },
  },
  "models.promote": { min: "analyst", input: async (w) => ({ versionId: (await candidate(w)).id }) },
  "models.rollback": {
    min: "analyst",
    input: async (w, c) => {
      // Only the callers that may roll back get a history to roll back along; the others are refused first.
      if (c !== "anonymous" && hasRole(c, "analyst")) await championWithPredecessor(w);
      return { modelId: w.model.id };
    },
  },
};

// tRPC 11 keeps a flat record of every procedure by its dotted path.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const root = createCaller({ db: world.db, user: caller === "anonymous" ? null : world.users[caller] });
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as (i: unknown) => Promise<unknown>;
  return fn(input);
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code === "INTERNAL_SERVER_ERROR" ? `INTERNAL_SERVER_ERROR: ${String(err.cause ?? err.message)}` : err.code;
    throw err;
  }
}

function expectedDenial(caller: Caller, min: UserRole): "UNAUTHORIZED" | "FORBIDDEN" | null {
  if (caller === "anonymous") return "UNAUTHORIZED";
  return hasRole(caller, min) ? null : "FORBIDDEN";
}

/** Everything a refused call could have touched, in one round trip. */
async function snapshot(w: AuthzWorld): Promise<Record<string, unknown>> {
  const result: unknown = await w.db.execute(sql`
    select
      (select string_agg(id::text || ':' || role::text || ':' || coalesce(disabled_at::text, '-'), ',' order by id) from users) as "users",
      (select string_agg(id::text || ':' || coalesce(revoked_at::text, '-'), ',' order by id) from api_keys) as "apiKeys",
      (select string_agg(id::text || ':' || state::text, ',' order by id) from model_versions) as "versions",
      (select count(*)::int from assets) as "assets",
      (select count(*)::int from series) as "series",
      (select count(*)::int from observations) as "observations",
      (select count(*)::int from ingest_runs) as "ingestRuns",
      (select count(*)::int from job_runs) as "jobRuns",
      (select count(*)::int from audit_log) as "audit",
      (select count(*)::int from anomalies where acknowledged_at is not null) as "acknowledgedAnomalies"`);
  // PGlite answers { rows }, postgres-js an array of rows.
  return (Array.isArray(result) ? result[0] : (result as { rows: unknown[] }).rows[0]) as Record<string, unknown>;
}

let handle: Awaited<ReturnType<typeof createTestDb>>;
let world: AuthzWorld;
/** Outcomes of the refused calls, made before any allowed call (so no background job runs meanwhile). */
const denied = new Map<string, string>();
let before: Record<string, unknown>;
let after: Record<string, unknown>;

beforeAll(async () => {
  handle = await createTestDb();
  // Mutations that queue jobs reach the embedded runtime, which opens the app's database: the test one.
  setRouteDbForTests(handle);
  world = await seedAuthzWorld(handle.db);
  const inputs: [string, Caller, unknown][] = [];
  for (const [path, rule] of Object.entries(RULES)) {
    if (!(path in procedures)) continue;
    for (const caller of CALLERS) if (expectedDenial(caller, rule.min)) inputs.push([path, caller, await rule.input(world, caller)]);
  }
  before = await snapshot(world);
  for (const [path, caller, input] of inputs) denied.set(`${path} ${caller}`, await outcome(call(caller, path, input)));
  after = await snapshot(world);
});

afterAll(async () => {
  // Training and forecast-refresh jobs the allowed calls queued run on the embedded runner; let them end.
  await (await getJobRuntime()).runner?.stop();
  await handle?.close();
});

describe("tRPC authorization matrix", () => {
  it("has a rule for every procedure in the router, and none for a procedure that is gone", () => {
    const inRouter = Object.keys(procedures).sort();
    expect(inRouter.length).toBeGreaterThan(20);
    expect(inRouter.filter((p) => !(p in RULES)), "procedures without an authorization rule").toEqual([]);
    expect(Object.keys(RULES).filter((p) => !(p in procedures)), "rules for procedures that no longer exist").toEqual([]);
  });

  it("refused calls change nothing", () => {
    expect(denied.size).toBeGreaterThan(0);
    expect(after).toEqual(before);
  });

  for (const [path, rule] of Object.entries(RULES)) {
    it(`${path} (${procedures[path]?._def.type ?? "missing"}): ${rule.min} and above`, async () => {
      for (const caller of CALLERS) {
        const denial = expectedDenial(caller, rule.min);
        const got = denial ? denied.get(`${path} ${caller}`) : await outcome(call(caller, path, await rule.input(world, caller)));
        expect(got, `${path} as ${caller}`).toBe(denial ?? "OK");
      }
    });
  }
});

describe("models.previousChampion", () => {
  it("is null for a champion promoted with no predecessor, and names the one a rollback restores", async () => {
    const admin = createCaller({ db: world.db, user: world.users.admin });
    const fresh = await seedModelWithoutHistory(world);
    expect(await admin.models.previousChampion({ modelId: fresh })).toBeNull();
    expect(await outcome(admin.models.rollback({ modelId: fresh }))).toBe("CONFLICT");

    const next = await candidate({ ...world, model: { ...world.model, id: fresh } });
    const first = (await admin.models.get({ modelId: fresh })).model.champion!;
    await promoteVersion(world.db, { versionId: next.id });
    expect(await admin.models.previousChampion({ modelId: fresh })).toEqual({ id: first.id, version: first.version });
    expect(await admin.models.rollback({ modelId: fresh })).toMatchObject({ id: first.id, state: "champion" });
  });
});

async function seedModelWithoutHistory(w: AuthzWorld): Promise<string> {
  const model = await ensureModel(w.db, { assetId: w.asset.a.id, seriesId: w.seriesId.temp, metric: "temp_c", horizon: 6, frequency: "1h", seasonLengths: [24] });
  const v = await createVersion(w.db, { modelId: model.id, algorithm: "seasonal-naive", codeVersion: "authz" });
  await completeVersion(w.db, { versionId: v.id, ...versionEvidence(w.seriesId.temp), promoteIfNoChampion: true });
  return model.id;
}
