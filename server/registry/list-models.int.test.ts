/** Registry tags, free-text search and filters on a real (test) database; tags set through tRPC by editors only. */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { assets, series, users, type UserRole } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { createCaller } from "@/server/trpc/root";
import { completeVersion, createVersion, ensureModel, listModels, setModelTags } from ".";

let handle: DbHandle;
const ids: Record<string, string> = {};
const people = {} as Record<UserRole, { id: string; email: string; name: string | null; role: UserRole }>;

async function model(slug: string, kind: "meter" | "city" | "ticker", metric: string, champion: string | null) {
  const [a] = await handle.db.insert(assets).values({ slug, name: `Name ${slug}`, kind }).returning();
  const [s] = await handle.db.insert(series).values({ assetId: a.id, metric, frequency: "1h" }).returning();
  const m = await ensureModel(handle.db, { assetId: a.id, seriesId: s.id, metric, horizon: 24, frequency: "1h", seasonLengths: [24] });
  const v = await createVersion(handle.db, { modelId: m.id, algorithm: champion ?? "gbdt", codeVersion: "t" });
  if (champion) {
    await completeVersion(handle.db, {
      versionId: v.id, algorithm: champion, parameters: {}, featureSpec: {}, featureSpecHash: null,
      trainingSnapshot: { seriesId: s.id, fromTs: "a", toTs: "b", rowCount: 1, contentHash: "c", stepMs: 3_600_000 },
      backtestMetrics: { all: { mase: 1 } }, calibration: {}, artifactUri: "file://x", artifactSha256: "00", promoteIfNoChampion: true,
    });
  }
  return m.id;
}

beforeAll(async () => {
  handle = await createTestDb();
  ids.plant = await model("plant-7", "meter", "load_kw", "ets");
  ids.paris = await model("paris", "city", "pm25", "gbdt");
  ids.acme = await model("acme", "ticker", "close", null);
  for (const role of ["viewer", "analyst"] as const) {
    const [u] = await handle.db.insert(users).values({ email: `tags-${role}@test.local`, role, passwordHash: null }).returning();
    people[role] = { id: u.id, email: u.email, name: u.name, role };
  }
  await setModelTags(handle.db, { modelId: ids.plant, tags: ["Production", "site:north", "production"] });
  await setModelTags(handle.db, { modelId: ids.paris, tags: ["air", "production"] });
});
afterAll(async () => handle?.close());

const slugs = async (params: Parameters<typeof listModels>[1]) => (await listModels(handle.db, params)).map((m) => m.assetSlug);

describe("model tags, search and filters", () => {
  it("normalises tags (trimmed, lower case, no duplicates, sorted)", async () => {
    expect((await listModels(handle.db, { q: "plant" }))[0].tags).toEqual(["production", "site:north"]);
  });

  it("searches every word over model name, asset, kind, champion algorithm and tags", async () => {
    expect(await slugs({ q: "production" })).toEqual(["paris", "plant-7"]);
    expect(await slugs({ q: "north" })).toEqual(["plant-7"]);
    expect(await slugs({ q: "pm25" })).toEqual(["paris"]);
    expect(await slugs({ q: "Name ACME" })).toEqual(["acme"]);
    expect(await slugs({ q: "ticker" })).toEqual(["acme"]);
    expect(await slugs({ q: "ets production" })).toEqual(["plant-7"]);
    expect(await slugs({ q: "production ticker" })).toEqual([]);
    // LIKE wildcards are literal: "%" matches nothing, "_" only the underscore of load_kw.
    expect(await slugs({ q: "%" })).toEqual([]);
    expect(await slugs({ q: "_" })).toEqual(["plant-7"]);
  });

  it("filters by asset kind, version status and tag", async () => {
    expect(await slugs({ kind: "city" })).toEqual(["paris"]);
    expect(await slugs({ status: "champion" })).toEqual(["paris", "plant-7"]);
    expect(await slugs({ status: "training" })).toEqual(["acme"]);
    expect(await slugs({ tag: "AIR" })).toEqual(["paris"]);
    expect(await slugs({ tag: "production", kind: "meter" })).toEqual(["plant-7"]);
  });

  it("lets editors (analyst and up) set tags through tRPC; viewers may search but not tag; a bad tag is named", async () => {
    const viewer = createCaller({ db: handle.db, user: people.viewer });
    const analyst = createCaller({ db: handle.db, user: people.analyst });
    expect((await viewer.models.list({ q: "acme" })).map((m) => m.id)).toEqual([ids.acme]);
    await expect(viewer.models.setTags({ modelId: ids.acme, tags: ["x"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await analyst.models.setTags({ modelId: ids.acme, tags: [" Equity ", "nyse"] })).toEqual({ modelId: ids.acme, tags: ["equity", "nyse"] });
    expect(await slugs({ q: "equity" })).toEqual(["acme"]);
    const err = await analyst.models.setTags({ modelId: ids.acme, tags: ["ok", "no spaces"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^tag "no spaces" must be/) });
    expect((await listModels(handle.db, { q: "acme" }))[0].tags).toEqual(["equity", "nyse"]);
    await expect(analyst.models.setTags({ modelId: "00000000-0000-4000-8000-000000000000", tags: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
