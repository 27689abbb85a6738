/**
 * Authorization matrix of the HTTP API (issue #9): every route file under app/api × every method it exports
 * × every kind of credential, called in-process with real Requests inside Next's request scope (so the
 * session-cookie routes read their cookie as in production) on a seeded test database (real Postgres with
 * TEST_DATABASE_URL, PGlite otherwise).
 *
 * The route list is discovered from the tree and each route's methods from its module; RULES says, per
 * route and method, which credential it takes and what a valid request is. A route or method without a
 * rule, or a rule for one that is gone, fails the first test. The expected status of each cell follows from
 * the rule (EXPECTED below), not from a hand-written table, and every 4xx is checked to be problem+json.
 *
 * Defect 7 (existence oracle): a key whose allow-list does not hold the target gets the same 404 problem as
 * for a target that does not exist.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { ApiKeyScope, UserRole } from "@/db/schema";
import { hasRole } from "@/server/auth/roles";
import { setRouteDbForTests } from "@/server/http/handle-route";
import {
  inRequestScope,
  MALFORMED_AUTHORIZATION,
  routeRequest,
  seedAuthzWorld,
  sessionCookie,
  UNKNOWN_KEY,
  type AuthzWorld,
} from "@/server/testing/authz-kit";
import { discoverApiRoutes, exportedMethods } from "@/server/testing/fuzz-kit";

const ORIGIN = "http://localhost";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

/** Credentials a request can carry. API-key kinds send `Authorization`, session kinds a next-auth cookie. */
const KINDS = [
  "none",
  "malformed",
  "unknown",
  "revoked",
  "expired",
  "wrongScope",
  "rightScope",
  "allowOther",
  "allowThis",
  "allowUnknownTarget",
  "session:viewer",
  "session:analyst",
  "session:admin",
  "session:disabled",
  "session:forged",
] as const;
type Kind = (typeof KINDS)[number];

/** What a request is about; only routes with a target (an asset, a job) use it. */
type Target = "this" | "unknown";

interface RequestSpec {
  /** Path and query, e.g. `/api/v1/imports?asset=x`. */
  url: string;
  /** The route's dynamic params as Next passes them. */
  params?: Record<string, string | string[]>;
  body?: string;
  headers?: Record<string, string>;
}

type Build = (w: AuthzWorld, target: Target) => RequestSpec;

type MethodRule =
  /**
   * Bearer API key with one of `scopes`; the allow-list is checked against the target (404 outside it).
   * `target: false`: a list or batch with no single target — the allow-list filters what it answers instead.
   */
  | { auth: "apiKey"; scopes: ApiKeyScope[]; ok: number; request: Build; target?: false }
  /** next-auth session of at least `min`. */
  | { auth: "session"; min: UserRole; ok: number; request: Build }
  /** The same answer whatever the credential (public pages, 404s, 405s). */
  | { auth: "any"; status: number; request: Build; check?: (kind: Kind, body: unknown) => void };

interface RouteRule {
  methods: Record<string, MethodRule>;
  /**
   * How its errors are written: problem+json (default); `trpc`: the tRPC wire format its client reads, with
   * the code in `error.json.data.code`; `nextauth`: next-auth's own pages and redirects.
   */
  errors?: "problem" | "trpc" | "nextauth";
  /** Status of every other method the route module exports (its problem+json 405). */
  otherMethods?: number;
}

const json = { "content-type": "application/json" };

const assetRef = (w: AuthzWorld, target: Target, which: "a" | "t" = "a") => (target === "this" ? w.asset[which].slug : "authz-no-such-asset");
const jobRef = (w: AuthzWorld, target: Target) => (target === "this" ? w.jobRun.a : UNKNOWN_ID);

/** A well-formed stream for detect_anomalies on asset a's temp_c. */
const STREAM = JSON.stringify({ metric: "temp_c", data_stream: Array.from({ length: 12 }, (_, i) => ({ timestamp: new Date(Date.UTC(2030, 0, 1, i)).toISOString(), value: i % 3 })) });

