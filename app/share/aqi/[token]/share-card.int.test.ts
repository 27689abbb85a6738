/**
 * The share card end to end on a real (test) database: two Beijing demo sites imported as `npm run seed`
 * imports them, one with a served PM2.5 forecast; a link minted through the tRPC caller; the image route
 * handler answering a PNG of 1200×630 (404 / 410 problems for bad tokens); the page's generateMetadata with
 * absolute og:image and a summary_large_image Twitter card.
 */
import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { forecasts, users } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { ensureAsset, getSeries } from "@/server/assets";
import { getShareCard } from "@/server/air/get-share-card";
import { appShareTokenKey } from "@/server/air/share-key";
import { signShareToken } from "@/server/air/share-token";
import { getCache } from "@/server/cache";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { importCsv } from "@/server/ingest/import-csv";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { DEMO_DATASETS } from "@/server/seed/demo-datasets";
import { versionEvidence } from "@/server/testing/authz-kit";
import { createCaller } from "@/server/trpc/root";
import { GET as imageRoute } from "./image/route";
import { generateMetadata } from "./page";

vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "cards.example:8080" }) }));

let handle: DbHandle;
let dongsi: string;
let tiantan: string;
let ticker: string;
let viewer: { id: string; email: string; name: string | null; role: "viewer" | "analyst" | "admin" };
const DAY = "2014-01-15";

async function importSite(slug: string): Promise<string> {
  const ds = DEMO_DATASETS.find((d) => d.asset.slug === slug)!;
  const id = (await ensureAsset(handle.db, ds.asset)).id;
  await importCsv(handle.db, { asset: id, input: createReadStream(path.resolve("data/demo", ds.file)), options: { ...ds.options, source: "seed" } });
  return id;
}

/** The tRPC code of a failed call and the input field it names (zod issue path or ValidationError field). */
async function failure(call: Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  const e = (await call.then(() => null, (err: unknown) => err)) as { code: string; cause?: { field?: string; issues?: { path: (string | number)[] }[] } } | null;
  if (!e) throw new Error("the call succeeded");
  return { code: e.code, field: e.cause?.field ?? e.cause?.issues?.[0]?.path.join(".") };
}

const image = (token: string) => imageRoute(new Request(`http://localhost/share/aqi/${token}/image`), { params: Promise.resolve({ token }) });
const metadata = (token: string) => generateMetadata({ params: Promise.resolve({ token }) });

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  dongsi = await importSite("beijing-dongsi");
  tiantan = await importSite("beijing-tiantan");
  ticker = (await ensureAsset(handle.db, { slug: "share-tick", name: "Tick", kind: "ticker", timezone: "UTC" })).id;
  [viewer] = await handle.db.insert(users).values({ email: "share-viewer@example.com", name: "V", role: "viewer", passwordHash: "x" }).returning({ id: users.id, email: users.email, name: users.name, role: users.role });

  // A served 7-day PM2.5 forecast for Tiantan (its champion's newest stored forecast).
  const pm25 = await getSeries(handle.db, { assetId: tiantan, metric: "pm25" });
  const model = await ensureModel(handle.db, { assetId: tiantan, seriesId: pm25.id, metric: "pm25", horizon: 7, frequency: "1d", seasonLengths: [7] });
  const version = await createVersion(handle.db, { modelId: model.id, algorithm: "seasonal-naive", codeVersion: "test" });
  await completeVersion(handle.db, { versionId: version.id, ...versionEvidence(pm25.id), promoteIfNoChampion: true });
  const origin = Date.UTC(2017, 1, 28);
  await handle.db.insert(forecasts).values({
    modelId: model.id,
    modelVersionId: version.id,
    originTs: new Date(origin),
    stepMs: 86_400_000,
    horizon: 7,
    levels: [95],
    points: [40, 60, 90, 120, 80, 50, 30].map((mean, i) => ({ ts: new Date(origin + (i + 1) * 86_400_000).toISOString(), mean, lower: { "95": mean / 2 }, upper: { "95": mean * 2 } })),
  });
});
afterAll(async () => handle?.close());

describe("air.createShareLink", () => {
  it("mints a link for a city's day for signed-in users only, with field errors for bad input", async () => {
    await expect(createCaller({ db: handle.db, user: null }).air.createShareLink({ assetId: dongsi })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const caller = createCaller({ db: handle.db, user: viewer });
    const link = await caller.air.createShareLink({ assetId: dongsi, standard: "china", lang: "zh", date: new Date(`${DAY}T00:00:00Z`) });
    expect(link.path).toBe(`/share/aqi/${link.token}`);
    expect(link.imagePath).toBe(`/share/aqi/${link.token}/image`);
    expect(link.date).toBe(DAY);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.99 * 86_400_000);
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    // Without a date, the latest day with a reading is fixed in the token (the demo file's last row).
    const lastRow = readFileSync(path.resolve("data/demo/beijing-dongsi-daily.csv"), "utf8").trim().split("\n").at(-1)!;
    expect((await caller.air.createShareLink({ assetId: dongsi })).date).toBe(lastRow.slice(0, 10));
    expect(await failure(caller.air.createShareLink({ assetId: dongsi, ttlDays: 31 }))).toEqual({ code: "BAD_REQUEST", field: "ttlDays" });
    expect(await failure(caller.air.createShareLink({ assetId: ticker }))).toEqual({ code: "BAD_REQUEST", field: "assetId" });
    expect(await failure(caller.air.createShareLink({ assetId: dongsi, date: new Date("2030-01-01T00:00:00Z") }))).toEqual({ code: "BAD_REQUEST", field: "date" });
  });
});

