/**
 * GET /api/metrics — Prometheus text format (prom-client); METRICS_TOKEN bearer, or loopback only.
 * Per-version interval coverage is recomputed from stored forecasts and actuals at most once a minute; the
 * inference client's counters (sidecar / in-process / fallbacks / breaker) are appended.
 */
import { getInferenceClient } from "@/inngest/deps";
import { env } from "@/server/env";
import { realisedCoverage } from "@/server/forecasts/realised-coverage";
import { clientAddress } from "@/server/http/client-info";
import { handleRoute, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { logger } from "@/server/observability/logger";
import { renderMetrics, setCoverage } from "@/server/observability/metrics";
import { assertMetricsAccess } from "@/server/observability/metrics-access";

export const dynamic = "force-dynamic";

const COVERAGE_REFRESH_MS = 60_000;
const state = globalThis as typeof globalThis & { almanacCoverageAt?: number };

export const GET = handleRoute(async (request: Request) => {
  assertMetricsAccess(request, env.METRICS_TOKEN, clientAddress(request));
  if (!state.almanacCoverageAt || Date.now() - state.almanacCoverageAt > COVERAGE_REFRESH_MS) {
    try {
      setCoverage(await realisedCoverage(await routeDb()));
      state.almanacCoverageAt = Date.now();
    } catch (err) {
      // Metrics must answer while the database is down: the gauge keeps its last values.
      logger().warn({ err: (err as Error).message }, "coverage gauge not refreshed");
    }
  }
  const { body, contentType } = await renderMetrics(getInferenceClient().metricsText());
  return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