const RULES: Record<string, RouteRule> = {
  "/api/[...path]": {
    methods: Object.fromEntries(
      ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].map((m) => [m, { auth: "any", status: 404, request: () => ({ url: "/api/no/such/route", params: { path: ["no", "such", "route"] } }) }]),
    ),
  },
  "/api": {
    methods: Object.fromEntries(
      ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].map((m) => [m, { auth: "any", status: 404, request: () => ({ url: "/api", params: {} }) }]),
    ),
  },
  "/api/auth/[...nextauth]": {
    errors: "nextauth",
    methods: {
      // next-auth's own endpoint: public, and only a valid session cookie yields a session (an API key never does).
      GET: {
        auth: "any",
        status: 200,
        request: () => ({ url: "/api/auth/session", params: { nextauth: ["session"] } }),
        check: (kind, body) => {
          const user = (body as { user?: { email?: string } } | null)?.user;
          // A disabled user's valid cookie yields no session either.
          if (["session:viewer", "session:analyst", "session:admin"].includes(kind)) expect(user?.email, kind).toMatch(/@test\.local$/);
          else expect(user, kind).toBeUndefined();
        },
      },
      // A sign-out without next-auth's CSRF token is sent back to the sign-out page, never acted on.
      POST: { auth: "any", status: 302, request: () => ({ url: "/api/auth/signout", params: { nextauth: ["signout"] }, body: "", headers: { "content-type": "application/x-www-form-urlencoded" } }) },
    },
  },
  // Embedded mode (no Inngest configured): nothing lives here.
  "/api/inngest": {
    methods: Object.fromEntries(["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => [m, { auth: "any", status: 404, request: () => ({ url: "/api/inngest", body: m === "GET" ? undefined : "{}" }) }])),
  },
  "/api/jobs/[id]/events": {
    methods: { GET: { auth: "session", min: "viewer", ok: 200, request: (w) => ({ url: `/api/jobs/${w.jobRun.a}/events`, params: { id: w.jobRun.a } }) } },
    otherMethods: 405,
  },
  "/api/trpc/[trpc]": {
    errors: "trpc",
    methods: {
      GET: { auth: "session", min: "admin", ok: 200, request: () => ({ url: "/api/trpc/users.list", params: { trpc: "users.list" } }) },
      POST: {
        auth: "session",
        min: "admin",
        ok: 200,
        request: () => ({
          url: "/api/trpc/apiKeys.create",
          params: { trpc: "apiKeys.create" },
          body: JSON.stringify({ json: { name: "from the matrix", scopes: ["read"] } }),
          headers: { ...json, origin: ORIGIN },
        }),
      },
    },
    otherMethods: 405,
  },
  "/api/v1/assets/[assetId]/detect_anomalies": {
    methods: {
      POST: {
        auth: "apiKey",
        scopes: ["predict"],
        ok: 200,
        request: (w, t) => ({ url: `/api/v1/assets/${assetRef(w, t)}/detect_anomalies`, params: { assetId: assetRef(w, t) }, body: STREAM, headers: json }),
      },
    },
    otherMethods: 405,
  },
  "/api/v1/assets/[assetId]/predict": {
    methods: {
      // The world's champion carries no trained feature spec: an authorised request gets as far as the 409.
      POST: { auth: "apiKey", scopes: ["predict"], ok: 409, request: (w, t) => ({ url: `/api/v1/assets/${assetRef(w, t)}/predict`, params: { assetId: assetRef(w, t) }, body: JSON.stringify({ forecast_horizon: 2 }), headers: json }) },
    },
    otherMethods: 405,
  },
  "/api/v1/predict/batch": {
    methods: {
      POST: { auth: "apiKey", scopes: ["predict"], ok: 200, target: false, request: (w) => ({ url: "/api/v1/predict/batch", body: JSON.stringify({ items: [{ asset_id: w.asset.a.slug, forecast_horizon: 2 }] }), headers: json }) },
    },
    otherMethods: 405,
  },
  "/api/v1/assets": {
    methods: { GET: { auth: "apiKey", scopes: ["read"], ok: 200, target: false, request: () => ({ url: "/api/v1/assets" }) } },
    otherMethods: 405,
  },
  "/api/v1/anomalies": {
    methods: { GET: { auth: "apiKey", scopes: ["read"], ok: 200, request: (w, t) => ({ url: `/api/v1/anomalies?asset=${assetRef(w, t)}` }) } },
    otherMethods: 405,
  },
  "/api/v1/models": {
    methods: { GET: { auth: "apiKey", scopes: ["read"], ok: 200, request: (w, t) => ({ url: `/api/v1/models?asset=${assetRef(w, t)}` }) } },
    otherMethods: 405,
  },
  "/api/v1/jobs": {
    methods: { GET: { auth: "apiKey", scopes: ["read"], ok: 200, request: (w, t) => ({ url: `/api/v1/jobs?asset=${assetRef(w, t)}` }) } },
    otherMethods: 405,
  },
  "/api/v1/forecasts": {
    methods: { GET: { auth: "apiKey", scopes: ["read"], ok: 200, request: (w, t) => ({ url: `/api/v1/forecasts?asset=${assetRef(w, t)}` }) } },
    otherMethods: 405,
  },
  "/api/v1/assets/[assetId]/series": {
    methods: { GET: { auth: "apiKey", scopes: ["read"], ok: 200, request: (w, t) => ({ url: `/api/v1/assets/${assetRef(w, t)}/series`, params: { assetId: assetRef(w, t) } }) } },
    otherMethods: 405,
  },
  "/api/v1/models/[modelId]/versions": {
    methods: {
      GET: { auth: "apiKey", scopes: ["read"], ok: 200, request: (w, t) => ({ url: `/api/v1/models/${t === "this" ? w.model.id : UNKNOWN_ID}/versions`, params: { modelId: t === "this" ? w.model.id : UNKNOWN_ID } }) },
    },
    otherMethods: 405,
  },
  "/api/v1/openapi.json": { methods: { GET: { auth: "any", status: 200, request: () => ({ url: "/api/v1/openapi.json" }) } }, otherMethods: 405 },
  "/api/health": { methods: { GET: { auth: "any", status: 200, request: () => ({ url: "/api/health" }) } }, otherMethods: 405 },
  "/api/ready": { methods: { GET: { auth: "any", status: 200, request: () => ({ url: "/api/ready" }) } }, otherMethods: 405 },
  // No METRICS_TOKEN in tests: the metrics answer loopback callers whatever credential they send, and no one else.
  "/api/metrics": { methods: { GET: { auth: "any", status: 200, request: () => ({ url: "/api/metrics", headers: { "x-forwarded-for": "127.0.0.1" } }) } }, otherMethods: 405 },
  "/api/v1/assets/[assetId]/forecast": {
    methods: {
      GET: { auth: "apiKey", scopes: ["read", "predict"], ok: 200, request: (w, t) => ({ url: `/api/v1/assets/${assetRef(w, t)}/forecast`, params: { assetId: assetRef(w, t) } }) },
    },
    otherMethods: 405,
  },
  "/api/v1/assets/[assetId]/observations": {
    methods: {
      POST: {
        auth: "apiKey",
        scopes: ["ingest"],
        ok: 200,
        request: (w, t) => ({
          url: `/api/v1/assets/${assetRef(w, t)}/observations?metric=temp_c`,
          params: { assetId: assetRef(w, t) },
          body: JSON.stringify([{ timestamp: "2024-01-03T00:00:00Z", value: 1 }]),
          headers: json,
        }),
      },
    },
    otherMethods: 405,
  },
  "/api/v1/assets/[assetId]/series/[metric]": {
    methods: {
      GET: { auth: "apiKey", scopes: ["read"], ok: 200, request: (w, t) => ({ url: `/api/v1/assets/${assetRef(w, t)}/series/temp_c`, params: { assetId: assetRef(w, t), metric: "temp_c" } }) },
    },
    otherMethods: 405,
  },
  "/api/v1/imports": {
    methods: {
      POST: {
        auth: "apiKey",
        scopes: ["ingest"],
        ok: 201,
        request: (w, t) => ({ url: `/api/v1/imports?asset=${assetRef(w, t)}`, body: "timestamp,temp_c\n2024-01-04T00:00:00Z,1\n", headers: { "content-type": "text/csv" } }),
      },
    },
    otherMethods: 405,
  },
  "/api/v1/training-jobs": {
    methods: {
      // Asset t has three points: the job is queued (202) and fails fast, so no fit runs.
      POST: { auth: "apiKey", scopes: ["train"], ok: 202, request: (w, t) => ({ url: "/api/v1/training-jobs", body: JSON.stringify({ asset_id: assetRef(w, t, "t"), metric: "load" }), headers: json }) },
    },
    otherMethods: 405,
  },
  "/api/v1/training-jobs/[id]": {
    methods: { GET: { auth: "apiKey", scopes: ["train"], ok: 200, request: (w, t) => ({ url: `/api/v1/training-jobs/${jobRef(w, t)}`, params: { id: jobRef(w, t) } }) } },
    otherMethods: 405,
  },
};

const SESSION_ROLES: Partial<Record<Kind, UserRole>> = { "session:viewer": "viewer", "session:analyst": "analyst", "session:admin": "admin" };

/** The status a cell must answer, from its rule. */
function EXPECTED(rule: MethodRule, kind: Kind): number {
  if (rule.auth === "any") return rule.status;
  if (rule.auth === "session") {
    const role = SESSION_ROLES[kind];
    if (!role) return 401; // no cookie, a key instead of a cookie, a forged cookie, a disabled user
    return hasRole(role, rule.min) ? rule.ok : 403;
  }
  switch (kind) {
    case "wrongScope":
      return 403;
    case "rightScope":
    case "allowThis":
      return rule.ok;
    case "allowOther":
    case "allowUnknownTarget":
      return rule.target === false ? rule.ok : 404;
    default:
      return 401; // no key, malformed, never issued, revoked, expired, or a session cookie instead of a key
  }
}

interface Cell {
  headers: Record<string, string>;
  target: Target;
  label: string;
}

/** The requests one kind stands for: a right scope is tried once per accepted scope. */
async function cells(w: AuthzWorld, rule: MethodRule, kind: Kind): Promise<Cell[]> {
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const one = (headers: Record<string, string>, target: Target = "this") => [{ headers, target, label: kind }];
  switch (kind) {
    case "none":
      return one({});
    case "malformed":
      return one({ authorization: MALFORMED_AUTHORIZATION });
    case "unknown":
      return one(bearer(UNKNOWN_KEY));
    case "revoked":
      return one(bearer(w.key.revoked));
    case "expired":
      return one(bearer(w.key.expired));
    case "wrongScope":
      return one(bearer(rule.auth === "apiKey" ? await w.keyWithout(rule.scopes) : w.key.all));
    case "rightScope":
      return rule.auth === "apiKey"
        ? rule.scopes.map((s) => ({ headers: bearer(w.key.scope[s]), target: "this" as const, label: `${kind} (${s})` }))
        : one(bearer(w.key.all));
    case "allowOther":
      return one(bearer(w.key.allowB));
    case "allowThis":
      return one(bearer(w.key.allowAT));
    case "allowUnknownTarget":
      return one(bearer(w.key.allowAT), "unknown");
    case "session:disabled":
      return one({ cookie: await sessionCookie(w.users.disabled) });
    case "session:forged":
      return one({ cookie: await sessionCookie(w.users.admin, { forged: true }) });
    default:
      return one({ cookie: await sessionCookie(w.users[SESSION_ROLES[kind]!]) });
  }
}

type Handler = (request: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

async function send(pattern: string, handler: Handler, method: string, spec: RequestSpec, headers: Record<string, string>) {
  const request = routeRequest(`${ORIGIN}${spec.url}`, {
    method,
    headers: { ...spec.headers, ...headers },
    body: method === "GET" || method === "HEAD" ? undefined : (spec.body ?? null),
    redirect: "manual",
  });
  const res = await inRequestScope(request, pattern, () => handler(request, { params: Promise.resolve(spec.params ?? {}) }));
  const type = res.headers.get("content-type") ?? "";
  const text = method === "HEAD" ? "" : await res.text();
  let body: unknown = text;
  if (type.includes("json") && text) body = JSON.parse(text);
  return { status: res.status, type, body };
}

const routes = discoverApiRoutes();
let handle: Awaited<ReturnType<typeof createTestDb>>;
let world: AuthzWorld;
let requestsSent = 0;

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  world = await seedAuthzWorld(handle.db);
});

