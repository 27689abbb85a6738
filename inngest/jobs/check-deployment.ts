/**
 * check-deployment: after a promotion (manual or automatic), the health check of the new champion
 * (server/deployment/deploy-version.ts: artifact loads, answers a prediction within the latency budget, parity
 * with its stored forecast or backtest), with an automatic rollback to the previous champion on failure. After
 * a rollback the restored champion's forecast is refreshed here (fail-soft: the hourly refresh catches up).
 */
import { refreshForecast, invalidateModelForecast } from "@/server/forecasts";
import { checkDeploymentPayloadSchema } from "@/server/deployment/schemas";
import { verifyDeployment } from "@/server/deployment/deploy-version";
import { getVersion } from "@/server/registry";
import { defineJob } from "../define-job";

export const checkDeployment = defineJob({
  id: "check-deployment",
  name: "Check a new champion",
  event: "almanac/deployment.check",
  payload: checkDeploymentPayloadSchema,
  retries: 2,
  concurrency: 2,
  async handler({ event, step, deps, log }) {
    const result = await step.run("health-check", () => verifyDeployment(deps, { versionId: event.data.versionId }));
    for (const s of result.health.steps) await log(`${s.ok ? "ok" : "FAILED"} ${s.step}: ${s.detail}`);
    if (result.rolledBack && result.restored) {
      const restored = result.restored;
      await log(`rolled back to version ${restored.version}: ${result.health.reason}`);
      await step.run("refresh-restored", async () => {
        const v = await getVersion(deps.db, { versionId: restored.id });
        await invalidateModelForecast(deps.cache, v.modelId);
        try {
          await refreshForecast(deps, { modelId: v.modelId });
          return { refreshed: true };
        } catch (err) {
          return { refreshed: false, error: (err as Error).message };
        }
      });
    } else if (!result.health.healthy && result.note) await log(`not rolled back: ${result.note}`);
    return { healthy: result.health.healthy, reason: result.health.reason, rolledBack: result.rolledBack, restored: result.restored };
  },
});
