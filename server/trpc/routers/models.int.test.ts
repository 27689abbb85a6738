/**
 * The models router through createCaller on a real (test) database: list, get and version answer the
 * registry's rows (validated by their output schemas), a model is found without listing every model, and
 * promote / rollback are analyst-only, change the champion and queue a forecast refresh.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { eq } from "drizzle-orm";
import { assets, forecasts, observations, series, users, type UserRole } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session-user";
import { setCacheForTests } from "@/server/cache/get-cache";
import { createMemoryCache } from "@/server/cache/memory-cache";
import { provideJobRuntime, type DispatchOptions } from "@/server/jobs/dispatch";
import { completeVersion, createVersion, ensureModel, findChampion } from "@/server/registry";
import { createCaller } from "../root";

let handle: DbHandle;
const people = {} as Record<UserRole, SessionUser>;
const dispatched: { job: string; payload: unknown; options?: DispatchOptions }[] = [];
let modelA: string;
let modelB: string;
const versionsA: string[] = [];

/** A state artifact's manifest (never loaded here: the health check runs in the check-deployment job, not dispatched in this test). */
const SHA = "0".repeat(64);
const stateManifest = { format: "almanac-state" as const, manifestVersion: 1 as const, kind: "local" as const, model: "gbdt", sha256: SHA, sizeBytes: 1 };
const evidence = (mase: number, seriesId: string) => ({
  algorithm: "gbdt",
  parameters: { trees: 10 },
  featureSpec: {},
  featureSpecHash: "spec",
  trainingSnapshot: { seriesId, fromTs: "2024-01-01T00:00:00Z", toTs: "2024-02-01T00:00:00Z", rowCount: 744, contentHash: "abc", stepMs: 3_600_000 },
  backtestMetrics: { all: { mase, baselineMase: 1 } },
  calibration: {},
  backtestPlot: { ts: ["2024-02-01T00:00:00Z"], actual: [1], forecast: [1.1], baseline: [0.9] },
  artifactUri: "file://x",
  artifactSha256: SHA,
  manifest: stateManifest,
});

async function seedModel(slug: string, metric: string, versions: number) {
  const [asset] = await handle.db.insert(assets).values({ slug, name: `Asset ${slug}`, kind: "meter" }).returning();
  const [s] = await handle.db.insert(series).values({ assetId: asset.id, metric, frequency: "1h" }).returning();
  const model = await ensureModel(handle.db, { assetId: asset.id, seriesId: s.id, metric, horizon: 24, frequency: "1h", seasonLengths: [24] });
  const ids: string[] = [];
  for (let i = 0; i < versions; i++) {
    const v = await createVersion(handle.db, { modelId: model.id, algorithm: "gbdt", codeVersion: "test" });
    ids.push((await completeVersion(handle.db, { versionId: v.id, ...evidence(0.5 + i / 10, s.id), promoteIfNoChampion: true })).id);
  }
  return { model, ids, asset };
}

const as = (role: UserRole | null) => createCaller({ db: handle.db, user: role ? people[role] : null });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

beforeAll(async () => {
  handle = await createTestDb();
  setCacheForTests(createMemoryCache());
  provideJobRuntime(async () => ({
    dispatch: async (job, payload, options) => {
      dispatched.push({ job, payload, options });
      return { runId: "00000000-0000-4000-8000-000000000001", created: true };
    },
  }));
  for (const role of ["admin", "analyst", "viewer"] as const) {
    const [u] = await handle.db
      .insert(users)
      .values({ email: `models-${role}@test.local`, role, passwordHash: null })
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    people[role] = u;
  }
  const a = await seedModel("models-a", "load_kw", 2);
  modelA = a.model.id;
  versionsA.push(...a.ids);
  modelB = (await seedModel("models-b", "temp_c", 0)).model.id;
});
afterAll(async () => {
  setCacheForTests(undefined);
  await handle?.close();
});

