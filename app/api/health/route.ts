/** GET /api/health — liveness: the process answers. No dependencies are checked (that is /api/ready). */
import { handleRoute, json, methodNotAllowed } from "@/server/http/handle-route";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async () => json({ status: "ok", uptimeS: Math.round(process.uptime()) }));

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
