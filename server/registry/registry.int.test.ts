import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { assets, auditLog, modelVersions, series } from "@/db/schema";
import {
  completeVersion,
  createVersion,
  ensureModel,
  failVersion,
  findChampion,
  InvalidTransitionError,
  NoPreviousChampionError,
  promoteVersion,
  rollbackModel,
} from "./index";

let handle: DbHandle;
let modelId: string;

const evidence = {
  algorithm: "seasonal-naive",
  parameters: {},
  featureSpec: {},
  featureSpecHash: "h",
  trainingSnapshot: { seriesId: "s", fromTs: "a", toTs: "b", rowCount: 1, contentHash: "x", stepMs: 1 },
  backtestMetrics: { all: { mase: 1 } },
  calibration: {},
  artifactUri: "file://x",
  artifactSha256: "00",
};

async function trainedVersion(promoteIfNoChampion = true) {
  const v = await createVersion(handle.db, { modelId, algorithm: "seasonal-naive", codeVersion: "test" });
  return completeVersion(handle.db, { versionId: v.id, ...evidence, promoteIfNoChampion });
}

beforeAll(async () => {
  handle = await createTestDb();
  const [asset] = await handle.db.insert(assets).values({ slug: "reg-a", name: "A", kind: "meter" }).returning();
  const [s] = await handle.db.insert(series).values({ assetId: asset.id, metric: "m", frequency: "1h" }).returning();
  const model = await ensureModel(handle.db, {
    assetId: asset.id,
    seriesId: s.id,
    metric: "m",
    horizon: 24,
    frequency: "1h",
    seasonLengths: [24],
  });
  modelId = model.id;
  expect((await ensureModel(handle.db, { ...model, seasonLengths: [24] })).id).toBe(model.id);
});
afterAll(async () => handle?.close());

describe("registry lifecycle", () => {
  it("numbers versions, makes the first trained one champion, keeps later ones as candidates", async () => {
    const v1 = await trainedVersion();
    expect(v1.version).toBe(1);
    expect(v1.state).toBe("champion");
    const v2 = await trainedVersion();
    expect(v2.version).toBe(2);
    expect(v2.state).toBe("candidate");
    expect((await findChampion(handle.db, { modelId }))?.id).toBe(v1.id);
  });

  it("promotes in one transaction with an audit record, and rollback restores the previous champion", async () => {
    const v3 = await trainedVersion();
    const before = await findChampion(handle.db, { modelId });
    const promoted = await promoteVersion(handle.db, { versionId: v3.id, actor: {} });
    expect(promoted.state).toBe("champion");
    const [old] = await handle.db.select().from(modelVersions).where(eq(modelVersions.id, before!.id));
    expect(old.state).toBe("archived");
    const audits = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, v3.id), eq(auditLog.action, "model_version.promote")));
    expect(audits[0].details.previousChampionId).toBe(before!.id);

    const restored = await rollbackModel(handle.db, { modelId });
    expect(restored.id).toBe(before!.id);
    expect(restored.state).toBe("champion");
    const champions = await handle.db
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.state, "champion")));
    expect(champions).toHaveLength(1);
  });

  it("refuses a second champion at the database level", async () => {
    const v = await trainedVersion();
    await expect(
      handle.db.update(modelVersions).set({ state: "champion" }).where(eq(modelVersions.id, v.id)),
    ).rejects.toThrow();
  });

  it("never promotes a failed version and rollback without history is a conflict", async () => {
    const v = await createVersion(handle.db, { modelId, algorithm: "x", codeVersion: "test" });
    await failVersion(handle.db, { versionId: v.id, error: { name: "Error", message: "boom" } });
    await expect(promoteVersion(handle.db, { versionId: v.id })).rejects.toBeInstanceOf(InvalidTransitionError);
    // A model whose only champion was promoted with no predecessor has nowhere to roll back to.
    const [s] = await handle.db.select().from(series).limit(1);
    const other = await ensureModel(handle.db, {
      assetId: s.assetId,
      seriesId: s.id,
      metric: "m",
      horizon: 48,
      frequency: "1h",
      seasonLengths: [24],
    });
    const first = await createVersion(handle.db, { modelId: other.id, algorithm: "x", codeVersion: "test" });
    expect((await completeVersion(handle.db, { versionId: first.id, ...evidence, promoteIfNoChampion: true })).state).toBe("champion");
    await expect(rollbackModel(handle.db, { modelId: other.id })).rejects.toBeInstanceOf(NoPreviousChampionError);
  });
});
