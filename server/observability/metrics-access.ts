import { timingSafeEqual } from "node:crypto";
import { AuthError } from "@/server/http/errors";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;

/**
 * Who may read /api/metrics: with METRICS_TOKEN set, a caller presenting it as a bearer token; without it,
 * only loopback callers (a Prometheus on the same host, or a sidecar container's port-forward).
 */
export function assertMetricsAccess(request: Request, token: string | undefined, clientAddress: string): void {
  if (token) {
    const given = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length === b.length && timingSafeEqual(a, b)) return;
    throw new AuthError("metrics need the METRICS_TOKEN bearer token");
  }
  if (!LOOPBACK.test(clientAddress)) throw new AuthError("metrics answer only to loopback clients unless METRICS_TOKEN is set");
}
