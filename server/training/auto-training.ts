/**
 * The `auto` algorithm's stages (options.algorithm = "auto"): after the shared snapshot stage,
 *
 *   select (auto's backtest of every candidate, in a training worker) → store the pick's state artifact → register
 *
 * The version records auto's pick as its algorithm, the leaderboard of every candidate in its parameters, the
 * interval half-widths as its calibration, and a state artifact (server/serving/artifacts/state-artifact.ts)
 * that serving forecasts from (server/serving/predict-with-state.ts) with no new search.
 */
import type { Db } from "@/db/client";
import type { LocalSelection } from "@/ml/models/local-state/select-local-model";
import type { ArtifactStore, StoredStateManifest } from "@/server/serving/artifacts";
import type { Actor } from "@/server/registry";
import { registerWithPromotion } from "./promotion";
import { loadSnapshot } from "./snapshot";
import type { PreparedTraining, StageReporter } from "./pipeline";
import { runInWorker } from "./worker/run-in-worker";

export class StateParityError extends Error {
  constructor(readonly maxRelativeError: number) {
    super(`the stored model state disagrees with the model auto selected (max relative error ${maxRelativeError.toExponential(2)})`);
    this.name = "StateParityError";
  }
}

/** Stage percent ranges of an auto run on the job page. */
export const AUTO_STAGES = { snapshot: [0, 5], select: [5, 90], export: [90, 97], register: [97, 100] } as const;

export async function selectAutoModel(db: Db, p: PreparedTraining, reporter: StageReporter): Promise<LocalSelection> {
  const series = await loadSnapshot(db, p.snapshot, p.seasonLengths[0]);
  const [lo, hi] = AUTO_STAGES.select;
  let done = 0;
  const sel = await runInWorker("selectLocalModel", [
    series,
    {
      horizon: p.horizon,
      seasonLengths: p.seasonLengths,
      levels: p.options.levels,
      seed: p.options.seed,
      candidates: p.options.candidates,
      onCandidate: (row) => {
        done++;
        void reporter.progress({ percent: Math.min(hi - 1, lo + done * 8) });
        void reporter.log(`${row.name}: backtested in ${row.seconds.toFixed(2)} s`);
      },
    },
  ]);
  if (!(sel.parityMaxRelativeError < 1e-6)) throw new StateParityError(sel.parityMaxRelativeError);
  const board = sel.leaderboard.map((r) => `${r.name} ${Number.isFinite(r.validationMase) ? r.validationMase.toFixed(4) : "failed"}`).join(", ");
  await reporter.log(`auto (${sel.group} series, ${sel.windows} origins ${sel.step} apart): ${board}; chose ${sel.chosen}`);
  for (const f of sel.failures.slice(0, 10)) await reporter.log(`candidate ${f.candidate} failed in the ${f.stage}: ${f.message}`);
  return sel;
}

export async function storeAutoState(
  deps: { artifacts: ArtifactStore },
  p: PreparedTraining,
  sel: LocalSelection,
): Promise<{ sha256: string; uri: string; manifest: StoredStateManifest }> {
  const manifest = await deps.artifacts.putState({
    format: "almanac-state",
    version: 1,
    model: sel.chosen,
    state: sel.state,
    seasonLengths: sel.seasonLengths,
    horizon: p.horizon,
    stepMs: p.snapshot.stepMs,
    trainedThroughMs: Date.parse(p.snapshot.toTs),
    seed: p.options.seed,
  });
  // Read back through the store's verification: what was stored is what serving will load.
  await deps.artifacts.getState(manifest.sha256);
  return { sha256: manifest.sha256, uri: `${deps.artifacts.location}/${manifest.sha256}`, manifest };
}

/** Backtest evidence in the registry's shape: the pick's and the naive baseline's validation MASE. */
function autoMetrics(sel: LocalSelection) {
  const chosen = sel.leaderboard.find((r) => r.name === sel.chosen)?.validationMase ?? NaN;
  const baseline = sel.leaderboard.find((r) => r.name === "seasonal-naive" || r.name === "naive")?.validationMase ?? NaN;
  const all: Record<string, number> = { folds: sel.windows };
  if (Number.isFinite(chosen)) all.mase = chosen;
  if (Number.isFinite(baseline)) all.baselineMase = baseline;
  if (Number.isFinite(chosen) && Number.isFinite(baseline) && baseline > 0) all.relativeMase = chosen / baseline;
  return { all };
}

export async function registerAutoVersion(
  db: Db,
  p: PreparedTraining,
  parts: { selection: LocalSelection; stored: { sha256: string; uri: string; manifest: StoredStateManifest }; actor?: Actor },
) {
  const sel = parts.selection;
  return registerWithPromotion(db, {
    modelId: p.modelId,
    margin: p.options.promotionMargin,
    versionId: p.versionId,
    algorithm: sel.chosen,
    parameters: {
      auto: {
        chosen: sel.chosen,
        group: sel.group,
        windows: sel.windows,
        step: sel.step,
        leaderboard: sel.leaderboard.map((r) => ({
          ...r,
          validationMase: finiteOrNull(r.validationMase),
          smape: r.smape === undefined ? undefined : finiteOrNull(r.smape),
          maseByBlock: r.maseByBlock?.map((b) => ({ ...b, mase: finiteOrNull(b.mase) })),
        })),
        intervalSource: sel.intervalSource,
        failures: sel.failures.slice(0, 20),
      },
      horizon: p.horizon,
      seasonLengths: sel.seasonLengths,
    },
    featureSpec: {},
    featureSpecHash: null,
    trainingSnapshot: p.snapshot,
    backtestMetrics: autoMetrics(sel),
    calibration: sel.calibration,
    artifactUri: parts.stored.uri,
    artifactSha256: parts.stored.sha256,
    manifest: parts.stored.manifest,
    actor: parts.actor,
  });
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
