/**
 * The sign-in form's request: next-auth's credentials callback, posted as next-auth's own `signIn()` posts
 * it, but reading the answer itself. `signIn()` expects a JSON `{url}` and throws on anything else, so the
 * route's 429 (too many attempts, or the server busy hashing other passwords) came out as "could not reach
 * the server"; here it becomes a message that says what happened and when to try again.
 */
export type SignInOutcome = { ok: true } | { ok: false; message: string };

export interface SubmitCredentialsInput {
  email: string;
  password: string;
  callbackUrl: string;
}

const AUTH_BASE = "/api/auth";

export const WRONG_CREDENTIALS = "Wrong email or password, or the account is disabled.";
export const UNREACHABLE = "Could not reach the server.";

function waitPhrase(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

async function tooManyMessage(res: Response): Promise<string> {
  const problem = (await res.json().catch(() => ({}))) as { limit?: unknown; retryAfterS?: unknown };
  const header = Number.parseInt(res.headers.get("retry-after") ?? "", 10);
  const seconds = Number.isFinite(header) && header > 0 ? header : typeof problem.retryAfterS === "number" ? problem.retryAfterS : 60;
  if (problem.limit === "server") return `The server is busy with other sign-ins. Try again in ${waitPhrase(seconds)}.`;
  return `Too many sign-in attempts. Try again in ${waitPhrase(seconds)}.`;
}

export async function submitCredentials(input: SubmitCredentialsInput, fetchImpl: typeof fetch = fetch): Promise<SignInOutcome> {
  try {
    const csrf = await fetchImpl(`${AUTH_BASE}/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
    const res = await fetchImpl(`${AUTH_BASE}/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...input, csrfToken: csrfToken ?? "", json: "true" }),
    });
    if (res.status === 429) return { ok: false, message: await tooManyMessage(res) };
    const data = (await res.json().catch(() => ({}))) as { url?: unknown };
    const next = typeof data.url === "string" ? new URL(data.url, "http://relative.invalid") : null;
    const error = next?.searchParams.get("error");
    if (res.status === 401 || error === "CredentialsSignin") return { ok: false, message: WRONG_CREDENTIALS };
    // Success sends us to the callback URL; a way back into /api/auth (a stale CSRF token: signin?csrf=true) is not one.
    if (res.ok && next && !error && !next.pathname.startsWith(AUTH_BASE)) return { ok: true };
    return { ok: false, message: `Sign-in failed (HTTP ${res.status}). Reload the page and try again.` };
  } catch {
    return { ok: false, message: UNREACHABLE };
  }
}
