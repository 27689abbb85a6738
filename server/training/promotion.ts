/**
 * Whether a newly trained version replaces the champion, decided when it is registered and recorded with it
 * (`parameters.promotion`), so the version page can say why. A version is promoted automatically only when it
 * beats the champion on the same backtest windows by more than the margin:
 *
 * - an `auto` run backtests every candidate on the same origins, the champion's own method among them when it
 *   is one of the classical models: the comparison is the champion's method re-fitted on those windows;
 * - two versions trained on the same snapshot with the same folds were backtested on the same windows;
 * - otherwise the backtests ran on different data, and the version waits for a person to promote it.
 *
 * The model's first version is always promoted (a model must serve something).
 */
import type { Db } from "@/db/client";
import type { BacktestMetrics, TrainingSnapshot } from "@/db/schema";
import { promoteChecked } from "@/server/deployment/deploy-version";
import { IncompatibleVersionError } from "@/server/deployment/check-compatibility";
import { completeVersion, findChampion, type Actor, type CompleteVersionParams } from "@/server/registry";

export const DEFAULT_PROMOTION_MARGIN = 0.05;

export interface PromotionDecision {
  promote: boolean;
  reason: string;
  margin: number;
  /** How the two were compared: none (no champion), same windows, or not comparable automatically. */
  basis: "first-version" | "same-windows" | "different-windows";
  candidateMase: number | null;
  championMase: number | null;
  championVersion: number | null;
}

interface Evidence {
  algorithm: string;
  backtestMetrics: BacktestMetrics;
  trainingSnapshot: TrainingSnapshot | null;
  parameters: Record<string, unknown>;
}

const fmt = (x: number) => x.toFixed(4);
const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function leaderboardMase(parameters: Record<string, unknown>, name: string): number | null {
  const auto = parameters.auto as { leaderboard?: { name: string; validationMase: number | null }[] } | undefined;
  const row = auto?.leaderboard?.find((r) => r.name === name);
  return finite(row?.validationMase) ? row.validationMase : null;
}

export function decidePromotion(candidate: Evidence, champion: (Evidence & { version: number }) | undefined, margin = DEFAULT_PROMOTION_MARGIN): PromotionDecision {
  const mine = candidate.backtestMetrics.all?.mase;
  const candidateMase = finite(mine) ? mine : null;
  if (!champion) {
    return { promote: true, reason: "first trained version of this model", margin, basis: "first-version", candidateMase, championMase: null, championVersion: null };
  }
  const base = { margin, candidateMase, championVersion: champion.version };
  // The champion's method re-fitted on the candidate's own backtest windows (an auto run's leaderboard).
  let championMase = leaderboardMase(candidate.parameters, champion.algorithm);
  let how = `the champion's method (${champion.algorithm}) re-fitted on the same backtest origins`;
  if (championMase === null) {
    const sameData = champion.trainingSnapshot?.contentHash && champion.trainingSnapshot.contentHash === candidate.trainingSnapshot?.contentHash;
    const sameFolds = champion.backtestMetrics.all?.folds === candidate.backtestMetrics.all?.folds;
    const theirs = champion.backtestMetrics.all?.mase;
    if (sameData && sameFolds && finite(theirs) && !leaderboardOnly(candidate) && !leaderboardOnly(champion)) {
      championMase = theirs;
      how = `v${champion.version}'s backtest on the same snapshot and folds`;
    }
  }
  if (championMase === null || candidateMase === null) {
    return {
      ...base,
      championMase: finite(champion.backtestMetrics.all?.mase) ? champion.backtestMetrics.all.mase : null,
      promote: false,
      basis: "different-windows",
      reason: `not compared automatically: the champion (v${champion.version}, ${champion.algorithm}) was backtested on other data or windows; compare the two and promote by hand if this one is better`,
    };
  }
  const gain = 1 - candidateMase / championMase;
  const promote = gain > margin;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return {
    ...base,
    championMase,
    promote,
    basis: "same-windows",
    reason: promote
      ? `validation MASE ${fmt(candidateMase)} against ${fmt(championMase)} for ${how}: ${pct(gain)} better, more than the ${pct(margin)} margin`
      : `validation MASE ${fmt(candidateMase)} against ${fmt(championMase)} for ${how}: ${gain > 0 ? `only ${pct(gain)} better` : `${pct(-gain)} worse`}, not more than the ${pct(margin)} margin; the champion stays`,
  };
}

/** An auto version's metrics come from its leaderboard's scheme, not the GBDT fold scheme. */
function leaderboardOnly(v: Evidence): boolean {
  return Boolean((v.parameters.auto as unknown) ?? false);
}

/** Registers a trained version with its promotion decision, and promotes it when the decision says so. */
export async function registerWithPromotion(db: Db, params: CompleteVersionParams & { modelId: string; margin?: number; actor?: Actor }) {
  const { modelId, margin, ...complete } = params;
  const champion = await findChampion(db, { modelId });
  const decision = decidePromotion(
    { algorithm: complete.algorithm, backtestMetrics: complete.backtestMetrics as BacktestMetrics, trainingSnapshot: complete.trainingSnapshot, parameters: complete.parameters as Record<string, unknown> },
    champion && champion.id !== complete.versionId ? { ...champion, parameters: champion.parameters } : undefined,
    margin,
  );
  // The deployment checks' compatibility half runs before any automatic promotion (the first version's too):
  // a refused version is registered as a candidate, the refusal recorded with it and in the audit log.
  let v = await completeVersion(db, { ...complete, parameters: { ...(complete.parameters as Record<string, unknown>), promotion: decision }, promoteIfNoChampion: false });
  let blocked: string | null = null;
  if (v.state === "candidate" && (decision.basis === "first-version" || (decision.promote && decision.basis === "same-windows"))) {
    try {
      v = (await promoteChecked(db, { versionId: v.id, actor: params.actor, automatic: true, reason: decision.basis === "first-version" ? "first trained version" : `automatic: ${decision.reason}` })).version;
    } catch (err) {
      if (!(err instanceof IncompatibleVersionError)) throw err;
      blocked = err.message;
    }
  }
  const promotion = blocked ? { ...decision, promote: false, reason: `${decision.reason}; not promoted: ${blocked}` } : decision;
  return { versionId: v.id, version: v.version, state: v.state, modelId: v.modelId, promotion };
}
