/**
 * /api/auth/* with sign-in limits. A credentials sign-in (POST /api/auth/callback/credentials) is counted
 * against its client address and its account before any password is hashed; over a limit it is answered 429
 * with Retry-After and problem+json. Admitted attempts then run PASSWORD_HASH_CONCURRENCY at a time with a
 * short queue; past it they get 429 with Retry-After: 1 at once, so a flood from many addresses (which the
 * per-address limit cannot stop) costs the server bounded CPU and memory instead of a pile-up of 128 MiB
 * hashes. A sign-in that sets a session resets its account's count.
 */
import { env } from "@/server/env";
import { clientAddress } from "@/server/http/client-info";
import { errorToResponse, problemResponse } from "@/server/http/problem";
import { getAuthOptions, secureCookiesFor } from "./options";
import { BadRequestError } from "@/server/http/errors";
import { isValidCallbackUrl, readAuthBody, runNextAuth, setsSessionCookie, type AuthBody } from "./next-auth-handler";
import { Semaphore } from "./semaphore";
import { getSignInLimiter, type SignInLimiter } from "./sign-in-limiter";

/** Waiting attempts allowed per hashing slot; at ~0.2-1 s a hash, the last in the queue waits a few seconds. */
export const SIGN_IN_QUEUE_PER_SLOT = 4;

export interface AuthRouteDeps {
  limiter: () => Promise<SignInLimiter>;
  /** Sign-ins being checked at once, and how many may wait. */
  admission: Semaphore;
}

function isCredentialsSignIn(request: Request, nextauth: string[]): boolean {
  return request.method === "POST" && nextauth[0] === "callback" && nextauth[1] === "credentials" && nextauth.length === 2;
}

function tooManyAttempts(instance: string, retryAfterS: number, limit: "account" | "address" | "server"): Response {
  const detail =
    limit === "server"
      ? "the server is busy checking other sign-ins; try again in a moment"
      : `too many sign-in attempts ${limit === "account" ? "for this account" : "from this address"}; try again in ${retryAfterS} s`;
  return problemResponse(
    { type: "/problems/too_many_requests", title: "Too Many Requests", status: 429, detail, instance, limit, retryAfterS },
    { "retry-after": String(retryAfterS) },
  );
}

async function limitedSignIn(deps: AuthRouteDeps, request: Request, nextauth: string[], body: AuthBody): Promise<Response> {
  const instance = new URL(request.url).pathname;
  const attempt = { email: typeof body.email === "string" ? body.email : "", address: clientAddress(request) };
  const limiter = await deps.limiter();
  const verdict = await limiter.check(attempt);
  if (!verdict.allowed) return tooManyAttempts(instance, verdict.retryAfterS, verdict.limit);

  const slot = deps.admission.tryAcquire();
  if (!slot) return tooManyAttempts(instance, 1, "server");
  const release = await slot;
  let response: Response;
  try {
    response = await runNextAuth(getAuthOptions({ secureCookies: secureCookiesFor(request.headers) }), request, nextauth, body);
  } finally {
    release();
  }
  // A count that could not be reset must not undo a correct sign-in; the counts expire on their own.
  if (setsSessionCookie(response)) await limiter.succeeded(attempt).catch((error: unknown) => console.warn("[sign-in limits] could not reset the account's count", error));
  return response;
}

export function createAuthRoute(deps: AuthRouteDeps) {
  return async function handleAuthRequest(request: Request, nextauth: string[]): Promise<Response> {
    try {
      // Every value: a repeated parameter reaches next-auth as its last one.
      const url = new URL(request.url);
      if (url.searchParams.getAll("callbackUrl").some((c) => !isValidCallbackUrl(c, url.origin))) {
        throw new BadRequestError('callbackUrl must be a path starting with "/" or an absolute http(s) URL', "callbackUrl");
      }
      const body = await readAuthBody(request);
      if (isCredentialsSignIn(request, nextauth)) return await limitedSignIn(deps, request, nextauth, body);
      return await runNextAuth(getAuthOptions({ secureCookies: secureCookiesFor(request.headers) }), request, nextauth, body);
    } catch (error) {
      return errorToResponse(error, new URL(request.url).pathname);
    }
  };
}

/** The app's auth route: limits from the environment, admission sized by PASSWORD_HASH_CONCURRENCY. */
export const handleAuthRequest = createAuthRoute({
  limiter: getSignInLimiter,
  admission: new Semaphore(env.PASSWORD_HASH_CONCURRENCY, env.PASSWORD_HASH_CONCURRENCY * SIGN_IN_QUEUE_PER_SLOT),
});