afterAll(async () => {
  // Training requests the matrix got accepted are queued on the embedded runner; let them finish (they fail fast).
  const { getJobRuntime } = await import("@/inngest/runtime");
  await (await getJobRuntime()).runner?.stop();
  await handle?.close();
  console.log(`[authz] ${requestsSent} requests on ${handle?.driver}`);
});

describe("HTTP authorization matrix (every app/api route × method × credential)", () => {
  it("has a rule for every discovered route and exported method, and none for one that is gone", async () => {
    expect(routes.length).toBeGreaterThan(5);
    const discovered = routes.map((r) => r.pattern);
    expect(discovered.filter((p) => !(p in RULES)), "routes without an authorization rule").toEqual([]);
    expect(Object.keys(RULES).filter((p) => !discovered.includes(p)), "rules for routes that no longer exist").toEqual([]);
    for (const route of routes) {
      const rule = RULES[route.pattern];
      if (!rule) continue;
      const methods = exportedMethods((await import(/* @vite-ignore */ path.resolve(route.file))) as Record<string, unknown>);
      const covered = (m: string) => m in rule.methods || rule.otherMethods !== undefined;
      expect(methods.filter((m) => !covered(m)), `${route.pattern}: exported methods without a rule`).toEqual([]);
      expect(Object.keys(rule.methods).filter((m) => !methods.includes(m)), `${route.pattern}: rules for methods it does not export`).toEqual([]);
    }
  });

  for (const route of routes) {
    const rule = RULES[route.pattern];
    if (!rule) continue;
    it(`${route.pattern}`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve(route.file))) as Record<string, Handler>;
      const failures: string[] = [];
      for (const method of exportedMethods(mod)) {
        const methodRule: MethodRule = rule.methods[method] ?? { auth: "any", status: rule.otherMethods!, request: firstRequest(rule) };
        for (const kind of KINDS) {
          for (const cell of await cells(world, methodRule, kind)) {
            const res = await send(route.pattern, mod[method], method, methodRule.request(world, cell.target), cell.headers);
            requestsSent++;
            const want = EXPECTED(methodRule, kind);
            if (res.status !== want) failures.push(`${method} ${cell.label}: ${res.status}, want ${want} ${JSON.stringify(res.body).slice(0, 200)}`);
            const problem = failureFormat(rule, method, res);
            if (problem) failures.push(`${method} ${cell.label}: ${problem}`);
            if (methodRule.auth === "any" && methodRule.check) methodRule.check(kind, res.body);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

const TRPC_CODES: Record<number, string> = { 401: "UNAUTHORIZED", 403: "FORBIDDEN" };

/** Why an error response is not in the route's error format, or null. */
function failureFormat(rule: RouteRule, method: string, res: { status: number; type: string; body: unknown }): string | null {
  if (res.status < 400) return null;
  const format = rule.errors === "trpc" && !(method in rule.methods) ? "problem" : (rule.errors ?? "problem");
  if (format === "nextauth") return null;
  if (format === "trpc") {
    const code = (res.body as { error?: { json?: { data?: { code?: string } } } }).error?.json?.data?.code;
    return code === TRPC_CODES[res.status] ? null : `${res.status} carries tRPC code ${code}, want ${TRPC_CODES[res.status]}`;
  }
  if (!res.type.startsWith("application/problem+json")) return `${res.status} is ${res.type || "untyped"}, not problem+json`;
  if (method === "HEAD") return null; // no body to check
  const body = res.body as { status?: number; title?: unknown; detail?: unknown };
  if (body.status !== res.status || typeof body.title !== "string" || typeof body.detail !== "string") return `${res.status} problem body ${JSON.stringify(body).slice(0, 200)}`;
  return null;
}

/** Any served method's request, for the methods a route refuses with 405. */
function firstRequest(rule: RouteRule): Build {
  return Object.values(rule.methods)[0].request;
}

describe("no existence oracle behind an asset allow-list (#9 defect 7)", () => {
  const keyed = Object.entries(RULES).flatMap(([pattern, r]) =>
    Object.entries(r.methods)
      .filter((e): e is [string, Extract<MethodRule, { auth: "apiKey" }>] => e[1].auth === "apiKey")
      .map(([method, m]) => ({ pattern, method, rule: m })),
  );
  // Lists and batches have no single target to hide: the allow-list filters what they answer.
  const scoped = keyed.filter((k) => k.rule.target !== false);

  it("covers every route that takes an API key", () => {
    const publicV1 = Object.entries(RULES)
      .filter(([p, r]) => p.startsWith("/api/v1/") && Object.values(r.methods).every((m) => m.auth === "any"))
      .map(([p]) => p);
    expect([...keyed.map((s) => s.pattern), ...publicV1].sort()).toEqual(routes.map((r) => r.pattern).filter((p) => p.startsWith("/api/v1/")).sort());
  });

  for (const { pattern, method, rule } of scoped) {
    it(`${method} ${pattern}: outside the allow-list answers exactly like an unknown target`, async () => {
      const route = routes.find((r) => r.pattern === pattern)!;
      const handler = ((await import(/* @vite-ignore */ path.resolve(route.file))) as Record<string, Handler>)[method];
      const outside = await send(pattern, handler, method, rule.request(world, "this"), { authorization: `Bearer ${world.key.allowB}` });
      const unknown = await send(pattern, handler, method, rule.request(world, "unknown"), { authorization: `Bearer ${world.key.allowB}` });
      const inside = await send(pattern, handler, method, rule.request(world, "this"), { authorization: `Bearer ${world.key.allowAT}` });
      requestsSent += 3;
      expect([outside.status, unknown.status, inside.status]).toEqual([404, 404, rule.ok]);
      // Only the name of what was asked for differs; type, title, status and wording are the same.
      const blank = (p: unknown) => {
        const { instance: _instance, ...rest } = p as Record<string, unknown>;
        return { ...rest, detail: String(rest.detail).replace(/"[^"]*"/g, '"?"').replace(/[0-9a-f-]{36}|authz-[a-z-]+/g, "?") };
      };
      expect(blank(outside.body)).toEqual(blank(unknown.body));
      expect(outside.type).toBe(unknown.type);
    });
  }
});
