import { describe, expect, it } from "vitest";
import { createAssetSchema } from "./schemas";

const base = { slug: "a", name: "A", kind: "meter" };

describe("createAssetSchema upper bounds", () => {
  it("refuses metadata over 16 KiB of JSON, naming the field", () => {
    const r = createAssetSchema.safeParse({ ...base, metadata: { note: "x".repeat(16_384) } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["metadata"]);
    expect(r.error?.issues[0].message).toMatch(/16 KiB/);
    expect(createAssetSchema.safeParse({ ...base, metadata: { note: "x".repeat(16_000) } }).success).toBe(true);
  });

  it("refuses a metadata key longer than 128 characters, naming the field", () => {
    const r = createAssetSchema.safeParse({ ...base, metadata: { ["k".repeat(129)]: 1 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path[0]).toBe("metadata");
  });
});

describe("slugs", () => {
  it("refuses a slug shaped like a UUID (routes would read it as an id and never find the asset)", () => {
    const r = createAssetSchema.safeParse({ ...base, slug: "00000007-ae47-5e34-bfff-ffea00000010" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["slug"]);
    expect(r.error?.issues[0].message).toMatch(/UUID/);
    expect(createAssetSchema.safeParse({ ...base, slug: "meter-00000007-ae47" }).success).toBe(true);
  });
});
