/** GET /api/ready — readiness: database, cache, job queue and (where configured) the sidecar; 503 when a required one fails. */
import { getCache } from "@/server/cache";
import { env } from "@/server/env";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { appReadiness } from "@/server/observability/app-readiness";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async () => {
  const r = await appReadiness({ db: await routeDb(), cache: await getCache(), sidecarUrl: env.INFERENCE_URL });
  return json({ status: r.ready ? "ready" : "not ready", checks: r.checks }, r.ready ? 200 : 503);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
