/** GET /api/metrics — Prometheus text format (prom-client); METRICS_TOKEN bearer, or loopback only. */
import { env } from "@/server/env";
import { clientAddress } from "@/server/http/client-info";
import { handleRoute, methodNotAllowed } from "@/server/http/handle-route";
import { renderMetrics } from "@/server/observability/metrics";
import { assertMetricsAccess } from "@/server/observability/metrics-access";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request: Request) => {
  assertMetricsAccess(request, env.METRICS_TOKEN, clientAddress(request));
  const { body, contentType } = await renderMetrics();
  return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
