/**
 * train-model: snapshot → features → fit candidates (time-boxed search) → backtest → calibrate → export ONNX
 * → register, each a durable step; then precompute the champion's forecasts. With `algorithm: "auto"`:
 * snapshot → select (every classical candidate backtested) → store-state → register. The maths lives in
 * server/training/pipeline.ts; this file only orders the stages and reports progress. A run that fails for
 * good marks its version `failed` (onFailure) and leaves the model's champion untouched.
 */
import { jobPayloadSchemas } from "@/server/jobs/catalogue";
import {
  buildFeatures,
  calibrate,
  exportVersion,
  fitCandidates,
  markRunVersionsFailed,
  prepareTraining,
  registerVersion,
  runBacktest,
  STAGES,
  type StageReporter,
} from "@/server/training/pipeline";
import { AUTO_STAGES, registerAutoVersion, selectAutoModel, storeAutoState } from "@/server/training/auto-training";
import { defineJob } from "../define-job";

export const trainModel = defineJob({
  id: "train-model",
  name: "Train model",
  event: "almanac/train-model.requested",
  payload: jobPayloadSchemas["train-model"],
  retries: 2,
  // CPU-bound: one training at a time per app (Inngest: per function across the fleet).
  concurrency: 1,
  async handler({ event, step, runId, deps, progress, log }) {
    const reporter: StageReporter = { progress, log: (m) => log(m) };
    const stage = (name: keyof typeof STAGES) => progress({ stage: name, percent: STAGES[name][0] });
    const actor = { userId: event.data.actorUserId ?? null, apiKeyId: event.data.actorApiKeyId ?? null };
    const refreshIfChampion = async (registered: { state: string; modelId: string; versionId: string }) => {
      if (registered.state !== "champion") return;
      await step.run("refresh-forecasts", () =>
        deps.dispatch("refresh-forecasts", { modelId: registered.modelId }, { dedupeKey: `promote:${registered.versionId}`, trigger: "event" }),
      );
      // The automatic promotion's health check (server/deployment): rolls back to the previous champion on failure.
      await step.run("check-deployment", () =>
        deps.dispatch("check-deployment", { versionId: registered.versionId }, { dedupeKey: `deploy:${registered.versionId}`, trigger: "event" }),
      );
    };

    const prepared = await step.run("snapshot", async () => {
      await stage("snapshot");
      const p = await prepareTraining(deps.db, { assetId: event.data.assetId, metric: event.data.metric, options: event.data.options, jobRunId: runId, actor });
      await log(`snapshot: ${p.snapshot.rowCount} rows ${p.snapshot.fromTs} → ${p.snapshot.toTs} (sha256 ${p.snapshot.contentHash.slice(0, 12)}); horizon ${p.horizon}, seasons ${p.seasonLengths.join("/")}`);
      return p;
    });
    if (prepared.options.algorithm === "auto") {
      // auto: every classical candidate backtested (a worker thread), the pick stored as a state artifact.
      const selection = await step.run("select", async () => {
        await progress({ stage: "select", percent: AUTO_STAGES.select[0] });
        return selectAutoModel(deps.db, prepared, reporter);
      });
      const stored = await step.run("store-state", async () => {
        await progress({ stage: "export", percent: AUTO_STAGES.export[0] });
        const s = await storeAutoState(deps, prepared, selection);
        await log(`stored state ${s.sha256.slice(0, 12)} (${selection.chosen}, parity ${selection.parityMaxRelativeError.toExponential(1)})`);
        return s;
      });
      const registered = await step.run("register", async () => {
        await stage("register");
        const r = await registerAutoVersion(deps.db, prepared, { selection, stored, actor });
        await log(`registered version ${r.version} (${selection.chosen}) as ${r.state}: ${r.promotion.reason}`);
        return r;
      });
      await refreshIfChampion(registered);
      await progress({ stage: "done", percent: 100 });
      return registered;
    }
    const features = await step.run("features", async () => {
      await stage("features");
      const f = await buildFeatures(deps.db, prepared);
      await log(`features: ${f.featureCount} columns (spec ${f.featureSpecHash.slice(0, 12)})`);
      return f;
    });
    const search = await step.run("fit-candidates", async () => {
      await stage("search");
      return fitCandidates(deps.db, prepared, reporter);
    });
    const backtest = await step.run("backtest", async () => {
      await stage("backtest");
      const b = await runBacktest(deps.db, prepared, search);
      await log(`backtest: MASE ${b.metrics.all.mase.toFixed(4)} vs seasonal-naive ${b.metrics.all.baselineMase.toFixed(4)} over ${b.metrics.all.folds} folds`);
      return b;
    });
    const calibration = await step.run("calibrate", async () => {
      await stage("calibrate");
      return calibrate(prepared, backtest);
    });
    const exported = await step.run("export-onnx", async () => {
      await stage("export");
      const e = await exportVersion(deps, prepared, search, calibration, features.featureSpecHash, reporter);
      await log(`exported ONNX ${e.sha256.slice(0, 12)} (${e.trees} trees, parity ${e.parityMaxRelativeError.toExponential(1)})`);
      return e;
    });
    const registered = await step.run("register", async () => {
      await stage("register");
      const r = await registerVersion(deps.db, prepared, { search, backtest, calibration, exported, actor });
      await log(`registered version ${r.version} as ${r.state}: ${r.promotion.reason}`);
      return r;
    });
    await refreshIfChampion(registered);
    await progress({ stage: "done", percent: 100 });
    return registered;
  },
  // Out of retries: the version this run opened (if any) becomes `failed`; the champion is never touched.
  async onFailure({ runId, deps, error }) {
    await markRunVersionsFailed(deps.db, { jobRunId: runId, error });
  },
});
