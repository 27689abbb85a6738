/**
 * Promote / roll back as the app does it: the registry transaction (server/registry), then the serving side:
 * drop the cached forecast (the next read follows the new champion's stored forecast) and queue a fresh
 * forecast from the newest data. A promotion runs the deployment checks (server/deployment): the
 * compatibility check first (an incompatible version is refused, 422), the health check after (the
 * check-deployment job, which rolls back to the previous champion on failure).
 */
import type { Db } from "@/db/client";
import type { Dispatch } from "@/server/jobs/dispatch";
import type { Cache } from "@/server/cache";
import { invalidateModelForecast } from "@/server/forecasts";
import { promoteChecked } from "@/server/deployment/deploy-version";
import { rollbackModel, type Actor, type ModelVersion } from "@/server/registry";

interface Deps {
  db: Db;
  cache: Cache;
  dispatch: Dispatch;
}

async function afterChange(deps: Deps, version: ModelVersion) {
  await invalidateModelForecast(deps.cache, version.modelId);
  await deps.dispatch("refresh-forecasts", { modelId: version.modelId }, { trigger: "event" });
}

export async function promoteAndServe(deps: Deps, p: { versionId: string; actor?: Actor }): Promise<ModelVersion> {
  const { version: v } = await promoteChecked(deps.db, { versionId: p.versionId, actor: p.actor, reason: "manual promotion" });
  await afterChange(deps, v);
  await deps.dispatch("check-deployment", { versionId: v.id }, { trigger: "event" });
  return v;
}

export async function rollbackAndServe(deps: Deps, p: { modelId: string; actor?: Actor }): Promise<ModelVersion> {
  const v = await rollbackModel(deps.db, p);
  await afterChange(deps, v);
  return v;
}