describe("getShareCard", () => {
  it("draws the last 14 days of PM2.5 when the city has no forecast", async () => {
    const card = await getShareCard({ db: handle.db, cache: await getCache() }, { assetId: dongsi, date: DAY, standard: "china", lang: "zh" });
    expect(card.cityName).toBe("Beijing Dongsi");
    expect(card.aqi.aqi).toBe(231);
    expect(card.trend?.kind).toBe("history");
    expect(card.trend?.points).toHaveLength(14);
    expect(card.trend?.points.at(-1)).toEqual({ ts: `${DAY}T00:00:00.000Z`, value: 180.1 });
    expect(card.trend?.points[0].ts).toBe("2014-01-02T00:00:00.000Z");
  });

  it("draws the served 7-day forecast when there is one", async () => {
    const card = await getShareCard({ db: handle.db, cache: await getCache() }, { assetId: tiantan, date: DAY, standard: "epa", lang: "en" });
    expect(card.trend?.kind).toBe("forecast");
    expect(card.trend?.points.map((p) => p.value)).toEqual([40, 60, 90, 120, 80, 50, 30]);
  });
});

describe("GET /share/aqi/<token>/image", () => {
  it("answers a 1200×630 PNG for a valid token", async () => {
    const { token } = await createCaller({ db: handle.db, user: viewer }).air.createShareLink({ assetId: dongsi, standard: "china", lang: "zh", date: new Date(`${DAY}T00:00:00Z`) });
    const res = await image(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect(png.byteLength).toBeGreaterThan(20_000);
  });

  it("answers problem+json 404 for a tampered or garbage token and 410 for an expired one, never 500", async () => {
    const key = appShareTokenKey();
    const { token } = await signShareToken(key, { assetId: dongsi, date: DAY, standard: "epa", lang: "en" });
    const tampered = token.slice(0, -3) + (token.endsWith("AAA") ? "BBB" : "AAA");
    for (const t of [tampered, "not-a-token", "a.b.c"]) {
      const res = await image(t);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 404, detail: "this share link is not valid" });
    }
    const { token: old } = await signShareToken(key, { assetId: dongsi, date: DAY, standard: "epa", lang: "en" }, { ttlDays: 1, now: new Date(Date.now() - 2 * 86_400_000) });
    const gone = await image(old);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ status: 410, type: "/problems/gone", detail: "this share link has expired" });
    // A validly signed token for a city that does not exist (removed since): 404.
    const { token: orphan } = await signShareToken(key, { assetId: "00000000-0000-4000-8000-00000000abcd", date: DAY, standard: "epa", lang: "en" });
    expect((await image(orphan)).status).toBe(404);
  });
});

describe("share page metadata", () => {
  it("unfurls: og:title, og:description, absolute og:image of the card and a large Twitter card", async () => {
    const { token } = await createCaller({ db: handle.db, user: viewer }).air.createShareLink({ assetId: dongsi, standard: "china", lang: "zh", date: new Date(`${DAY}T00:00:00Z`) });
    const m = await metadata(token);
    const og = m.openGraph as { title: string; description: string; url: string; images: { url: string; width: number; height: number }[] };
    expect(og.title).toBe("Beijing Dongsi 2014-01-15: AQI 231 (重度污染)");
    expect(og.description).toContain("中国 HJ 633");
    expect(og.url).toBe(`http://cards.example:8080/share/aqi/${token}`);
    expect(og.images[0]).toMatchObject({ url: `http://cards.example:8080/share/aqi/${token}/image`, width: 1200, height: 630 });
    const tw = m.twitter as { card: string; images: { url: string }[] };
    expect(tw.card).toBe("summary_large_image");
    expect(tw.images[0].url).toBe(og.images[0].url);
    expect(m.robots).toEqual({ index: false });
  });

  it("says expired or not found instead of failing", async () => {
    const { token: old } = await signShareToken(appShareTokenKey(), { assetId: dongsi, date: DAY, standard: "epa", lang: "en" }, { ttlDays: 1, now: new Date(Date.now() - 2 * 86_400_000) });
    expect(await metadata(old)).toMatchObject({ title: "Share link expired" });
    expect(await metadata("nope")).toMatchObject({ title: "Share link not found" });
    expect((await metadata(old)).openGraph).toBeUndefined();
  });
});
