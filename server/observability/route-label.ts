/** A low-cardinality label for a request path (ids and metric names replaced by their parameter names). */
const PATTERNS: [RegExp, string][] = [
  [/^\/api\/v1\/assets\/[^/]+\/series\/[^/]+$/, "/api/v1/assets/{assetId}/series/{metric}"],
  [/^\/api\/v1\/assets\/[^/]+\/(observations|forecast|predict|detect_anomalies)$/, "/api/v1/assets/{assetId}/$1"],
  [/^\/api\/v1\/models\/[^/]+\/versions$/, "/api/v1/models/{modelId}/versions"],
  [/^\/api\/v1\/training-jobs\/[^/]+$/, "/api/v1/training-jobs/{id}"],
  [/^\/api\/jobs\/[^/]+\/events$/, "/api/jobs/{id}/events"],
  [/^\/api\/trpc\/.*$/, "/api/trpc/{procedure}"],
  [/^\/api\/auth\/.*$/, "/api/auth/{action}"],
];

const KNOWN = new Set(["/api/v1/assets", "/api/v1/anomalies", "/api/v1/models", "/api/v1/imports", "/api/v1/training-jobs", "/api/v1/predict/batch", "/api/v1/openapi.json", "/api/health", "/api/ready", "/api/metrics", "/api/inngest", "/api"]);

export function routeLabel(pathname: string): string {
  for (const [re, label] of PATTERNS) if (re.test(pathname)) return pathname.replace(re, label);
  return KNOWN.has(pathname) ? pathname : "other";
}
