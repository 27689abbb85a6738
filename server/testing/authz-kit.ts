/**
 * Pieces of the authorization matrices (issue #9): a seeded world with API keys of every kind and users of
 * every role, a real next-auth session cookie for a user, and Next's request scope, so route handlers that
 * read the session (`getServerSession` → `headers()`/`cookies()`) can be called in-process like the others.
 *
 * Test-only: nothing under app/ or server/ imports this file.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { encode } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { assets, forecasts, jobRuns, observations, series, users, type ApiKeyScope, type UserRole } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/server/api-keys/manage-api-keys";
import { getAuthOptions } from "@/server/auth/options";
import type { SessionUser } from "@/server/auth/session-user";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";

export const ALL_SCOPES: readonly ApiKeyScope[] = ["read", "ingest", "predict", "train"];

export interface AssetRef {
  id: string;
  slug: string;
}

export interface AuthzWorld {
  db: Db;
  /**
   * `a`: 48 hourly points of `temp_c` and a champion forecast; `t`: three points of `load`, so a training
   * job on it fails fast instead of fitting; `b`: the asset the "other" allow-listed key is limited to.
   */
  asset: Record<"a" | "t" | "b", AssetRef>;
  seriesId: { temp: string; load: string };
  users: Record<UserRole, SessionUser> & { disabled: SessionUser };
  /** Finished training runs on asset a and asset b. */
  jobRun: { a: string; b: string };
  model: { id: string; championVersionId: string };
  /** Raw keys (no `Bearer `). */
  key: {
    /** One key per single scope. */
    scope: Record<ApiKeyScope, string>;
    all: string;
    /** Every scope, limited to assets a and t. */
    allowAT: string;
    /** Every scope, limited to asset b. */
    allowB: string;
    revoked: string;
    expired: string;
  };
  /** A key with every scope except `scopes` (created once per set). */
  keyWithout(scopes: readonly ApiKeyScope[]): Promise<string>;
}

/** Well-formed (prefix and secret lengths of a real key) but never issued. */
export const UNKNOWN_KEY = `alm_0123456789ab_${"x".repeat(43)}`;
export const MALFORMED_AUTHORIZATION = "Bearer not-an-almanac-key";

export async function seedAuthzWorld(db: Db): Promise<AuthzWorld> {
  const [a, t, b] = await db
    .insert(assets)
    .values([
      { slug: "authz-a", name: "Authz A", kind: "meter" },
      { slug: "authz-t", name: "Authz T", kind: "meter" },
      { slug: "authz-b", name: "Authz B", kind: "meter" },
    ])
    .returning({ id: assets.id, slug: assets.slug });
  const [temp, load] = await db
    .insert(series)
    .values([
      { assetId: a.id, metric: "temp_c", unit: "C", frequency: "1h" },
      { assetId: t.id, metric: "load" },
    ])
    .returning({ id: series.id });
  const t0 = Date.UTC(2024, 0, 1);
  const hour = 3_600_000;
  await db.insert(observations).values(Array.from({ length: 48 }, (_, i) => ({ seriesId: temp.id, ts: new Date(t0 + i * hour), value: i })));
  await db.insert(observations).values(Array.from({ length: 3 }, (_, i) => ({ seriesId: load.id, ts: new Date(t0 + i * hour), value: i })));

  const people = {} as AuthzWorld["users"];
  for (const role of ["admin", "analyst", "viewer"] as const) people[role] = await insertUser(db, `authz-${role}@test.local`, role);
  people.disabled = await insertUser(db, "authz-disabled@test.local", "admin", new Date());

  const issue = async (name: string, scopes: readonly ApiKeyScope[], extra: { assetIds?: string[]; expiresAt?: Date } = {}) =>
    createApiKey(db, { name, scopes: [...scopes], ...extra, createdBy: people.admin.id });
  const revoked = await issue("revoked", ALL_SCOPES);
  await revokeApiKey(db, { id: revoked.apiKey.id });
  const scope = {} as Record<ApiKeyScope, string>;
  for (const s of ALL_SCOPES) scope[s] = (await issue(`only ${s}`, [s])).key;
  const without = new Map<string, Promise<string>>();

  const [runA, runB] = await db
    .insert(jobRuns)
    .values([
      { jobId: "train-model", status: "succeeded", assetId: a.id, payload: { assetId: a.id, metric: "temp_c" }, finishedAt: new Date() },
      { jobId: "train-model", status: "succeeded", assetId: b.id, payload: { assetId: b.id, metric: "x" }, finishedAt: new Date() },
    ])
    .returning({ id: jobRuns.id });

  const model = await ensureModel(db, { assetId: a.id, seriesId: temp.id, metric: "temp_c", horizon: 2, frequency: "1h", seasonLengths: [24] });
  const version = await createVersion(db, { modelId: model.id, algorithm: "seasonal-naive", codeVersion: "authz" });
  const champion = await completeVersion(db, { versionId: version.id, ...versionEvidence(temp.id), promoteIfNoChampion: true });
  await db.insert(forecasts).values({
    modelId: model.id,
    modelVersionId: champion.id,
    originTs: new Date(t0 + 47 * hour),
    stepMs: hour,
    horizon: 2,
    levels: [80],
    points: [1, 2].map((h) => ({ ts: new Date(t0 + (47 + h) * hour).toISOString(), mean: 47, lower: { "80": 46 }, upper: { "80": 48 } })),
  });

  return {
    db,
    asset: { a, t, b },
    seriesId: { temp: temp.id, load: load.id },
    users: people,
    jobRun: { a: runA.id, b: runB.id },
    model: { id: model.id, championVersionId: champion.id },
    key: {
      scope,
      all: (await issue("all", ALL_SCOPES)).key,
      allowAT: (await issue("allow a+t", ALL_SCOPES, { assetIds: [a.id, t.id] })).key,
      allowB: (await issue("allow b", ALL_SCOPES, { assetIds: [b.id] })).key,
      revoked: revoked.key,
      expired: (await issue("expired", ALL_SCOPES, { expiresAt: new Date(Date.now() - 60_000) })).key,
    },
    keyWithout(scopes) {
      const rest = ALL_SCOPES.filter((s) => !scopes.includes(s));
      const id = rest.join(",");
      if (!without.has(id)) without.set(id, issue(`without ${scopes.join(",")}`, rest).then((k) => k.key));
      return without.get(id)!;
    },
  };
}

