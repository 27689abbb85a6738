/**
 * refresh-forecasts: precompute the champion forecast of one model (after a promotion or new data) or of
 * every model with a champion (hourly cron). One step per model, so one bad model does not redo the others.
 */
import { refreshForecast } from "@/server/forecasts";
import { jobPayloadSchemas } from "@/server/jobs/catalogue";
import { listChampionModelIds } from "@/server/registry/list-champion-model-ids";
import { defineJob } from "../define-job";

export const refreshForecasts = defineJob({
  id: "refresh-forecasts",
  name: "Refresh forecasts",
  event: "almanac/forecasts.refresh",
  cron: "7 * * * *",
  payload: jobPayloadSchemas["refresh-forecasts"],
  retries: 3,
  concurrency: 2,
  async handler({ event, step, deps, progress, log }) {
    const modelIds = event.data.modelId
      ? [event.data.modelId]
      : await step.run("list-models", () => listChampionModelIds(deps.db));
    const refreshed: { modelId: string; points: number; version: number | null }[] = [];
    for (const [i, modelId] of modelIds.entries()) {
      const out = await step.run(`forecast-${modelId}`, async () => {
        const f = await refreshForecast(deps, { modelId });
        return { modelId, points: f?.points.length ?? 0, version: f?.version.number ?? null };
      });
      refreshed.push(out);
      await progress({ stage: "forecast", percent: ((i + 1) / modelIds.length) * 100 });
      await log(out.version === null ? `model ${modelId}: no champion` : `model ${modelId}: ${out.points} steps from version ${out.version}`);
    }
    return { refreshed };
  },
});
