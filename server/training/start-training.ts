/**
 * Starting a training job, shared by REST and tRPC: resolve the asset and metric, optionally pull a CSV from
 * `data_url` through the ingestion path first (HTTPS only, SSRF-checked, size-capped; a bad CSV is rejected
 * with its row and column), then dispatch train-model. Returns at once with the job run id.
 */
import type { Db } from "@/db/client";
import type { Dispatch } from "@/server/jobs/dispatch";
import { getAsset, listSeries } from "@/server/assets";
import { ValidationError } from "@/server/http/errors";
import { importCsv } from "@/server/ingest/import-csv";
import { safeFetch } from "@/server/net/safe-fetch";
import { algorithmOptionIssues, type TrainOptionsInput } from "./options";

export interface StartTrainingParams {
  /** The asset's uuid or slug. */
  asset: string;
  metric?: string;
  dataUrl?: string;
  options?: Partial<TrainOptionsInput>;
  actor: { userId?: string | null; apiKeyId?: string | null };
  trigger: "api" | "ui";
  /** Called with the resolved asset id before anything is written (API-key asset scoping). */
  authorizeAsset?: (assetId: string) => void;
  download: { maxBytes: number; allowHosts: string[]; fetchImpl?: typeof fetch; resolve?: (host: string) => Promise<string[]> };
}

export interface StartedTraining {
  runId: string;
  assetId: string;
  metric: string;
  imported?: { rowsInserted: number; rowsRead: number };
}

export async function startTraining(deps: { db: Db; dispatch: Dispatch }, p: StartTrainingParams): Promise<StartedTraining> {
  // Before anything is fetched or written: an option the chosen algorithm would ignore is a mistake to name.
  const [misplaced] = algorithmOptionIssues(p.options ?? {});
  if (misplaced) throw new ValidationError(`options.${misplaced.field}: ${misplaced.message}`, { field: `options.${misplaced.field}` });
  const asset = await getAsset(deps.db, { idOrSlug: p.asset });
  p.authorizeAsset?.(asset.id);
  let imported: StartedTraining["imported"];
  let importedMetrics: string[] = [];
  if (p.dataUrl) {
    const { bytes } = await safeFetch(p.dataUrl, p.download);
    const res = await importCsv(deps.db, { asset: asset.id, input: bytes, options: { source: "data_url" } });
    imported = { rowsInserted: res.rowsInserted, rowsRead: res.rowsRead };
    importedMetrics = res.series.map((s) => s.metric);
  }
  let metric = p.metric;
  if (!metric) {
    const candidates = importedMetrics.length ? importedMetrics : (await listSeries(deps.db, { assetId: asset.id })).map((s) => s.metric);
    if (candidates.length !== 1) {
      throw new ValidationError(
        candidates.length === 0 ? "metric: the asset has no series to train on" : `metric: the asset has several series (${candidates.join(", ")}); name one`,
        { field: "metric" },
      );
    }
    metric = candidates[0];
  } else {
    const known = (await listSeries(deps.db, { assetId: asset.id })).map((s) => s.metric);
    if (!known.includes(metric)) throw new ValidationError(`metric: the asset has no series "${metric}" (it has ${known.join(", ") || "none"})`, { field: "metric" });
  }
  const { runId } = await deps.dispatch(
    "train-model",
    { assetId: asset.id, metric, options: p.options, actorUserId: p.actor.userId ?? null, actorApiKeyId: p.actor.apiKeyId ?? null },
    { trigger: p.trigger, createdBy: p.actor.userId ?? null, assetId: asset.id },
  );
  return { runId, assetId: asset.id, metric, imported };
}
