/**
 * markets.factors on the demo ticker as `npm run seed` loads it (createCaller on a test database): the rows
 * equal computeAlpha158 on the same bars as markets.bars returns, and bad names are a validation error naming
 * the field and row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { ALPHA158_NAMES, computeAlpha158 } from "@/ml/markets/alpha158";
import { getAsset } from "@/server/assets";
import type { SessionUser } from "@/server/auth/session-user";
import { seedDemo } from "@/server/seed/seed-demo";
import { createCaller } from "@/server/trpc/root";
import { tickerFactors } from "./ticker-factors";

let handle: DbHandle;
let viewer: SessionUser;
let ttrc: string;
const as = () => createCaller({ db: handle.db, user: viewer });

beforeAll(async () => {
  handle = await createTestDb();
  await seedDemo(handle.db);
  ttrc = (await getAsset(handle.db, { idOrSlug: "ttrc" })).id;
  [viewer] = await handle.db
    .insert(users)
    .values({ email: "factors-viewer@test.local", role: "viewer", passwordHash: null })
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
});
afterAll(async () => handle?.close());

describe("markets.factors", () => {
  it("returns the newest N rows of the named factors, computed over N + 60 bars", async () => {
    const out = await as().markets.factors({ assetId: ttrc, limit: 10, names: ["ROC60", "CORD60", "KMID"] });
    expect(out.names).toEqual(["ROC60", "CORD60", "KMID"]);
    expect(out.rows).toHaveLength(10);
    const { bars } = await as().markets.bars({ assetId: ttrc, limit: 70 });
    const f = computeAlpha158({
      open: Float64Array.from(bars, (b) => b.open),
      high: Float64Array.from(bars, (b) => b.high),
      low: Float64Array.from(bars, (b) => b.low),
      close: Float64Array.from(bars, (b) => b.close),
      volume: Float64Array.from(bars, (b) => b.volume ?? NaN),
    });
    out.rows.forEach((r, k) => {
      expect(r.ts).toEqual(bars[60 + k].ts);
      out.names.forEach((n, j) => expect(r.values[j]).toBe(f.columns[f.names.indexOf(n)][60 + k]));
      expect(r.values.every((v) => v !== null && Number.isFinite(v))).toBe(true);
    });
  });

  it("defaults to all 158 factors and 20 rows", async () => {
    const out = await as().markets.factors({ assetId: ttrc });
    expect(out.names).toEqual(ALPHA158_NAMES);
    expect(out.rows).toHaveLength(20);
    expect(out.rows[0].values).toHaveLength(158);
  });

  it("refuses an unknown factor name, naming the field and row", async () => {
    const err = await tickerFactors(handle.db, { assetId: ttrc, names: ["ROC5", "ROC7"] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ field: "names", row: 1 });
    await expect(as().markets.factors({ assetId: ttrc, names: ["ROC7"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
