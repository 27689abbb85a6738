/**
 * GET /docs — interactive documentation of the REST API (Scalar), rendering /api/v1/openapi.json. The viewer's
 * script is served from the installed package (/docs/scalar.js), never a CDN; no web fonts, no telemetry.
 */
import { ApiReference } from "@scalar/nextjs-api-reference";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const render = ApiReference({
    url: "/api/v1/openapi.json",
    cdn: "/docs/scalar.js",
    pageTitle: "Almanac API",
    withDefaultFonts: false,
    telemetry: false,
    hideClientButton: true,
    // proxy.ts puts this page's CSP nonce on the request; the viewer's script tags carry it.
    nonce: request.headers.get("x-nonce") ?? undefined,
  });
  const res = render();
  return new Response(await res.text(), { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
