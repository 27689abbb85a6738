/**
 * Sign-in limits through the real auth route (next-auth, the database, scrypt): 429 with Retry-After for the
 * 6th wrong password on an account and the 21st attempt from an address, a correct sign-in resetting its
 * account, attempts past the hashing slots refused at once, the sign-in form's messages, Secure cookies over
 * https; and with a redis-server this test starts itself: counts shared by two app instances, then Redis
 * killed and the limits still enforced from memory, each answer within 200 ms. The route tests run on memory
 * limits, and also on TEST_REDIS_URL when it is set.
 */
import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // A fixed session secret, so the test writes nothing under DATA_DIR.
  process.env.NEXTAUTH_SECRET ||= "sign-in-limits-test-secret-0123456789abcdef";
  // As behind a TLS-terminating proxy: https is known from its X-Forwarded-Proto (and not from NEXTAUTH_URL).
  process.env.TRUST_PROXY = "true";
  delete process.env.NEXTAUTH_URL;
});

import { submitCredentials, WRONG_CREDENTIALS } from "@/components/auth/submit-credentials";
import { createTestDb } from "@/db/testing";
import { freePort, hasRedisServer, killProcess, spawnRedisServer } from "@/server/testing/own-redis";
import { users } from "@/db/schema";
import { secureCookiesFor } from "@/server/auth/options";
import { hashPassword } from "@/server/auth/password";
import { Semaphore } from "@/server/auth/semaphore";
import { createSignInLimiter, getSignInLimiter, setSignInLimiterForTests, signInLimitsFromEnv, type SignInLimiter } from "@/server/auth/sign-in-limiter";
import { createAuthRoute } from "@/server/auth/sign-in-route";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { GET, POST } from "./[...nextauth]/route";

// Stored hashes at low cost keep the test fast; verification uses the cost stored with each hash.
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = "the right password";
const BUDGET_MS = 200;

type AuthHandler = (request: Request, nextauth: string[]) => Promise<Response>;
const appRoute: AuthHandler = (request, nextauth) => (request.method === "POST" ? POST : GET)(request, { params: Promise.resolve({ nextauth }) });

