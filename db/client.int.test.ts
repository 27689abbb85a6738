import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "./testing";
import { assets } from "./schema";

describe("database client", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle?.close());

  it("applies the migrations and round-trips an asset", async () => {
    const [row] = await handle.db
      .insert(assets)
      .values({ slug: "x", name: "X", kind: "meter", metadata: { a: 1 } })
      .returning();
    const [back] = await handle.db.select().from(assets).where(eq(assets.id, row.id));
    expect(back.slug).toBe("x");
    expect(back.metadata).toEqual({ a: 1 });
    expect(back.timezone).toBe("UTC");
  });

  it("enforces unique slugs", async () => {
    await expect(handle.db.insert(assets).values({ slug: "x", name: "dup", kind: "meter" })).rejects.toThrow();
  });
});
