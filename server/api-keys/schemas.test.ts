import { describe, expect, it } from "vitest";
import { API_KEY_SCOPES } from "@/db/schema";
import { createApiKeySchema } from "./schemas";

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

describe("createApiKeySchema upper bounds", () => {
  it("refuses more than 1,000 asset ids, naming the field", () => {
    const r = createApiKeySchema.safeParse({ name: "k", scopes: ["read"], assetIds: Array.from({ length: 1_001 }, (_, i) => uuid(i)) });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["assetIds"]);
    expect(r.error?.issues[0].message).toMatch(/too big|at most|<=/i);
    expect(createApiKeySchema.safeParse({ name: "k", scopes: ["read"], assetIds: Array.from({ length: 1_000 }, (_, i) => uuid(i)) }).success).toBe(true);
  });

  it("refuses a scope list longer than the set of scopes, naming the field", () => {
    const r = createApiKeySchema.safeParse({ name: "k", scopes: new Array(10_000).fill("read") });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["scopes"]);
    expect(createApiKeySchema.safeParse({ name: "k", scopes: [...API_KEY_SCOPES] }).success).toBe(true);
  });
});