/** Evidence for a completed version that never runs (no artifact on disk): enough for the registry. */
export function versionEvidence(seriesId: string) {
  return {
    algorithm: "seasonal-naive",
    parameters: {},
    featureSpec: {},
    featureSpecHash: "authz",
    trainingSnapshot: { seriesId, fromTs: "a", toTs: "b", rowCount: 48, contentHash: "x", stepMs: 3_600_000 },
    backtestMetrics: { all: { mase: 1 } } as never,
    calibration: {},
    artifactUri: "file:///nonexistent/authz.onnx",
    artifactSha256: "00",
  };
}

export async function insertUser(db: Db, email: string, role: UserRole, disabledAt: Date | null = null): Promise<SessionUser> {
  const [u] = await db
    .insert(users)
    .values({ email, role, passwordHash: null, disabledAt })
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  return u;
}

/**
 * A `Cookie` header carrying a next-auth session for the user, signed with the app's secret, as the
 * sign-in would set it (under both cookie names, so it holds whether the options pick `__Secure-` or not).
 * `forged`: the same claims signed with another secret.
 */
export async function sessionCookie(user: Pick<SessionUser, "id" | "email" | "role" | "name">, opts: { forged?: boolean } = {}): Promise<string> {
  const secret = opts.forged ? "not-the-app-secret-but-long-enough-0123456789" : getAuthOptions().secret!;
  const token = await encode({ token: { sub: user.id, email: user.email, name: user.name, role: user.role }, secret });
  return `next-auth.session-token=${token}; __Secure-next-auth.session-token=${token}`;
}

// Next's server installs this global before any of its modules load; without it a module that loads
// Next's async storages (next/server, next/headers, next-auth) gets a stand-in that throws when used. Set
// on import, before a test imports a route module.
(globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage }).AsyncLocalStorage ??= AsyncLocalStorage;

interface NextInternals {
  NextRequest: typeof import("next/server").NextRequest;
  workAsyncStorage: AsyncLocalStorage<unknown>;
  workUnitAsyncStorage: AsyncLocalStorage<unknown>;
  createRequestStoreForAPI: (...args: unknown[]) => unknown;
}

let internals: NextInternals | undefined;

/**
 * Next's own async storages, loaded through Node's require so they are the very instances `next/headers`
 * (required by next-auth) reads.
 */
function nextInternals(): NextInternals {
  if (internals) return internals;
  const require = createRequire(import.meta.url);
  internals = {
    NextRequest: require("next/server").NextRequest,
    workAsyncStorage: require("next/dist/server/app-render/work-async-storage.external").workAsyncStorage,
    workUnitAsyncStorage: require("next/dist/server/app-render/work-unit-async-storage.external").workUnitAsyncStorage,
    createRequestStoreForAPI: require("next/dist/server/async-storage/request-store").createRequestStoreForAPI,
  };
  return internals;
}

/** The NextRequest Next hands a route handler (next-auth reads its `nextUrl`). */
export function routeRequest(url: string, init: ConstructorParameters<typeof import("next/server").NextRequest>[1]): Request {
  return new (nextInternals().NextRequest)(url, init);
}

/**
 * Runs `fn` the way Next runs a route handler for `request`: `headers()` and `cookies()` answer from it.
 * Only the parts of the stores that request APIs read are filled in.
 */
export function inRequestScope<T>(request: Request, route: string, fn: () => Promise<T>): Promise<T> {
  const next = nextInternals();
  const url = new URL(request.url);
  const requestStore = next.createRequestStoreForAPI(
    request,
    { pathname: url.pathname, search: url.search },
    { tags: [], expirationsByCacheKind: new Map() },
    undefined,
    { previewModeId: "authz", previewModeEncryptionKey: "authz", previewModeSigningKey: "authz" },
  );
  const workStore = { route, page: route, forceStatic: false, dynamicShouldError: false, isStaticGeneration: false };
  return next.workAsyncStorage.run(workStore, () => next.workUnitAsyncStorage.run(requestStore, fn));
}
