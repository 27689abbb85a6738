/**
 * The process-wide API key limiter (Upstash, Redis or memory, from the environment) and the route-side
 * check: a refused request gets a problem+json 429 with Retry-After and RateLimit-* headers; an allowed one
 * carries the RateLimit-* headers on its answer.
 */
import { env } from "@/server/env";
import { problemResponse } from "@/server/http/problem";
import { createApiKeyRateLimiter, rateLimitHeaders, type ApiKeyRateLimiter, type RateDecision } from "./api-key-rate-limiter";

const holder = globalThis as typeof globalThis & { almanacApiKeyLimiter?: Promise<ApiKeyRateLimiter> };

export function getApiKeyRateLimiter(): Promise<ApiKeyRateLimiter> {
  holder.almanacApiKeyLimiter ??= createApiKeyRateLimiter({
    redisUrl: env.REDIS_URL,
    upstashUrl: env.UPSTASH_REDIS_REST_URL,
    upstashToken: env.UPSTASH_REDIS_REST_TOKEN,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  });
  return holder.almanacApiKeyLimiter;
}

/** Points the routes at a limiter a test made; undefined restores the default. */
export function setApiKeyRateLimiterForTests(limiter: ApiKeyRateLimiter | undefined): void {
  holder.almanacApiKeyLimiter = limiter ? Promise.resolve(limiter) : undefined;
}

export type LimitOutcome = { allowed: true; headers: Record<string, string> } | { allowed: false; response: Response };

/** Counts one request of the key (`cost` for a batch of several items). */
export async function limitRequest(key: { id: string; rateLimitPerMinute?: number | null }, request: Request, cost = 1): Promise<LimitOutcome> {
  const limiter = await getApiKeyRateLimiter();
  const perMinute = key.rateLimitPerMinute ?? env.API_RATE_LIMIT_PER_MINUTE;
  const decision: RateDecision = await limiter.check(key.id, perMinute, cost);
  const headers = rateLimitHeaders(decision);
  if (decision.allowed) return { allowed: true, headers };
  return {
    allowed: false,
    response: problemResponse(
      {
        type: "/problems/rate_limited",
        title: "Too Many Requests",
        status: 429,
        detail: `this API key is limited to ${perMinute} requests per minute; retry in ${decision.resetS} s`,
        instance: new URL(request.url).pathname,
      },
      headers,
    ),
  };
}

/** Adds headers to a response (the RateLimit-* fields on an allowed request's answer). */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}
