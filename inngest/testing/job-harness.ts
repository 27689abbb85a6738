/**
 * Test harness: a migrated test database, a local artifact store in a temp dir, the in-process inference
 * client, an in-memory cache and an embedded runner over the real job definitions. Used by the jobs'
 * integration tests (real Postgres with TEST_DATABASE_URL, PGlite otherwise).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { ensureAsset } from "@/server/assets";
import { createArtifactStore } from "@/server/serving/artifacts";
import { createMemoryCache } from "@/server/cache";
import { createInferenceClient } from "@/server/serving/inference";
import { importCsv } from "@/server/ingest/import-csv";
import type { AnyJobDefinition, JobDeps } from "../define-job";
import { EmbeddedRunner } from "../embedded/runner";
import { allJobs } from "../jobs";
import type { TrainOptionsInput } from "@/server/training/options";

export interface JobHarness {
  handle: DbHandle;
  deps: JobDeps;
  runner: EmbeddedRunner;
  close(): Promise<void>;
}

export async function createJobHarness(opts: { definitions?: AnyJobDefinition[] } = {}): Promise<JobHarness> {
  const handle = await createTestDb();
  const dir = await mkdtemp(path.join(os.tmpdir(), "almanac-jobs-"));
  const artifacts = createArtifactStore({ artifactDir: dir });
  const inference = createInferenceClient({ store: artifacts, executionProviders: ["cpu"] });
  const cache = createMemoryCache();
  const runner = new EmbeddedRunner({
    db: handle.db,
    definitions: opts.definitions ?? allJobs,
    deps: { cache, artifacts, inference },
    retryBaseMs: 1,
    cron: false,
    pollMs: 60_000,
  });
  await runner.start();
  return {
    handle,
    deps: { db: handle.db, cache, artifacts, inference, dispatch: runner.dispatch },
    runner,
    async close() {
      await runner.stop();
      await inference.close();
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const DEMAND_CSV = path.resolve(import.meta.dirname, "../../server/training/fixtures/ew-demand.csv");

/** The demand fixture's readings, oldest first. */
export function demandReadings(): { ts: string; value: number }[] {
  const [, ...rows] = readFileSync(DEMAND_CSV, "utf8").trim().split("\n");
  return rows.map((line) => {
    const [ts, value] = line.split(",");
    return { ts, value: Number(value) };
  });
}

/**
 * Loads the England & Wales half-hourly demand fixture as asset `ew-demand`, metric `demand_mw`: all of it,
 * its `lastRows` newest readings, or all but the `holdBack` newest (kept out to score a forecast against).
 */
export async function loadDemandAsset(h: JobHarness, opts: { lastRows?: number; holdBack?: number } = {}) {
  const asset = await ensureAsset(h.handle.db, { slug: "ew-demand", name: "England & Wales demand", kind: "city" });
  let text = readFileSync(DEMAND_CSV, "utf8");
  if (opts.lastRows || opts.holdBack) {
    const [header, ...rows] = text.trim().split("\n");
    const kept = rows.slice(opts.lastRows ? -opts.lastRows : 0, opts.holdBack ? rows.length - opts.holdBack : rows.length);
    text = [header, ...kept].join("\n") + "\n";
  }
  await importCsv(h.handle.db, { asset: asset.id, input: text });
  return asset;
}

/** Small, fast training options for tests (2-core CI). */
export const FAST_TRAINING = {
  horizon: 48,
  seasonLengths: [48, 336],
  maxTrials: 2,
  searchBudgetMs: 20_000,
  maxTrees: 30,
  earlyStoppingRounds: 10,
  backtestWindows: 2,
  maxRows: 8000,
} satisfies Partial<TrainOptionsInput>;