describe("models router", () => {
  it("lists every model with its asset and champion, or one asset's", async () => {
    const all = await as("viewer").models.list();
    expect(all.map((m) => [m.assetSlug, m.metric, m.champion?.version ?? null])).toEqual([
      ["models-a", "load_kw", 1],
      ["models-b", "temp_c", null],
    ]);
    const onlyB = await as("viewer").models.list({ assetId: all[1].assetId });
    expect(onlyB.map((m) => m.id)).toEqual([modelB]);
    expect(all[0].createdAt).toBeInstanceOf(Date);
  });

  it("gets a model with its versions, newest first", async () => {
    const { model, versions } = await as("viewer").models.get({ modelId: modelA });
    expect(model).toMatchObject({ id: modelA, assetSlug: "models-a", assetName: "Asset models-a", metric: "load_kw", seasonLengths: [24], champion: { id: versionsA[0], version: 1 } });
    expect(versions.map((v) => [v.version, v.state])).toEqual([
      [2, "candidate"],
      [1, "champion"],
    ]);
    expect(versions[0].backtestMetrics.all.mase).toBeCloseTo(0.6);
    const empty = await as("viewer").models.get({ modelId: modelB });
    expect(empty.model.champion).toBeNull();
    expect(empty.versions).toEqual([]);
  });

  it("reports a version's realised coverage per promised level from its served forecasts and the actuals", async () => {
    expect(await as("viewer").models.coverage({ versionId: versionsA[0] })).toEqual([]);
    const [s] = await handle.db.select().from(series).where(eq(series.metric, "load_kw"));
    const t0 = Date.UTC(2024, 1, 2);
    await handle.db.insert(observations).values([0, 1, 2, 3].map((k) => ({ seriesId: s.id, ts: new Date(t0 + k * 3_600_000), value: 10 })));
    const points = [0, 1, 2, 3].map((k) => ({ ts: new Date(t0 + k * 3_600_000).toISOString(), mean: 10, lower: { "80": k === 3 ? 11 : 9, "95": 8 }, upper: { "80": 12, "95": 12 } }));
    await handle.db.insert(forecasts).values({ modelId: modelA, modelVersionId: versionsA[0], originTs: new Date(t0 - 3_600_000), stepMs: 3_600_000, horizon: 4, levels: [80, 95], points });
    expect(await as("viewer").models.coverage({ versionId: versionsA[0] })).toEqual([
      { level: 80, points: 4, inside: 3, ratio: 0.75 },
      { level: 95, points: 4, inside: 4, ratio: 1 },
    ]);
    // Another version's forecasts are not counted.
    expect(await as("viewer").models.coverage({ versionId: versionsA[1] })).toEqual([]);
    expect(await codeOf(as(null).models.coverage({ versionId: versionsA[0] }))).toBe("UNAUTHORIZED");
  });

  it("gets one version with its model, and NOT_FOUND for an unknown id", async () => {
    const { version, model } = await as("viewer").models.version({ versionId: versionsA[1] });
    expect(version).toMatchObject({ id: versionsA[1], modelId: modelA, version: 2, state: "candidate", algorithm: "gbdt" });
    expect(version.backtestPlot?.actual).toEqual([1]);
    expect(version.trainingSnapshot?.rowCount).toBe(744);
    expect(model).toMatchObject({ id: modelA, assetSlug: "models-a", champion: { version: 1 } });
    expect(await codeOf(as("viewer").models.version({ versionId: "00000000-0000-4000-8000-0000000000ff" }))).toBe("NOT_FOUND");
    expect(await codeOf(as("viewer").models.get({ modelId: "00000000-0000-4000-8000-0000000000ff" }))).toBe("NOT_FOUND");
  });

  it("refuses anonymous callers everything, and viewers promote and rollback", async () => {
    expect(await codeOf(as(null).models.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(as(null).models.version({ versionId: versionsA[0] }))).toBe("UNAUTHORIZED");
    expect(await codeOf(as("viewer").models.promote({ versionId: versionsA[1] }))).toBe("FORBIDDEN");
    expect(await codeOf(as("viewer").models.rollback({ modelId: modelA }))).toBe("FORBIDDEN");
    expect((await findChampion(handle.db, { modelId: modelA }))?.id).toBe(versionsA[0]);
    expect(dispatched).toEqual([]);
  });

  it("lets an analyst promote and roll back; each change queues a forecast refresh of the model", async () => {
    expect(await as("viewer").models.previousChampion({ modelId: modelA })).toBeNull();
    const promoted = await as("analyst").models.promote({ versionId: versionsA[1] });
    expect(promoted).toEqual({ id: versionsA[1], version: 2, state: "champion", modelId: modelA });
    expect((await findChampion(handle.db, { modelId: modelA }))?.id).toBe(versionsA[1]);
    expect(await as("viewer").models.previousChampion({ modelId: modelA })).toEqual({ id: versionsA[0], version: 1 });

    const restored = await as("analyst").models.rollback({ modelId: modelA });
    expect(restored).toEqual({ id: versionsA[0], version: 1, state: "champion", modelId: modelA });
    expect((await findChampion(handle.db, { modelId: modelA }))?.id).toBe(versionsA[0]);
    // The promotion also queues its health check (server/deployment), which may roll it back.
    expect(dispatched.map((d) => [d.job, d.payload])).toEqual([
      ["refresh-forecasts", { modelId: modelA }],
      ["check-deployment", { versionId: versionsA[1] }],
      ["refresh-forecasts", { modelId: modelA }],
    ]);
    // No champion to roll back from.
    expect(await codeOf(as("analyst").models.rollback({ modelId: modelB }))).toBe("NOT_FOUND");
    expect(dispatched).toHaveLength(3);
  });

  it("answers null for the forecast of an asset without a trained model", async () => {
    const assetB = (await as("viewer").models.get({ modelId: modelB })).model.assetId;
    expect(await as("viewer").models.assetForecast({ assetId: assetB })).toBeNull();
  });
});
