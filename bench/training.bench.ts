/**
 * Wall time of training jobs run end to end by the embedded runner (the real job, real database, real
 * artifact store and onnxruntime), and where the time goes per stage (from job_steps timestamps).
 *
 *   npm run bench -- training [--demand PATH] [--m4 PATH] [--series N] [--skip-demand] [--skip-m4]
 *
 * 1. ew-demand: the 4,032-point half-hourly demand series, horizon 48, seasons 48/336, with the
 *    "standard" options below (a real search, not the test-sized one).
 * 2. N (default 100) M4 hourly series loaded as assets (synthetic hourly timestamps), one train-model job
 *    each, run one at a time as the runner would (train-model concurrency 1), with quick options.
 * The baseline row of each table is the snapshot stage (pure database work) so stage costs read as ratios.
 * Uses TEST_DATABASE_URL when set (real Postgres), else embedded PGlite.
 */
import { readFileSync } from "node:fs";
import { asc, eq, inArray } from "drizzle-orm";
import { jobRuns, jobSteps } from "@/db/schema";
import { parseM4Csv } from "@/ml/io/read-csv";
import { ensureAsset } from "@/server/assets";
import { importCsv } from "@/server/ingest/import-csv";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { createJobHarness, type JobHarness } from "@/inngest/testing/job-harness";
import { printTable } from "../ml/io/format-table";
import { arg } from "./args";

export const STANDARD = { horizon: 48, seasonLengths: [48, 336], maxTrials: 6, searchBudgetMs: 60_000, maxTrees: 300, earlyStoppingRounds: 20, backtestWindows: 3, maxRows: 40_000 };
const QUICK_M4 = { horizon: 48, seasonLengths: [24], maxTrials: 2, searchBudgetMs: 10_000, maxTrees: 60, earlyStoppingRounds: 10, backtestWindows: 2, maxRows: 10_000 };

async function stageSeconds(h: JobHarness, runIds: string[]): Promise<Map<string, number>> {
  const steps = await h.handle.db.select().from(jobSteps).where(inArray(jobSteps.runId, runIds)).orderBy(asc(jobSteps.startedAt));
  const out = new Map<string, number>();
  for (const s of steps) {
    if (!s.finishedAt) continue;
    const key = s.stepId.replace(/:\d+$/, "");
    out.set(key, (out.get(key) ?? 0) + (s.finishedAt.getTime() - s.startedAt.getTime()) / 1000);
  }
  return out;
}

function printStages(title: string, stages: Map<string, number>, wallSeconds: number) {
  console.log(`\n${title}: wall ${wallSeconds.toFixed(1)} s`);
  const base = stages.get("snapshot") ?? 1;
  printTable(
    ["stage", "seconds", "share of wall", "× snapshot"],
    [...stages].map(([k, v]) => [k, v.toFixed(2), `${((100 * v) / wallSeconds).toFixed(1)} %`, (v / base).toFixed(1)]),
  );
}

export default async function trainingBench(args: string[]) {
  const demandPath = arg(args, "demand", "../shared/data/energy/taylor-england-wales-demand-half-hourly.csv");
  const m4Path = arg(args, "m4", "../shared/data/m4/Hourly-train.csv");
  const nSeries = Number(arg(args, "series", "100"));
  const h = await createJobHarness();
  console.log(`database: ${h.handle.driver}; cores: ${(await import("node:os")).availableParallelism()}`);
  try {
    if (!args.includes("--skip-demand")) {
      const asset = await ensureAsset(h.handle.db, { slug: "ew-demand", name: "E&W demand", kind: "city" });
      await importCsv(h.handle.db, { asset: asset.id, input: readFileSync(demandPath, "utf8") });
      const t0 = performance.now();
      const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "demand_mw", options: STANDARD });
      const status = await h.runner.waitFor(runId, 3_600_000);
      const wall = (performance.now() - t0) / 1000;
      const [run] = await h.handle.db.select().from(jobRuns).where(eq(jobRuns.id, runId));
      const result = run.result as { version?: number } | null;
      console.log(`ew-demand job ${status}${run.error ? ` (${run.error.message})` : ""}; version ${result?.version ?? "-"}; options ${JSON.stringify(STANDARD)}`);
      printStages("ew-demand (4,032 points, H=48, seasons 48/336)", await stageSeconds(h, [runId]), wall);
    }
    if (!args.includes("--skip-m4")) {
      const all = parseM4Csv(readFileSync(m4Path, "utf8")).slice(0, nSeries);
      const loadStart = performance.now();
      const assets: string[] = [];
      for (const s of all) {
        const slug = `m4-${s.id.toLowerCase()}`;
        const a = await ensureAsset(h.handle.db, { slug, name: `M4 ${s.id}`, kind: "other" });
        const start = Date.UTC(2000, 0, 1);
        const points = Array.from(s.values, (v, i) => ({ tsMs: start + i * 3_600_000, value: v })).filter((p) => Number.isFinite(p.value));
        await ingestBatch(h.handle.db, { assetId: a.id, source: "bench", series: [{ metric: "value", points }] });
        assets.push(a.id);
      }
      const loadSeconds = (performance.now() - loadStart) / 1000;
      const t0 = performance.now();
      const runIds: string[] = [];
      for (const assetId of assets) runIds.push((await h.deps.dispatch("train-model", { assetId, metric: "value", options: QUICK_M4 })).runId);
      const statuses = await Promise.all(runIds.map((id) => h.runner.waitFor(id, 7_200_000)));
      const wall = (performance.now() - t0) / 1000;
      const ok = statuses.filter((s) => s === "succeeded").length;
      console.log(`\nM4 hourly: ${all.length} series loaded in ${loadSeconds.toFixed(1)} s; ${ok}/${all.length} jobs succeeded; ${(wall / all.length).toFixed(2)} s per job; options ${JSON.stringify(QUICK_M4)}`);
      printStages(`${all.length} M4 hourly series (one job each, sequential)`, await stageSeconds(h, runIds), wall);
    }
  } finally {
    await h.close();
  }
}
