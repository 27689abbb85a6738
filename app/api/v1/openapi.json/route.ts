/** GET /api/v1/openapi.json — the REST API's OpenAPI 3.1 document (server/openapi/document.ts). */
import { handleRoute, json, methodNotAllowed } from "@/server/http/handle-route";
import { openApiDocument } from "@/server/openapi/document";

export const GET = handleRoute(async () => json(openApiDocument()));

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
