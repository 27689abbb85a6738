/**
 * The pre-promotion compatibility check on a real (test) database: a version that cannot serve the model is
 * refused with every reason (manual promotion through tRPC and the service alike), the champion stays, and the
 * refusal is recorded; a compatible one is promoted.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { assets, series, users } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { setCacheForTests } from "@/server/cache/get-cache";
import { createMemoryCache } from "@/server/cache/memory-cache";
import { provideJobRuntime } from "@/server/jobs/dispatch";
import { completeVersion, createVersion, ensureModel, findChampion } from "@/server/registry";
import { createCaller } from "@/server/trpc/root";
import { checkCompatibility, IncompatibleVersionError } from "./check-compatibility";
import { promoteChecked } from "./deploy-version";
import { listDeploymentEvents } from "./list-deployment-events";

const H = 3_600_000;
let handle: DbHandle;
let modelId: string;
let seriesId: string;
let championId: string;
let analyst: { id: string; email: string; name: string | null; role: "analyst" };
const dispatched: string[] = [];

const SHA = "a".repeat(64);
const names = ["lag_1", "lag_24", "temp_c"];
const spec = (over: Record<string, unknown> = {}) => ({
  format: "almanac-features", version: 1, strategy: "direct", horizon: 24, seasonLengths: [24], lags: [1, 24], seasonalCycles: 0, rollingWindows: [], rollingStats: [],
  fourierOrder: 0, calendar: false, pastCovariates: ["temp_c"], futureCovariates: [], scaling: "standardize", target: "level", diffWindow: 0, scaleWindow: 24,
  includeLogScale: false, names, ...over,
});
const manifest = (featureNames: string[], sha256 = SHA) => ({
  format: "almanac-onnx", manifestVersion: 1, kind: "gbdt",
  signature: { input: { name: "input", dtype: "float32", featureNames }, output: { name: "mean", dtype: "float32", columns: ["h1"] } },
  producer: { name: "almanac-ml-onnx", version: "1.0.0" }, opsets: [{ domain: "", version: 17 }], details: {}, sha256, sizeBytes: 10,
});
const calibration = (levels: number[]) => ({ method: "split-conformal-scaled", scaleSeasonLength: 24, scoresPerStep: 5, halfWidths: Object.fromEntries(levels.map((l) => [String(l), [1]])) });

async function version(over: Record<string, unknown>, promote = false) {
  const v = await createVersion(handle.db, { modelId, algorithm: "gbdt", codeVersion: "test" });
  return completeVersion(handle.db, {
    versionId: v.id,
    algorithm: "gbdt",
    parameters: { horizon: 24 },
    featureSpec: spec() as never,
    featureSpecHash: "x",
    trainingSnapshot: { seriesId, fromTs: "2024-01-01T00:00:00Z", toTs: "2024-02-01T00:00:00Z", rowCount: 744, contentHash: "c", stepMs: H },
    backtestMetrics: { all: { mase: 0.5 } },
    calibration: calibration([80, 95]) as never,
    artifactUri: "file://x",
    artifactSha256: SHA,
    manifest: manifest(names) as never,
    promoteIfNoChampion: promote,
    ...over,
  });
}

beforeAll(async () => {
  handle = await createTestDb();
  setCacheForTests(createMemoryCache());
  provideJobRuntime(async () => ({ dispatch: async (job) => (dispatched.push(job), { runId: "00000000-0000-4000-8000-000000000001", created: true }) }));
  const [asset] = await handle.db.insert(assets).values({ slug: "compat-a", name: "Compat A", kind: "meter" }).returning();
  const [target] = await handle.db
    .insert(series)
    .values([
      { assetId: asset.id, metric: "load_kw", frequency: "1h" },
      { assetId: asset.id, metric: "temp_c", frequency: "1h" },
    ])
    .returning();
  seriesId = target.id;
  modelId = (await ensureModel(handle.db, { assetId: asset.id, seriesId, metric: "load_kw", horizon: 24, frequency: "1h", seasonLengths: [24] })).id;
  championId = (await version({}, true)).id;
  const [u] = await handle.db.insert(users).values({ email: "compat-analyst@test.local", role: "analyst", passwordHash: null }).returning();
  analyst = { id: u.id, email: u.email, name: u.name, role: "analyst" };
});
afterAll(async () => handle?.close());

describe("checkCompatibility", () => {
  it("passes a version that can serve the model", async () => {
    const ok = await version({});
    expect(await checkCompatibility(handle.db, { versionId: ok.id })).toMatchObject({ compatible: true, problems: [], checked: ["artifact", "target", "horizon", "levels", "feature-signature", "covariates"] });
  });

  it("refuses an incompatible version with every reason, keeps the champion and records the refusal", async () => {
    const bad = await version({
      parameters: { horizon: 12 },
      featureSpec: spec({ horizon: 12, pastCovariates: ["humidity"], names: [...names, "humidity"] }),
      calibration: calibration([80]),
      manifest: manifest(names),
    });
    const report = await checkCompatibility(handle.db, { versionId: bad.id });
    expect(report.compatible).toBe(false);
    expect(report.problems.map((p) => p.check).sort()).toEqual(["covariates", "feature-signature", "horizon", "horizon", "levels"]);
    expect(report.problems.find((p) => p.check === "levels")!.message).toBe("the champion serves 95 % intervals, which this version does not");
    expect(report.problems.find((p) => p.check === "covariates")!.message).toMatch(/no "humidity" series/);
    expect(report.problems.find((p) => p.check === "feature-signature")!.message).toMatch(/builds 4 features but the artifact's input expects 3/);

    await expect(promoteChecked(handle.db, { versionId: bad.id })).rejects.toBeInstanceOf(IncompatibleVersionError);
    const err = await createCaller({ db: handle.db, user: analyst })
      .models.promote({ versionId: bad.id })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    expect((err as TRPCError).message).toMatch(/^version cannot be promoted: .*horizon: trained for a 12-step horizon; the model serves 24/);
    expect((await findChampion(handle.db, { modelId }))?.id).toBe(championId);
    expect(dispatched).toEqual([]);
    const events = await listDeploymentEvents(handle.db, { versionId: bad.id });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ action: "promotion_blocked", problems: expect.arrayContaining([expect.objectContaining({ check: "levels" })]) });
  });

  it("refuses a version without a loadable artifact manifest, and one trained on another series", async () => {
    const none = await version({ manifest: null });
    expect((await checkCompatibility(handle.db, { versionId: none.id })).problems).toEqual([
      { check: "artifact", message: "the version has no artifact manifest (registered without one), so its runtime and format version are unknown" },
    ]);
    const future = await version({ manifest: { ...manifest(names), manifestVersion: 2 } });
    expect((await checkCompatibility(handle.db, { versionId: future.id })).problems[0].message).toMatch(/^ONNX manifest not loadable by this version of Almanac .*manifestVersion/);
    const other = await version({ trainingSnapshot: { seriesId: "00000000-0000-4000-8000-0000000000aa", fromTs: "a", toTs: "b", rowCount: 1, contentHash: "c", stepMs: H } });
    expect((await checkCompatibility(handle.db, { versionId: other.id })).problems.map((p) => p.check)).toEqual(["target"]);
  });

  it("promotes a compatible version by hand and queues its health check", async () => {
    const ok = await version({});
    const out = await createCaller({ db: handle.db, user: analyst }).models.promote({ versionId: ok.id });
    expect(out).toMatchObject({ id: ok.id, state: "champion" });
    expect(dispatched).toEqual(["refresh-forecasts", "check-deployment"]);
  });
});