/** A browser at one address (as the proxy reports it): a cookie jar in front of an auth route handler. */
function browser(address: string, opts: { route?: AuthHandler; https?: boolean } = {}) {
  const route = opts.route ?? appRoute;
  const jar = new Map<string, string>();
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const headers = new Headers(init?.headers);
    headers.set("x-forwarded-for", address);
    headers.set("x-forwarded-proto", opts.https ? "https" : "http");
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await route(new Request(url, { ...init, headers }), url.pathname.replace(/^\/api\/auth\//, "").split("/"));
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  let csrfToken: string | undefined;
  const ready = async () => {
    csrfToken ??= ((await (await fetchImpl("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
    return csrfToken;
  };
  return {
    jar,
    fetch: fetchImpl as typeof fetch,
    /** Fetches the CSRF cookie and token. */
    ready,
    /** One credentials POST, as next-auth's client sends it; returns the raw answer and its time. */
    async attempt(email: string, password: string) {
      const csrfToken = await ready();
      const t0 = performance.now();
      const res = await fetchImpl("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/assets", json: "true" }),
      });
      const text = await res.text();
      return { status: res.status, retryAfter: res.headers.get("retry-after"), type: res.headers.get("content-type"), body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, cookies: res.headers.getSetCookie(), ms: performance.now() - t0 };
    },
  };
}

const sessionCookie = (cookies: string[]) => cookies.find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
const unique = () => randomBytes(4).toString("hex");

let handle: Awaited<ReturnType<typeof createTestDb>>;
async function createAccount(label: string): Promise<string> {
  const email = `${label}-${unique()}@example.com`;
  await handle.db.insert(users).values({ email, role: "viewer", passwordHash: await hashPassword(PASSWORD, FAST) });
  return email;
}

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
});
afterAll(async () => {
  setSignInLimiterForTests(undefined);
  await handle?.close();
});

const backends: [string, string | undefined][] = [["memory", undefined]];
if (process.env.TEST_REDIS_URL) backends.push(["redis (TEST_REDIS_URL)", process.env.TEST_REDIS_URL]);

describe.each(backends)("sign-in limits on %s", (_name, redisUrl) => {
  let limiter: SignInLimiter;
  beforeEach(async () => {
    await limiter?.close();
    // The app's limits (5 per account, 20 per address, 15 min), fresh counts for each test.
    limiter = await createSignInLimiter({ ...signInLimitsFromEnv(), redisUrl, keyPrefix: `almanac-test:${unique()}` });
    setSignInLimiterForTests(limiter);
  });
  afterAll(async () => limiter?.close());

  it("answers the 6th wrong password on an account with 429, Retry-After and problem+json, and then refuses even the right one", async () => {
    const email = await createAccount("ana");
    const b = browser("203.0.113.10");
    for (let i = 1; i <= 5; i++) expect((await b.attempt(email, `wrong ${i}`)).status).toBe(401);
    const sixth = await b.attempt(email, "wrong 6");
    expect(sixth.status).toBe(429);
    expect(sixth.retryAfter).toBe("900");
    expect(sixth.type).toBe("application/problem+json");
    expect(sixth.body).toMatchObject({ type: "/problems/too_many_requests", status: 429, limit: "account", retryAfterS: 900 });
    // Locked means locked: the right password does not get through either, from any address, in any case.
    expect((await b.attempt(email, PASSWORD)).status).toBe(429);
    expect((await browser("198.51.100.20").attempt(email.toUpperCase(), PASSWORD)).status).toBe(429);
    // Another account from the same address is not affected.
    const other = await b.attempt(await createAccount("bea"), PASSWORD);
    expect(other.status).toBe(200);
    expect(sessionCookie(other.cookies)).toBeDefined();
  });

  it("counts an email that has no account like one that has", async () => {
    const b = browser("203.0.113.11");
    const nobody = `nobody-${unique()}@example.com`;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await b.attempt(nobody, "guess")).status);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("starts an account afresh after a correct sign-in", async () => {
    const email = await createAccount("cy");
    const b = browser("203.0.113.12");
    for (let i = 0; i < 4; i++) expect((await b.attempt(email, "wrong")).status).toBe(401);
    expect((await b.attempt(email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await b.attempt(email, "wrong")).status).toBe(401);
    expect((await b.attempt(email, "wrong")).status).toBe(429);
  });

  it("refuses the 21st attempt from one address, whatever account it names", async () => {
    const b = browser("203.0.113.13");
    const accounts = await Promise.all(Array.from({ length: 21 }, (_, i) => createAccount(`guess${i}`)));
    for (const email of accounts.slice(0, 20)) expect((await b.attempt(email, "wrong")).status).toBe(401);
    const refused = await b.attempt(accounts[20], PASSWORD);
    expect(refused).toMatchObject({ status: 429, retryAfter: "900", body: { limit: "address" } });
    // The same account from another address signs in.
    expect((await browser("203.0.113.14").attempt(accounts[20], PASSWORD)).status).toBe(200);
  });

  it("turns attempts past the hashing slots and their queue away at once with Retry-After: 1", async () => {
    // One slot and two waiting places: of 8 simultaneous attempts, 3 are checked and 5 refused. (Memory limits
    // answer without I/O, so all 8 reach the admission before the first hash can finish.)
    const memory = await createSignInLimiter(signInLimitsFromEnv());
    const route = createAuthRoute({ limiter: async () => memory, admission: new Semaphore(1, 2) });
    const accounts = await Promise.all(Array.from({ length: 8 }, (_, i) => createAccount(`flood${i}`)));
    const browsers = accounts.map((_, i) => browser(`192.0.2.${i + 1}`, { route }));
    // Tokens first, so the eight POSTs below start together.
    await Promise.all(browsers.map((b) => b.ready()));
    const answers = await Promise.all(browsers.map((b, i) => b.attempt(accounts[i], "wrong")));
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r).toMatchObject({ retryAfter: "1", body: { limit: "server" } });
  });

  it("gives the sign-in form a message for each outcome instead of a crash", async () => {
    const email = await createAccount("dee");
    const b = browser("203.0.113.15");
    expect(await submitCredentials({ email, password: "wrong", callbackUrl: "/assets" }, b.fetch)).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    for (let i = 0; i < 4; i++) await b.attempt(email, "wrong");
    expect(await submitCredentials({ email, password: PASSWORD, callbackUrl: "/assets" }, b.fetch)).toEqual({
      ok: false,
      message: "Too many sign-in attempts. Try again in 15 minutes.",
    });
    // Every hashing slot taken (here: the one slot, held by the test) and no waiting place: refused at once.
    const admission = new Semaphore(1, 0);
    const busy = browser("203.0.113.16", { route: createAuthRoute({ limiter: getSignInLimiter, admission }) });
    const release = await admission.tryAcquire()!;
    const eve = await createAccount("eve");
    expect(await submitCredentials({ email: eve, password: PASSWORD, callbackUrl: "/assets" }, busy.fetch)).toEqual({
      ok: false,
      message: "The server is busy with other sign-ins. Try again in 1 second.",
    });
    release();
    expect(await submitCredentials({ email: eve, password: PASSWORD, callbackUrl: "/assets" }, busy.fetch)).toEqual({ ok: true });
    const fresh = browser("203.0.113.17");
    expect(await submitCredentials({ email: await createAccount("gus"), password: PASSWORD, callbackUrl: "/assets" }, fresh.fetch)).toEqual({ ok: true });
    expect([...fresh.jar.keys()]).toContain("next-auth.session-token");
  });
});

describe("Secure cookies over https", () => {
  beforeAll(async () => setSignInLimiterForTests(await createSignInLimiter(signInLimitsFromEnv())));

  it("sets Secure, __Host-/__Secure- cookies when the trusted proxy says https, plain ones over http", async () => {
    const email = await createAccount("tls");
    const https = browser("203.0.113.30", { https: true });
    const signedIn = await https.attempt(email, PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(https.jar.has("__Host-next-auth.csrf-token")).toBe(true);
    expect(sessionCookie(signedIn.cookies)).toMatch(/^__Secure-next-auth\.session-token=.*; Secure/);

    const http = browser("203.0.113.31");
    const plain = await http.attempt(email, PASSWORD);
    expect(http.jar.has("next-auth.csrf-token")).toBe(true);
    expect(sessionCookie(plain.cookies)).toMatch(/^next-auth\.session-token=/);
    expect(sessionCookie(plain.cookies)).not.toMatch(/Secure/);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy, and NEXTAUTH_URL https always", () => {
    const forwarded = new Headers({ "x-forwarded-proto": "https" });
    expect(secureCookiesFor(forwarded, { trustProxy: true, nextauthUrl: undefined })).toBe(true);
    expect(secureCookiesFor(forwarded, { trustProxy: false, nextauthUrl: undefined })).toBe(false);
    expect(secureCookiesFor(new Headers({ "x-forwarded-proto": "http" }), { trustProxy: true, nextauthUrl: undefined })).toBe(false);
    expect(secureCookiesFor(new Headers(), { trustProxy: false, nextauthUrl: "https://almanac.example" })).toBe(true);
    expect(secureCookiesFor(new Headers(), { trustProxy: false, nextauthUrl: "http://localhost:3000" })).toBe(false);
  });
});

if (!hasRedisServer) console.warn("\n*** sign-in-limits.int.test.ts: redis-server is not on PATH, the Redis outage part did not run ***\n");

describe.skipIf(!hasRedisServer)("sign-in limits with Redis down (own redis-server)", () => {
  let redisProcess: ChildProcess | undefined;
  let url: string;
  const limiters: SignInLimiter[] = [];
  const logged = { warn: [] as string[], info: [] as string[] };
  const log = { warn: (m: string) => logged.warn.push(m), info: (m: string) => logged.info.push(m) };

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redisProcess = spawnRedisServer(port, ["--appendonly", "no"]);
    const t0 = Date.now();
    while (!(await new Promise<boolean>((r) => net.connect(port, "127.0.0.1").once("connect", function (this: net.Socket) { this.destroy(); r(true); }).once("error", () => r(false))))) {
      if (Date.now() - t0 > 10_000) throw new Error("redis-server did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
    await killProcess(redisProcess);
  });

  it("shares counts between instances through Redis, and keeps limiting from memory, fast, once Redis is gone", async () => {
    const keyPrefix = `almanac-test:${unique()}`;
    const open = async () => {
      const l = await createSignInLimiter({ ...signInLimitsFromEnv(), redisUrl: url, keyPrefix, log });
      limiters.push(l);
      return createAuthRoute({ limiter: async () => l, admission: new Semaphore(2, 8) });
    };
    const [instanceA, instanceB] = [await open(), await open()];
    const email = await createAccount("shared");
    const a = browser("203.0.113.40", { route: instanceA });
    const b = browser("203.0.113.41", { route: instanceB });
    for (let i = 0; i < 3; i++) expect((await a.attempt(email, "wrong")).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await b.attempt(email, "wrong")).status).toBe(401);
    // Five attempts in all, on two instances: the sixth is refused on either.
    expect((await a.attempt(email, "wrong")).status).toBe(429);
    expect((await b.attempt(email, PASSWORD)).status).toBe(429);

    redisProcess!.kill("SIGKILL");
    await new Promise((r) => redisProcess!.once("exit", r));

    // Memory insurance: a fresh account gets 5 attempts on this instance, the 6th is refused, none waits on Redis.
    const victim = await createAccount("outage");
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await a.attempt(victim, "wrong"));
    expect(answers.map((x) => x.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers[5].retryAfter).toBe("900");
    for (const x of answers) expect(x.ms).toBeLessThan(BUDGET_MS);
    // And a correct sign-in on an untouched account still works.
    const ok = await a.attempt(await createAccount("still-works"), PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.ms).toBeLessThan(BUDGET_MS);
    expect(logged.warn.filter((m) => m.includes("[sign-in limits: Redis] unavailable"))).toHaveLength(limiters.length);
  });
});
